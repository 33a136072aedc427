package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Representation;
import org.junit.jupiter.api.Test;

class DistancePenaltyTest {
    private static final Representation REP = Representation.MG_MN_O;

    /** A matrix with a triclinic cell and {@code atoms} atom rows crowded into a corner, so that many pairs are short. */
    private static double[] crowded(Random r, int atoms, double lengthFrac) {
        double[] m = new double[REP.size()];
        for (int k = 0; k < 3; k++) m[k] = lengthFrac + 0.05 * r.nextDouble();
        for (int k = 3; k < 6; k++) m[k] = 0.42 + 0.16 * r.nextDouble();
        int placed = 0;
        for (int row = Representation.HEADER_ROWS; row < REP.rows() && placed < atoms; row += 2) {
            for (int k = 0; k < 3; k++) m[row * 3 + k] = 0.3 + 0.25 * r.nextDouble();
            placed++;
        }
        return m;
    }

    private static double loss(DistancePenalty p, double[] m) {
        return p.evaluate(m, 1).loss();
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(7);
        DistancePenalty p = new DistancePenalty(REP, 0.7, 1.8);
        double[][] cases = {crowded(r, 9, 0.15), crowded(r, 14, 0.2), crowded(r, 5, 0.05)};
        int checked = 0;
        for (double[] m : cases) {
            DistancePenalty.Result res = p.evaluate(m, 1);
            assertTrue(res.loss() > 0 && res.shortPairs() > 0, "the case has short pairs");
            for (int i = 0; i < m.length; i++) {
                double rowSum = 0;
                int row = i / 3;
                for (int k = 0; k < 3; k++) rowSum += m[row * 3 + k];
                if (row >= Representation.HEADER_ROWS && rowSum == 0) {
                    assertEquals(0.0, res.gradient()[i], "an empty row gets no gradient");
                    continue;
                }
                double h = 1e-6;
                double[] up = m.clone();
                double[] down = m.clone();
                up[i] += h;
                down[i] -= h;
                double fd = (loss(p, up) - loss(p, down)) / (2 * h);
                double an = res.gradient()[i];
                assertEquals(fd, an, 1e-5 * Math.max(1, Math.abs(fd)), "entry " + i + " (row " + row + ")");
                checked++;
            }
        }
        assertTrue(checked > 40, "cell and coordinate entries were compared: " + checked);
    }

    /** The volume term alone (cells far too large and far too small) and with the distance term. */
    @Test
    void volumeTermGradientMatchesFiniteDifferences() {
        Random r = new Random(9);
        double[][] cases = {crowded(r, 3, 0.3), crowded(r, 14, 0.1), crowded(r, 2, 0.15)};
        for (DistancePenalty p : new DistancePenalty[] {new DistancePenalty(REP, 0.0, 1.8, 3.0, 9, 15),
                                                        new DistancePenalty(REP, 0.7, 1.8, 3.0, 9, 15)}) {
            for (double[] m : cases) {
                DistancePenalty.Result res = p.evaluate(m, 1);
                assertTrue(res.volumeLoss() > 0, "the case is outside the range");
                for (int i = 0; i < 6; i++) {
                    double h = 1e-6;
                    double[] up = m.clone();
                    double[] down = m.clone();
                    up[i] += h;
                    down[i] -= h;
                    double fd = (loss(p, up) - loss(p, down)) / (2 * h);
                    assertEquals(fd, res.gradient()[i], 1e-5 * Math.max(1, Math.abs(fd)), "cell entry " + i);
                }
            }
        }
        // inside the range the term is 0: a 10 Å cubic cell with 80 Å³ per atom is outside, 12.5 atoms' worth inside
        double[] m = new double[REP.size()];
        m[0] = m[1] = m[2] = 5.0 / 30;
        m[3] = m[4] = m[5] = 0.5;
        for (int a = 0; a < 10; a++) for (int k = 0; k < 3; k++) m[(REP.firstRow(a < 5 ? 1 : 2) + a % 5) * 3 + k] = 0.2 + 0.06 * a + 0.01 * k;
        assertEquals(0.0, new DistancePenalty(REP, 0.0, 1.8, 3.0, 9, 15).evaluate(m, 1).volumeLoss(), "125 / 10 Å³ is inside 9-15");
    }

