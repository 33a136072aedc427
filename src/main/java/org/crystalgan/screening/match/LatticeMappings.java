package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Mat3;

/**
 * Sets of three vectors of one lattice whose lengths and angles match another lattice's basis
 * (pymatgen's {@code Lattice.find_all_mappings}): lengths within a factor 1 + ltol either way,
 * angles within angleTol degrees, restricted to a given index (|det| of the integer matrix).
 */
final class LatticeMappings {
    /**
     * @param rows the three matching vectors as rows (Cartesian, Å)
     * @param scale the integer matrix (as doubles) with rows = scale · source
     */
    record Mapping(double[][] rows, double[][] scale) {}

    /**
     * The lattice points of one (unscaled) lattice sorted by length, up to some radius; grown on
     * demand. Each entry is {x, y, z, length, i, j, k}.
     */
    static final class PointCache {
        private final Lattice lattice;
        private volatile double[][] points = new double[0][];
        private volatile double radius;

        PointCache(Lattice lattice) { this.lattice = lattice; }

        double[][] upTo(double r) {
            if (r <= radius) return points;
            synchronized (this) {
                if (r > radius) {
                    double newR = Math.max(r, radius * 1.5);
                    points = enumerate(lattice, newR);
                    radius = newR;
                }
                return points;
            }
        }

        private static double[][] enumerate(Lattice lat, double rMax) {
            double[][] m = lat.matrix();
            double[] rec = lat.reciprocalNorms();
            int[] reach = new int[3];
            for (int k = 0; k < 3; k++) reach[k] = (int) Math.ceil(rMax * rec[k]);
            List<double[]> out = new ArrayList<>();
            for (int i = -reach[0]; i <= reach[0]; i++) for (int j = -reach[1]; j <= reach[1]; j++) for (int k = -reach[2]; k <= reach[2]; k++) {
                double x = i * m[0][0] + j * m[1][0] + k * m[2][0];
                double y = i * m[0][1] + j * m[1][1] + k * m[2][1];
                double z = i * m[0][2] + j * m[1][2] + k * m[2][2];
                double d = Math.sqrt(x * x + y * y + z * z);
                if (d > rMax || d == 0) continue;
                out.add(new double[] {x, y, z, d, i, j, k});
            }
            double[][] arr = out.toArray(new double[0][]);
            Arrays.sort(arr, Comparator.comparingDouble(p -> p[3]));
            return arr;
        }
    }

    private LatticeMappings() {}

    /**
     * @param source the cached points of the source lattice before scaling
     * @param sourceScale factor applied to the source lattice (volume equalisation)
     */
    static List<Mapping> find(PointCache source, double sourceScale, Lattice target, double ltol, double angleTol, int index) {
        double[] len = {target.a(), target.b(), target.c()};
        double alpha = target.alpha(), beta = target.beta(), gamma = target.gamma();
        double rMax = Math.max(len[0], Math.max(len[1], len[2])) * (1 + ltol);
        double rMin = Math.min(len[0], Math.min(len[1], len[2])) / (1 + ltol);
        double[][] pts = source.upTo(rMax / sourceScale);
        // points are sorted by length: start at the first that could fit the shortest target length
        int lo = 0, hi = pts.length;
        double start = rMin / sourceScale;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pts[mid][3] < start) lo = mid + 1; else hi = mid;
        }
        int[] ca = new int[16], cb = new int[16], cc = new int[16];
        int na = 0, nb = 0, nc = 0;
        for (int q = lo; q < pts.length; q++) {
            double d = pts[q][3] * sourceScale;
            if (d > rMax) break;
            if (fits(d, len[0], ltol)) { if (na == ca.length) ca = java.util.Arrays.copyOf(ca, 2 * na); ca[na++] = q; }
            if (fits(d, len[1], ltol)) { if (nb == cb.length) cb = java.util.Arrays.copyOf(cb, 2 * nb); cb[nb++] = q; }
            if (fits(d, len[2], ltol)) { if (nc == cc.length) cc = java.util.Arrays.copyOf(cc, 2 * nc); cc[nc++] = q; }
        }
        List<Mapping> out = new ArrayList<>();
        if (na == 0 || nb == 0 || nc == 0) return out;
        // |angle − target| < tol, compared on cosines (acos is monotonic; scaling leaves them unchanged)
        double[] alphaWin = window(alpha, angleTol), betaWin = window(beta, angleTol), gammaWin = window(gamma, angleTol);
        boolean[][] alphaOk = new boolean[nb][nc];
        for (int j = 0; j < nb; j++) for (int k = 0; k < nc; k++) alphaOk[j][k] = inside(cos(pts[cb[j]], pts[cc[k]]), alphaWin);
        boolean[][] betaOk = new boolean[na][nc];
        for (int i = 0; i < na; i++) for (int k = 0; k < nc; k++) betaOk[i][k] = inside(cos(pts[ca[i]], pts[cc[k]]), betaWin);
        for (int i = 0; i < na; i++) {
            double[] a = pts[ca[i]];
            for (int j = 0; j < nb; j++) {
                double[] b = pts[cb[j]];
                if (!inside(cos(a, b), gammaWin)) continue;
                for (int k = 0; k < nc; k++) {
                    if (!alphaOk[j][k] || !betaOk[i][k]) continue;
                    double[] c = pts[cc[k]];
                    double[][] scale = {{a[4], a[5], a[6]}, {b[4], b[5], b[6]}, {c[4], c[5], c[6]}};
                    double det = Mat3.det(scale);
                    if (Math.abs(det) < 1e-8 || Math.abs(Math.abs(det) - index) >= 0.5) continue;
                    double f = sourceScale;
                    out.add(new Mapping(new double[][] {{a[0] * f, a[1] * f, a[2] * f}, {b[0] * f, b[1] * f, b[2] * f}, {c[0] * f, c[1] * f, c[2] * f}}, scale));
                }
            }
        }
        return out;
    }

    private static boolean fits(double d, double l, double ltol) {
        double r = d / l;
        return r < 1 + ltol && r > 1 / (1 + ltol);
    }

    private static double cos(double[] u, double[] v) {
        double x = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (u[3] * v[3]);
        return Math.max(-1, Math.min(1, x));
    }

    /** Cosine interval of the open angle interval (target − tol, target + tol); flags mark ends beyond 0° or 180°. */
    private static double[] window(double target, double tol) {
        double lo = Math.min(180, target + tol), hi = Math.max(0, target - tol);
        return new double[] {Math.cos(Math.toRadians(lo)), Math.cos(Math.toRadians(hi)), target + tol >= 180 ? 1 : 0, target - tol <= 0 ? 1 : 0};
    }

    private static boolean inside(double c, double[] w) {
        boolean aboveLo = w[2] == 1 ? c >= w[0] : c > w[0];
        boolean belowHi = w[3] == 1 ? c <= w[1] : c < w[1];
        return aboveLo && belowHi;
    }
}
