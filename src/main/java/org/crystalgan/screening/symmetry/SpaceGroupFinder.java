package org.crystalgan.screening.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.LatticeReduction;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Periodic;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.SymOp;
import org.crystalgan.crystal.Vec3;

/**
 * Space-group detection with a distance tolerance, following the method of spglib (A. Togo and
 * I. Tanaka, "Spglib: a software library for crystal symmetry search", arXiv:1808.01590):
 * <ol>
 *   <li>Delaunay-reduce the cell; find the pure translations that map the crystal onto itself
 *       (candidates from the atoms of the least frequent species) and build the primitive cell;</li>
 *   <li>the lattice point group of the reduced primitive cell: integer matrices with entries in
 *       {-1, 0, 1} keeping the metric within the tolerance;</li>
 *   <li>for each such rotation, a translation from an atom pair that maps every atom onto an atom of
 *       the same species within the tolerance (Cartesian, Å);</li>
 *   <li>the point group from the rotation types; the conventional axes from the rotation axes
 *       (spglib's approach); the space-group type by finding a basis and an origin shift that carry
 *       the detected operations onto those of a tabulated standard setting of {@link SpaceGroups}.</li>
 * </ol>
 * Matching the full operation set (rotations, centring and translations) makes a reported type
 * certain up to the tolerance. As in spglib, when the operations found do not form a group or match
 * no setting, the tolerance is lowered by 5% and the search repeated; when a group is found but some
 * atom lies farther than the tolerance from the orbit of its symmetrised representative (spglib's
 * exact-structure step, determination.c), by 10%.
 */
public final class SpaceGroupFinder {
    /** Default distance tolerance in Å, spglib's usual symprec. */
    public static final double DEFAULT_TOLERANCE = 0.1;
    private static final int MAX_ATTEMPTS = 20;
    private static final double REDUCE_RATE = 0.95;
    private static final double REDUCE_RATE_INEXACT = 0.9;

    private SpaceGroupFinder() {}

    public static SymmetryDataset analyze(Structure structure) { return analyze(structure, DEFAULT_TOLERANCE); }

