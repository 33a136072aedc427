package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.LatticeReduction;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Structure;

/**
 * Decides whether two crystals are the same structure, with the meaning of pymatgen's
 * {@code StructureMatcher} (pymatgen/analysis/structure_matcher.py, defaults ltol 0.2, stol 0.3,
 * angle_tol 5°, primitive_cell, scale; here with attempt_supercell on):
 * <ol>
 * <li>both cells are Niggli-reduced and reduced to primitive cells (tolerance 0.25 Å);
 * <li>the reduced formulas must agree; the smaller cell is multiplied by fu = round(n_big / n_small)
 *     and the site counts must then agree;
 * <li>both lattices are scaled to equal volume (per formula unit);
 * <li>every set of three lattice vectors of the (super)cell whose lengths match the other cell's a, b,
 *     c within a factor 1 + ltol and whose angles match within angle_tol, with a determinant of fu, is a
 *     candidate lattice; the comparison uses the average of the two lattices;
 * <li>for each candidate and each translation bringing an atom of the rarest species onto one of its
 *     kind, every atom must lie within a fractional window (2·stol·(V/n)^(1/3) / d_hkl) of an atom of its
 *     species; then atoms are paired by a minimum-cost assignment of squared distances, the mean
 *     displacement is removed, and displacements are divided by (V/n)^(1/3);
 * <li>the structures match when the largest such normalised displacement is below stol. The RMS
 *     displacement reported is the smallest RMS among candidates below stol (pymatgen's
 *     {@code get_rms_dist}).
 * </ol>
 * The code is our own; only the algorithm and its constants follow pymatgen.
 */
public final class StructureMatcher {
    /** Tolerances: ltol fractional length, stol site (in units of (V/n)^(1/3)), angleTol degrees. */
    public record Options(double ltol, double stol, double angleTol, boolean primitiveCell, boolean scale,
                          boolean attemptSupercell) {
        /** pymatgen's defaults with supercells allowed, as the workbench uses them. */
        public static Options standard() { return new Options(0.2, 0.3, 5, true, true, true); }
    }

    /** A structure reduced once (Niggli + primitive) for many comparisons. */
    public static final class Prepared {
        final Structure original;
        final Structure reduced;
        final String reducedFormula;
        final int[] species; // per reduced site, index into a sorted element list shared by formula
        final int[] speciesCount;
        final double[][] frac;
        final LatticeMappings.PointCache points;

        Prepared(Structure original, Structure reduced) {
            this.original = original;
            Structure sorted = reduced.sortedBySpecies();
            this.reduced = sorted;
            this.reducedFormula = original.composition().reducedFormula();
            List<Element> els = sorted.elements();
            species = new int[sorted.size()];
            speciesCount = new int[els.size()];
            frac = new double[sorted.size()][];
            for (int i = 0; i < sorted.size(); i++) {
                species[i] = els.indexOf(sorted.site(i).element());
                speciesCount[species[i]]++;
                frac[i] = sorted.site(i).frac().toArray();
            }
            points = new LatticeMappings.PointCache(sorted.lattice());
            minima = successiveMinima(points, sorted.lattice());
            cosineEigenMin = smallestCosineEigenvalue(sorted.lattice());
        }

        /** Smallest eigenvalue of the basis's cosine matrix (unit diagonal, cos α, β, γ off it). */
        final double cosineEigenMin;

        /** The successive minima of the reduced lattice (Å): lengths of its shortest, shortest
         * non-parallel and shortest non-coplanar vectors. */
        final double[] minima;

        public Structure original() { return original; }

        /** The Niggli-reduced primitive cell the comparisons use. */
        public Structure reduced() { return reduced; }

        public String reducedFormula() { return reducedFormula; }

        public int primitiveSize() { return reduced.size(); }
    }

    /**
     * The outcome of a comparison.
     *
     * @param matched whether pymatgen's {@code fit} would say the two are the same structure
     * @param rms smallest RMS displacement over candidate mappings below stol, in units of (V/n)^(1/3); NaN when none
     * @param maxDisplacement the largest displacement of the mapping that gave {@code rms}; NaN when none
     */
    public record Result(boolean matched, double rms, double maxDisplacement) {
        static final Result NONE = new Result(false, Double.NaN, Double.NaN);
    }