    @Test
    void lengthAndAngleGradientsAreNonZeroInAThinCell() {
        // one atom in a 0.9-2.4 Å cell: only its own images are near, and only the lattice can move them apart
        double[] m = crowded(new Random(3), 1, 0.03);
        DistancePenalty.Result res = new DistancePenalty(REP, 1.0, 1.8).evaluate(m, 1);
        assertTrue(res.loss() > 0);
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            assertTrue(res.gradient()[k] <= 0, "a longer axis never raises the penalty: " + res.gradient()[k]);
            sum += res.gradient()[k];
        }
        assertTrue(sum < 0);
        for (int k = 6; k < m.length; k++) assertEquals(0.0, res.gradient()[k], "an atom's own images do not move it");
    }

    @Test
    void knownPairGivesTheClosedFormValue() {
        double[] m = new double[REP.size()];
        m[0] = m[1] = m[2] = 10.0 / 30;
        m[3] = m[4] = m[5] = 0.5;
        // Mg at (0.1, 0.1, 0.1), O 1.0 Å away along a, stored P' = 2/3·P + 1/6
        int mg = REP.firstRow(0) * 3;
        int o = REP.firstRow(2) * 3;
        for (int k = 0; k < 3; k++) {
            m[mg + k] = 2.0 / 3 * 0.1 + 1.0 / 6;
            m[o + k] = 2.0 / 3 * (k == 0 ? 0.2 : 0.1) + 1.0 / 6;
        }
        DistancePenalty.Result res = new DistancePenalty(REP, 2.0, 1.8).evaluate(m, 1);
        assertEquals(2.0 * 0.8 * 0.8, res.loss(), 1e-9);
        assertEquals(1, res.shortPairs());
        assertEquals(0, res.clean());
        // pushing O further along a lowers the penalty
        assertTrue(res.gradient()[o] < 0 && res.gradient()[mg] > 0);
        // moved 2 Å away: nothing to pay, and the matrix counts as clean
        m[o] = 2.0 / 3 * 0.3 + 1.0 / 6;
        res = new DistancePenalty(REP, 2.0, 1.8).evaluate(m, 1);
        assertEquals(0.0, res.loss());
        assertEquals(1, res.clean());
        // across the cell boundary: P = 0.95 and 0.1 along a are 1.5 Å apart through the periodic image
        m[o] = 2.0 / 3 * 0.95 + 1.0 / 6;
        res = new DistancePenalty(REP, 1.0, 1.8).evaluate(m, 1);
        assertEquals(0.3 * 0.3, res.loss(), 1e-9);
    }

    @Test
    void cleanCountAgreesWithTheDecodedStructure() {
        Random r = new Random(11);
        DistancePenalty p = new DistancePenalty(REP, 1.0, 1.8);
        int agree = 0;
        int cleanSeen = 0;
        for (int t = 0; t < 200; t++) {
            double[] m = new double[REP.size()];
            for (int k = 0; k < 3; k++) m[k] = 0.12 + 0.2 * r.nextDouble();
            for (int k = 3; k < 6; k++) m[k] = 0.4 + 0.2 * r.nextDouble();
            for (int row = Representation.HEADER_ROWS; row < REP.rows(); row++) {
                if (r.nextDouble() < 0.2) for (int k = 0; k < 3; k++) m[row * 3 + k] = 1.0 / 6 + 2.0 / 3 * r.nextDouble();
            }
            Structure s = REP.decode(m, 0);
            boolean decodedClean = s.size() < 1 || s.minimumDistance() >= DistancePenalty.REPORT_DISTANCE;
            int c = p.evaluate(m, 1).clean();
            cleanSeen += c;
            if ((c == 1) == decodedClean) agree++;
        }
        assertEquals(200, agree);
        assertTrue(cleanSeen > 5 && cleanSeen < 195, "both kinds occurred: " + cleanSeen);
    }

    @Test
    void batchLossIsTheMeanOfItsMatricesAndTheWeightScalesIt() {
        Random r = new Random(5);
        double[] a = crowded(r, 8, 0.15);
        double[] b = crowded(r, 12, 0.2);
        double[] both = new double[a.length * 2];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        DistancePenalty p = new DistancePenalty(REP, 1.0, 1.8);
        double la = loss(p, a);
        double lb = loss(p, b);
        assertEquals((la + lb) / 2, p.evaluate(both, 2).loss(), 1e-9 * (la + lb));
        assertEquals(3 * la, loss(new DistancePenalty(REP, 3.0, 1.8), a), 1e-9 * la);
    }

    /**
     * Per-pair floors: a Mg-Mn pair and an O-O pair 2.0 Å apart cost nothing under the uniform 1.8 Å floor, and each
     * only its own floor's (2.5 - 2.0)² or (2.3 - 2.0)² under the per-pair ones; a Mg-O pair keeps the uniform floor.
     * The gradient still matches finite differences.
     */
    @Test
    void pairFloorsApplyToTheirPairsOnly() {
        double[] m = new double[REP.size()];
        m[0] = m[1] = m[2] = 10.0 / 30;
        m[3] = m[4] = m[5] = 0.5;
        int mg = REP.firstRow(0) * 3;
        int mn = REP.firstRow(1) * 3;
        int o1 = REP.firstRow(2) * 3;
        int o2 = o1 + 3;
        double[][] pos = {{0.1, 0.1, 0.1}, {0.3, 0.1, 0.1}, {0.1, 0.6, 0.6}, {0.3, 0.6, 0.6}};
        int[] at = {mg, mn, o1, o2};
        for (int a = 0; a < 4; a++) for (int k = 0; k < 3; k++) m[at[a] + k] = 2.0 / 3 * pos[a][k] + 1.0 / 6;
        assertEquals(0.0, new DistancePenalty(REP, 1.0, 1.8).evaluate(m, 1).loss(), "every pair is 2 Å apart or more");
        DistancePenalty both = new DistancePenalty(REP, 1.0, 1.8, 2.5, 2.3, 0, 1, 1);
        DistancePenalty.Result res = both.evaluate(m, 1);
        assertEquals(0.5 * 0.5 + 0.3 * 0.3, res.loss(), 1e-9);
        assertEquals(2, res.shortPairs());
        assertEquals(1, res.clean(), "the report distance stays 1.3 Å");
        assertTrue(res.gradient()[mn] < 0 && res.gradient()[mg] > 0, "Mg and Mn are pushed apart along a (Mn at the larger a)");
        assertEquals(0.25, new DistancePenalty(REP, 1.0, 1.8, 2.5, 0, 0, 1, 1).evaluate(m, 1).loss(), 1e-9, "O-O keeps 1.8 Å");
        assertEquals(2.5, both.floor(0, 1));
        assertEquals(1.8, both.floor(0, 2));
        assertEquals(2.3, both.floor(2, 2));

        Random r = new Random(13);
        double[] c = crowded(r, 10, 0.2);
        DistancePenalty.Result rc = both.evaluate(c, 1);
        assertTrue(rc.loss() > 0);
        for (int i = 0; i < c.length; i++) {
            double h = 1e-6;
            double[] up = c.clone();
            double[] down = c.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (loss(both, up) - loss(both, down)) / (2 * h);
            assertEquals(fd, rc.gradient()[i], 1e-5 * Math.max(1, Math.abs(fd)), "entry " + i);
        }
    }

    /**
     * Atoms only: the same loss, the coordinate entries of the full gradient, and on the lattice entries the volume
     * term's gradient alone (none from the short contacts, which would otherwise enlarge the cell).
     */
    @Test
    void atomsOnlyKeepsTheLatticeOutOfTheDistanceGradient() {
        Random r = new Random(17);
        double[] m = crowded(r, 12, 0.12);
        DistancePenalty full = new DistancePenalty(REP, 2.0, 1.8, 2.5, 0, 3.0, 10.1, 14.9, false);
        DistancePenalty atoms = new DistancePenalty(REP, 2.0, 1.8, 2.5, 0, 3.0, 10.1, 14.9, true);
        DistancePenalty volumeOnly = new DistancePenalty(REP, 0.0, 1.8, 2.5, 0, 3.0, 10.1, 14.9, false);
        DistancePenalty.Result f = full.evaluate(m, 1);
        DistancePenalty.Result a = atoms.evaluate(m, 1);
        DistancePenalty.Result v = volumeOnly.evaluate(m, 1);
        assertEquals(f.loss(), a.loss(), 1e-12);
        assertTrue(f.shortPairs() > 0 && v.volumeLoss() > 0, "both terms are active");
        boolean latticeDiffers = false;
        for (int k = 0; k < 6; k++) {
            assertEquals(v.gradient()[k], a.gradient()[k], 1e-12, "lattice entry " + k);
            latticeDiffers |= Math.abs(f.gradient()[k] - a.gradient()[k]) > 1e-9;
        }
        assertTrue(latticeDiffers, "the full gradient does push the lattice");
        int moved = 0;
        for (int i = 6; i < m.length; i++) {
            assertEquals(f.gradient()[i], a.gradient()[i], 1e-12, "coordinate entry " + i);
            if (a.gradient()[i] != 0) moved++;
        }
        assertTrue(moved > 10, "atoms are pushed: " + moved);
    }
}
