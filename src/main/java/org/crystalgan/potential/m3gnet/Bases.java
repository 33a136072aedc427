package org.crystalgan.potential.m3gnet;

/**
 * The radial and angular basis functions of M3GNet with their derivatives, following the formulas of
 * matgl's {@code layers/_basis.py} and {@code utils/cutoff.py} (Chen and Ong, Nat. Comput. Sci. 2,
 * 718 (2022); smooth Bessel basis from Kocer et al., arXiv:1907.02374).
 */
final class Bases {
    private Bases() {}

    /**
     * Radial functions of a distance, {@code count} of them, in matgl's column order.
     *
     * <p>Plain: f_{l,n}(r) = sqrt(2/rc³) j_l(z_{l,n} r/rc) / |j_{l+1}(z_{l,n})| with z_{l,n} the n-th
     * root of j_l, columns l-major (l &lt; maxL, n &lt; maxN), r clamped to rc. Smooth: the orthogonalised
     * combinations g_i of sinc functions whose value and first two derivatives vanish at rc.
     */
    static final class Radial {
        final boolean smooth;
        final int maxN, maxL, count;
        final double rc;
        private final double[] root, norm;          // plain
        private final double[] pre, e, dsq, mix;    // smooth

        Radial(boolean smooth, int maxN, int maxL, int count, double rc) {
            this.smooth = smooth;
            this.maxN = maxN;
            this.maxL = maxL;
            this.count = count;
            this.rc = rc;
            if (smooth) {
                root = norm = null;
                pre = new double[count];
                e = new double[count];
                dsq = new double[count];
                mix = new double[count];
                double d = 1;
                for (int i = 0; i < count; i++) {
                    double a = i + 1, b = i + 2;
                    pre[i] = (i % 2 == 0 ? 1 : -1) * Math.sqrt(2.0) * Math.PI / Math.pow(rc, 1.5) * a * b / Math.sqrt(a * a + b * b);
                    e[i] = (double) i * i * (i + 2) * (i + 2) / (4.0 * Math.pow(i + 1, 4) + 1);
                    if (i == 0) {
                        dsq[0] = 1;
                        mix[0] = 0;
                    } else {
                        double dPrev = d;
                        d = 1 - e[i] / dPrev;
                        dsq[i] = Math.sqrt(d);
                        mix[i] = Math.sqrt(e[i] / dPrev);
                    }
                }
            } else {
                if (count != maxN * maxL) throw new IllegalArgumentException("plain Bessel basis has maxN·maxL functions");
                pre = e = dsq = mix = null;
                double[][] roots = sphericalBesselRoots(maxL, maxN);
                root = new double[count];
                norm = new double[count];
                for (int l = 0; l < maxL; l++) {
                    for (int n = 0; n < maxN; n++) {
                        double z = roots[l][n];
                        root[l * maxN + n] = z;
                        norm[l * maxN + n] = Math.sqrt(2.0 / (rc * rc * rc)) / Math.abs(sphericalBessel(l + 1, z)[l + 1]);
                    }
                }
            }
        }

        /** Values into v[off..off+count), derivatives d/dr into dv[off..). */
        void eval(double r, double[] v, double[] dv, int off) {
            if (smooth) {
                double prevG = 0, prevDG = 0;
                for (int i = 0; i < count; i++) {
                    double ka = (i + 1) * Math.PI / rc, kb = (i + 2) * Math.PI / rc;
                    double f = pre[i] * (sinc(ka * r) + sinc(kb * r));
                    double df = pre[i] * (ka * sincGrad(ka * r) + kb * sincGrad(kb * r));
                    double g, dg;
                    if (i == 0) {
                        g = f;
                        dg = df;
                    } else {
                        g = (f + mix[i] * prevG) / dsq[i];
                        dg = (df + mix[i] * prevDG) / dsq[i];
                    }
                    v[off + i] = g;
                    dv[off + i] = dg;
                    prevG = g;
                    prevDG = dg;
                }
                return;
            }
            boolean clamped = r > rc;
            double rr = clamped ? rc : r;
            for (int k = 0; k < count; k++) {
                int l = k / maxN;
                double x = rr * root[k] / rc;
                double[] j = sphericalBessel(l, x);
                v[off + k] = norm[k] * j[l];
                double jp = l == 0 ? -sphericalBessel(1, x)[1] : j[l - 1] - (l + 1) / x * j[l];
                dv[off + k] = clamped ? 0 : norm[k] * jp * root[k] / rc;
            }
        }
    }

