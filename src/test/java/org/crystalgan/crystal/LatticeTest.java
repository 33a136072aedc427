package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatticeTest {
    @Test
    void parametersRoundTripThroughTheMatrix() {
        Lattice l = Lattice.fromParameters(4.1, 5.2, 6.3, 81.5, 97.25, 113.0);
        double[] p = l.parameters();
        double[] want = {4.1, 5.2, 6.3, 81.5, 97.25, 113.0};
        for (int i = 0; i < 6; i++) assertEquals(want[i], p[i], 1e-10);
        double[][] m = l.matrix();
        assertEquals(0, m[0][1], 0);
        assertEquals(0, m[0][2], 0);
        assertEquals(0, m[1][2], 0);
        assertTrue(m[2][2] > 0);
    }

    @Test
    void volumeOfAHexagonalCell() {
        Lattice l = Lattice.fromParameters(3, 3, 5, 90, 90, 120);
        assertEquals(3 * 3 * 5 * Math.sqrt(3) / 2, l.volume(), 1e-10);
    }

    @Test
    void reciprocalIsDualToTheDirectLattice() {
        Lattice l = Lattice.fromParameters(4.1, 5.2, 6.3, 81.5, 97.25, 113.0);
        Lattice r = l.reciprocalCrystallographic();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) assertEquals(i == j ? 1 : 0, l.vector(i).dot(r.vector(j)), 1e-12);
        }
        assertEquals(2 * Math.PI, l.vector(0).dot(l.reciprocal().vector(0)), 1e-12);
    }

    @Test
    void fractionalAndCartesianInvert() {
        Lattice l = Lattice.fromParameters(4.1, 5.2, 6.3, 81.5, 97.25, 113.0);
        Vec3 f = new Vec3(0.12, -0.7, 1.3);
        Vec3 back = l.toFractional(l.toCartesian(f));
        assertEquals(0, back.minus(f).norm(), 1e-12);
    }

    @Test
    void rejectsImpossibleParameters() {
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(-1, 2, 3, 90, 90, 90));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(1, 2, 3, 90, 90, 180));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(1, 2, 3, 10, 10, 120));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(Double.NaN, 2, 3, 90, 90, 90));
    }

    /** Minimum image in strongly skewed cells against a search over many neighbouring images. */
    @Test
    void minimumImageMatchesBruteForceInSkewedCells() {
        Random rnd = new Random(42);
        int checked = 0;
        while (checked < 300) {
            double[][] m = new double[3][3];
            // start from a cube and shear hard: vectors like (1, 0, 0), (k1, 1, 0), (k2, k3, 1) with |k| up to 6
            m[0] = new double[] {2 + rnd.nextDouble() * 4, 0, 0};
            m[1] = new double[] {(rnd.nextDouble() - 0.5) * 24, 2 + rnd.nextDouble() * 4, 0};
            m[2] = new double[] {(rnd.nextDouble() - 0.5) * 24, (rnd.nextDouble() - 0.5) * 24, 2 + rnd.nextDouble() * 4};
            Lattice l = Lattice.fromMatrix(m);
            Vec3 a = new Vec3(rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble());
            Vec3 b = new Vec3(rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1);
            double brute = Double.MAX_VALUE;
            int r = 12;
            for (int i = -r; i <= r; i++) for (int j = -r; j <= r; j++) for (int k = -r; k <= r; k++) {
                brute = Math.min(brute, l.toCartesian(b.plus(new Vec3(i, j, k)).minus(a)).norm());
            }
            assertEquals(brute, l.minimumImageDistance(a, b), 1e-9, () -> "lattice " + l);
            checked++;
        }
    }

    @Test
    void reducedBasisDescribesTheSameLattice() {
        Lattice l = Lattice.fromMatrix(new double[][] {{3, 0, 0}, {18, 3, 0}, {-12, 30, 3}});
        Lattice r = l.reducedBasis();
        assertEquals(l.volume(), r.volume(), 1e-9);
        int[][] t = l.reductionTransform();
        double[][] m = l.matrix();
        double[][] rm = r.matrix();
        for (int i = 0; i < 3; i++) for (int c = 0; c < 3; c++) {
            double v = 0;
            for (int k = 0; k < 3; k++) v += t[i][k] * m[k][c];
            assertEquals(rm[i][c], v, 1e-9);
        }
        assertTrue(r.a() <= 3.0 + 1e-9 && r.b() <= 3.0 + 1e-9 && r.c() <= 3.0 + 1e-9, r.toString());
    }
}
