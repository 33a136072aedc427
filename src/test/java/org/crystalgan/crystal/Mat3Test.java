package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Mat3Test {
    private static final double[][] A = {{4.1, 0.3, -0.2}, {1.2, 5.0, 0.4}, {-0.7, 2.2, 6.3}};

    @Test
    void inverseTimesMatrixIsTheIdentity() {
        double[][] p = Mat3.mul(Mat3.inverse(A), A);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(i == j ? 1 : 0, p[i][j], 1e-14);
    }

    @Test
    void determinantOfAProductIsTheProductOfDeterminants() {
        double[][] b = Mat3.toDouble(new int[][] {{1, 1, 0}, {0, 1, 0}, {2, 0, -1}});
        assertEquals(Mat3.det(A) * Mat3.det(b), Mat3.det(Mat3.mul(A, b)), 1e-10);
        assertEquals(-1, Mat3.det(new int[][] {{1, 1, 0}, {0, 1, 0}, {2, 0, -1}}));
    }

    @Test
    void singularMatrixIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mat3.inverse(new double[][] {{1, 2, 3}, {2, 4, 6}, {0, 0, 1}}));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void rowAndColumnProductsAgreeThroughTheTranspose() {
        double[] v = {0.25, -0.5, 0.75};
        assertArrayEquals(Mat3.rowTimes(v, A), Mat3.mul(Mat3.transpose(A), v), 1e-15);
        assertArrayEquals(Mat3.cart(A, v), Mat3.rowTimes(v, A), 0);
    }

    @Test
    void metricHoldsTheScalarProductsOfTheRows() {
        double[][] g = Mat3.metric(A);
        assertEquals(Mat3.dot(A[1], A[2]), g[1][2], 0);
        assertEquals(g[1][2], g[2][1], 0);
        assertEquals(Mat3.norm(A[0]) * Mat3.norm(A[0]), g[0][0], 1e-12);
    }

    @Test
    void anglesOfKnownVectors() {
        assertEquals(90, Mat3.angleDeg(new double[] {1, 0, 0}, new double[] {0, 3, 0}), 1e-12);
        assertEquals(60, Mat3.angleDeg(new double[] {1, 0, 0}, new double[] {0.5, Math.sqrt(3) / 2, 0}), 1e-12);
        // parallel vectors whose rounded cosine exceeds 1 still give 0 rather than NaN
        assertEquals(0, Mat3.angleDeg(new double[] {0.1, 0.2, 0.3}, new double[] {0.3, 0.6, 0.9}), 1e-6);
        assertArrayEquals(new double[] {0, 0, 1}, Mat3.cross(new double[] {1, 0, 0}, new double[] {0, 1, 0}), 0);
    }

    @Test
    void integerHelpers() {
        int[][] w = {{0, -1, 0}, {1, -1, 0}, {0, 0, 1}};
        assertEquals(0, Mat3.trace(w));
        assertTrue(Mat3.equal(Mat3.fromRowMajor(Mat3.toRowMajor(w)), w));
        assertFalse(Mat3.equal(Mat3.negate(w), w));
        assertEquals(Mat3.key(w), Mat3.key(Mat3.fromRowMajor(Mat3.toRowMajor(w))));
        assertTrue(Mat3.key(w) != Mat3.key(Mat3.IDENTITY));
        assertEquals(6, Mat3.gcd(-12, 18));
        assertNull(Mat3.roundIfIntegral(new double[][] {{1, 0, 0}, {0, 1.01, 0}, {0, 0, 1}}));
        assertTrue(Mat3.equal(Mat3.IDENTITY, Mat3.roundIfIntegral(new double[][] {{1 + 1e-9, 0, 0}, {0, 1, 0}, {0, 0, 1}})));
    }

    @Test
    void wrappingStaysInsideTheUnitCell() {
        assertEquals(0.0, Periodic.wrap(-1e-17), 0);
        assertEquals(0.75, Periodic.wrap(-0.25), 1e-15);
        assertEquals(0.5, Periodic.wrap(3.5), 0);
        assertArrayEquals(new double[] {0, 0.5, 0.25}, Periodic.wrap(new double[] {1 - 1e-13, -0.5, 2.25}, 1e-12), 1e-15);
        assertArrayEquals(new double[] {-0.25, 0.25, 0}, Periodic.wrapSigned(new double[] {0.75, -1.75, 3}), 1e-15);
        assertTrue(Periodic.sameModuloLattice(new double[] {0.999999999, 0.5, 0}, new double[] {0, -0.5, 2}, 1e-6));
        assertFalse(Periodic.sameModuloLattice(new double[] {0.1, 0.5, 0}, new double[] {0, 0.5, 0}, 1e-6));
        Random r = new Random(3);
        for (int i = 0; i < 1000; i++) {
            double w = Periodic.wrap((r.nextDouble() - 0.5) * 1e3);
            assertTrue(w >= 0 && w < 1, "wrapped " + w);
        }
    }

    @Test
    void wrappedLengthIsTheMinimumImageInACubicCell() {
        double[][] cubic = Lattice.cubic(4).matrix();
        assertEquals(0.4, Periodic.wrappedLength(cubic, 0.9, 0, 0), 1e-12);
        Lattice l = Lattice.cubic(4);
        assertEquals(l.minimumImageDistance(new Vec3(0.05, 0.2, 0.9), new Vec3(0.95, 0.1, 0.1)),
                Periodic.wrappedLength(cubic, 0.9, -0.1, -0.8), 1e-12);
    }
}
