package org.crystalgan.screening.match;

import java.util.Arrays;

/**
 * Minimum-cost perfect matching of a square cost matrix (the Hungarian method with potentials and
 * shortest augmenting paths, O(n³); Kuhn 1955, Munkres 1957).
 */
final class LinearAssignment {
    private LinearAssignment() {}

    /** For each row i, the column assigned to it. */
    static int[] solve(double[][] cost) {
        int n = cost.length;
        if (n == 0) return new int[0];
        double[] u = new double[n + 1], v = new double[n + 1];
        int[] p = new int[n + 1], way = new int[n + 1];
        double[] minv = new double[n + 1];
        boolean[] used = new boolean[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (used[j]) continue;
                    double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= n; j++) if (p[j] != 0) rowToCol[p[j] - 1] = j - 1;
        return rowToCol;
    }
}
