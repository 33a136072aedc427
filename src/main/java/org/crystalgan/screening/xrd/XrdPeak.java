package org.crystalgan.screening.xrd;

import java.util.List;

/**
 * One powder line: all reflections at the same Bragg angle, merged.
 *
 * @param twoTheta  diffraction angle 2θ in degrees
 * @param intensity relative intensity (the strongest line of the pattern is 100)
 * @param dSpacing  interplanar spacing d in Å
 * @param families  the reflections merged here, grouped into families (permutations of |h|, |k|, |l|)
 */
public record XrdPeak(double twoTheta, double intensity, double dSpacing, List<Family> families) {
    public XrdPeak {
        families = List.copyOf(families);
    }

    /** A family of equivalent reflections: its representative indices (3, or 4 for a hexagonal cell) and how many merged. */
    public record Family(int[] hkl, int multiplicity) {
        public Family {
            hkl = hkl.clone();
        }

        @Override
        public int[] hkl() { return hkl.clone(); }

        /** "(2 0 0)" written as crystallographers do, "200", with bars as minus signs: "1-10". */
        public String label() {
            StringBuilder sb = new StringBuilder();
            boolean spaced = false;
            for (int h : hkl) spaced |= Math.abs(h) > 9;
            for (int i = 0; i < hkl.length; i++) {
                if (spaced && i > 0) sb.append(' ');
                sb.append(hkl[i]);
            }
            return sb.toString();
        }
    }

    /** "200 ×6, 002 ×2": the families with their multiplicities. */
    public String hklText() {
        StringBuilder sb = new StringBuilder();
        for (Family f : families) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(f.label()).append(" ×").append(f.multiplicity());
        }
        return sb.toString();
    }

    /** "200:6 002:2": the families for a CSV cell (ASCII, space-separated). */
    public String hklCompact() {
        StringBuilder sb = new StringBuilder();
        for (Family f : families) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(f.label().replace(' ', '_')).append(':').append(f.multiplicity());
        }
        return sb.toString();
    }
}
