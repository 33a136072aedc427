package org.crystalgan.potential.classical;

import java.util.List;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Structure;

/**
 * The classical force field (Buckingham + Ewald): rigid ions with formal charges, Buckingham
 * short-range pairs (see {@link BuckinghamParameters}) and the Coulomb energy by Ewald summation,
 * with analytic forces and stress. A tool to tidy generated cells and to rank polymorphs of one
 * composition; its energies are not formation energies and are never used for the convex hull.
 *
 * <p>Ewald split as usual: real-space erfc(αr)/r up to r_c, reciprocal sum up to k_c, self term; α
 * balances the two sums for the cell's density (α = √π·(N·w/V²)^(1/6), w = 1/√2, as pymatgen's
 * EwaldSummation) and r_c = s/α, k_c = 2αs with s = √(ln 10⁸) for an error near 1e-8 in relative terms.
 * Stress is σ = (1/V)·∂E/∂ε (eV/Å³; positive when the cell wants to shrink).
 */
public final class ClassicalForceField {
    /** e²/(4πε₀) in eV·Å. */
    public static final double COULOMB = 14.399645;
    /** Buckingham pairs beyond this distance (Å) are dropped: A·exp(−r/ρ) is below 1e-7 eV there. */
    public static final double BUCKINGHAM_CUTOFF = 8.0;
    /** eV/Å³ to GPa. */
    public static final double EV_PER_A3_TO_GPA = 160.21766;

    private static final double ACCURACY = Math.sqrt(Math.log(1e8));
    private static final double MAX_REAL_CUTOFF = 6.0;

    private final BuckinghamParameters params;

    public ClassicalForceField(BuckinghamParameters params) { this.params = params; }

    public ClassicalForceField() { this(BuckinghamParameters.bundled()); }

