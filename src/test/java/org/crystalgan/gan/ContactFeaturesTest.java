package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Representation;
import org.junit.jupiter.api.Test;

class ContactFeaturesTest {
    private static final Representation REP = Representation.MG_MN_O;
    private static final int W = ContactFeatures.width();

    @Test
    void rockSaltGivesItsNearestNeighbourDistances() {
        double a = 4.21;
        List<Site> sites = new ArrayList<>();
        double[][] mg = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        double[][] o = {{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}, {0.5, 0.5, 0.5}};
        for (double[] p : mg) sites.add(new Site(Element.of("Mg"), p[0], p[1], p[2]));
        for (double[] p : o) sites.add(new Site(Element.of("O"), p[0], p[1], p[2]));
        double[] m = new double[REP.size()];
        REP.encodeInto(new Structure(Lattice.cubic(a), sites), m, 0);
        ContactFeatures.Features f = new ContactFeatures(REP).of(m, 1);
        int atoms = 0;
        for (int row = 0; row < REP.rows(); row++) {
            double sum = m[row * 3] + m[row * 3 + 1] + m[row * 3 + 2];
            boolean atom = row >= Representation.HEADER_ROWS && sum > Representation.ATOM_THRESHOLD;
            for (int k = 0; k < 3; k++) assertEquals(m[row * 3 + k], f.input()[row * W + k], "the matrix values come first");
            double[] want = atom ? new double[] {a / 2, a / 2, a / Math.sqrt(2)} : new double[3];
            for (int c = 0; c < ContactFeatures.COUNT; c++) {
                assertEquals(want[c] / ContactFeatures.REACH, f.input()[row * W + 3 + c], 1e-6, "row " + row + " feature " + c);
            }
            if (atom) atoms++;
        }
        assertEquals(8, atoms);
    }

    @Test
    void anAtomWithNothingWithinReachReadsOne() {
        double[] m = new double[REP.size()];
        m[0] = m[1] = m[2] = 9.0 / REP.maxLengthAngstrom();
        m[3] = m[4] = m[5] = 0.5;
        int row = Representation.HEADER_ROWS; // one Mg alone in a 9 Å cube: its own images are 9 Å away
        for (int k = 0; k < 3; k++) m[row * 3 + k] = 0.5;
        ContactFeatures cf = new ContactFeatures(REP);
        ContactFeatures.Features f = cf.of(m, 1);
        for (int c = 0; c < ContactFeatures.COUNT; c++) assertEquals(1.0, f.input()[row * W + 3 + c], 1e-12);
        double[] up = new double[f.input().length];
        for (int i = 0; i < up.length; i++) if (i % W >= 3) up[i] = 1.0; // the features' gradient only
        double[] g = cf.backward(f, up);
        for (int i = 0; i < 6; i++) assertEquals(0.0, g[i], "capped features carry no gradient to the cell");
    }

    /** Σ_j u_j·feature_j and its gradient against central differences, cell and coordinates, several crowded cells. */
    @Test
    void backwardMatchesFiniteDifferences() {
        Random r = new Random(11);
        ContactFeatures cf = new ContactFeatures(REP);
        int checked = 0;
        for (int t = 0; t < 3; t++) {
            double[] m = new double[REP.size()];
            for (int k = 0; k < 3; k++) m[k] = (5.5 + 2 * r.nextDouble()) / REP.maxLengthAngstrom();
            for (int k = 3; k < 6; k++) m[k] = 0.42 + 0.16 * r.nextDouble();
            for (int row = Representation.HEADER_ROWS; row < REP.rows(); row++) {
                if (r.nextDouble() < 0.4) continue;
                for (int k = 0; k < 3; k++) m[row * 3 + k] = 1.0 / 6 + 2.0 / 3 * r.nextDouble();
            }
            ContactFeatures.Features f = cf.of(m, 1);
            double[] u = new double[f.input().length];
            for (int i = 0; i < u.length; i++) u[i] = r.nextGaussian();
            double[] g = cf.backward(f, u);
            for (int i = 0; i < m.length; i++) {
                double h = 1e-7;
                double[] up = m.clone();
                double[] down = m.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (dot(u, cf.of(up, 1).input()) - dot(u, cf.of(down, 1).input())) / (2 * h);
                assertEquals(fd, g[i], 1e-5 * Math.max(1, Math.abs(fd)), "case " + t + ", entry " + i);
                checked++;
            }
        }
        assertTrue(checked == 3 * REP.size());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
