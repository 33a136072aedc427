package org.crystalgan.gan;

import org.crystalgan.encoding.Representation;

/**
 * The cell of one matrix in the form that distances and their derivatives need: lengths (Å) and angles (radians) as
 * {@link Representation#decode} reads them ({@code maxLength · m[0..2]}, {@code 180° · m[3..5]}), and the metric tensor
 * G, so that a fractional difference v has the squared length {@code q = vᵀ·G·v} without a Cartesian frame. The one home
 * of that algebra for {@link DistancePenalty} and {@link ContactFeatures}.
 */
final class MatrixCell {
    /** Lengths a, b, c (Å). */
    final double[] len;
    /** cos and sin of α (b,c), β (a,c), γ (a,b): indexed by the axis not involved. */
    final double[] cos;
    final double[] sin;
    /** The metric tensor. */
    final double[][] g;
    private final double det;

    private MatrixCell(double[] len, double[] cos, double[] sin, double[][] g, double det) {
        this.len = len;
        this.cos = cos;
        this.sin = sin;
        this.g = g;
        this.det = det;
    }

    /** Lengths are stored divided by this (Å): d(length)/d(entry). */
    static double lengthScale(Representation rep) {
        return rep.maxLengthAngstrom();
    }

    /** Angles are stored divided by 180°: d(angle in radians)/d(entry). */
    static double angleScale() {
        return Math.PI * Representation.ANGLE_SCALE_DEGREES / 180.0;
    }

