package org.crystalgan.potential.relax;

/** How a relaxation ended; {@link #label()} is what tables and relax.csv show. */
public enum Verdict {
    /** Every generalised force (atoms and cell) below fmax. */
    CONVERGED("converged"),
    /** The step limit came first; the last state is returned. */
    STEP_LIMIT("step_limit"),
    /** Two atoms closer than 0.5 Å, the volume changed beyond x3 or /3, or the potential gave NaN. */
    EXPLODED("exploded"),
    /** The potential refused the input (an element it does not cover, overlapping atoms, ...). */
    FAILED("failed"),
    /** Stopped on request; the last state is returned. */
    CANCELLED("cancelled");

    private final String label;

    Verdict(String label) { this.label = label; }

    public String label() { return label; }
}