    /**
     * @param tolerance distance tolerance in Å (spglib's symprec), > 0
     * @throws SymmetryException for structures without a defined space group: empty, disordered,
     *                           with atoms closer together than the tolerance, or where no tolerance
     *                           gives a consistent set of operations
     */
    public static SymmetryDataset analyze(Structure structure, double tolerance) {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new SymmetryException("symmetry tolerance must be a positive number of Å, got " + tolerance);
        }
        validate(structure, tolerance);
        double tol = tolerance;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Search search = new Search(structure, tol, attempt == 0);
            SymmetryDataset d = search.run();
            if (d != null) return d;
            tol *= search.inexact ? REDUCE_RATE_INEXACT : REDUCE_RATE;
        }
        // a last try at a tolerance that only exact symmetry meets (P1 at worst)
        SymmetryDataset exact = new Search(structure, 1e-4, false).run();
        if (exact != null) return exact;
        // seen on strongly distorted generated cells: report it like any other cell without a
        // defined group, so batch screening records it instead of stopping
        throw new SymmetryException("no consistent space group found for " + structure.composition().formula()
                + " at tolerances from " + tolerance + " down to " + String.format(java.util.Locale.ROOT, "%.3f", tol) + " Å");
    }

    private static void validate(Structure s, double tol) {
        if (s.size() == 0) throw new SymmetryException("the structure has no atoms, so it has no space group");
        if (!s.isOrdered()) {
            throw new SymmetryException("the structure is disordered (partially occupied sites); "
                    + "space-group detection needs an ordered structure");
        }
        double[][] lat = s.lattice().reducedBasis().matrix();
        double shortest = Double.MAX_VALUE;
        for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) for (int c = -1; c <= 1; c++) {
            if (a == 0 && b == 0 && c == 0) continue;
            shortest = Math.min(shortest, Math.sqrt(Mat3.dot(Mat3.cart(lat, new double[] {a, b, c}), Mat3.cart(lat, new double[] {a, b, c}))));
        }
        if (shortest < 4 * tol) {
            throw new SymmetryException(String.format(java.util.Locale.ROOT,
                    "the cell has a lattice vector of only %.3f Å, too short for symmetry detection at tolerance %.3f Å", shortest, tol));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Search {
        private final Structure structure;
        private final double tol;
        private final int n;
        private final int[] z;

        private final boolean checkOverlap;
        /** Set when a group was found but the atoms are not all near their symmetrised positions. */
        boolean inexact;

        Search(Structure structure, double tol, boolean checkOverlap) {
            this.structure = structure;
            this.tol = tol;
            this.checkOverlap = checkOverlap;
            this.n = structure.size();
            this.z = new int[n];
            for (int i = 0; i < n; i++) z[i] = structure.site(i).element().z();
        }

        SymmetryDataset run() {
            // 1. Delaunay-reduce the input cell: latR = m1·latIn, x_in = m1ᵀ·x_r
            double[][] latIn = structure.lattice().matrix();
            int[][] m1 = LatticeReduction.delaunay(latIn);
            double[][] latR = Mat3.mul(Mat3.toDouble(m1), latIn);
            double[][] m1tInv = Mat3.inverse(Mat3.transpose(Mat3.toDouble(m1)));
            double[][] xr = new double[n][];
            for (int i = 0; i < n; i++) xr[i] = Periodic.wrap(Mat3.mul(m1tInv, structure.site(i).frac().toArray()), 1e-12);
            if (checkOverlap) checkOverlap(xr, latR);

            // 2. pure translations and the primitive cell
            AtomIndex indexR = new AtomIndex(xr, z, latR, 2 * tol);
            List<double[]> pure = new ArrayList<>();
            int[] probe = leastFrequent(z);
            for (int b : probe) {
                double[] t = Mat3.sub(xr[b], xr[probe[0]]);
                double[] refined = mapping(indexR, xr, z, Mat3.IDENTITY, t, null, null, tol);
                if (refined != null) pure.add(Periodic.wrapSigned(refined));
            }
            closeTranslations(pure, indexR, xr, latR);
            int nt = pure.size();
            if (nt == 0 || n % nt != 0) return null;
            double[][] bRows;
            int[] primOf = new int[n];
            double[][] xp0;
            int[] zp;
            if (nt == 1) {
                bRows = Mat3.toDouble(Mat3.IDENTITY);
                xp0 = xr;
                zp = z;
                for (int i = 0; i < n; i++) primOf[i] = i;
            } else {
                List<long[]> vecs = new ArrayList<>();
                for (double[] t : pure) {
                    long[] v = new long[3];
                    for (int c = 0; c < 3; c++) {
                        double x = t[c] * nt;
                        if (Math.abs(x - Math.rint(x)) > 0.25) return null;
                        v[c] = Math.round(x);
                    }
                    vecs.add(v);
                }
                for (int c = 0; c < 3; c++) {
                    long[] e = new long[3];
                    e[c] = nt;
                    vecs.add(e);
                }
                long[][] basis = LatticeSymmetry.latticeBasis(vecs);
                bRows = new double[3][3];
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) bRows[i][j] = basis[i][j] / (double) nt;
                if (Mat3.det(bRows) < 0) for (int j = 0; j < 3; j++) bRows[2][j] = -bRows[2][j];
                if (Math.abs(Mat3.det(bRows) * nt - 1) > 1e-9) return null;
                double[][] btInv = Mat3.inverse(Mat3.transpose(bRows));
                Arrays.fill(primOf, -1);
                List<double[]> xs = new ArrayList<>();
                List<Integer> zs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (primOf[i] >= 0) continue;
                    double[] sum = new double[3];
                    for (double[] t : pure) {
                        double[] y = Mat3.add(xr[i], t);
                        int j = indexR.nearest(y[0], y[1], y[2], z[i], tol, null);
                        if (j < 0 || (primOf[j] >= 0)) return null;
                        primOf[j] = xs.size();
                        double[] back = Mat3.sub(xr[j], t);
                        for (int c = 0; c < 3; c++) sum[c] += back[c] - Math.rint(back[c] - xr[i][c]);
                    }
                    for (int c = 0; c < 3; c++) sum[c] /= nt;
                    xs.add(Periodic.wrap(Mat3.mul(btInv, sum), 1e-12));
                    zs.add(z[i]);
                }
                if (xs.size() * nt != n) return null;
                xp0 = xs.toArray(new double[0][]);
                zp = zs.stream().mapToInt(Integer::intValue).toArray();
            }
            double[][] latP0 = Mat3.mul(bRows, latR);

            // 3. reduce the primitive cell: latP = m2·latP0
            int[][] m2 = LatticeReduction.delaunay(latP0);
            double[][] latP = Mat3.mul(Mat3.toDouble(m2), latP0);
            double[][] m2tInv = Mat3.inverse(Mat3.transpose(Mat3.toDouble(m2)));
            int np = xp0.length;
            double[][] xp = new double[np][];
            for (int i = 0; i < np; i++) xp[i] = Periodic.wrap(Mat3.mul(m2tInv, xp0[i]), 1e-12);

            // 4. lattice point group, then a translation for each rotation from atom pairs
            List<int[][]> latticeRotations = LatticeSymmetry.pointGroup(latP, tol);
            AtomIndex indexP = new AtomIndex(xp, zp, latP, 2 * tol);
            List<Op> ops = new ArrayList<>();
            List<int[]> perms = new ArrayList<>();
            List<double[]> raw = new ArrayList<>();
            int[] probeP = leastFrequent(zp);
            for (int[][] w : latticeRotations) {
                double[] best = null, bestRaw = null;
                int[] bestPerm = null;
                double bestErr = Double.MAX_VALUE;
                double[] wx = Mat3.mul(w, xp[probeP[0]]);
                for (int b : probeP) {
                    double[] t = Mat3.sub(xp[b], wx);
                    double[] err = new double[1];
                    int[] perm = new int[xp.length];
                    double[] refined = mapping(indexP, xp, zp, w, t, err, perm, tol);
                    if (refined != null && err[0] < bestErr) {
                        bestErr = err[0];
                        best = refined;
                        bestRaw = t;
                        bestPerm = perm;
                    }
                }
                if (best != null) {
                    Op op = new Op(w, Periodic.wrapSigned(best));
                    ops.add(op);
                    raw.add(bestRaw);
                    perms.add(bestPerm);
                }
            }

            // 5. identify the space-group type. When the operations found are no group or match no
            // setting, spglib keeps its operations but drops those that fail a tighter tolerance, step
            // by step (spacegroup.c, iterative_search_hall_number); the same here.
            SpaceGroupTypes types = new SpaceGroupTypes(tol);
            SpaceGroupTypes.Match match = types.identify(ops, latP);
            double tighter = tol;
            for (int attempt = 0; match == null && attempt < MAX_ATTEMPTS; attempt++) {
                tighter *= REDUCE_RATE;
                Set<Long> latticeKeys = new HashSet<>();
                for (int[][] w : LatticeSymmetry.pointGroup(latP, tighter)) latticeKeys.add(Mat3.key(w));
                List<Op> kept = new ArrayList<>();
                List<int[]> keptPerms = new ArrayList<>();
                List<double[]> keptRaw = new ArrayList<>();
                for (int k = 0; k < ops.size(); k++) {
                    Op op = ops.get(k);
                    if (!latticeKeys.contains(Mat3.key(op.w()))) continue;
                    // checked with the translation from the atom pair, not the averaged one, as spglib does
                    int[] perm = new int[xp.length];
                    if (mapping(indexP, xp, zp, op.w(), raw.get(k), null, perm, tighter) != null) {
                        kept.add(op);
                        keptPerms.add(perm);
                        keptRaw.add(raw.get(k));
                    }
                }
                if (kept.size() == ops.size()) continue;
                ops = kept;
                perms = keptPerms;
                raw = keptRaw;
                match = types.identify(ops, latP);
            }
            if (match == null) return null;

            // input fractional = q · primitive fractional
            double[][] q = Mat3.transpose(Mat3.mul(Mat3.toDouble(m2), Mat3.mul(bRows, Mat3.toDouble(m1))));
            return build(match, ops, perms, xp, zp, primOf, q, m1, pure);
        }

        /**
         * Atoms closer than the tolerance make the atom mapping ambiguous; they are reported. In the
         * Delaunay-reduced cell, rounding the fractional difference gives the minimum image for any
         * distance this short.
         */
        private void checkOverlap(double[][] x, double[][] lat) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double d = Periodic.wrappedLength(lat, x[i][0] - x[j][0], x[i][1] - x[j][1], x[i][2] - x[j][2]);
                    if (d < tol) {
                        throw new SymmetryException(String.format(java.util.Locale.ROOT,
                                "atoms %d (%s) and %d (%s) overlap: %.3f Å apart, closer than the symmetry tolerance %.3f Å",
                                i + 1, structure.site(i).element().symbol(), j + 1, structure.site(j).element().symbol(), d, tol));
                    }
                }
            }
        }

        /**
         * Sums of pure translations are pure translations, but with noisy positions a sum can miss the
         * tolerance that each part met. spglib follows chains of translated atoms, which closes the
         * set; here each missing sum is checked at twice the tolerance and added.
         */
        private void closeTranslations(List<double[]> pure, AtomIndex index, double[][] x, double[][] lat) {
            for (int i = 0; i < pure.size() && pure.size() <= n; i++) {
                for (int j = 0; j <= i && pure.size() <= n; j++) {
                    double[] s = Periodic.wrapSigned(Mat3.add(pure.get(i), pure.get(j)));
                    boolean present = false;
                    for (double[] t : pure) {
                        if (Periodic.wrappedLength(lat, s[0] - t[0], s[1] - t[1], s[2] - t[2]) < tol) {
                            present = true;
                            break;
                        }
                    }
                    if (present) continue;
                    double[] refined = mapping(index, x, z, Mat3.IDENTITY, s, null, null, 2 * tol);
                    if (refined != null) pure.add(Periodic.wrapSigned(refined));
                }
            }
        }

        // ---- translations ------------------------------------------------------------------------

        /**
         * Checks that x → w·x + t maps every atom onto a distinct atom of the same species within the
         * tolerance; returns t refined by averaging the residual offsets (null when it fails). The
         * largest deviation (Å) goes into err[0] when err is given.
         */
        private double[] mapping(AtomIndex index, double[][] x, int[] sp, int[][] w, double[] t, double[] err, int[] perm,
                                 double tolerance) {
            int m = x.length;
            boolean[] used = new boolean[m];
            double[] shift = new double[3];
            double worst = 0;
            for (int i = 0; i < m; i++) {
                double[] y = Mat3.mul(w, x[i]);
                for (int c = 0; c < 3; c++) y[c] += t[c];
                int found = index.nearest(y[0], y[1], y[2], sp[i], tolerance, used);
                if (found < 0) return null;
                used[found] = true;
                if (perm != null) perm[i] = found;
                worst = Math.max(worst, index.distance(found, y[0], y[1], y[2]));
                for (int c = 0; c < 3; c++) {
                    double d = x[found][c] - y[c];
                    shift[c] += d - Math.rint(d);
                }
            }
            if (err != null) err[0] = worst;
            double[] r = t.clone();
            for (int c = 0; c < 3; c++) r[c] += shift[c] / m;
            return r;
        }

        // ---- the result ---------------------------------------------------------------------------

        private SymmetryDataset build(SpaceGroupTypes.Match m, List<Op> ops, List<int[]> perms, double[][] xp, int[] zp, int[] primOf,
                                      double[][] q, int[][] m1, List<double[]> pure) {
            SpaceGroups.Setting st = m.info().setting();
            double[][] cInv = Mat3.inverse(Mat3.toDouble(m.c()));
            double[][] latC = m.latConv();
            int np = xp.length;
            // orbits of the primitive atoms from the atom permutations of the operations
            int[] root = new int[np];
            for (int i = 0; i < np; i++) root[i] = i;
            for (int[] perm : perms) {
                for (int i = 0; i < np; i++) {
                    int a = find(root, i), b = find(root, perm[i]);
                    if (a != b) root[Math.max(a, b)] = Math.min(a, b);
                }
            }
            // atoms of the conventional cell (setting origin): primitive atom j, centring k -> index j*nk + k
            List<double[]> centring = m.centring();
            int nk = centring.size();
            int nc = np * nk;
            double[][] xc = new double[nc][];
            for (int j = 0; j < np; j++) {
                double[] x = Mat3.add(Mat3.mul(cInv, xp[j]), m.origin());
                for (int k = 0; k < nk; k++) xc[j * nk + k] = Periodic.wrap(Mat3.add(x, centring.get(k)), 1e-12);
            }
            int[] orbitOf = new int[nc];
            Map<Integer, Integer> orbitIndex = new LinkedHashMap<>();
            List<List<Integer>> members = new ArrayList<>();
            for (int c = 0; c < nc; c++) {
                int r = find(root, c / nk);
                Integer o = orbitIndex.get(r);
                if (o == null) {
                    o = members.size();
                    orbitIndex.put(r, o);
                    members.add(new ArrayList<>());
                }
                orbitOf[c] = o;
                members.get(o).add(c);
            }
            List<SymOp> sops = st.operations();
            List<double[]> reps = new ArrayList<>();
            List<Integer> repZ = new ArrayList<>();
            double mapTol = 3 * tol;
            for (List<Integer> mem : members) {
                // operations that keep the representative in place: averaging projects it onto its site symmetry
                double[] x = xc[mem.get(0)];
                double[] sum = new double[3];
                int stab = 0;
                for (SymOp op : sops) {
                    double[] y = op.apply(new Vec3(x[0], x[1], x[2])).toArray();
                    if (Periodic.wrappedLength(latC, y[0] - x[0], y[1] - x[1], y[2] - x[2]) < mapTol) {
                        for (int c = 0; c < 3; c++) sum[c] += y[c] - Math.rint(y[c] - x[c]);
                        stab++;
                    }
                }
                if (stab == 0) return null;
                for (int c = 0; c < 3; c++) sum[c] /= stab;
                reps.add(Periodic.wrap(sum, 1e-12));
                repZ.add(zp[mem.get(0) / nk]);
            }
            // the conventional standard cell: idealised lattice, atoms generated from the symmetrised representatives
            Lattice conventional = idealLattice(latC, st.number());
            List<Site> convSites = new ArrayList<>();
            List<AsymmetricSite> asym = new ArrayList<>();
            Map<Element, Integer> perElement = new HashMap<>();
            for (int r = 0; r < reps.size(); r++) {
                Element el = Element.ofZ(repZ.get(r));
                List<double[]> orbit = new ArrayList<>();
                for (SymOp op : sops) {
                    double[] y = Periodic.wrap(op.apply(Vec3.of(reps.get(r))).toArray(), 1e-12);
                    boolean dup = false;
                    for (double[] o : orbit) {
                        if (Periodic.wrappedLength(latC, o[0] - y[0], o[1] - y[1], o[2] - y[2]) < 1e-3) {
                            dup = true;
                            break;
                        }
                    }
                    if (!dup) orbit.add(y);
                }
                if (orbit.size() != members.get(r).size()) return null;
                // spglib's last check (refinement of the exact structure, determination.c): every atom
                // must lie within the tolerance of the orbit of its symmetrised representative. Each
                // operation may have met the tolerance on its own while their group moves an atom
                // further, which is common on jiggled cells; spglib then starts again at 0.9 x the
                // tolerance, so the caller does the same.
                for (int c : members.get(r)) {
                    double[] x = xc[c];
                    double nearest = Double.MAX_VALUE;
                    for (double[] y : orbit) nearest = Math.min(nearest, Periodic.wrappedLength(latC, x[0] - y[0], x[1] - y[1], x[2] - y[2]));
                    if (!(nearest < tol)) {
                        inexact = true;
                        return null;
                    }
                }
                List<Integer> idx = new ArrayList<>();
                for (double[] y : orbit) {
                    idx.add(convSites.size());
                    convSites.add(new Site(el, Vec3.of(y)));
                }
                String label = el.symbol() + perElement.merge(el, 1, Integer::sum);
                asym.add(new AsymmetricSite(new Site(el, Vec3.of(reps.get(r)), 1.0, label), orbit.size(), idx));
            }
            Structure conv = new Structure(conventional, convSites);

            // operations of the input cell
            double[][] qInv = Mat3.inverse(q);
            double[][] m1t = Mat3.transpose(Mat3.toDouble(m1));
            List<SymOp> inputOps = new ArrayList<>();
            for (Op op : ops) {
                int[][] w = Mat3.roundIfIntegral(Mat3.mul(q, Mat3.mul(Mat3.toDouble(op.w()), qInv)));
                if (w == null) continue;
                double[] t = Mat3.mul(q, op.t());
                for (double[] tau : pure) {
                    double[] tt = Mat3.add(t, Mat3.mul(m1t, tau));
                    inputOps.add(new SymOp(Mat3.toRowMajor(w), tt).normalized());
                }
            }
            // orbits of the input atoms: input atom -> primitive atom -> conventional atom (no centring) -> orbit
            int[] equivalent = new int[n];
            Map<Integer, Integer> firstOfOrbit = new HashMap<>();
            for (int i = 0; i < n; i++) {
                int orbit = orbitOf[primOf[i] * nk];
                equivalent[i] = firstOfOrbit.computeIfAbsent(orbit, o -> -1);
                if (equivalent[i] < 0) {
                    firstOfOrbit.put(orbit, i);
                    equivalent[i] = i;
                }
            }
            String symbol = st.hmShort().replace(" ", "");
            return new SymmetryDataset(st.number(), symbol, st.hallNumber(), st, inputOps, conv, asym, equivalent,
                    xp.length, tol);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    /** Lattice parameters of the conventional cell averaged to the constraints of its crystal system. */
    static Lattice idealLattice(double[][] latC, int number) {
        double a = Mat3.norm(latC[0]), b = Mat3.norm(latC[1]), c = Mat3.norm(latC[2]);
        double al = Mat3.angleDeg(latC[1], latC[2]), be = Mat3.angleDeg(latC[0], latC[2]), ga = Mat3.angleDeg(latC[0], latC[1]);
        String system = SymmetryDataset.crystalSystem(number);
        switch (system) {
            case "cubic" -> {
                double m = (a + b + c) / 3;
                return Lattice.fromParameters(m, m, m, 90, 90, 90);
            }
            case "tetragonal" -> {
                double m = (a + b) / 2;
                return Lattice.fromParameters(m, m, c, 90, 90, 90);
            }
            case "trigonal", "hexagonal" -> {
                double m = (a + b) / 2;
                return Lattice.fromParameters(m, m, c, 90, 90, 120);
            }
            case "orthorhombic" -> {
                return Lattice.fromParameters(a, b, c, 90, 90, 90);
            }
            case "monoclinic" -> {
                return Lattice.fromParameters(a, b, c, 90, be, 90);
            }
            default -> {
                return Lattice.fromParameters(a, b, c, al, be, ga);
            }
        }
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) i = root[i] = root[root[i]];
        return i;
    }

    private static int[] leastFrequent(int[] z) {
        Map<Integer, List<Integer>> by = new LinkedHashMap<>();
        for (int i = 0; i < z.length; i++) by.computeIfAbsent(z[i], k -> new ArrayList<>()).add(i);
        List<Integer> best = null;
        for (List<Integer> l : by.values()) if (best == null || l.size() < best.size()) best = l;
        return best.stream().mapToInt(Integer::intValue).toArray();
    }
}
