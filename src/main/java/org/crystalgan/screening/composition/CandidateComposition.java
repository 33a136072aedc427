package org.crystalgan.screening.composition;

import org.crystalgan.crystal.Composition;

/**
 * One full-cell Mg-Mn-O composition the paper's 30 x 3 representation can hold
 * (1-8 Mg, 1-8 Mn, 1-12 O atoms per cell).
 *
 * @param mg Mg atoms per cell
 * @param mn Mn atoms per cell
 * @param o O atoms per cell
 */
public record CandidateComposition(int mg, int mn, int o) {
    public CandidateComposition {
        if (mg < 0 || mn < 1 || o < 0) throw new IllegalArgumentException("need mg >= 0, mn >= 1, o >= 0; got " + mg + ", " + mn + ", " + o);
    }

    /**
     * Mean Mn oxidation state with Mg(II) and O(-II): (2·nO − 2·nMg) / nMn (the paper's rule).
     */
    public double mnOxidationState() { return (2.0 * o - 2.0 * mg) / mn; }

    public Composition composition() { return Composition.of("Mg", mg, "Mn", mn, "O", o); }

    /** Full-cell formula, e.g. "Mg2Mn4O8". */
    public String formula() { return composition().formula(); }

    /** Reduced formula, e.g. "MgMn2O4". */
    public String reducedFormula() { return composition().reducedFormula(); }

    public int numAtoms() { return mg + mn + o; }
}
