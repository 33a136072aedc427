package org.crystalgan.potential.relax;

import org.crystalgan.crystal.InputException;

/**
 * Settings of a relaxation.
 *
 * @param fmax      convergence: the largest generalised force, atoms and cell rows alike, below this (eV/Å)
 * @param maxSteps  FIRE steps at most (the energy is evaluated once more than that)
 * @param relaxCell whether the cell relaxes with the atoms (through ASE's Fréchet cell filter)
 */
public record RelaxOptions(double fmax, int maxSteps, boolean relaxCell) {
    /** matgl's {@code Relaxer.relax} defaults: fmax 0.1 eV/Å, 500 steps, cell relaxed. */
    public static final double DEFAULT_FMAX = 0.1;
    public static final int DEFAULT_STEPS = 500;

    public RelaxOptions {
        if (!(fmax > 0) || !Double.isFinite(fmax)) throw new InputException("fmax must be a positive number of eV/Å (got " + fmax + ")");
        if (maxSteps < 0) throw new InputException("the step limit must not be negative (got " + maxSteps + ")");
    }

    public static RelaxOptions defaults() { return new RelaxOptions(DEFAULT_FMAX, DEFAULT_STEPS, true); }
}
