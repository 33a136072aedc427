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
 */
public record Candidate(String name, String formula, Structure input, Structure structure, boolean valid, List<String> problems,
                        OptionalInt spaceGroupNumber, String spaceGroup, String duplicateOf, String knownAs,
                        Boolean ffConverged, OptionalDouble ffEnergyPerAtom, OptionalDouble dftEnergyPerAtom,
                        OptionalDouble formationEnergyPerAtom, OptionalDouble eAboveHull, String decomposition,
                        OptionalDouble pourbaixEnergy, OptionalDouble pourbaixPh, OptionalDouble bandGap, OptionalDouble ggaBandGap,
                        Thresholds.Verdict verdict, List<String> notes) {
    public Candidate {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** Valid and not a duplicate of an earlier candidate. */
    public boolean isUnique() { return valid && duplicateOf == null; }

    /** Valid, unique and matching no known structure. */
    public boolean isNovel() { return isUnique() && knownAs == null; }
}
