package org.crystalgan.screening.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Periodic;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.SymOp;

/**
 * Step 5 of {@link SpaceGroupFinder}: the space-group type of a set of operations on a reduced
 * primitive cell. The point group comes from the rotation types; the conventional axes from the
 * rotation axes (spglib's approach, Togo and Tanaka, arXiv:1808.01590); the type from a basis and an
 * origin shift that carry the operations onto those of a tabulated standard setting of
 * {@link SpaceGroups}, checked at the distance tolerance.
 */
final class SpaceGroupTypes {
    private final double tol;

    /** @param tol the distance tolerance (Å) the operations were found with */
    SpaceGroupTypes(double tol) { this.tol = tol; }

    // ---------------------------------------------------------------------------------------------
    // the tabulated standard settings, indexed by the rotation-type signature of their point group

    record SettingInfo(SpaceGroups.Setting setting, Set<Long> rotations, Map<Long, List<double[]>> translations,
                       List<double[]> centring) {}

    private static final Map<String, List<SettingInfo>> BY_SIGNATURE = new HashMap<>();

    static {
        for (int n = 1; n <= 230; n++) {
            SpaceGroups.Setting st = SpaceGroups.byNumber(n);
            Map<Long, List<double[]>> tr = new LinkedHashMap<>();
            List<int[][]> rots = new ArrayList<>();
            for (SymOp op : st.operations()) {
                int[][] w = Mat3.fromRowMajor(op.rotation());
                long k = Mat3.key(w);
                if (!tr.containsKey(k)) rots.add(w);
                double[] t = op.translation().clone();
                for (int i = 0; i < 3; i++) t[i] = t[i] - Math.floor(t[i]);
                tr.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
            }
            List<double[]> centring = tr.get(Mat3.key(Mat3.IDENTITY));
            SettingInfo info = new SettingInfo(st, Set.copyOf(tr.keySet()), tr, centring);
            BY_SIGNATURE.computeIfAbsent(signature(rots), x -> new ArrayList<>()).add(info);
        }
    }

    /**
     * Counts of the ten rotation types (1, 2, 3, 4, 6, -1, m, -3, -4, -6, told apart by trace and
     * determinant); the counts identify the crystallographic point group.
     */
    private static String signature(List<int[][]> distinctRotations) {
        int[] c = new int[10];
        for (int[][] w : distinctRotations) {
            int tr = Mat3.trace(w);
            int idx = Mat3.det(w) > 0 ? switch (tr) { case 3 -> 0; case -1 -> 1; case 0 -> 2; case 1 -> 3; case 2 -> 4; default -> -1; }
                    : switch (tr) { case -3 -> 5; case 1 -> 6; case 0 -> 7; case -1 -> 8; case -2 -> 9; default -> -1; };
            if (idx < 0) return "invalid";
            c[idx]++;
        }
        return Arrays.toString(c);
    }

    // ---- identification -----------------------------------------------------------------------

    record Match(SettingInfo info, int[][] c, double[] origin, double[][] latConv, List<Op> convOps,
             List<double[]> centring) {}

    Match identify(List<Op> ops, double[][] latP) {
        if (!closedRotations(ops)) return null;
        List<SettingInfo> candidates = BY_SIGNATURE.get(signature(ops.stream().map(Op::w).toList()));
        if (candidates == null) return null;
        int number = candidates.get(0).setting().number();
        List<int[][]> bases = bases(ops, latP, number);
        for (int[][] c : bases) {
            int d = Mat3.det(c);
            if (d <= 0) continue;
            double[][] cd = Mat3.toDouble(c);
            double[][] cInv = Mat3.inverse(cd);
            List<Op> conv = new ArrayList<>(ops.size());
            Set<Long> rotKeys = new HashSet<>();
            boolean ok = true;
            for (Op op : ops) {
                int[][] wc = Mat3.roundIfIntegral(Mat3.mul(cInv, Mat3.mul(Mat3.toDouble(op.w()), cd)));
                if (wc == null) {
                    ok = false;
                    break;
                }
                conv.add(new Op(wc, Mat3.mul(cInv, op.t())));
                rotKeys.add(Mat3.key(wc));
            }
            if (!ok) continue;
            List<double[]> centring = centring(cInv, d);
            double[][] latC = null;
            List<Op> gens = null;
            for (SettingInfo info : candidates) {
                if (info.setting().operations().size() != ops.size() * d) continue;
                if (!sameTranslationSet(info.centring(), centring)) continue;
                if (!info.rotations().equals(rotKeys)) continue;
                if (latC == null) {
                    latC = Mat3.mul(Mat3.transpose(cd), latP);
                    gens = generators(conv);
                }
                double[] origin = originShift(conv, gens, info, latC);
                if (origin != null) return new Match(info, c, origin, latC, conv, centring);
            }
        }
        return null;
    }

