package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Niggli reduction: the Křivý-Gruber algorithm (Acta Cryst. A32 (1976) 297) with the relative
 * tolerance of Grosse-Kunstleve, Sauter and Adams (Acta Cryst. A60 (2004) 1), ε = tol · V^(1/3),
 * as pymatgen applies it (tol = 1e-5) before matching. Steps act on the basis vectors themselves
 * (B' = Mᵀ·B for a step M on the metric G = B·Bᵀ), so the reduced lattice keeps its orientation.
 */
public final class Niggli {
    private Niggli() {}

    /** The Niggli-reduced basis of the lattice (right-handed). */
    public static Lattice reduce(Lattice lattice, double tol) {
        double[][] b = lattice.reducedBasis().matrix();
        double e = tol * Math.cbrt(lattice.volume());
        for (int iter = 0; iter < 100; iter++) {
            double[][] g = metric(b);
            double A = g[0][0], B = g[1][1], C = g[2][2], E = 2 * g[1][2], N = 2 * g[0][2], Y = 2 * g[0][1];
            if (B + e < A || (Math.abs(A - B) < e && Math.abs(E) > Math.abs(N) + e)) { // A1
                b = apply(b, new double[][] {{0, -1, 0}, {-1, 0, 0}, {0, 0, -1}});
                g = metric(b);
                A = g[0][0]; B = g[1][1]; C = g[2][2]; E = 2 * g[1][2]; N = 2 * g[0][2]; Y = 2 * g[0][1];
            }
            if (C + e < B || (Math.abs(B - C) < e && Math.abs(N) > Math.abs(Y) + e)) { // A2
                b = apply(b, new double[][] {{-1, 0, 0}, {0, 0, -1}, {0, -1, 0}});
                continue;
            }
            int l = Math.abs(E) < e ? 0 : (int) Math.signum(E);
            int m = Math.abs(N) < e ? 0 : (int) Math.signum(N);
            int n = Math.abs(Y) < e ? 0 : (int) Math.signum(Y);
            if (l * m * n == 1) { // A3
                b = apply(b, diag(l == -1 ? -1 : 1, m == -1 ? -1 : 1, n == -1 ? -1 : 1));
            } else { // A4 (l·m·n is 0 or -1)
                int i = l == 1 ? -1 : 1, j = m == 1 ? -1 : 1, k = n == 1 ? -1 : 1;
                if (i * j * k == -1) {
                    if (n == 0) k = -1;
                    else if (m == 0) j = -1;
                    else if (l == 0) i = -1;
                }
                b = apply(b, diag(i, j, k));
            }
            g = metric(b);
            A = g[0][0]; B = g[1][1]; C = g[2][2]; E = 2 * g[1][2]; N = 2 * g[0][2]; Y = 2 * g[0][1];
            if (Math.abs(E) > B + e || (Math.abs(E - B) < e && 2 * N < Y - e) || (Math.abs(E + B) < e && Y < -e)) { // A5
                b = apply(b, new double[][] {{1, 0, 0}, {0, 1, -Math.signum(E)}, {0, 0, 1}});
                continue;
            }
            if (Math.abs(N) > A + e || (Math.abs(A - N) < e && 2 * E < Y - e) || (Math.abs(A + N) < e && Y < -e)) { // A6
                b = apply(b, new double[][] {{1, 0, -Math.signum(N)}, {0, 1, 0}, {0, 0, 1}});
                continue;
            }
            if (Math.abs(Y) > A + e || (Math.abs(A - Y) < e && 2 * E < N - e) || (Math.abs(A + Y) < e && N < -e)) { // A7
                b = apply(b, new double[][] {{1, -Math.signum(Y), 0}, {0, 1, 0}, {0, 0, 1}});
                continue;
            }
            double s = E + N + Y + A + B;
            if (s < -e || (Math.abs(s) < e && 2 * (A + N) + Y > e)) { // A8
                b = apply(b, new double[][] {{1, 0, 1}, {0, 1, 1}, {0, 0, 1}});
                continue;
            }
            break;
        }
        if (det(b) < 0) for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) b[i][j] = -b[i][j];
        return Lattice.fromMatrix(b);
    }

    /** The structure on its Niggli-reduced lattice, every coordinate wrapped into [0, 1). */
    public static Structure reduce(Structure s, double tol) {
        Lattice r = reduce(s.lattice(), tol);
        List<Site> sites = new ArrayList<>(s.size());
        for (Site site : s.sites()) sites.add(site.withFrac(r.toFractional(s.lattice().toCartesian(site.frac())).wrapped()));
        return new Structure(r, sites);
    }

    private static double[][] metric(double[][] b) {
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) g[i][j] = b[i][0] * b[j][0] + b[i][1] * b[j][1] + b[i][2] * b[j][2];
        return g;
    }

    // B' = Mᵀ · B
    private static double[][] apply(double[][] b, double[][] m) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            double v = 0;
            for (int k = 0; k < 3; k++) v += m[k][i] * b[k][j];
            out[i][j] = v;
        }
        return out;
    }

    private static double[][] diag(int i, int j, int k) { return new double[][] {{i, 0, 0}, {0, j, 0}, {0, 0, k}}; }

    static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

}
