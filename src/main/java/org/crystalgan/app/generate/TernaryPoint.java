package org.crystalgan.app.generate;

import org.crystalgan.screening.composition.CandidateComposition;

/**
 * One point of the Mg-Mn-O triangle: a reduced composition, its atom fractions, whether it is charge
 * balanced within the Mn oxidation-state window, its mean Mn oxidation state and how many structures
 * of the loaded data set have it.
 */
public record TernaryPoint(String reducedFormula, CandidateComposition smallestCell, double xMg, double xMn, double xO,
                           boolean chargeBalanced, double mnOxidationState, int inDataSet) {
    /** Position in a unit triangle: Mg at (0, 0), Mn at (1, 0), O at (1/2, √3/2), y upwards. */
    public double u() { return xMn + 0.5 * xO; }

    public double v() { return Math.sqrt(3) / 2 * xO; }
}