    private final Options opt;

    public StructureMatcher(Options options) { this.opt = options; }

    public StructureMatcher() { this(Options.standard()); }

    public Options options() { return opt; }

    /**
     * Reduces a structure for matching.
     *
     * @throws InputException for disordered cells or cells without atoms, which have no match in this sense
     */
    public Prepared prepare(Structure s) {
        if (s.size() == 0) throw new InputException("a structure without atoms cannot be matched");
        if (!s.isOrdered()) throw new InputException("a disordered structure (partially occupied sites) cannot be matched; order it first");
        rejectOverlaps(s);
        Structure r = LatticeReduction.niggli(s, 1e-5);
        if (opt.primitiveCell()) r = PrimitiveCell.find(r, PRIMITIVE_TOLERANCE);
        return new Prepared(s, r);
    }

    /** How many formula units one cell holds relative to the other, and which one is the supercell. */
    private record Supercell(int fu, boolean s1Super) {
    }

    private Supercell supercell(Prepared p1, Prepared p2) {
        if (!opt.attemptSupercell()) return new Supercell(1, true);
        double r = (double) p2.reduced.size() / p1.reduced.size();
        return r < 2.0 / 3 ? new Supercell((int) Math.round(1 / r), false) : new Supercell((int) Math.round(r), true);
    }

    /**
     * A necessary condition for {@link #fit(Prepared, Prepared)}, much cheaper than the comparison:
     * false only for pairs the matcher is certain to reject. Besides the formula and site-count rules
     * of the comparison itself it uses the successive minima μ1 ≤ μ2 ≤ μ3 of the source lattice: the
     * matcher needs three linearly independent vectors m1, m2, m3 of the (volume-scaled) source
     * lattice with |m_i| &lt; (1 + ltol)·len_i, len_i the target's basis lengths. Any three
     * independent lattice vectors, sorted by length, are at least μ1, μ2, μ3 (the definition of the
     * successive minima), and sorting keeps an element-wise bound, so μ_k·scale &lt; (1 + ltol)·len_(k)
     * for k = 1, 2, 3 with len sorted; for cells of equal size a bound in the other direction follows
     * from the angle tolerance (see the code). Neither volume nor distance fingerprints give such a bound:
     * with scale on the matcher equalises volumes, and the site tolerance (0.3·(V/n)^(1/3) per site,
     * on top of 20 % length changes) is wider than the spread of distances it would have to reject.
     */
    public boolean mayMatch(Prepared p1, Prepared p2) {
        if (!p1.reducedFormula.equals(p2.reducedFormula)) return false;
        Supercell sc = supercell(p1, p2);
        int fu = sc.fu();
        boolean s1Super = sc.s1Super();
        double mult = s1Super ? fu : 1.0 / fu;
        double f1 = 1, f2 = 1;
        if (opt.scale()) {
            f1 = Math.pow(p2.reduced.lattice().volume() / (p1.reduced.lattice().volume() * mult), 1.0 / 6);
            f2 = 1 / f1;
        }
        // the same roles as in compare: the superset side first, then src = the side made a supercell
        if (p1.reduced.size() * mult >= p2.reduced.size()) return mayStrictMatch(p1, f1, p2, f2, fu, s1Super);
        return mayStrictMatch(p2, f2, p1, f1, fu, !s1Super);
    }

