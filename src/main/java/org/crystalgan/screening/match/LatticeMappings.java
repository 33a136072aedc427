package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Lattice;

/**
 * Sets of three vectors of one lattice whose lengths and angles match another lattice's basis
 * (pymatgen's {@code Lattice.find_all_mappings}): lengths within a factor 1 + ltol either way,
 * angles within angleTol degrees, restricted to a given index (|det| of the integer matrix).
 */
final class LatticeMappings {
    /**
     * @param lattice the three matching vectors as rows (Cartesian, Å)
     * @param scale the integer matrix (as doubles) with lattice = scale · source
     */
    record Mapping(Lattice lattice, double[][] scale) {}

    private LatticeMappings() {}

    static List<Mapping> find(Lattice source, Lattice target, double ltol, double angleTol, int index) {
        double[] len = {target.a(), target.b(), target.c()};
        double alpha = target.alpha(), beta = target.beta(), gamma = target.gamma();
        double rMax = Math.max(len[0], Math.max(len[1], len[2])) * (1 + ltol);
        double[][] m = source.matrix();
        double[] rec = source.reciprocalNorms();
        int[] reach = new int[3];
        for (int k = 0; k < 3; k++) reach[k] = (int) Math.ceil(rMax * rec[k]);
        List<double[]> ca = new ArrayList<>(), cb = new ArrayList<>(), cc = new ArrayList<>();
        for (int i = -reach[0]; i <= reach[0]; i++) for (int j = -reach[1]; j <= reach[1]; j++) for (int k = -reach[2]; k <= reach[2]; k++) {
            double x = i * m[0][0] + j * m[1][0] + k * m[2][0];
            double y = i * m[0][1] + j * m[1][1] + k * m[2][1];
            double z = i * m[0][2] + j * m[1][2] + k * m[2][2];
            double d = Math.sqrt(x * x + y * y + z * z);
            if (d > rMax || d == 0) continue;
            double[] p = {x, y, z, d, i, j, k};
            if (fits(d, len[0], ltol)) ca.add(p);
            if (fits(d, len[1], ltol)) cb.add(p);
            if (fits(d, len[2], ltol)) cc.add(p);
        }
        List<Mapping> out = new ArrayList<>();
        if (ca.isEmpty() || cb.isEmpty() || cc.isEmpty()) return out;
        boolean[][] alphaOk = new boolean[cb.size()][cc.size()];
        for (int j = 0; j < cb.size(); j++) for (int k = 0; k < cc.size(); k++) alphaOk[j][k] = Math.abs(angle(cb.get(j), cc.get(k)) - alpha) < angleTol;
        boolean[][] betaOk = new boolean[ca.size()][cc.size()];
        for (int i = 0; i < ca.size(); i++) for (int k = 0; k < cc.size(); k++) betaOk[i][k] = Math.abs(angle(ca.get(i), cc.get(k)) - beta) < angleTol;
        for (int i = 0; i < ca.size(); i++) {
            double[] a = ca.get(i);
            for (int j = 0; j < cb.size(); j++) {
                double[] b = cb.get(j);
                if (!(Math.abs(angle(a, b) - gamma) < angleTol)) continue;
                for (int k = 0; k < cc.size(); k++) {
                    if (!alphaOk[j][k] || !betaOk[i][k]) continue;
                    double[] c = cc.get(k);
                    double[][] scale = {{a[4], a[5], a[6]}, {b[4], b[5], b[6]}, {c[4], c[5], c[6]}};
                    double det = Matrix3.det(scale);
                    if (Math.abs(det) < 1e-8 || Math.abs(Math.abs(det) - index) >= 0.5) continue;
                    out.add(new Mapping(Lattice.fromMatrix(new double[][] {{a[0], a[1], a[2]}, {b[0], b[1], b[2]}, {c[0], c[1], c[2]}}), scale));
                }
            }
        }
        return out;
    }

    private static boolean fits(double d, double l, double ltol) {
        double r = d / l;
        return r < 1 + ltol && r > 1 / (1 + ltol);
    }

    private static double angle(double[] u, double[] v) {
        double x = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (u[3] * v[3]);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, x))));
    }
}
