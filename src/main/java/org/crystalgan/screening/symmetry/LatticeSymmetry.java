package org.crystalgan.screening.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Mat3;

/**
 * Lattice-level steps of the symmetry search of Togo and Tanaka (spglib, arXiv:1808.01590): the
 * lattice point group as the integer matrices with entries in {-1, 0, 1}
 * that keep the metric of a Delaunay-reduced basis within the distance tolerance, and the modular
 * linear solve used for origin shifts.
 */
final class LatticeSymmetry {
    private LatticeSymmetry() {}

    /**
     * The rotations W (acting on fractional columns) that map the reduced lattice {@code lat} onto
     * itself within {@code tol} Å. Column j of W holds the image of lattice vector j, so candidates
     * for each column are the vectors with coefficients in {-1, 0, 1} of about the same length.
     */
    static List<int[][]> pointGroup(double[][] lat, double tol) {
        double[] len = new double[3];
        double[][] cos = new double[3][3];
        for (int j = 0; j < 3; j++) len[j] = Math.sqrt(Mat3.dot(lat[j], lat[j]));
        for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) cos[j][k] = Mat3.dot(lat[j], lat[k]) / (len[j] * len[k]);
        List<List<int[]>> cand = new ArrayList<>();
        List<List<double[]>> cart = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<int[]> c = new ArrayList<>();
            List<double[]> v = new ArrayList<>();
            for (int a = -1; a <= 1; a++) for (int bb = -1; bb <= 1; bb++) for (int cc = -1; cc <= 1; cc++) {
                if (a == 0 && bb == 0 && cc == 0) continue;
                double[] x = Mat3.cart(lat, new double[] {a, bb, cc});
                if (Math.abs(Math.sqrt(Mat3.dot(x, x)) - len[j]) <= tol) {
                    c.add(new int[] {a, bb, cc});
                    v.add(x);
                }
            }
            cand.add(c);
            cart.add(v);
        }
        List<int[][]> out = new ArrayList<>();
        // the pair conditions are checked as soon as both columns are chosen, so most combinations stop early
        for (int i0 = 0; i0 < cand.get(0).size(); i0++) {
            double[] v0 = cart.get(0).get(i0);
            for (int i1 = 0; i1 < cand.get(1).size(); i1++) {
                double[] v1 = cart.get(1).get(i1);
                if (!sameAngle(v0, v1, len[0], len[1], cos[0][1], tol)) continue;
                for (int i2 = 0; i2 < cand.get(2).size(); i2++) {
                    double[] v2 = cart.get(2).get(i2);
                    if (!sameAngle(v0, v2, len[0], len[2], cos[0][2], tol)) continue;
                    if (!sameAngle(v1, v2, len[1], len[2], cos[1][2], tol)) continue;
                    int[][] w = Mat3.columns(cand.get(0).get(i0), cand.get(1).get(i1), cand.get(2).get(i2));
                    int d = Mat3.det(w);
                    if (d == 1 || d == -1) out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * spglib's angle criterion (symmetry.c, angle tolerance unset): with Δθ the change of the angle
     * between two axes, sin²(Δθ) times the mean product of their lengths must stay below tol².
     */
    private static boolean sameAngle(double[] u, double[] v, double lenU0, double lenV0, double cos0, double tol) {
        double lu = Math.sqrt(Mat3.dot(u, u)), lv = Math.sqrt(Mat3.dot(v, v));
        double cos1 = Mat3.dot(u, v) / (lu * lv);
        double x = cos0 * cos1 + Math.sqrt(Math.max(0, 1 - cos0 * cos0)) * Math.sqrt(Math.max(0, 1 - cos1 * cos1));
        double sin2 = 1 - x * x;
        double lenAve2 = (lenU0 + lu) * (lenV0 + lv) / 4;
        return !(sin2 > 1e-12 && sin2 * lenAve2 > tol * tol);
    }

    /**
     * Solves A·p ≡ b (mod 1) for p (3 unknowns) through a Smith-type diagonalisation U·A·V = D with
     * unimodular U and V: D·(V⁻¹p) ≡ U·b. Returns one solution (free components set to 0); the
     * caller verifies it, so inconsistent rows need no special handling here.
     */
    static double[] solveModular(int[][] a, double[] b) {
        int m = a.length;
        long[][] d = new long[m][3];
        for (int i = 0; i < m; i++) for (int j = 0; j < 3; j++) d[i][j] = a[i][j];
        long[][] u = new long[m][m];
        for (int i = 0; i < m; i++) u[i][i] = 1;
        long[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        int rank = Math.min(m, 3);
        for (int k = 0; k < rank; k++) {
            while (true) {
                int bi = -1, bj = -1;
                long best = Long.MAX_VALUE;
                for (int i = k; i < m; i++) for (int j = k; j < 3; j++) {
                    if (d[i][j] != 0 && Math.abs(d[i][j]) < best) {
                        best = Math.abs(d[i][j]);
                        bi = i;
                        bj = j;
                    }
                }
                if (bi < 0) break;
                swapRows(d, k, bi);
                swapRows(u, k, bi);
                swapCols(d, k, bj);
                swapCols(v, k, bj);
                boolean clean = true;
                for (int i = k + 1; i < m; i++) {
                    long q = d[i][k] / d[k][k];
                    if (q != 0) {
                        for (int j = 0; j < 3; j++) d[i][j] -= q * d[k][j];
                        for (int j = 0; j < m; j++) u[i][j] -= q * u[k][j];
                    }
                    if (d[i][k] != 0) clean = false;
                }
                for (int j = k + 1; j < 3; j++) {
                    long q = d[k][j] / d[k][k];
                    if (q != 0) {
                        for (int i = 0; i < m; i++) d[i][j] -= q * d[i][k];
                        for (int i = 0; i < 3; i++) v[i][j] -= q * v[i][k];
                    }
                    if (d[k][j] != 0) clean = false;
                }
                if (clean) break;
            }
        }
        double[] ub = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += u[i][j] * b[j];
            ub[i] = s;
        }
        double[] q = new double[3];
        for (int i = 0; i < 3 && i < m; i++) q[i] = d[i][i] == 0 ? 0 : ub[i] / d[i][i];
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) p[i] = v[i][0] * q[0] + v[i][1] * q[1] + v[i][2] * q[2];
        return p;
    }

    private static void swapRows(long[][] x, int a, int b) {
        if (a == b) return;
        long[] t = x[a];
        x[a] = x[b];
        x[b] = t;
    }

    private static void swapCols(long[][] x, int a, int b) {
        if (a == b) return;
        for (long[] row : x) {
            long t = row[a];
            row[a] = row[b];
            row[b] = t;
        }
    }

    /**
     * A basis (rows, in the coordinates of the integer vectors given) of the lattice generated by
     * the integer row vectors {@code vectors}: Hermite reduction by repeated Euclid steps.
     */
    static long[][] latticeBasis(List<long[]> vectors) {
        List<long[]> rows = new ArrayList<>();
        for (long[] v : vectors) rows.add(v.clone());
        long[][] basis = new long[3][];
        for (int col = 0; col < 3; col++) {
            // Euclid on column col among the remaining rows until one row keeps a non-zero entry
            while (true) {
                long[] pivot = null;
                for (long[] r : rows) if (r[col] != 0 && (pivot == null || Math.abs(r[col]) < Math.abs(pivot[col]))) pivot = r;
                if (pivot == null) break;
                boolean others = false;
                for (long[] r : rows) {
                    if (r == pivot || r[col] == 0) continue;
                    long q = r[col] / pivot[col];
                    for (int c = 0; c < 3; c++) r[c] -= q * pivot[c];
                    if (r[col] != 0) others = true;
                }
                if (!others) {
                    basis[col] = pivot;
                    rows.remove(pivot);
                    break;
                }
            }
            if (basis[col] == null) throw new IllegalArgumentException("vectors do not span three dimensions");
        }
        return basis;
    }
}
