package org.crystalgan.crystal;

import java.util.Arrays;

/**
 * The one home of 3x3 matrix and 3-vector arithmetic on plain arrays, for the hot loops of
 * symmetry search, structure matching and potentials where a {@link Vec3} per step would cost
 * allocations. Conventions: a lattice matrix holds the lattice vectors as rows (Å); integer
 * matrices act on fractional column vectors (x' = W·x); {@link #rowTimes} is the row-vector product
 * v·M used when fractional rows are mapped through a lattice matrix.
 *
 * <p>Every formula is written once here so that each caller gets bit-identical results: the
 * cofactor expansion of the determinant and the adjugate inverse are the ones the symmetry search
 * and the matcher were tested with.
 */
public final class Mat3 {
    private Mat3() {}

    /** The integer identity; callers must not modify it. */
    public static final int[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    // ------------------------------------------------------------------ products

    public static int[][] mul(int[][] a, int[][] b) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            int s = 0;
            for (int k = 0; k < 3; k++) s += a[i][k] * b[k][j];
            r[i][j] = s;
        }
        return r;
    }

    public static double[][] mul(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += a[i][k] * b[k][j];
            r[i][j] = s;
        }
        return r;
    }

    /** M·v for a column vector v. */
    public static double[] mul(double[][] a, double[] v) {
        return new double[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    public static double[] mul(int[][] a, double[] v) {
        return new double[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    public static int[] mul(int[][] a, int[] v) {
        return new int[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    /** v·M for a row vector v: with M a lattice matrix (rows a, b, c) this maps fractional to Cartesian. */
    public static double[] rowTimes(double[] v, double[][] m) {
        return new double[] {
            v[0] * m[0][0] + v[1] * m[1][0] + v[2] * m[2][0],
            v[0] * m[0][1] + v[1] * m[1][1] + v[2] * m[2][1],
            v[0] * m[0][2] + v[1] * m[1][2] + v[2] * m[2][2]};
    }

    /** Cartesian vector (Å) of fractional {@code f} in the lattice whose rows are {@code lat}; the same as {@link #rowTimes}. */
    public static double[] cart(double[][] lat, double[] f) { return rowTimes(f, lat); }

    /** The metric tensor G = L·Lᵀ of a lattice matrix L (rows = vectors). */
    public static double[][] metric(double[][] lat) {
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) g[i][j] = dot(lat[i], lat[j]);
        return g;
    }

    // ------------------------------------------------------------------ shape

    public static double[][] toDouble(int[][] a) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[i][j];
        return r;
    }

    public static int[][] transpose(int[][] a) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[j][i];
        return r;
    }

    public static double[][] transpose(double[][] a) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[j][i];
        return r;
    }

    public static double[][] copy(double[][] a) { return new double[][] {a[0].clone(), a[1].clone(), a[2].clone()}; }

    public static double[][] diagonal(double a, double b, double c) { return new double[][] {{a, 0, 0}, {0, b, 0}, {0, 0, c}}; }

    public static int[][] negate(int[][] a) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = -a[i][j];
        return r;
    }

    public static int[][] fromRowMajor(int[] r) {
        return new int[][] {{r[0], r[1], r[2]}, {r[3], r[4], r[5]}, {r[6], r[7], r[8]}};
    }

    public static int[] toRowMajor(int[][] a) {
        return new int[] {a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2], a[2][0], a[2][1], a[2][2]};
    }

    /** The matrix whose columns are a, b, c. */
    public static int[][] columns(int[] a, int[] b, int[] c) {
        return new int[][] {{a[0], b[0], c[0]}, {a[1], b[1], c[1]}, {a[2], b[2], c[2]}};
    }

    // ------------------------------------------------------------------ determinant and inverse

    public static int det(int[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    public static double det(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    /**
     * The inverse by the adjugate.
     *
     * @throws IllegalArgumentException when |det| is below 1e-12 (or not a number): such a matrix is
     *     no change of basis any caller could mean
     */
    public static double[][] inverse(double[][] a) {
        double d = det(a);
        if (!(Math.abs(d) >= 1e-12)) throw new IllegalArgumentException("singular matrix (determinant " + d + ")");
        return inverse(a, d);
    }

    /** The inverse by the adjugate, given the determinant the caller has already checked. */
    public static double[][] inverse(double[][] a, double det) {
        double[][] r = new double[3][3];
        r[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det;
        r[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
        r[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
        r[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det;
        r[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
        r[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
        r[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det;
        r[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
        r[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
        return r;
    }

    // ------------------------------------------------------------------ integer matrices

    /** The integer matrix nearest to {@code a}, or null when some entry is further than 1e-6 from an integer. */
    public static int[][] roundIfIntegral(double[][] a) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double v = Math.rint(a[i][j]);
            if (Math.abs(v - a[i][j]) > 1e-6) return null;
            r[i][j] = (int) v;
        }
        return r;
    }

    public static int trace(int[][] a) { return a[0][0] + a[1][1] + a[2][2]; }

    public static boolean equal(int[][] a, int[][] b) {
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (a[i][j] != b[i][j]) return false;
        return true;
    }

    /**
     * A key for sets and maps of integer matrices: four bits per entry for entries in -8..7 (every
     * crystallographic rotation in a reduced or conventional basis); larger entries get keys with
     * the sign bit set, which never equal the key of such a rotation.
     */
    public static long key(int[][] a) {
        long k = 0;
        boolean big = false;
        for (int[] row : a) {
            for (int v : row) {
                if (v < -8 || v > 7) big = true;
                k = (k << 4) | ((v + 8) & 0xF);
            }
        }
        return big ? (k | Long.MIN_VALUE) ^ Arrays.deepHashCode(a) : k;
    }

    public static int gcd(int a, int b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    // ------------------------------------------------------------------ vectors

    public static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    public static double norm(double[] v) { return Math.sqrt(dot(v, v)); }

    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double[] add(double[] a, double[] b) { return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

    public static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

    /** The angle between u and v in degrees, the cosine clamped to [-1, 1] against rounding. */
    public static double angleDeg(double[] u, double[] v) { return angleDeg(u, v, norm(u), norm(v)); }

    /** {@link #angleDeg(double[], double[])} with the lengths |u| and |v| already known. */
    public static double angleDeg(double[] u, double[] v, double lu, double lv) {
        double c = dot(u, v) / (lu * lv);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
