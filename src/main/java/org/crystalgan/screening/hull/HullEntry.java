package org.crystalgan.screening.hull;

import java.util.Objects;
import org.crystalgan.crystal.Composition;

/**
 * One phase for the convex hull: a name (for reports), its composition (any multiple of the formula)
 * and its energy in eV per atom. The energy must be on one consistent scale for all entries of a
 * diagram (e.g. DFT total energies with the Materials Project 2020 corrections).
 *
 * @param name identifier shown in reports (a formula, an id or a file name)
 * @param composition the composition; only the atomic fractions matter for the hull
 * @param energyPerAtom energy, eV/atom
 */
public record HullEntry(String name, Composition composition, double energyPerAtom) {
    public HullEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(composition, "composition");
        if (composition.isEmpty()) throw new IllegalArgumentException("entry '" + name + "' has an empty composition");
        if (!Double.isFinite(energyPerAtom)) throw new IllegalArgumentException("entry '" + name + "' has energy " + energyPerAtom);
    }

    /** An entry from a total energy (eV) for the given composition. */
    public static HullEntry ofTotalEnergy(String name, Composition composition, double totalEnergy) {
        return new HullEntry(name, composition, totalEnergy / composition.numAtoms());
    }

    /** An entry named by its reduced formula. */
    public static HullEntry of(String formula, double energyPerAtom) {
        Composition c = Composition.parse(formula);
        return new HullEntry(c.reducedFormula(), c, energyPerAtom);
    }

    /** Total energy of the composition as given, eV. */
    public double totalEnergy() { return energyPerAtom * composition.numAtoms(); }
}
