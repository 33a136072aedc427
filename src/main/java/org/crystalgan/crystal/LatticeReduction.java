package org.crystalgan.crystal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The three lattice reductions the workbench uses, in one place as pymatgen keeps them on its
 * {@code Lattice}:
 * <ul>
 *   <li>{@link #lll LLL} (Lenstra, Lenstra and Lovász, δ = 0.75): a short, nearly orthogonal basis,
 *       for minimum-image searches ({@link Lattice#reducedBasis()});</li>
 *   <li>{@link #niggli Niggli}: the unique reduced cell, the start of structure matching;</li>
 *   <li>{@link #delaunay Delaunay} (Selling): the basis the symmetry search derives the lattice point
 *       group from.</li>
 * </ul>
 */
public final class LatticeReduction {
    private LatticeReduction() {}

    // ------------------------------------------------------------------ LLL

    /** A reduced basis (rows, Å) and the integer matrix T with basis = T · original. */
    public record Reduced(double[][] basis, int[][] transform) {}

    /**
     * LLL reduction (δ = 0.75) of the basis whose rows are {@code basis}, right-handed. The rows
     * returned are the ones the reduction computed, not T·basis recomputed (which could differ in
     * the last bit).
     */
    public static Reduced lll(double[][] basis) {
        double[][] b = Mat3.copy(basis);
        long[][] t = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        int k = 1;
        int guard = 0;
        while (k < 3 && guard++ < 10_000) {
            double[][] bs = new double[3][];
            double[][] mu = new double[3][3];
            gramSchmidt(b, bs, mu);
            for (int j = k - 1; j >= 0; j--) {
                long q = Math.round(mu[k][j]);
                if (q != 0) {
                    for (int c = 0; c < 3; c++) {
                        b[k][c] -= q * b[j][c];
                        t[k][c] -= q * t[j][c];
                    }
                    gramSchmidt(b, bs, mu);
                }
            }
            if (Mat3.dot(bs[k], bs[k]) >= (0.75 - mu[k][k - 1] * mu[k][k - 1]) * Mat3.dot(bs[k - 1], bs[k - 1])) {
                k++;
            } else {
                double[] tmp = b[k]; b[k] = b[k - 1]; b[k - 1] = tmp;
                long[] tt = t[k]; t[k] = t[k - 1]; t[k - 1] = tt;
                k = Math.max(k - 1, 1);
            }
        }
        // keep a right-handed basis so volumes and handedness agree with the original cell
        if (Mat3.det(b) < 0) {
            for (int c = 0; c < 3; c++) {
                b[2][c] = -b[2][c];
                t[2][c] = -t[2][c];
            }
        }
        int[][] ti = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) ti[i][j] = Math.toIntExact(t[i][j]);
        return new Reduced(b, ti);
    }

    private static void gramSchmidt(double[][] b, double[][] bs, double[][] mu) {
        for (int i = 0; i < 3; i++) {
            bs[i] = b[i].clone();
            for (int j = 0; j < i; j++) {
                mu[i][j] = Mat3.dot(b[i], bs[j]) / Mat3.dot(bs[j], bs[j]);
                for (int c = 0; c < 3; c++) bs[i][c] -= mu[i][j] * bs[j][c];
            }
        }
    }

    // ------------------------------------------------------------------ Niggli

    /**
     * Niggli reduction: the Křivý-Gruber algorithm (Acta Cryst. A32 (1976) 297) with the relative
     * tolerance of Grosse-Kunstleve, Sauter and Adams (Acta Cryst. A60 (2004) 1), ε = tol · V^(1/3),
     * as pymatgen applies it (tol = 1e-5) before matching. Steps act on the basis vectors themselves
     * (B' = Mᵀ·B for a step M on the metric G = B·Bᵀ), so the reduced lattice keeps its orientation.
     * The result is right-handed.
     */
    public static Lattice niggli(Lattice lattice, double tol) {
        double[][] b = lattice.reducedBasis().matrix();
        double e = tol * Math.cbrt(lattice.volume());
        for (int iter = 0; iter < 100; iter++) {
            double[][] g = Mat3.metric(b);
            double A = g[0][0], B = g[1][1], C = g[2][2], E = 2 * g[1][2], N = 2 * g[0][2], Y = 2 * g[0][1];
            if (B + e < A || (Math.abs(A - B) < e && Math.abs(E) > Math.abs(N) + e)) { // A1
                b = step(b, new double[][] {{0, -1, 0}, {-1, 0, 0}, {0, 0, -1}});
                g = Mat3.metric(b);
                A = g[0][0]; B = g[1][1]; C = g[2][2]; E = 2 * g[1][2]; N = 2 * g[0][2]; Y = 2 * g[0][1];
            }
            if (C + e < B || (Math.abs(B - C) < e && Math.abs(N) > Math.abs(Y) + e)) { // A2
                b = step(b, new double[][] {{-1, 0, 0}, {0, 0, -1}, {0, -1, 0}});
                continue;
            }
            int l = Math.abs(E) < e ? 0 : (int) Math.signum(E);
            int m = Math.abs(N) < e ? 0 : (int) Math.signum(N);
            int n = Math.abs(Y) < e ? 0 : (int) Math.signum(Y);
            if (l * m * n == 1) { // A3
                b = step(b, Mat3.diagonal(l == -1 ? -1 : 1, m == -1 ? -1 : 1, n == -1 ? -1 : 1));
            } else { // A4 (l·m·n is 0 or -1)
                int i = l == 1 ? -1 : 1, j = m == 1 ? -1 : 1, k = n == 1 ? -1 : 1;
                if (i * j * k == -1) {
                    if (n == 0) k = -1;
                    else if (m == 0) j = -1;
                    else if (l == 0) i = -1;
                }
                b = step(b, Mat3.diagonal(i, j, k));
            }
            g = Mat3.metric(b);
            A = g[0][0]; B = g[1][1]; C = g[2][2]; E = 2 * g[1][2]; N = 2 * g[0][2]; Y = 2 * g[0][1];
            if (Math.abs(E) > B + e || (Math.abs(E - B) < e && 2 * N < Y - e) || (Math.abs(E + B) < e && Y < -e)) { // A5
                b = step(b, new double[][] {{1, 0, 0}, {0, 1, -Math.signum(E)}, {0, 0, 1}});
                continue;
            }
            if (Math.abs(N) > A + e || (Math.abs(A - N) < e && 2 * E < Y - e) || (Math.abs(A + N) < e && Y < -e)) { // A6
                b = step(b, new double[][] {{1, 0, -Math.signum(N)}, {0, 1, 0}, {0, 0, 1}});
                continue;
            }
            if (Math.abs(Y) > A + e || (Math.abs(A - Y) < e && 2 * E < N - e) || (Math.abs(A + Y) < e && N < -e)) { // A7
                b = step(b, new double[][] {{1, -Math.signum(Y), 0}, {0, 1, 0}, {0, 0, 1}});
                continue;
            }
            double s = E + N + Y + A + B;
            if (s < -e || (Math.abs(s) < e && 2 * (A + N) + Y > e)) { // A8
                b = step(b, new double[][] {{1, 0, 1}, {0, 1, 1}, {0, 0, 1}});
                continue;
            }
            break;
        }
        if (Mat3.det(b) < 0) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) b[i][j] = -b[i][j];
        return Lattice.fromMatrix(b);
    }

    /** The structure on its Niggli-reduced lattice, every coordinate wrapped into [0, 1). */
    public static Structure niggli(Structure s, double tol) {
        Lattice r = niggli(s.lattice(), tol);
        List<Site> sites = new ArrayList<>(s.size());
        for (Site site : s.sites()) sites.add(site.withFrac(r.toFractional(s.lattice().toCartesian(site.frac())).wrapped()));
        return new Structure(r, sites);
    }

    // B' = Mᵀ · B
    private static double[][] step(double[][] b, double[][] m) { return Mat3.mul(Mat3.transpose(m), b); }

    // ------------------------------------------------------------------ Delaunay

    /**
     * Delaunay reduction: the integer matrix M (rows are the new vectors in terms of the old ones,
     * det ±1, the reduced basis right-handed) such that M·lat is Delaunay reduced. Selling's algorithm
     * on the superbase b1..b4 (b4 = -(b1+b2+b3)) until every pair has a non-positive scalar product,
     * then the three shortest non-coplanar vectors of {b1, b2, b3, b4, b1+b2, b2+b3, b3+b1}, as in
     * spglib's delaunay.c (Togo and Tanaka, arXiv:1808.01590).
     */
    public static int[][] delaunay(double[][] lat) {
        double[][] b = new double[4][];
        int[][] k = new int[4][];
        for (int i = 0; i < 3; i++) {
            b[i] = lat[i].clone();
            k[i] = Mat3.IDENTITY[i].clone();
        }
        b[3] = new double[] {-(b[0][0] + b[1][0] + b[2][0]), -(b[0][1] + b[1][1] + b[2][1]), -(b[0][2] + b[1][2] + b[2][2])};
        k[3] = new int[] {-1, -1, -1};
        double scale = (Mat3.dot(b[0], b[0]) + Mat3.dot(b[1], b[1]) + Mat3.dot(b[2], b[2])) / 3;
        double eps = 1e-10 * scale;
        for (int guard = 0; guard < 1000; guard++) {
            boolean changed = false;
            outer:
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    if (Mat3.dot(b[i], b[j]) > eps) {
                        for (int l = 0; l < 4; l++) {
                            if (l == i || l == j) continue;
                            for (int c = 0; c < 3; c++) {
                                b[l][c] += b[i][c];
                                k[l][c] += k[i][c];
                            }
                        }
                        for (int c = 0; c < 3; c++) {
                            b[i][c] = -b[i][c];
                            k[i][c] = -k[i][c];
                        }
                        changed = true;
                        break outer;
                    }
                }
            }
            if (!changed) break;
        }
        double[][] cb = new double[7][];
        int[][] ck = new int[7][];
        for (int i = 0; i < 4; i++) {
            cb[i] = b[i];
            ck[i] = k[i];
        }
        int[][] pairs = {{0, 1}, {1, 2}, {2, 0}};
        for (int p = 0; p < 3; p++) {
            int i = pairs[p][0], j = pairs[p][1];
            cb[4 + p] = new double[] {b[i][0] + b[j][0], b[i][1] + b[j][1], b[i][2] + b[j][2]};
            ck[4 + p] = new int[] {k[i][0] + k[j][0], k[i][1] + k[j][1], k[i][2] + k[j][2]};
        }
        Integer[] order = {0, 1, 2, 3, 4, 5, 6};
        Arrays.sort(order, (x, y) -> Double.compare(Mat3.dot(cb[x], cb[x]), Mat3.dot(cb[y], cb[y])));
        int[][] m = new int[3][];
        double[][] chosen = new double[3][];
        int n = 0;
        for (int idx : order) {
            if (n == 0) {
                m[0] = ck[idx];
                chosen[0] = cb[idx];
                n = 1;
            } else if (n == 1) {
                double[] cr = Mat3.cross(chosen[0], cb[idx]);
                if (Math.sqrt(Mat3.dot(cr, cr)) > 1e-6 * Mat3.dot(chosen[0], chosen[0])) {
                    m[1] = ck[idx];
                    chosen[1] = cb[idx];
                    n = 2;
                }
            } else {
                int[][] t = {m[0], m[1], ck[idx]};
                if (Mat3.det(t) != 0) {
                    m[2] = ck[idx];
                    n = 3;
                    break;
                }
            }
        }
        int[][] result = {m[0].clone(), m[1].clone(), m[2].clone()};
        // a right-handed reduced basis, as spglib's delaunay.c makes it (negating all three vectors when
        // the volume is negative): the tabulated settings are right-handed, so a left-handed basis (an
        // axis swap of the input makes one) would read every screw axis with the opposite sense and
        // report the enantiomorph (P3_2 21 for P3_1 21). M may therefore have determinant -1.
        if (Mat3.det(Mat3.mul(Mat3.toDouble(result), lat)) < 0) {
            for (int[] row : result) for (int c = 0; c < 3; c++) row[c] = -row[c];
        }
        if (Math.abs(Mat3.det(result)) != 1) throw new IllegalStateException("Delaunay reduction lost the lattice");
        return result;
    }
}
