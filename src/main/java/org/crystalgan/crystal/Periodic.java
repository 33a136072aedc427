package org.crystalgan.crystal;

/**
 * Fractional coordinates modulo the lattice: wrapping into the unit cell, the signed difference
 * closest to zero, equality modulo lattice translations. The exact minimum image in any cell is
 * {@link Lattice#minimumImageVector}; {@link #wrappedLength} is the cheap form for reduced cells.
 */
public final class Periodic {
    private Periodic() {}

    /** f reduced into [0, 1): the same point of a periodic crystal. */
    public static double wrap(double f) {
        double w = f - Math.floor(f);
        // floor(-1e-17) gives w == 1.0 in double arithmetic; keep the result strictly below 1
        return w >= 1.0 ? 0.0 : w;
    }

    /** Each component reduced into [0, 1). */
    public static double[] wrap(double[] v) { return wrap(v, 0.0); }

    /**
     * Each component reduced into [0, 1), with a value within {@code snap} below 1 taken as 0: a
     * coordinate produced by a symmetry operation a rounding error short of a whole cell is the
     * origin, and the symmetry search compares such coordinates.
     */
    public static double[] wrap(double[] v, double snap) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = v[i] - Math.floor(v[i]);
            if (r[i] >= 1 - snap) r[i] = 0;
        }
        return r;
    }

    /** Each component reduced into [-0.5, 0.5] by removing the nearest whole translation. */
    public static double[] wrapSigned(double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) r[i] = v[i] - Math.rint(v[i]);
        return r;
    }

    /** Whether a and b are the same point modulo lattice translations, each component within eps. */
    public static boolean sameModuloLattice(double[] a, double[] b, double eps) {
        for (int i = 0; i < 3; i++) {
            double d = a[i] - b[i];
            if (Math.abs(d - Math.rint(d)) > eps) return false;
        }
        return true;
    }

    /**
     * Length (Å) of the fractional difference {@code d} after removing whole lattice translations
     * by rounding. In a reduced cell this is the minimum-image length whenever that is shorter than
     * half the smallest interplanar spacing, which covers every tolerance the symmetry search uses.
     */
    public static double wrappedLength(double[][] lat, double d0, double d1, double d2) {
        d0 -= Math.rint(d0);
        d1 -= Math.rint(d1);
        d2 -= Math.rint(d2);
        double x = d0 * lat[0][0] + d1 * lat[1][0] + d2 * lat[2][0];
        double y = d0 * lat[0][1] + d1 * lat[1][1] + d2 * lat[2][1];
        double z = d0 * lat[0][2] + d1 * lat[1][2] + d2 * lat[2][2];
        return Math.sqrt(x * x + y * y + z * z);
    }
}