    static double sinc(double x) { return Math.sin(x) / x; }

    static double sincGrad(double x) { return (x * Math.cos(x) - Math.sin(x)) / (x * x); }

    /** j_0(x) .. j_l(x) by upward recurrence (accurate for the x &gt; 0.3 that distances above 0.5 Å give). */
    static double[] sphericalBessel(int l, double x) {
        double[] j = new double[l + 1];
        double s = Math.sin(x), c = Math.cos(x);
        j[0] = s / x;
        if (l >= 1) j[1] = s / (x * x) - c / x;
        for (int k = 1; k < l; k++) j[k + 1] = (2 * k + 1) / x * j[k] - j[k - 1];
        return j;
    }

    /** roots[l][n]: the n-th positive root of j_l, found between consecutive roots of j_{l-1}. */
    static double[][] sphericalBesselRoots(int maxL, int maxN) {
        double[][] roots = new double[maxL][];
        double[] prev = new double[maxN + maxL];
        for (int i = 0; i < prev.length; i++) prev[i] = (i + 1) * Math.PI;
        roots[0] = java.util.Arrays.copyOf(prev, maxN);
        for (int l = 1; l < maxL; l++) {
            double[] cur = new double[prev.length - 1];
            for (int i = 0; i < cur.length; i++) {
                double lo = prev[i], hi = prev[i + 1];
                double flo = sphericalBessel(l, lo)[l];
                for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
                    double mid = 0.5 * (lo + hi);
                    double fm = sphericalBessel(l, mid)[l];
                    if ((fm < 0) == (flo < 0)) {
                        lo = mid;
                        flo = fm;
                    } else {
                        hi = mid;
                    }
                }
                cur[i] = 0.5 * (lo + hi);
            }
            roots[l] = java.util.Arrays.copyOf(cur, maxN);
            prev = cur;
        }
        return roots;
    }

    /** Y_l^0(cos θ) = sqrt((2l+1)/4π) P_l(cos θ) for l &lt; maxL into y, d/dcos into dy. */
    static void harmonics(double c, int maxL, double[] y, double[] dy) {
        double p0 = 1, p1 = c, d0 = 0, d1 = 1;
        for (int l = 0; l < maxL; l++) {
            double p, d;
            if (l == 0) {
                p = 1;
                d = 0;
            } else if (l == 1) {
                p = c;
                d = 1;
            } else {
                p = ((2 * l - 1) * c * p1 - (l - 1) * p0) / l;
                d = d0 + (2 * l - 1) * p1;
                p0 = p1;
                p1 = p;
                d0 = d1;
                d1 = d;
            }
            double k = Math.sqrt((2 * l + 1) / (4 * Math.PI));
            y[l] = k * p;
            dy[l] = k * d;
        }
    }

    /** matgl's polynomial envelope 1 - 10x³ + 15x⁴ - 6x⁵, x = r/rc, zero beyond rc; [value, d/dr]. */
    static double cutoff(double r, double rc, double[] grad, int at) {
        if (r > rc) {
            grad[at] = 0;
            return 0;
        }
        double x = r / rc, x2 = x * x, x3 = x2 * x;
        grad[at] = (-30 * x2 + 60 * x3 - 30 * x3 * x) / rc;
        return 1 - 10 * x3 + 15 * x3 * x - 6 * x3 * x2;
    }
}
