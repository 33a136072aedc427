package org.crystalgan.crystal;

import java.util.Arrays;

/**
 * A periodic lattice. Rows of {@link #matrix()} are the lattice vectors a, b, c in Cartesian Å.
 * From parameters, a lies along x and b in the xy plane (the convention of the paper's code and of
 * ASE; pymatgen's {@code Lattice.from_parameters} puts c along z instead, which only rotates the
 * cell). Lengths are in Å, angles in degrees.
 */
public final class Lattice {
    private final double[][] m;        // rows = a, b, c
    private final double[][] inv;      // fractional = cart * inv
    private final double volume;
    private volatile Lattice reduced;  // LLL-reduced basis, for minimum-image searches
    private volatile int[][] toReduced; // integer matrix T with reduced = T * this

    private Lattice(double[][] m) {
        this.m = new double[][] {m[0].clone(), m[1].clone(), m[2].clone()};
        for (double[] row : this.m) {
            for (double v : row) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("lattice matrix has a non-finite entry");
            }
        }
        double det = Mat3.det(this.m);
        if (!(Math.abs(det) > 1e-8)) {
            throw new IllegalArgumentException("lattice vectors are linearly dependent (volume " + det + " Å³)");
        }
        this.volume = Math.abs(det);
        this.inv = Mat3.inverse(this.m, det);
    }

    /** Lattice from the row vectors a, b, c (Cartesian Å). */
    public static Lattice fromMatrix(double[][] rows) {
        if (rows.length != 3 || rows[0].length != 3 || rows[1].length != 3 || rows[2].length != 3) {
            throw new IllegalArgumentException("lattice matrix must be 3 x 3");
        }
        return new Lattice(rows);
    }

    public static Lattice fromVectors(Vec3 a, Vec3 b, Vec3 c) {
        return new Lattice(new double[][] {a.toArray(), b.toArray(), c.toArray()});
    }

    /** Lattice from a, b, c (Å) and α, β, γ (degrees); a along x, b in the xy plane. */
    public static Lattice fromParameters(double a, double b, double c, double alpha, double beta, double gamma) {
        double[] p = {a, b, c, alpha, beta, gamma};
        for (double v : p) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("lattice parameter is not a finite number");
        }
        if (a <= 0 || b <= 0 || c <= 0) {
            throw new IllegalArgumentException(String.format("lattice lengths must be positive (a=%g b=%g c=%g Å)", a, b, c));
        }
        if (alpha <= 0 || alpha >= 180 || beta <= 0 || beta >= 180 || gamma <= 0 || gamma >= 180) {
            throw new IllegalArgumentException(String.format(
                    "lattice angles must lie strictly between 0 and 180° (α=%g β=%g γ=%g)", alpha, beta, gamma));
        }
        double ca = cosDeg(alpha), cb = cosDeg(beta), cg = cosDeg(gamma), sg = sinDeg(gamma);
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 1e-12 * c * c)) {
            throw new IllegalArgumentException(String.format(
                    "angles α=%g β=%g γ=%g do not describe a three-dimensional cell", alpha, beta, gamma));
        }
        return new Lattice(new double[][] {{a, 0, 0}, {b * cg, b * sg, 0}, {cx, cy, Math.sqrt(cz2)}});
    }

    public static Lattice cubic(double a) { return fromParameters(a, a, a, 90, 90, 90); }

    // exact values at the angles crystallographers use most, so a cubic cell stays exactly orthogonal
    private static double cosDeg(double deg) {
        if (deg == 90.0) return 0.0;
        if (deg == 60.0) return 0.5;
        if (deg == 120.0) return -0.5;
        return Math.cos(Math.toRadians(deg));
    }

    private static double sinDeg(double deg) {
        if (deg == 90.0) return 1.0;
        return Math.sin(Math.toRadians(deg));
    }

    /** A copy of the matrix whose rows are a, b, c in Å. */
    public double[][] matrix() { return new double[][] {m[0].clone(), m[1].clone(), m[2].clone()}; }

    public Vec3 vector(int i) { return new Vec3(m[i][0], m[i][1], m[i][2]); }

    public double a() { return Mat3.norm(m[0]); }
    public double b() { return Mat3.norm(m[1]); }
    public double c() { return Mat3.norm(m[2]); }
    /** Angle between b and c, degrees. */
    public double alpha() { return Mat3.angleDeg(m[1], m[2]); }
    /** Angle between a and c, degrees. */
    public double beta() { return Mat3.angleDeg(m[0], m[2]); }
    /** Angle between a and b, degrees. */
    public double gamma() { return Mat3.angleDeg(m[0], m[1]); }

    /** a, b, c (Å), α, β, γ (degrees). */
    public double[] parameters() { return new double[] {a(), b(), c(), alpha(), beta(), gamma()}; }

    /** Cell volume in Å³. */
    public double volume() { return volume; }

    /**
     * The reciprocal lattice without the 2π factor (crystallographer's convention): rows a*, b*, c*
     * with a_i · a*_j = δ_ij, in 1/Å.
     */
    public Lattice reciprocalCrystallographic() {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = inv[j][i];
        return new Lattice(r);
    }

    /** The reciprocal lattice with the 2π factor (physicist's convention), in 1/Å. */
    public Lattice reciprocal() {
        double[][] r = reciprocalCrystallographic().m;
        for (double[] row : r) for (int j = 0; j < 3; j++) row[j] *= 2 * Math.PI;
        return new Lattice(r);
    }

    public Vec3 toCartesian(Vec3 f) {
        return new Vec3(
                f.x() * m[0][0] + f.y() * m[1][0] + f.z() * m[2][0],
                f.x() * m[0][1] + f.y() * m[1][1] + f.z() * m[2][1],
                f.x() * m[0][2] + f.y() * m[1][2] + f.z() * m[2][2]);
    }

    public Vec3 toFractional(Vec3 c) {
        return new Vec3(
                c.x() * inv[0][0] + c.y() * inv[1][0] + c.z() * inv[2][0],
                c.x() * inv[0][1] + c.y() * inv[1][1] + c.z() * inv[2][1],
                c.x() * inv[0][2] + c.y() * inv[1][2] + c.z() * inv[2][2]);
    }

    /** Cartesian length (Å) of the fractional vector (f0, f1, f2). */
    public double cartesianLength(double f0, double f1, double f2) {
        double x = f0 * m[0][0] + f1 * m[1][0] + f2 * m[2][0];
        double y = f0 * m[0][1] + f1 * m[1][1] + f2 * m[2][1];
        double z = f0 * m[0][2] + f1 * m[1][2] + f2 * m[2][2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    /**
     * The shortest Cartesian vector (Å) from fractional point {@code from} to any periodic image of
     * {@code to}. Exact for any cell, however skewed: the difference is wrapped in an LLL-reduced
     * basis, and every image that could still be shorter than that first guess is visited (a bound
     * from the reciprocal vector lengths), so no neighbour outside ±1 cells is ever missed.
     */
    public Vec3 minimumImageVector(Vec3 from, Vec3 to) {
        Lattice r = reducedBasis();
        Vec3 dCart = toCartesian(to.minus(from));
        Vec3 d = r.toFractional(dCart);
        // wrap into [-0.5, 0.5) in the reduced basis
        double d0 = d.x() - Math.rint(d.x()), d1 = d.y() - Math.rint(d.y()), d2 = d.z() - Math.rint(d.z());
        double best = r.cartesianLength(d0, d1, d2);
        double[] rec = r.reciprocalNorms();
        // |d_i + n_i| <= best * |a*_i| for any shorter image, and |d_i| <= 0.5
        int n0 = (int) Math.ceil(best * rec[0] + 0.5), n1 = (int) Math.ceil(best * rec[1] + 0.5),
                n2 = (int) Math.ceil(best * rec[2] + 0.5);
        double b0 = d0, b1 = d1, b2 = d2;
        for (int i = -n0; i <= n0; i++) {
            for (int j = -n1; j <= n1; j++) {
                for (int k = -n2; k <= n2; k++) {
                    double len = r.cartesianLength(d0 + i, d1 + j, d2 + k);
                    if (len < best) {
                        best = len;
                        b0 = d0 + i;
                        b1 = d1 + j;
                        b2 = d2 + k;
                    }
                }
            }
        }
        return r.toCartesian(new Vec3(b0, b1, b2));
    }

    /** Minimum-image distance in Å between two fractional positions. */
    public double minimumImageDistance(Vec3 from, Vec3 to) { return minimumImageVector(from, to).norm(); }

    /** |a*|, |b*|, |c*| (1/Å, no 2π): the spacing of lattice planes is the inverse of these. */
    public double[] reciprocalNorms() {
        double[] n = new double[3];
        for (int i = 0; i < 3; i++) n[i] = Math.sqrt(inv[0][i] * inv[0][i] + inv[1][i] * inv[1][i] + inv[2][i] * inv[2][i]);
        return n;
    }

    /** An LLL-reduced basis of the same lattice (δ = 0.75), cached. */
    public Lattice reducedBasis() {
        Lattice r = reduced;
        if (r == null) {
            computeReduced();
            r = reduced;
        }
        return r;
    }

    /** The integer matrix T with reducedBasis().matrix() = T · matrix(). */
    public int[][] reductionTransform() {
        reducedBasis();
        int[][] t = toReduced;
        return new int[][] {t[0].clone(), t[1].clone(), t[2].clone()};
    }

    private synchronized void computeReduced() {
        if (reduced != null) return;
        LatticeReduction.Reduced r = LatticeReduction.lll(m);
        toReduced = r.transform();
        reduced = new Lattice(r.basis());
        reduced.reduced = reduced;
        reduced.toReduced = new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    /** Whether the two lattices have the same vectors within {@code tol} Å. */
    public boolean equalsWithin(Lattice o, double tol) {
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (Math.abs(m[i][j] - o.m[i][j]) > tol) return false;
        return true;
    }

    /** The same lattice scaled to a new volume (Å³). */
    public Lattice scaledToVolume(double newVolume) {
        double s = Math.cbrt(newVolume / volume);
        double[][] r = matrix();
        for (double[] row : r) for (int j = 0; j < 3; j++) row[j] *= s;
        return new Lattice(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lattice l && Arrays.deepEquals(m, l.m);
    }

    @Override
    public int hashCode() { return Arrays.deepHashCode(m); }

    @Override
    public String toString() {
        double[] p = parameters();
        return String.format("Lattice(a=%.5f b=%.5f c=%.5f α=%.4f β=%.4f γ=%.4f)", p[0], p[1], p[2], p[3], p[4], p[5]);
    }
}
