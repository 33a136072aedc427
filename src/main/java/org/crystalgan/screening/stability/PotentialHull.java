package org.crystalgan.screening.stability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.energy.Mp2020Compatibility;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;

/**
 * A convex hull of energies from a universal potential trained on Materials Project GGA/GGA+U energies (M3GNet-MP),
 * made consistent with the Materials Project's own hull: the potential reproduces raw GGA energies for the metals and
 * GGA+U energies (U(Mn) = 3.9 eV) for the oxides, so, exactly as for imported DFT energies, the MP2020 corrections
 * (per O atom by oxide type, per Mn atom in an oxide) are added before the hull is built. Without them the mixing of
 * GGA metals and GGA+U oxides puts MnO above the Mn-Mn3O4 line (31 meV/atom with the bundled reference phases).
 */
public final class PotentialHull {
    private final PhaseDiagram diagram;
    private final String source;

    /**
     * @param references raw (uncorrected) reference energies of the potential, elements included
     * @param source     the name of the hull for tables: {@code m3gnet}
     */
    public PotentialHull(List<HullEntry> references, String source) {
        List<HullEntry> corrected = new ArrayList<>();
        for (HullEntry e : references) corrected.add(corrected(e.name(), e.composition(), null, e.totalEnergy()));
        this.diagram = new PhaseDiagram(corrected);
        this.source = source;
    }

    /** The bundled M3GNet reference phases' hull ({@link ReferencePhases#ENERGIES}). */
    public static PotentialHull bundledM3GNet() { return new PotentialHull(ReferencePhases.bundledM3GNetEntries(), "m3gnet"); }

    public PhaseDiagram diagram() { return diagram; }

    /** Which hull energies above it are against: {@code m3gnet}. */
    public String source() { return source; }

    /** Energy above this hull (eV/atom) of a relaxed cell of total raw energy {@code totalEnergy} (eV). */
    public double eAboveHull(Structure relaxed, double totalEnergy) {
        return diagram.eAboveHull(corrected("candidate", relaxed.composition(), relaxed, totalEnergy));
    }

    /** Formation energy per atom (eV/atom) of a relaxed cell against this hull's elemental references, corrected. */
    public double formationEnergyPerAtom(Structure relaxed, double totalEnergy) {
        return diagram.formationEnergyPerAtom(corrected("candidate", relaxed.composition(), relaxed, totalEnergy));
    }

    /**
     * The MP2020-corrected hull entry of a relaxed cell of the potential (raw total energy, eV), to place on a hull of
     * Materials Project corrected energies (the user's entries) as well as on this one.
     *
     * @throws IllegalStateException when the correction refuses the composition
     */
    public static HullEntry mpCompatibleEntry(String name, Structure relaxed, double totalEnergy) {
        return corrected(name, relaxed.composition(), relaxed, totalEnergy);
    }

    /**
     * The MP2020-corrected entry: the potential stands for a GGA+U run with the Materials Project's U values in an
     * oxide and a GGA run otherwise, so the correction is always compatible.
     */
    static HullEntry corrected(String name, Composition c, Structure structure, double totalEnergy) {
        boolean oxide = isOxide(c);
        Map<String, Double> u = new java.util.HashMap<>();
        if (oxide) for (Element e : c.elements()) {
            Double v = Mp2020Compatibility.U_OXIDE.get(e.symbol());
            if (v != null) u.put(e.symbol(), v);
        }
        Mp2020Compatibility.Correction k = Mp2020Compatibility.correct(c, structure, u.isEmpty() ? "GGA" : "GGA+U", u, List.of());
        if (!k.compatible()) throw new IllegalStateException("MP2020 correction refused an entry the potential made: " + k.incompatible());
        return HullEntry.ofTotalEnergy(name, c, totalEnergy + k.energy());
    }

    private static boolean isOxide(Composition c) {
        if (c.numElements() <= 1) return false;
        Element most = null;
        for (Element e : c.elements()) if (most == null || e.electronegativity() > most.electronegativity()) most = e;
        return most.symbol().equals("O");
    }
}