    private boolean mayStrictMatch(Prepared p1, double f1, Prepared p2, double f2, int fu, boolean s1Super) {
        int n1 = p1.reduced.size() * (s1Super ? fu : 1);
        int n2 = p2.reduced.size() * (s1Super ? 1 : fu);
        if (n1 != n2) return false;
        if (!Arrays.equals(scaledCounts(p1, s1Super ? fu : 1), scaledCounts(p2, s1Super ? 1 : fu))) return false;
        Prepared src = s1Super ? p1 : p2, tgt = s1Super ? p2 : p1;
        double srcScale = s1Super ? f1 : f2, tgtScale = s1Super ? f2 : f1;
        Lattice t = tgt.reduced.lattice();
        double[] len = {t.a() * tgtScale, t.b() * tgtScale, t.c() * tgtScale};
        Arrays.sort(len);
        // a relative 1e-9 of slack so that rounding never rejects a pair the comparison would accept
        for (int k = 0; k < 3; k++) if (!(src.minima[k] * srcScale < (1 + opt.ltol()) * len[k] * (1 + 1e-9))) return false;
        if (fu != 1) return true;
        // The other way round, for cells of equal size, where m1, m2, m3 are a basis of the source
        // lattice. With G_m = D·C_m·D (D the lengths ℓ_i of the m_i, C_m their cosines), every source
        // vector v = Σ n_i m_i has |v|² ≥ λmin(C_m)·Σ n_i² ℓ_i². Of k independent vectors one has a
        // nonzero n_j outside the k − 1 shortest m_i, so μ_k ≥ √λmin(C_m)·ℓ_(k). Each cosine of C_m is
        // within angle_tol (radians) of the target's, so λmin(C_m) > λmin(C_t) − 2·angle_tol
        // (Gershgorin), and ℓ_(k) > len_(k) / (1 + ltol).
        double lower = tgt.cosineEigenMin - 2 * Math.toRadians(opt.angleTol());
        if (!(lower > 0)) return true; // too oblique a target for a bound
        double factor = Math.sqrt(lower) / (1 + opt.ltol()) * (1 - 1e-9);
        for (int k = 0; k < 3; k++) if (!(src.minima[k] * srcScale >= factor * len[k])) return false;
        return true;
    }

    /** The smallest eigenvalue of the cosine matrix, by the trigonometric solution of its characteristic cubic. */
    private static double smallestCosineEigenvalue(Lattice lat) {
        double ca = Math.cos(Math.toRadians(lat.alpha())), cb = Math.cos(Math.toRadians(lat.beta())), cg = Math.cos(Math.toRadians(lat.gamma()));
        // C = I + E, E with zero diagonal; the eigenvalues of E solve x³ − p·x − q = 0
        double p = ca * ca + cb * cb + cg * cg;
        double q = 2 * ca * cb * cg;
        if (p < 1e-15) return 1;
        double r = Math.sqrt(p / 3);
        double phi = Math.acos(Math.max(-1, Math.min(1, q / (2 * r * r * r)))) / 3;
        return 1 + 2 * r * Math.cos(phi + 2 * Math.PI / 3);
    }