    /**
     * The lattice points of the primitive cell inside the cell spanned by the columns of C, in
     * conventional fractions: the group generated by the columns of C⁻¹ modulo 1 (order det C).
     */
    private List<double[]> centring(double[][] cInv, int d) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[3]);
        if (d == 1) return out;
        for (int col = 0; col < 3; col++) {
            double[] g = {cInv[0][col], cInv[1][col], cInv[2][col]};
            for (int i = 0; i < out.size() && out.size() <= d; i++) {
                double[] f = Periodic.wrap(Mat3.add(out.get(i), g), 1e-12);
                boolean dup = false;
                for (double[] h : out) {
                    if (Periodic.sameModuloLattice(f, h, 1e-6)) {
                        dup = true;
                        break;
                    }
                }
                if (!dup) out.add(f);
            }
        }
        return out;
    }

    /**
     * Candidate conventional bases (columns: conventional vectors in primitive coordinates),
     * built from the rotation axes as spglib does: b along the two-fold axis (monoclinic), the
     * three two-fold axes (orthorhombic), c along the four- or three-fold axis with a among the
     * shortest perpendicular lattice vectors (tetragonal, trigonal, hexagonal), the three
     * four-fold (or two-fold) axes (cubic).
     */
    private List<int[][]> bases(List<Op> ops, double[][] latP, int number) {
        List<int[][]> out = new ArrayList<>();
        List<int[][]> proper = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Op op : ops) {
            int[][] p = op.w();
            if (Mat3.det(p) < 0) p = Mat3.negate(p);
            if (seen.add(Mat3.key(p))) proper.add(p);
        }
        if (number <= 2) {
            out.add(niggliSigns(latP));
        } else if (number <= 15) {
            int[][] two = firstWithTrace(proper, -1);
            int[] b = axis(two);
            List<int[]> perp = perpendicular(two, 2, latP, 14);
            for (int sb = -1; sb <= 1; sb += 2) {
                int[] bb = scale(b, sb);
                for (int[] a : perp) for (int[] c : perp) {
                    int[][] m = Mat3.columns(a, bb, c);
                    int d = Mat3.det(m);
                    // β ≥ 90° as in the International Tables' drawings and spglib
                    if ((d == 1 || d == 2) && Mat3.dot(cartOf(latP, a), cartOf(latP, c)) <= 1e-9) out.add(m);
                }
            }
            // the shortest a and c first (spglib's choice for the monoclinic cell)
            out.sort(java.util.Comparator.comparingDouble((int[][] m) -> {
                int[] a = {m[0][0], m[1][0], m[2][0]}, c = {m[0][2], m[1][2], m[2][2]};
                return Math.sqrt(len2(latP, a)) + Math.sqrt(len2(latP, c));
            }).thenComparingDouble((int[][] m) -> len2(latP, new int[] {m[0][0], m[1][0], m[2][0]})));
        } else if (number <= 74 || number >= 195) {
            int wantTrace = number >= 195 && firstWithTrace(proper, 1) != null ? 1 : -1;
            List<int[]> axes = new ArrayList<>();
            Set<String> lines = new HashSet<>();
            for (int[][] p : proper) {
                if (Mat3.trace(p) != wantTrace) continue;
                int[] ax = axis(p);
                if (lines.add(Arrays.toString(ax))) axes.add(ax);
            }
            if (axes.size() != 3) return out;
            // shortest axis first, so that a ≤ b ≤ c wherever the setting leaves the order free
            axes.sort((u, v) -> Double.compare(len2(latP, u), len2(latP, v)));
            int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            for (int[] pm : perms) for (int s = 0; s < 8; s++) {
                int[] a = scale(axes.get(pm[0]), (s & 1) == 0 ? 1 : -1);
                int[] b = scale(axes.get(pm[1]), (s & 2) == 0 ? 1 : -1);
                int[] c = scale(axes.get(pm[2]), (s & 4) == 0 ? 1 : -1);
                int[][] m = Mat3.columns(a, b, c);
                if (Mat3.det(m) > 0) out.add(m);
            }
        } else {
            boolean tetragonal = number <= 142;
            int[][] r = firstWithTrace(proper, tetragonal ? 1 : 0);
            int[][] rInv = null;
            for (int[][] p : proper) if (Mat3.equal(Mat3.mul(p, r), Mat3.IDENTITY)) rInv = p;
            int[] c = axis(r);
            List<int[]> perp = perpendicular(r, tetragonal ? 4 : 3, latP, tetragonal ? 8 : 12);
            for (int[] a : perp) for (int[][] rr : new int[][][] {r, rInv}) {
                int[] b = Mat3.mul(rr, a);
                for (int sc = -1; sc <= 1; sc += 2) {
                    int[][] m = Mat3.columns(a, b, scale(c, sc));
                    int d = Mat3.det(m);
                    if (d > 0 && d <= 3) out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * An origin shift p (conventional fractions) with t + (I − W)·p ≡ t_setting for every
     * operation, solved on generators of the rotation group and checked on all operations.
     */
    private double[] originShift(List<Op> conv, List<Op> gens, SettingInfo info, double[][] latC) {
        if (gens.isEmpty()) {
            return verify(conv, info, latC, new double[3]) ? new double[3] : null;
        }
        int g = gens.size();
        int[][] a = new int[3 * g][3];
        List<List<double[]>> choices = new ArrayList<>();
        for (int k = 0; k < g; k++) {
            int[][] w = gens.get(k).w();
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) a[3 * k + i][j] = (i == j ? 1 : 0) - w[i][j];
            choices.add(info.translations().get(Mat3.key(w)));
        }
        int[] idx = new int[g];
        while (true) {
            double[] b = new double[3 * g];
            for (int k = 0; k < g; k++) {
                double[] ts = choices.get(k).get(idx[k]);
                double[] t = gens.get(k).t();
                for (int i = 0; i < 3; i++) b[3 * k + i] = ts[i] - t[i];
            }
            double[] p = LatticeSymmetry.solveModular(a, b);
            if (verify(conv, info, latC, p)) return p;
            int k = 0;
            while (k < g && ++idx[k] == choices.get(k).size()) idx[k++] = 0;
            if (k == g) return null;
        }
    }

    /** A few operations whose rotations generate all the others. */
    private List<Op> generators(List<Op> conv) {
        List<Op> gens = new ArrayList<>();
        Set<Long> generated = new HashSet<>();
        generated.add(Mat3.key(Mat3.IDENTITY));
        for (Op op : conv) {
            if (generated.contains(Mat3.key(op.w()))) continue;
            gens.add(op);
            generated = closure(gens);
        }
        return gens;
    }

    private boolean verify(List<Op> conv, SettingInfo info, double[][] latC, double[] p) {
        double opTol = 3 * tol;
        for (Op op : conv) {
            int[][] w = op.w();
            double[] wp = Mat3.mul(w, p);
            double[] t = new double[3];
            for (int i = 0; i < 3; i++) t[i] = op.t()[i] + p[i] - wp[i];
            boolean found = false;
            for (double[] ts : info.translations().get(Mat3.key(w))) {
                if (Periodic.wrappedLength(latC, t[0] - ts[0], t[1] - ts[1], t[2] - ts[2]) < opTol) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static boolean closedRotations(List<Op> ops) {
        Set<Long> keys = new HashSet<>();
        for (Op op : ops) keys.add(Mat3.key(op.w()));
        if (!keys.contains(Mat3.key(Mat3.IDENTITY))) return false;
        for (Op a : ops) for (Op b : ops) if (!keys.contains(Mat3.key(Mat3.mul(a.w(), b.w())))) return false;
        return true;
    }

    private static Set<Long> closure(List<Op> gens) {
        Map<Long, int[][]> all = new HashMap<>();
        all.put(Mat3.key(Mat3.IDENTITY), Mat3.IDENTITY);
        List<int[][]> frontier = new ArrayList<>();
        frontier.add(Mat3.IDENTITY);
        while (!frontier.isEmpty()) {
            List<int[][]> next = new ArrayList<>();
            for (int[][] f : frontier) {
                for (Op g : gens) {
                    int[][] p = Mat3.mul(g.w(), f);
                    if (all.putIfAbsent(Mat3.key(p), p) == null) next.add(p);
                }
            }
            if (all.size() > 48) break;
            frontier = next;
        }
        return all.keySet();
    }

    private static int[][] firstWithTrace(List<int[][]> proper, int trace) {
        for (int[][] p : proper) if (Mat3.trace(p) == trace) return p;
        return null;
    }

    /** The primitive integer vector along the axis of the proper rotation r (not the identity). */
    static int[] axis(int[][] r) {
        int[][] m = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i][j] = r[i][j] - (i == j ? 1 : 0);
        int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
        for (int[] pr : pairs) {
            int[] u = m[pr[0]], v = m[pr[1]];
            int[] x = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
            int g = Mat3.gcd(Mat3.gcd(x[0], x[1]), x[2]);
            if (g == 0) continue;
            for (int c = 0; c < 3; c++) x[c] /= g;
            for (int c = 0; c < 3; c++) {
                if (x[c] != 0) {
                    if (x[c] < 0) for (int k = 0; k < 3; k++) x[k] = -x[k];
                    break;
                }
            }
            return x;
        }
        throw new IllegalArgumentException("the identity has no axis");
    }

    /** Lattice vectors (small coefficients) perpendicular to the axis of r, the {@code count} shortest. */
    private static List<int[]> perpendicular(int[][] r, int order, double[][] lat, int count) {
        List<int[]> out = new ArrayList<>();
        for (int a = -3; a <= 3; a++) for (int b = -3; b <= 3; b++) for (int c = -3; c <= 3; c++) {
            if (a == 0 && b == 0 && c == 0) continue;
            int[] v = {a, b, c};
            int[] sum = v.clone();
            int[] cur = v;
            for (int k = 1; k < order; k++) {
                cur = Mat3.mul(r, cur);
                for (int i = 0; i < 3; i++) sum[i] += cur[i];
            }
            if (sum[0] == 0 && sum[1] == 0 && sum[2] == 0) out.add(v);
        }
        out.sort((u, v) -> Double.compare(len2(lat, u), len2(lat, v)));
        return out.size() > count ? new ArrayList<>(out.subList(0, count)) : out;
    }

    private static double[] cartOf(double[][] lat, int[] v) { return Mat3.cart(lat, new double[] {v[0], v[1], v[2]}); }

    /**
     * Sign changes of the reduced triclinic basis that make the three inter-axial angles all acute
     * or all obtuse (the Niggli cell's convention; which one is fixed by the lattice). The change
     * must have determinant +1, as {@code identify} skips any other basis: when this asked for a
     * right-handed Cartesian basis instead, a left-handed reduced cell (from an axis-swapped input)
     * got no triclinic basis at all and every P1 or P-1 copy failed. Flipping two signs keeps the
     * product of the three scalar products, so one of the four proper sign changes always reaches
     * the convention.
     */
    private static int[][] niggliSigns(double[][] lat) {
        for (int s = 0; s < 8; s++) {
            int[] sg = {(s & 1) == 0 ? 1 : -1, (s & 2) == 0 ? 1 : -1, (s & 4) == 0 ? 1 : -1};
            if (sg[0] * sg[1] * sg[2] < 0) continue;
            double[][] v = new double[3][];
            for (int i = 0; i < 3; i++) v[i] = new double[] {sg[i] * lat[i][0], sg[i] * lat[i][1], sg[i] * lat[i][2]};
            double ab = Mat3.dot(v[0], v[1]), bc = Mat3.dot(v[1], v[2]), ca = Mat3.dot(v[2], v[0]);
            boolean acute = ab >= 0 && bc >= 0 && ca >= 0, obtuse = ab <= 0 && bc <= 0 && ca <= 0;
            if (acute || obtuse) return new int[][] {{sg[0], 0, 0}, {0, sg[1], 0}, {0, 0, sg[2]}};
        }
        return Mat3.IDENTITY;
    }

    private static double len2(double[][] lat, int[] v) {
        double[] c = Mat3.cart(lat, new double[] {v[0], v[1], v[2]});
        return Mat3.dot(c, c);
    }

    private static int[] scale(int[] v, int s) { return new int[] {v[0] * s, v[1] * s, v[2] * s}; }

    private static boolean sameTranslationSet(List<double[]> a, List<double[]> b) {
        if (a.size() != b.size()) return false;
        for (double[] x : a) {
            boolean found = false;
            for (double[] y : b) if (Periodic.sameModuloLattice(x, y, 1e-6)) found = true;
            if (!found) return false;
        }
        return true;
    }
}
