package org.crystalgan.potential.relax;

/** Hears every evaluated step of one relaxation, on the relaxing thread (for a live energy curve). */
@FunctionalInterface
public interface RelaxListener {
    /**
     * @param step     0 for the input, then one per FIRE step
     * @param energy   total energy of the cell, eV
     * @param maxForce the largest generalised force (atoms and cell), eV/Å: what is compared with fmax
     */
    void step(int step, double energy, double maxForce);

    RelaxListener NONE = (step, energy, maxForce) -> { };
}