    /** The successive minima from the length-sorted lattice points; the basis lies within its longest vector. */
    private static double[] successiveMinima(LatticeMappings.PointCache cache, Lattice lat) {
        double[][] pts = cache.upTo(Math.max(lat.a(), Math.max(lat.b(), lat.c())) * (1 + 1e-9));
        double[] out = new double[3];
        double[] u = null, cr = null;
        int found = 0;
        for (double[] p : pts) {
            if (found == 0) {
                u = p;
                out[found++] = p[3];
            } else if (found == 1) {
                double[] c = {u[1] * p[2] - u[2] * p[1], u[2] * p[0] - u[0] * p[2], u[0] * p[1] - u[1] * p[0]};
                if (Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]) > 1e-9 * u[3] * p[3]) {
                    cr = c;
                    out[found++] = p[3];
                }
            } else {
                double triple = cr[0] * p[0] + cr[1] * p[1] + cr[2] * p[2];
                if (Math.abs(triple) > 1e-9 * lat.volume()) {
                    out[found++] = p[3];
                    break;
                }
            }
        }
        if (found < 3) throw new IllegalStateException("lattice points of the reduced cell span no volume");
        return out;
    }

    /** Distance tolerance (Å) of the primitive-cell search, pymatgen's get_primitive_structure default. */
    static final double PRIMITIVE_TOLERANCE = 0.25;

    /**
     * Two atoms closer than the primitive-cell tolerance (or an atom this close to its own image)
     * let a tiny shift pass as a lattice translation of the whole crystal, and the "primitive cell"
     * the comparison then works on is an artefact. pymatgen would compare such a cell anyway; here
     * it is reported, as generated cells with overlapping atoms are not crystals to de-duplicate.
     */
    private static void rejectOverlaps(Structure s) {
        int n = s.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = s.distance(i, j);
                if (d < PRIMITIVE_TOLERANCE) {
                    throw new InputException(String.format(java.util.Locale.ROOT,
                            "atoms %d (%s) and %d (%s) overlap: %.3f Å apart, closer than %.2f Å, so the structure cannot be matched",
                            i + 1, s.site(i).element().symbol(), j + 1, s.site(j).element().symbol(), d, PRIMITIVE_TOLERANCE));
                }
            }
        }
        double self = s.distance(0, 0);
        if (self < PRIMITIVE_TOLERANCE) {
            throw new InputException(String.format(java.util.Locale.ROOT,
                    "the cell has a lattice vector of only %.3f Å (each atom overlaps its own image), so the structure cannot be matched", self));
        }
    }

    /** pymatgen's {@code fit}: true when the two are the same structure. */
    public boolean fit(Structure a, Structure b) { return compare(prepare(a), prepare(b), false).matched(); }

    /** Stops at the first mapping within tolerance (fast path for de-duplication). */
    public boolean fit(Prepared a, Prepared b) { return compare(a, b, false).matched(); }

    /** Full search: whether they match, and the smallest RMS displacement ({@code get_rms_dist}). */
    public Result compare(Prepared a, Prepared b) { return compare(a, b, true); }

    Result compare(Prepared p1, Prepared p2, boolean fullSearch) {
        if (!p1.reducedFormula.equals(p2.reducedFormula)) return Result.NONE;
        Supercell sc = supercell(p1, p2);
        int fu = sc.fu();
        boolean s1Super = sc.s1Super();
        double mult = s1Super ? fu : 1.0 / fu;
        Lattice l1 = p1.reduced.lattice(), l2 = p2.reduced.lattice();
        double f1 = 1, f2 = 1;
        if (opt.scale()) {
            double ratio = Math.pow(l2.volume() / (l1.volume() * mult), 1.0 / 6);
            f1 = ratio;
            f2 = 1 / ratio;
            l1 = scaled(l1, f1);
            l2 = scaled(l2, f2);
        }
        // the superset (after making the supercell) is matched against
        if (p1.reduced.size() * mult >= p2.reduced.size()) return strictMatch(p1, l1, f1, p2, l2, f2, fu, s1Super, fullSearch);
        return strictMatch(p2, l2, f2, p1, l1, f1, fu, !s1Super, fullSearch);
    }

    private Result strictMatch(Prepared p1, Lattice l1, double f1, Prepared p2, Lattice l2, double f2, int fu, boolean s1Super,
                               boolean fullSearch) {
        int n1 = p1.reduced.size() * (s1Super ? fu : 1);
        int n2 = p2.reduced.size() * (s1Super ? 1 : fu);
        if (n1 != n2) return Result.NONE;
        if (!Arrays.equals(scaledCounts(p1, s1Super ? fu : 1), scaledCounts(p2, s1Super ? 1 : fu))) return Result.NONE;

        Prepared src = s1Super ? p1 : p2;
        double srcScale = s1Super ? f1 : f2;
        Prepared tgt = s1Super ? p2 : p1;
        Lattice tgtLat = s1Super ? l2 : l1;
        int[] tgtSpecies = tgt.species;
        double[][] tgtFrac = tgt.frac;
        int[] supSpecies = repeat(src.species, fu);

        // the rarest species anchors the translations
        int rare = 0;
        for (int k = 1; k < tgt.speciesCount.length; k++) if (tgt.speciesCount[k] < tgt.speciesCount[rare]) rare = k;

        double bestRms = Double.POSITIVE_INFINITY, bestMax = Double.NaN;
        boolean matched = false;
        double[] tgtParams = tgtLat.parameters();
        for (LatticeMappings.Mapping map : LatticeMappings.find(src.points, srcScale, tgtLat, opt.ltol(), opt.angleTol(), fu)) {
            double[][] avgM = averageMatrix(map.rows(), tgtParams);
            if (avgM == null) continue; // averaged angles that describe no cell: nothing to compare on this mapping
            double avgVol = Math.abs(Mat3.det(avgM));
            double[] rec = reciprocalNorms(avgM, avgVol);
            double[][] supFrac = supercellFrac(src, map, fu);
            Images img = null;
            double norm = Math.cbrt(n1 / avgVol);
            double[] fracTol = new double[3];
            for (int k = 0; k < 3; k++) fracTol[k] = 2 * rec[k] * opt.stol() / norm; // pymatgen: |b*|(2π)·stol/(π·norm)

            // s1 = superset side, s2 = the side moved by translations, as in pymatgen's _strict_match
            double[][] s1fc = s1Super ? supFrac : tgtFrac;
            int[] s1sp = s1Super ? supSpecies : tgtSpecies;
            double[][] s2fc = s1Super ? tgtFrac : supFrac;
            int[] s2sp = s1Super ? tgtSpecies : supSpecies;
            int anchor2 = firstOf(s2sp, rare);
            int step = s1Super ? fu : 1;
            int seen = 0;
            for (int j = 0; j < s1fc.length; j++) {
                if (s1sp[j] != rare) continue;
                if (seen++ % step != 0) continue;
                double[] t = {s1fc[j][0] - s2fc[anchor2][0], s1fc[j][1] - s2fc[anchor2][1], s1fc[j][2] - s2fc[anchor2][2]};
                if (!withinWindow(s1fc, s1sp, s2fc, s2sp, t, fracTol)) continue;
                if (img == null) img = new Images(Lattice.fromMatrix(avgM));
                double[] d = cartesianDisplacements(s1fc, s1sp, s2fc, s2sp, t, img, norm, tgt.speciesCount.length);
                double max = 0, sq = 0;
                for (double x : d) { max = Math.max(max, x); sq += x * x; }
                double rms = Math.sqrt(sq / d.length);
                if (max < opt.stol()) {
                    matched = true;
                    if (!fullSearch) return new Result(true, rms, max);
                }
                if (rms < opt.stol() && rms < bestRms) { bestRms = rms; bestMax = max; }
            }
        }
        if (bestRms == Double.POSITIVE_INFINITY) return matched ? new Result(true, Double.NaN, Double.NaN) : Result.NONE;
        return new Result(matched, bestRms, bestMax);
    }

    private static int[] scaledCounts(Prepared p, int f) {
        int[] c = p.speciesCount.clone();
        for (int i = 0; i < c.length; i++) c[i] *= f;
        return c;
    }

    private static int firstOf(int[] species, int k) {
        for (int i = 0; i < species.length; i++) if (species[i] == k) return i;
        throw new IllegalStateException("species missing");
    }

    private static int[] repeat(int[] sp, int fu) {
        int[] out = new int[sp.length * fu];
        for (int i = 0; i < sp.length; i++) for (int k = 0; k < fu; k++) out[i * fu + k] = sp[i];
        return out;
    }

    /** Source sites in fractional coordinates of the mapped (super)cell; copies of a site are consecutive. */
    private static double[][] supercellFrac(Prepared src, LatticeMappings.Mapping map, int fu) {
        int n = src.frac.length;
        double[][] out = new double[n * fu][];
        double[][] inv = Mat3.inverse(map.scale());
        double[][] points = fu == 1 ? new double[][] {{0, 0, 0}} : latticePointsInSupercell(map.scale(), fu);
        for (int i = 0; i < n; i++) {
            double[] f = Mat3.rowTimes(src.frac[i], inv);
            for (int k = 0; k < fu; k++) {
                double[] g = {f[0] + points[k][0], f[1] + points[k][1], f[2] + points[k][2]};
                for (int c = 0; c < 3; c++) g[c] -= Math.floor(g[c]);
                out[i * fu + k] = g;
            }
        }
        return out;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, double[][]> SUPERCELL_POINTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The fu points of the small lattice inside the supercell, in supercell fractional coordinates (memoised: few distinct matrices occur). */
    static double[][] latticePointsInSupercell(double[][] scale, int fu) {
        String key = java.util.Arrays.deepToString(scale);
        double[][] cached = SUPERCELL_POINTS.get(key);
        if (cached != null) return cached;
        double[][] pts = computeLatticePoints(scale, fu);
        if (SUPERCELL_POINTS.size() < 100_000) SUPERCELL_POINTS.put(key, pts);
        return pts;
    }

    private static double[][] computeLatticePoints(double[][] scale, int fu) {
        double[][] inv = Mat3.inverse(scale);
        int[] lo = new int[3], hi = new int[3];
        for (int c = 0; c < 3; c++) {
            for (int corner = 0; corner < 8; corner++) {
                double v = 0;
                for (int r = 0; r < 3; r++) if ((corner >> r & 1) == 1) v += scale[r][c];
                lo[c] = Math.min(lo[c], (int) Math.floor(v));
                hi[c] = Math.max(hi[c], (int) Math.ceil(v));
            }
        }
        List<double[]> pts = new ArrayList<>();
        for (int x = lo[0]; x <= hi[0]; x++) for (int y = lo[1]; y <= hi[1]; y++) for (int z = lo[2]; z <= hi[2]; z++) {
            double[] f = Mat3.rowTimes(new double[] {x, y, z}, inv);
            boolean inside = true;
            for (double v : f) if (v < -1e-8 || v >= 1 - 1e-8) inside = false;
            if (inside) pts.add(f);
        }
        if (pts.size() != fu) throw new IllegalStateException("found " + pts.size() + " lattice points in a supercell of " + fu);
        return pts.toArray(new double[0][]);
    }

    private static boolean withinWindow(double[][] s1, int[] sp1, double[][] s2, int[] sp2, double[] t, double[] tol) {
        outer:
        for (int i = 0; i < s2.length; i++) {
            for (int j = 0; j < s1.length; j++) {
                if (sp1[j] != sp2[i]) continue;
                boolean ok = true;
                for (int k = 0; k < 3; k++) {
                    double d = s2[i][k] + t[k] - s1[j][k];
                    d -= Math.rint(d);
                    if (Math.abs(d) > tol[k]) { ok = false; break; }
                }
                if (ok) continue outer;
            }
            return false;
        }
        return true;
    }

    /**
     * Shortest-vector search in an LLL-reduced basis over the 27 neighbouring images, as pymatgen's
     * {@code pbc_shortest_vectors} does; built once per candidate lattice.
     */
    static final class Images {
        final double[][] reduced;  // rows: LLL basis (Cartesian, Å)
        final double[][] toReduced; // fractional (avg basis) row vector -> fractional in the reduced basis
        final double[][] images = new double[27][3];

        Images(Lattice avg) {
            Lattice r = avg.reducedBasis();
            reduced = r.matrix();
            int[][] t = avg.reductionTransform(); // reduced = T · avg
            double[][] td = new double[3][3];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) td[i][j] = t[i][j];
            toReduced = Mat3.inverse(td);
            int k = 0;
            for (int i = -1; i <= 1; i++) for (int j = -1; j <= 1; j++) for (int l = -1; l <= 1; l++) {
                for (int c = 0; c < 3; c++) images[k][c] = i * reduced[0][c] + j * reduced[1][c] + l * reduced[2][c];
                k++;
            }
        }

        /** Writes into out the shortest Cartesian vector for the fractional difference d (avg basis); returns its squared length. */
        double shortest(double d0, double d1, double d2, double[] out) {
            double r0 = d0 * toReduced[0][0] + d1 * toReduced[1][0] + d2 * toReduced[2][0];
            double r1 = d0 * toReduced[0][1] + d1 * toReduced[1][1] + d2 * toReduced[2][1];
            double r2 = d0 * toReduced[0][2] + d1 * toReduced[1][2] + d2 * toReduced[2][2];
            r0 -= Math.rint(r0);
            r1 -= Math.rint(r1);
            r2 -= Math.rint(r2);
            double x = r0 * reduced[0][0] + r1 * reduced[1][0] + r2 * reduced[2][0];
            double y = r0 * reduced[0][1] + r1 * reduced[1][1] + r2 * reduced[2][1];
            double z = r0 * reduced[0][2] + r1 * reduced[1][2] + r2 * reduced[2][2];
            double best = Double.MAX_VALUE;
            for (double[] im : images) {
                double a = x + im[0], b = y + im[1], c = z + im[2];
                double d = a * a + b * b + c * c;
                if (d < best) { best = d; out[0] = a; out[1] = b; out[2] = c; }
            }
            return best;
        }
    }

    /** Normalised displacements of s2 sites (after translation t) from their assigned s1 partners. */
    private static double[] cartesianDisplacements(double[][] s1, int[] sp1, double[][] s2, int[] sp2, double[] t,
                                                   Images img, double norm, int numSpecies) {
        int n = s2.length;
        double[][] vec = new double[n][];
        for (int sp = 0; sp < numSpecies; sp++) {
            int m = 0;
            for (int x : sp2) if (x == sp) m++;
            if (m == 0) continue;
            int[] rows = new int[m], cols = new int[m];
            int a0 = 0, b0 = 0;
            for (int i = 0; i < n; i++) if (sp2[i] == sp) rows[a0++] = i;
            for (int j = 0; j < s1.length; j++) if (sp1[j] == sp) cols[b0++] = j;
            double[][][] v = new double[m][m][3];
            double[][] cost = new double[m][m];
            for (int a = 0; a < m; a++) {
                double[] p = s2[rows[a]];
                for (int b = 0; b < m; b++) {
                    double[] q = s1[cols[b]];
                    cost[a][b] = img.shortest(q[0] - p[0] - t[0], q[1] - p[1] - t[1], q[2] - p[2] - t[2], v[a][b]);
                }
            }
            int[] sol = m == 1 ? new int[] {0} : LinearAssignment.solve(cost);
            for (int a = 0; a < m; a++) vec[rows[a]] = v[a][sol[a]];
        }
        double[] mean = new double[3];
        for (double[] w : vec) for (int k = 0; k < 3; k++) mean[k] += w[k] / n;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double x = vec[i][0] - mean[0], y = vec[i][1] - mean[1], z = vec[i][2] - mean[2];
            d[i] = Math.sqrt(x * x + y * y + z * z) * norm;
        }
        return d;
    }

    /**
     * The lattice with the mean lengths and angles of the mapped vectors and the target (pymatgen's
     * average lattice), as rows with a along x and b in the xy plane; null when the mean angles
     * describe no cell.
     */
    private static double[][] averageMatrix(double[][] rows, double[] t) {
        double la = Mat3.norm(rows[0]), lb = Mat3.norm(rows[1]), lc = Mat3.norm(rows[2]);
        double al = Mat3.angleDeg(rows[1], rows[2], lb, lc), be = Mat3.angleDeg(rows[0], rows[2], la, lc), ga = Mat3.angleDeg(rows[0], rows[1], la, lb);
        double a = (la + t[0]) / 2, b = (lb + t[1]) / 2, c = (lc + t[2]) / 2;
        double ca = Math.cos(Math.toRadians((al + t[3]) / 2)), cb = Math.cos(Math.toRadians((be + t[4]) / 2));
        double g = Math.toRadians((ga + t[5]) / 2), cg = Math.cos(g), sg = Math.sin(g);
        double cx = c * cb, cy = c * (ca - cb * cg) / sg, cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 1e-12 * c * c)) return null;
        return new double[][] {{a, 0, 0}, {b * cg, b * sg, 0}, {cx, cy, Math.sqrt(cz2)}};
    }

    /** |a*|, |b*|, |c*| without 2π (1/Å): the cross products of the other two rows over the volume. */
    private static double[] reciprocalNorms(double[][] m, double vol) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            double[] u = m[(i + 1) % 3], v = m[(i + 2) % 3];
            double x = u[1] * v[2] - u[2] * v[1], y = u[2] * v[0] - u[0] * v[2], z = u[0] * v[1] - u[1] * v[0];
            r[i] = Math.sqrt(x * x + y * y + z * z) / vol;
        }
        return r;
    }

    private static Lattice scaled(Lattice l, double f) {
        double[][] m = l.matrix();
        for (double[] row : m) for (int k = 0; k < 3; k++) row[k] *= f;
        return Lattice.fromMatrix(m);
    }

}
