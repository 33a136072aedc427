package org.crystalgan.screening.hull;

import java.util.Arrays;

/**
 * The linear programme behind the hull: the lowest energy per atom reachable at a target composition
 * by mixing phases, min Σ λⱼ cⱼ subject to Σ λⱼ xⱼ = b, λ ≥ 0, where xⱼ are atomic-fraction vectors
 * (k rows, k = number of elements) and cⱼ energies per atom. Because the first k columns are the pure
 * elements (unit vectors), they form a feasible starting basis and no phase I is needed.
 *
 * <p>Revised simplex with an explicit k×k basis inverse (k is small: 2-6 elements), Dantzig pricing and
 * Bland's rule after a run of degenerate pivots, so coplanar and duplicate phases cannot make it cycle.
 * Shared by the convex hull and the Pourbaix diagram (where the costs are free energies per non-H, non-O
 * atom at a pH and potential). Answers the same question as a lower convex hull (pymatgen builds it with qhull): the minimum of the
 * LP is the hull's energy at b, and the basis with λ &gt; 0 is the decomposition.
 */
public final class SimplexLp {
    private static final double COST_TOL = 1e-10;
    private static final double PIVOT_TOL = 1e-11;

    private final double[][] x; // x[j] fraction vector, length k
    private final double[] c;
    private final int k;

    /** Result: the minimum, the basis columns and their weights (atom fractions, summing to 1). */
    public record Solution(double value, int[] columns, double[] weights) {}

    public SimplexLp(double[][] columns, double[] costs, int k) {
        this.x = columns;
        this.c = costs;
        this.k = k;
    }

    /**
     * Solves over the candidate columns {@code cand} (which must contain the k elemental columns
     * {@code elementColumns[i]} = unit vector i).
     */
    public Solution solve(double[] b, int[] cand, int[] elementColumns) {
        int[] basis = elementColumns.clone();
        double[] lambda = b.clone();
        double[][] binv = identity(k);
        int degenerate = 0;
        double[] mu = new double[k];
        double[] w = new double[k];
        for (int iter = 0; iter < 50 * (cand.length + k) + 100; iter++) {
            // duals μ = c_B B⁻¹
            Arrays.fill(mu, 0);
            for (int i = 0; i < k; i++) {
                double cb = c[basis[i]];
                for (int r = 0; r < k; r++) mu[r] += cb * binv[i][r];
            }
            boolean bland = degenerate > 2 * k;
            int enter = -1;
            double best = -COST_TOL;
            for (int j : cand) {
                double[] xj = x[j];
                double d = c[j];
                for (int r = 0; r < k; r++) d -= mu[r] * xj[r];
                if (d < -COST_TOL) {
                    if (bland) {
                        if (enter < 0 || j < enter) { enter = j; best = d; }
                    } else if (d < best) {
                        best = d;
                        enter = j;
                    }
                }
            }
            if (enter < 0) break;
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int r = 0; r < k; r++) s += binv[i][r] * x[enter][r];
                w[i] = s;
            }
            int leave = -1;
            double theta = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                if (w[i] > PIVOT_TOL) {
                    double t = Math.max(lambda[i], 0) / w[i];
                    if (t < theta - 1e-15 || (t <= theta + 1e-15 && leave >= 0 && basis[i] < basis[leave])) {
                        theta = t;
                        leave = i;
                    }
                }
            }
            if (leave < 0) throw new IllegalStateException("hull LP unbounded: fraction vectors are inconsistent");
            degenerate = theta < 1e-14 ? degenerate + 1 : 0;
            for (int i = 0; i < k; i++) lambda[i] -= theta * w[i];
            lambda[leave] = theta;
            basis[leave] = enter;
            // B⁻¹ update by the pivot on w[leave]
            double p = w[leave];
            double[] rowL = binv[leave];
            for (int r = 0; r < k; r++) rowL[r] /= p;
            for (int i = 0; i < k; i++) {
                if (i == leave || w[i] == 0) continue;
                double f = w[i];
                for (int r = 0; r < k; r++) binv[i][r] -= f * rowL[r];
            }
        }
        // recompute weights from a fresh inverse to shed accumulated rounding
        double[][] bm = new double[k][k];
        for (int i = 0; i < k; i++) for (int r = 0; r < k; r++) bm[r][i] = x[basis[i]][r];
        double[] lam = solveLinear(bm, b);
        if (lam == null) lam = lambda;
        double value = 0;
        for (int i = 0; i < k; i++) {
            if (lam[i] < 0 && lam[i] > -1e-9) lam[i] = 0;
            value += lam[i] * c[basis[i]];
        }
        return new Solution(value, basis, lam);
    }

    private static double[][] identity(int k) {
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) m[i][i] = 1;
        return m;
    }

    /** Gaussian elimination with partial pivoting; null when singular. */
    static double[] solveLinear(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            if (Math.abs(a[piv][col]) < 1e-14) return null;
            double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
            double tb = b[col]; b[col] = b[piv]; b[piv] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                if (f == 0) continue;
                for (int q = col; q < n; q++) a[r][q] -= f * a[col][q];
                b[r] -= f * b[col];
            }
        }
        double[] xs = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int q = r + 1; q < n; q++) s -= a[r][q] * xs[q];
            xs[r] = s / a[r][r];
        }
        return xs;
    }
}
