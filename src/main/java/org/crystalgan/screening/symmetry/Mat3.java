package org.crystalgan.screening.symmetry;

/**
 * Small 3x3 matrix helpers for the symmetry search. Integer matrices act on fractional column
 * vectors (x' = W·x); lattice matrices hold the lattice vectors as rows (Å).
 */
final class Mat3 {
    private Mat3() {}

    static final int[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    static int[][] mul(int[][] a, int[][] b) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            int s = 0;
            for (int k = 0; k < 3; k++) s += a[i][k] * b[k][j];
            r[i][j] = s;
        }
        return r;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += a[i][k] * b[k][j];
            r[i][j] = s;
        }
        return r;
    }

    static double[] mul(double[][] a, double[] v) {
        return new double[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    static double[] mul(int[][] a, double[] v) {
        return new double[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    static int[] mul(int[][] a, int[] v) {
        return new int[] {
            a[0][0] * v[0] + a[0][1] * v[1] + a[0][2] * v[2],
            a[1][0] * v[0] + a[1][1] * v[1] + a[1][2] * v[2],
            a[2][0] * v[0] + a[2][1] * v[1] + a[2][2] * v[2]};
    }

    static double[][] toDouble(int[][] a) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[i][j];
        return r;
    }

    static int[][] transpose(int[][] a) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[j][i];
        return r;
    }

    static double[][] transpose(double[][] a) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a[j][i];
        return r;
    }

    static int det(int[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    static double det(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    static double[][] inverse(double[][] a) {
        double d = det(a);
        double[][] r = new double[3][3];
        r[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / d;
        r[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / d;
        r[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / d;
        r[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / d;
        r[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / d;
        r[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / d;
        r[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / d;
        r[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / d;
        r[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / d;
        return r;
    }

    /** The integer matrix nearest to {@code a}, or null when some entry is further than 1e-6 from an integer. */
    static int[][] roundIfIntegral(double[][] a) {
        int[][] r = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double v = Math.rint(a[i][j]);
            if (Math.abs(v - a[i][j]) > 1e-6) return null;
            r[i][j] = (int) v;
        }
        return r;
    }

    static int trace(int[][] a) { return a[0][0] + a[1][1] + a[2][2]; }

    static boolean equal(int[][] a, int[][] b) {
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (a[i][j] != b[i][j]) return false;
        return true;
    }

    /**
     * A key for sets and maps of integer matrices: four bits per entry for entries in -8..7 (every
     * crystallographic rotation in a reduced or conventional basis); larger entries get keys with
     * the sign bit set, which never equal the key of such a rotation.
     */
    static long key(int[][] a) {
        long k = 0;
        boolean big = false;
        for (int[] row : a) {
            for (int v : row) {
                if (v < -8 || v > 7) big = true;
                k = (k << 4) | ((v + 8) & 0xF);
            }
        }
        return big ? (k | Long.MIN_VALUE) ^ java.util.Arrays.deepHashCode(a) : k;
    }

    static int[][] fromRowMajor(int[] r) {
        return new int[][] {{r[0], r[1], r[2]}, {r[3], r[4], r[5]}, {r[6], r[7], r[8]}};
    }

    static int[] toRowMajor(int[][] a) {
        return new int[] {a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2], a[2][0], a[2][1], a[2][2]};
    }

    static int[][] columns(int[] a, int[] b, int[] c) {
        return new int[][] {{a[0], b[0], c[0]}, {a[1], b[1], c[1]}, {a[2], b[2], c[2]}};
    }

    static int gcd(int a, int b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    /** Cartesian vector (Å) of fractional {@code f} in the lattice whose rows are {@code lat}. */
    static double[] cart(double[][] lat, double[] f) {
        return new double[] {
            f[0] * lat[0][0] + f[1] * lat[1][0] + f[2] * lat[2][0],
            f[0] * lat[0][1] + f[1] * lat[1][1] + f[2] * lat[2][1],
            f[0] * lat[0][2] + f[1] * lat[1][2] + f[2] * lat[2][2]};
    }

    /**
     * Length (Å) of the fractional difference {@code d} after removing whole lattice translations
     * by rounding. In a reduced cell this is the minimum-image length whenever that is shorter than
     * half the smallest interplanar spacing, which covers every tolerance used here.
     */
    static double wrappedLength(double[][] lat, double d0, double d1, double d2) {
        d0 -= Math.rint(d0);
        d1 -= Math.rint(d1);
        d2 -= Math.rint(d2);
        double x = d0 * lat[0][0] + d1 * lat[1][0] + d2 * lat[2][0];
        double y = d0 * lat[0][1] + d1 * lat[1][1] + d2 * lat[2][1];
        double z = d0 * lat[0][2] + d1 * lat[1][2] + d2 * lat[2][2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    static double[][] metric(double[][] lat) {
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) g[i][j] = dot(lat[i], lat[j]);
        return g;
    }
}