    /** The cell of the matrix at {@code off} of {@code m}, or null when it is flat or impossible (no distances). */
    static MatrixCell of(Representation rep, double[] m, int off) {
        double ls = lengthScale(rep);
        double as = angleScale();
        double[] len = {ls * m[off], ls * m[off + 1], ls * m[off + 2]};
        double[] ang = {as * m[off + 3], as * m[off + 4], as * m[off + 5]};
        double[] cos = {Math.cos(ang[0]), Math.cos(ang[1]), Math.cos(ang[2])};
        double[] sin = {Math.sin(ang[0]), Math.sin(ang[1]), Math.sin(ang[2])};
        double[][] g = new double[3][3];
        for (int k = 0; k < 3; k++) g[k][k] = len[k] * len[k];
        g[1][2] = g[2][1] = len[1] * len[2] * cos[0];
        g[0][2] = g[2][0] = len[0] * len[2] * cos[1];
        g[0][1] = g[1][0] = len[0] * len[1] * cos[2];
        double det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[1][2]) - g[0][1] * (g[0][1] * g[2][2] - g[1][2] * g[0][2])
                + g[0][2] * (g[0][1] * g[1][2] - g[1][1] * g[0][2]);
        if (!(det > 1e-6 * g[0][0] * g[1][1] * g[2][2]) || !(len[0] > 0 && len[1] > 0 && len[2] > 0)) return null;
        return new MatrixCell(len, cos, sin, g, det);
    }

    /** det G = V². */
    double metricDeterminant() {
        return det;
    }

    /**
     * How far (in cell vectors, per axis) a point can be and still lie within {@code cutoff} Å: |v_k| ≤ cutoff · |b*_k|,
     * with |b*_k|² = (G⁻¹)_kk, the cofactor over the determinant.
     */
    double[] reach(double cutoff) {
        return new double[] {
            cutoff * Math.sqrt((g[1][1] * g[2][2] - g[1][2] * g[1][2]) / det),
            cutoff * Math.sqrt((g[0][0] * g[2][2] - g[0][2] * g[0][2]) / det),
            cutoff * Math.sqrt((g[0][0] * g[1][1] - g[0][1] * g[0][1]) / det)};
    }

    /** q = vᵀ·G·v, writing G·v into {@code gv}. */
    double squaredLength(double[] v, double[] gv) {
        for (int k = 0; k < 3; k++) gv[k] = g[k][0] * v[0] + g[k][1] * v[1] + g[k][2] * v[2];
        return v[0] * gv[0] + v[1] * gv[1] + v[2] * gv[2];
    }

    /**
     * Adds {@code s · ∂q/∂(length_k) / 2} to {@code dLen[k]} and {@code s · ∂q/∂(angle_k) / 2} to {@code dAng[k]}: with
     * {@code s = (∂loss/∂d) / d} that is the loss's derivative through the distance d = √q at fixed fractional v.
     */
    void addDistanceDerivative(double[] v, double s, double[] dLen, double[] dAng) {
        dLen[0] += s * (len[0] * v[0] * v[0] + v[0] * v[1] * len[1] * cos[2] + v[0] * v[2] * len[2] * cos[1]);
        dLen[1] += s * (len[1] * v[1] * v[1] + v[0] * v[1] * len[0] * cos[2] + v[1] * v[2] * len[2] * cos[0]);
        dLen[2] += s * (len[2] * v[2] * v[2] + v[0] * v[2] * len[0] * cos[1] + v[1] * v[2] * len[1] * cos[0]);
        dAng[0] -= s * v[1] * v[2] * len[1] * len[2] * sin[0];
        dAng[1] -= s * v[0] * v[2] * len[0] * len[2] * sin[1];
        dAng[2] -= s * v[0] * v[1] * len[0] * len[1] * sin[2];
    }

    /** Images per axis and direction at most: a cell thinner than a cutoff / 4 has its atoms crowded anyway. */
    static final int MAX_IMAGES = 4;

    /** Coordinates P are stored as P' = COORD_SCALE·P + COORD_OFFSET: d(P)/d(P'). */
    static final double COORD_DERIVATIVE = 1.0 / Representation.COORD_SCALE;

    /** The atom rows of a matrix: their row indices, in order, and their fractional coordinates. */
    record Atoms(int[] rows, double[][] frac) {
        int count() {
            return rows.length;
        }
    }

    /** The rows of the matrix at {@code off} whose sum exceeds the atom threshold (a hard choice: no gradient). */
    static Atoms atoms(Representation rep, double[] m, int off) {
        int[] rows = new int[rep.atomRows()];
        int n = 0;
        for (int row = Representation.HEADER_ROWS; row < rep.rows(); row++) {
            int o = off + row * 3;
            if (m[o] + m[o + 1] + m[o + 2] > Representation.ATOM_THRESHOLD) rows[n++] = row;
        }
        double[][] f = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) f[i][k] = COORD_DERIVATIVE * (m[off + rows[i] * 3 + k] - Representation.COORD_OFFSET);
        }
        return new Atoms(java.util.Arrays.copyOf(rows, n), f);
    }

    /** One contact: atoms i ≤ j (i = j: an atom and its own image), v = f_i − f_j + image, G·v, and d = √(vᵀ·G·v). */
    interface ContactVisitor {
        void contact(int i, int j, double[] v, double[] gv, double d);
    }

    /** The distance within which a pair's contacts are wanted, Å. */
    interface PairCutoff {
        double of(int i, int j);
    }

    /**
     * Every pair of atoms i ≤ j and every periodic image closer than {@code cutoff} Å (an atom and its own images
     * included: its images v and −v are both visited), at most {@link #MAX_IMAGES} cell vectors away per
     * axis. {@code v} and {@code gv} are reused between calls: copy them to keep them.
     */
    void contacts(double[][] f, double cutoff, ContactVisitor visitor) {
        contacts(f, (i, j) -> cutoff, true, visitor);
    }

    /**
     * As {@link #contacts(double[][], double, ContactVisitor)}, each pair's images searched only as far as its own
     * cutoff (the search box of a smaller radius is part of a larger one's and holds every image within it, so a
     * pair's contacts within its cutoff come out the same, in the same order, as with one radius for all), and an
     * atom's own images left out when {@code self} is false.
     */
    void contacts(double[][] f, PairCutoff cutoff, boolean self, ContactVisitor visitor) {
        double[] unit = reach(1.0);
        double[] base = new double[3];
        double[] v = new double[3];
        double[] gv = new double[3];
        int[] lo = new int[3];
        int[] hi = new int[3];
        for (int i = 0; i < f.length; i++) {
            for (int j = self ? i : i + 1; j < f.length; j++) {
                double c = cutoff.of(i, j);
                for (int k = 0; k < 3; k++) {
                    double dfk = f[i][k] - f[j][k];
                    base[k] = dfk - Math.rint(dfk);
                    double rk = Math.min(c * unit[k], MAX_IMAGES);
                    lo[k] = (int) Math.ceil(-rk - base[k]);
                    hi[k] = (int) Math.floor(rk - base[k]);
                }
                for (int n0 = lo[0]; n0 <= hi[0]; n0++) {
                    for (int n1 = lo[1]; n1 <= hi[1]; n1++) {
                        for (int n2 = lo[2]; n2 <= hi[2]; n2++) {
                            if (i == j && n0 == 0 && n1 == 0 && n2 == 0) continue;
                            v[0] = base[0] + n0;
                            v[1] = base[1] + n1;
                            v[2] = base[2] + n2;
                            double q = squaredLength(v, gv);
                            if (!(q < c * c)) continue;
                            visitor.contact(i, j, v, gv, Math.sqrt(Math.max(q, 0)));
                        }
                    }
                }
            }
        }
    }
}
