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

    /**
     * The images to visit for atoms at fractional {@code fi} and {@code fj}: {@code base} = their difference brought
     * into [−½, ½], and per axis the integer shifts {@code lo..hi} that keep |base + shift| within {@code reach} (at most
     * {@code maxImages} either way: cells thinner than that are crowded anyway).
     */
    static void images(double[] fi, double[] fj, double[] reach, int maxImages, double[] base, int[] lo, int[] hi) {
        for (int k = 0; k < 3; k++) {
            double dfk = fi[k] - fj[k];
            base[k] = dfk - Math.rint(dfk);
            double rk = Math.min(reach[k], maxImages);
            lo[k] = (int) Math.ceil(-rk - base[k]);
            hi[k] = (int) Math.floor(rk - base[k]);
        }
    }
}