    /** Energy (eV per cell), forces (eV/Å, Cartesian, per site), stress (eV/Å³), shortest ion-ion distance (Å). */
    public record Result(double energy, double[][] forces, double[][] stress, double minDistance) {
        public double maxForce() {
            double m = 0;
            for (double[] f : forces) m = Math.max(m, Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]));
            return m;
        }

        public double maxStress() {
            double m = 0;
            for (double[] r : stress) for (double v : r) m = Math.max(m, Math.abs(v));
            return m;
        }

        /** Pressure, GPa (−trace(σ)/3 with σ as above; positive when compressed). */
        public double pressureGpa() { return -(stress[0][0] + stress[1][1] + stress[2][2]) / 3 * EV_PER_A3_TO_GPA; }
    }

    /** Evaluates a structure with charges from {@link FormalCharges}. */
    public Result evaluate(Structure s) { return evaluate(s, FormalCharges.assign(s)); }

    public Result evaluate(Structure s, List<String> ions) {
        int n = s.size();
        double[][] cart = new double[n][];
        for (int i = 0; i < n; i++) {
            var c = s.cartesian(i);
            cart[i] = new double[] {c.x(), c.y(), c.z()};
        }
        return evaluate(s.lattice().matrix(), cart, ions);
    }

    /**
     * Evaluates Cartesian positions in a cell (rows = lattice vectors, Å).
     */
    public Result evaluate(double[][] cell, double[][] cart, List<String> ions) {
        int n = cart.length;
        double[] q = new double[n];
        for (int i = 0; i < n; i++) q[i] = FormalCharges.charge(ions.get(i));
        // pair table of Buckingham parameters by species index
        String[] kinds = ions.stream().distinct().sorted().toArray(String[]::new);
        int[] kind = new int[n];
        for (int i = 0; i < n; i++) kind[i] = java.util.Arrays.binarySearch(kinds, ions.get(i));
        int nk = kinds.length;
        double[][] pa = new double[nk][nk], prho = new double[nk][nk], pc = new double[nk][nk];
        for (int a = 0; a < nk; a++) {
            for (int b = 0; b < nk; b++) {
                var p = params.pair(kinds[a], kinds[b]);
                if (p.isPresent()) {
                    pa[a][b] = p.get().a();
                    prho[a][b] = p.get().rho();
                    pc[a][b] = p.get().c();
                }
            }
        }
        Lattice lat = Lattice.fromMatrix(cell);
        double vol = lat.volume();
        // pymatgen's balance, but never a real-space cutoff beyond 6 Å: the reciprocal sum below is cheap
        double alpha = Math.max(Math.sqrt(Math.PI) * Math.pow(n / Math.sqrt(2) / (vol * vol), 1.0 / 6), ACCURACY / MAX_REAL_CUTOFF);
        double rEwald = ACCURACY / alpha;
        double kMax = 2 * alpha * ACCURACY;
        double rMax = Math.max(rEwald, BUCKINGHAM_CUTOFF);

        double energy = 0;
        double minR2 = Double.POSITIVE_INFINITY;
        double[][] f = new double[n][3];
        double[][] w = new double[3][3]; // ∂E/∂ε
        // ---- real space: Coulomb erfc part + Buckingham
        double[] recipNorm = lat.reciprocalCrystallographic().parameters(); // |b*_k| = 1/d_k (1/Å) in the first three
        int[] nmax = new int[3];
        for (int k = 0; k < 3; k++) nmax[k] = (int) Math.ceil(rMax * recipNorm[k]) + 1;
        double rMax2 = rMax * rMax;
        double twoAlphaOverSqrtPi = 2 * alpha / Math.sqrt(Math.PI);
        double[] d = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double bx = cart[j][0] - cart[i][0], by = cart[j][1] - cart[i][1], bz = cart[j][2] - cart[i][2];
                double half = i == j ? 0.5 : 1.0;
                int ki = kind[i], kj = kind[j];
                double qq = COULOMB * q[i] * q[j];
                double a = pa[ki][kj], rho = prho[ki][kj], c6 = pc[ki][kj];
                for (int n0 = -nmax[0]; n0 <= nmax[0]; n0++) {
                    for (int n1 = -nmax[1]; n1 <= nmax[1]; n1++) {
                        for (int n2 = -nmax[2]; n2 <= nmax[2]; n2++) {
                            if (i == j && n0 == 0 && n1 == 0 && n2 == 0) continue;
                            d[0] = bx + n0 * cell[0][0] + n1 * cell[1][0] + n2 * cell[2][0];
                            d[1] = by + n0 * cell[0][1] + n1 * cell[1][1] + n2 * cell[2][1];
                            d[2] = bz + n0 * cell[0][2] + n1 * cell[1][2] + n2 * cell[2][2];
                            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                            if (r2 > rMax2) continue;
                            if (r2 < minR2) minR2 = r2;
                            double r = Math.sqrt(r2);
                            double e = 0, de = 0;
                            if (r < rEwald) {
                                double erfc = Erfc.erfc(alpha * r);
                                e += qq * erfc / r;
                                de += qq * (-erfc / r2 - twoAlphaOverSqrtPi * Math.exp(-alpha * alpha * r2) / r);
                            }
                            if (r < BUCKINGHAM_CUTOFF && (a != 0 || c6 != 0)) {
                                // exp(−40) ≈ 4e-18: the repulsion is nothing there, skip the exp
                                double ex = a != 0 && r < 40 * rho ? a * Math.exp(-r / rho) : 0;
                                double r6 = r2 * r2 * r2;
                                e += ex - c6 / r6;
                                de += -ex / rho + 6 * c6 / (r6 * r);
                            }
                            e *= half;
                            de *= half;
                            energy += e;
                            double g = de / r;
                            // F_i = φ'(r)·d/r, F_j = −φ'(r)·d/r (d points from i to j's image)
                            for (int x = 0; x < 3; x++) {
                                f[i][x] += g * d[x];
                                f[j][x] -= g * d[x];
                                for (int y = 0; y < 3; y++) w[x][y] += g * d[x] * d[y];
                            }
                        }
                    }
                }
            }
        }
        // ---- reciprocal space (half sphere, doubled). exp(i k·r) = Π_k exp(2πi m_k f_k) from per-atom
        // powers, so each k costs one complex product per atom instead of a sine and a cosine.
        double[][] rec = lat.reciprocal().matrix(); // rows b_k with 2π
        double[] realLen = lat.parameters();
        int[] kmx = new int[3];
        for (int k = 0; k < 3; k++) kmx[k] = (int) Math.ceil(kMax * realLen[k] / (2 * Math.PI)) + 1;
        double[][] inv = lat.reciprocalCrystallographic().matrix(); // rows b*_k: f_k = b*_k · r
        double[][][] pre = new double[3][][]; // [axis][m + kmx][2n] (re, im per atom)
        for (int ax = 0; ax < 3; ax++) {
            int m = kmx[ax];
            pre[ax] = new double[2 * m + 1][2 * n];
            for (int i = 0; i < n; i++) {
                double fr = inv[ax][0] * cart[i][0] + inv[ax][1] * cart[i][1] + inv[ax][2] * cart[i][2];
                double c1 = Math.cos(2 * Math.PI * fr), s1 = Math.sin(2 * Math.PI * fr);
                pre[ax][m][2 * i] = 1;
                pre[ax][m][2 * i + 1] = 0;
                for (int t = 1; t <= m; t++) {
                    double pr = pre[ax][m + t - 1][2 * i], pim = pre[ax][m + t - 1][2 * i + 1];
                    pre[ax][m + t][2 * i] = pr * c1 - pim * s1;
                    pre[ax][m + t][2 * i + 1] = pr * s1 + pim * c1;
                    pre[ax][m - t][2 * i] = pre[ax][m + t][2 * i];
                    pre[ax][m - t][2 * i + 1] = -pre[ax][m + t][2 * i + 1];
                }
            }
        }
        double pref = COULOMB * 2 * Math.PI / vol;
        double inv4a2 = 1 / (4 * alpha * alpha);
        double kMax2 = kMax * kMax;
        double[] cs = new double[n], sn = new double[n];
        double[] e01 = new double[2 * n];
        double[] kv = new double[3];
        for (int m0 = 0; m0 <= kmx[0]; m0++) {
            double[] p0 = pre[0][m0 + kmx[0]];
            for (int m1 = -kmx[1]; m1 <= kmx[1]; m1++) {
                if (m0 == 0 && m1 < 0) continue;
                double[] p1 = pre[1][m1 + kmx[1]];
                for (int i = 0; i < n; i++) {
                    double ar = p0[2 * i], ai = p0[2 * i + 1], br = p1[2 * i], bi = p1[2 * i + 1];
                    e01[2 * i] = ar * br - ai * bi;
                    e01[2 * i + 1] = ar * bi + ai * br;
                }
                for (int m2 = -kmx[2]; m2 <= kmx[2]; m2++) {
                    // half space: first non-zero index positive
                    if (m0 == 0 && m1 == 0 && m2 <= 0) continue;
                    for (int x = 0; x < 3; x++) kv[x] = m0 * rec[0][x] + m1 * rec[1][x] + m2 * rec[2][x];
                    double k2 = kv[0] * kv[0] + kv[1] * kv[1] + kv[2] * kv[2];
                    if (k2 > kMax2) continue;
                    double wk = Math.exp(-k2 * inv4a2) / k2;
                    double[] p2 = pre[2][m2 + kmx[2]];
                    double sc = 0, ss = 0;
                    for (int i = 0; i < n; i++) {
                        double ar = e01[2 * i], ai = e01[2 * i + 1], br = p2[2 * i], bi = p2[2 * i + 1];
                        cs[i] = ar * br - ai * bi;
                        sn[i] = ar * bi + ai * br;
                        sc += q[i] * cs[i];
                        ss += q[i] * sn[i];
                    }
                    double s2 = sc * sc + ss * ss;
                    double ek = 2 * pref * wk * s2; // ×2 for −k
                    energy += ek;
                    double fk = 2 * 2 * pref * wk;
                    for (int i = 0; i < n; i++) {
                        double t = fk * q[i] * (sc * sn[i] - ss * cs[i]);
                        f[i][0] += t * kv[0];
                        f[i][1] += t * kv[1];
                        f[i][2] += t * kv[2];
                    }
                    double fac = 2 * (1 / k2 + inv4a2);
                    for (int x = 0; x < 3; x++) {
                        w[x][x] -= ek;
                        for (int y = 0; y < 3; y++) w[x][y] += ek * fac * kv[x] * kv[y];
                    }
                }
            }
        }
        // ---- self energy
        double q2 = 0;
        for (double qi : q) q2 += qi * qi;
        energy -= COULOMB * alpha / Math.sqrt(Math.PI) * q2;
        double[][] stress = new double[3][3];
        for (int x = 0; x < 3; x++) for (int y = 0; y < 3; y++) stress[x][y] = w[x][y] / vol;
        return new Result(energy, f, stress, Math.sqrt(minR2));
    }
}
