package org.crystalgan.potential.classical;

import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;

/**
 * The classical force field seen through the {@link Potential} interface, so the relaxer, the batch
 * and the commands treat it like any other potential. Its numbers are exactly those of
 * {@link ClassicalForceField}; only the stress changes form (Voigt GPa instead of a 3x3 tensor in
 * eV/Å³, same sign). Charges come from {@link FormalCharges} at every evaluation: in a relaxation of
 * a mixed-valence cell the Mn charges may move between sites when bond lengths cross, which
 * {@link ForceFieldRelaxer} avoids by assigning them once.
 */
public final class ClassicalPotential implements Potential {
    private final ClassicalForceField ff;

    public ClassicalPotential(ClassicalForceField ff) { this.ff = ff; }

    public ClassicalPotential() { this(new ClassicalForceField()); }

    @Override
    public String name() { return "classical"; }

    @Override
    public String description() {
        return "classical Buckingham + Ewald force field (rigid ions with formal charges, Mg-Mn-O parameters of"
                + " resources/crystalgan/buckingham.tsv): energies are NOT formation energies and cannot compare compositions";
    }

    @Override
    public Evaluation evaluate(Structure structure) {
        ClassicalForceField.Result r = ff.evaluate(structure);
        double[][] s = r.stress();
        double k = Evaluation.EV_PER_A3_IN_GPA;
        double[] voigt = {s[0][0] * k, s[1][1] * k, s[2][2] * k, s[1][2] * k, s[0][2] * k, s[0][1] * k};
        return new Evaluation(r.energy(), r.forces(), voigt);
    }
}
