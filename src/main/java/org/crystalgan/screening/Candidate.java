package org.crystalgan.screening;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.crystalgan.crystal.Structure;

/**
 * One screened structure. Every number that was not computed is empty, never zero: a candidate without
 * DFT data has no energy above the hull, not a hull energy of 0.
 *
 * @param name the input's name
 * @param formula reduced formula
 * @param input the structure as given
 * @param structure the structure the later stages used (force-field relaxed when that converged, else the input)
 * @param valid passed the validity checks
 * @param problems validity problems in words
 * @param spaceGroupNumber space group of {@code structure} (empty when not found)
 * @param spaceGroup its Hermann-Mauguin symbol, or null
 * @param duplicateOf name of an earlier candidate with the same structure, or null
 * @param knownAs name of a matching known (reference) structure, or null when novel or not compared
 * @param ffConverged whether the classical force-field relaxation converged (null when not run)
 * @param ffEnergyPerAtom classical force-field (Buckingham + Ewald) energy, eV/atom: only for ranking
 *     polymorphs of one composition; not a formation energy
 * @param dftEnergyPerAtom imported DFT energy with MP2020 corrections, eV/atom
 * @param formationEnergyPerAtom formation energy from the hull's references, eV/atom
 * @param eAboveHull energy above the reference hull, eV/atom (negative: below the known hull)
 * @param decomposition hull phases at the candidate's composition, or null
 * @param pourbaixEnergy Pourbaix decomposition free energy, minimum over the pH range at the potential, eV/atom
 * @param pourbaixPh pH of that minimum
 * @param bandGap HSE06 band gap from an imported hybrid run, eV
 * @param ggaBandGap band gap of the imported GGA(+U) run (informative; GGA underestimates gaps), eV
 * @param verdict pass / fail / incomplete against the thresholds
 * @param notes why stages were skipped or what failed, in words
 * @param relaxation the interatomic-potential relaxation of a valid cell (null when none ran: classical force field,
 *     {@code --relax none}, or an invalid cell)
 * @param hullSource which hull {@code eAboveHull} and {@code formationEnergyPerAtom} are against: {@code m3gnet} (the
 *     potential's energy on its own reference phases' hull), {@code mp} (the potential's MP2020-corrected energy on the
 *     user's reference entries), {@code dft} (an imported DFT energy on the user's entries); null when there is none
 * @param plausibility the validity checker's chemical-plausibility verdict of the input cell in words
 *     ("✔ plausible" or "✘ " and the first reason)
 */
public record Candidate(String name, String formula, Structure input, Structure structure, boolean valid, List<String> problems,
                        OptionalInt spaceGroupNumber, String spaceGroup, String duplicateOf, String knownAs,
                        Boolean ffConverged, OptionalDouble ffEnergyPerAtom, OptionalDouble dftEnergyPerAtom,
                        OptionalDouble formationEnergyPerAtom, OptionalDouble eAboveHull, String decomposition,
                        OptionalDouble pourbaixEnergy, OptionalDouble pourbaixPh, OptionalDouble bandGap, OptionalDouble ggaBandGap,
                        Thresholds.Verdict verdict, List<String> notes, Relaxation relaxation, String hullSource, String plausibility) {
    public Candidate {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /**
     * How the potential relaxation of one candidate went and how far it moved the cell.
     *
     * @param potential          the potential's name ({@code m3gnet}, or a model folder)
     * @param verdict            {@link org.crystalgan.potential.relax.Verdict#label()}: converged, step_limit, exploded, failed
     * @param steps              FIRE steps taken
     * @param energyPerAtom      raw (uncorrected) energy of the relaxed cell, eV/atom; empty when the potential refused the cell
     * @param rmsDisplacement    root-mean-square displacement of the atoms from input to relaxed cell, Å (fractional
     *                           moves by minimum image, measured in the relaxed cell)
     * @param volumeChangePercent (V_relaxed / V_input − 1) × 100
     * @param spaceGroupBefore   space group number of the input cell (empty when not found)
     * @param spaceGroupBeforeSymbol its symbol, or null
     * @param movedFar           the relaxation moved the cell beyond the bounds of {@code ScreeningPipeline}
     *                           ({@link #MOVED_FAR_RMS} Å RMS, {@link #MOVED_FAR_VOLUME} % volume) or changed its space group
     */
    public record Relaxation(String potential, String verdict, int steps, OptionalDouble energyPerAtom, OptionalDouble rmsDisplacement,
                             OptionalDouble volumeChangePercent, OptionalInt spaceGroupBefore, String spaceGroupBeforeSymbol, boolean movedFar) {
        // Tidying a sensible cell moves atoms a few tenths of an Å and the volume by the potential's GGA+U error (a few %);
        // beyond these the relaxed crystal is a different arrangement from the one generated, worth a look before trusting it.
        /** RMS displacement (Å) beyond which a relaxation counts as having moved the cell far. */
        public static final double MOVED_FAR_RMS = 0.5;
        /** Volume change (%) beyond which a relaxation counts as having moved the cell far. */
        public static final double MOVED_FAR_VOLUME = 15;
    }

    /** Valid and not a duplicate of an earlier candidate. */
    public boolean isUnique() { return valid && duplicateOf == null; }

    /** Valid, unique and matching no known structure. */
    public boolean isNovel() { return isUnique() && knownAs == null; }
}
