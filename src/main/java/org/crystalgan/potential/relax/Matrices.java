package org.crystalgan.potential.relax;

/**
 * The small dense matrix algebra of the cell filter: products of any size, the matrix exponential
 * and the adjoint of its Fréchet derivative (3x3 inverse and determinant: {@code crystal.Mat3}).
 * Matrices are {@code double[rows][cols]}.
 */
final class Matrices {
    private Matrices() {}

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double x = a[i][l];
                if (x == 0) continue;
                for (int j = 0; j < m; j++) c[i][j] += x * b[l][j];
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static double[][] scale(double[][] a, double s) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) c[i][j] = a[i][j] * s;
        return c;
    }

    private static double normInf(double[][] a) {
        double best = 0;
        for (double[] row : a) {
            double s = 0;
            for (double v : row) s += Math.abs(v);
            best = Math.max(best, s);
        }
        return best;
    }

    /**
     * exp(A) by scaling and squaring: A/2^s has norm at most 1/2, where the Taylor series reaches
     * double precision within 20 terms (the remainder is below 0.5^21/21! ~ 2e-26); s squarings undo
     * the scaling. The cell's log-deformations are far below 1, so s is 0 in practice.
     */
    static double[][] expm(double[][] a) {
        int n = a.length;
        double norm = normInf(a);
        if (!Double.isFinite(norm)) throw new ArithmeticException("matrix exponential of a non-finite matrix");
        int s = norm > 0.5 ? (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)) : 0;
        double[][] x = scale(a, Math.scalb(1.0, -s));
        double[][] sum = identity(n);
        double[][] term = identity(n);
        for (int k = 1; k <= 30; k++) {
            term = scale(multiply(term, x), 1.0 / k);
            double tn = normInf(term);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sum[i][j] += term[i][j];
            if (tn <= 1e-18 * normInf(sum)) break;
        }
        for (int i = 0; i < s; i++) sum = multiply(sum, sum);
        return sum;
    }

    /**
     * The adjoint of the Fréchet derivative of exp at A, applied to G: the matrix whose (μ,ν) entry is
     * the Frobenius product of d/dt exp(A + t·E_μν) with G. It equals L(Aᵀ, G) (L(A,E) is
     * ∫₀¹ e^{sA} E e^{(1-s)A} ds, and moving the exponentials across the trace transposes them), and
     * L(X, G) is the upper-right block of exp([[X, G], [0, X]]) (Higham, Functions of Matrices,
     * 2008, eq. 3.16), so one 6x6 exponential replaces nine directional derivatives.
     */
    static double[][] expmFrechetAdjoint(double[][] a, double[][] g) {
        int n = a.length;
        double gn = 0;
        for (double[] row : g) for (double v : row) gn += v * v;
        gn = Math.sqrt(gn);
        if (gn == 0) return new double[n][n];
        // L is linear in G: a unit G keeps the block's norm, and so the squaring error, small
        double[][] block = new double[2 * n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                block[i][j] = a[j][i];
                block[n + i][n + j] = a[j][i];
                block[i][n + j] = g[i][j] / gn;
            }
        }
        double[][] e = expm(block);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[i][j] = gn * e[i][n + j];
        return out;
    }
}
