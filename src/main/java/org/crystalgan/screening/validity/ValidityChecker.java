package org.crystalgan.screening.validity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;

/**
 * Validity, charge, coordination and bond-valence checks of one structure. Thread-safe and
 * stateless apart from its options.
 */
public final class ValidityChecker {
    /**
     * @param minDistance the validity threshold on the shortest interatomic distance, Å (0.5 in the
     *     generative-model literature, e.g. Xie et al., CDVAE, ICLR 2022)
     * @param radiusFraction pairs closer than this fraction of the sum of their Shannon radii are listed
     * @param coordinationFactor a cation-O pair is a bond when closer than this factor times r(cation) + r(O)
     * @param bondValenceCutoff bonds longer than this (Å) are left out of bond-valence sums
     * @param target the requested full-cell composition, or null for none
     */
    public record Options(double minDistance, double radiusFraction, double coordinationFactor, double bondValenceCutoff,
                          Composition target) {
        public static Options defaults() { return new Options(0.5, 0.5, 1.3, 3.5, null); }

        public Options withTarget(Composition t) {
            return new Options(minDistance, radiusFraction, coordinationFactor, bondValenceCutoff, t);
        }

        public Options withRadiusFraction(double f) {
            return new Options(minDistance, f, coordinationFactor, bondValenceCutoff, target);
        }
    }

    /**
     * What "chemically plausible" means: bounds on contacts (distance over the sum of Shannon ionic radii of the two
     * sites' formal states), on each site's bond-valence sum (Brese and O'Keeffe 1991 parameters, {@link BondValence})
     * and on the global instability index. {@link #TRAINING} takes them from the training structures.
     *
     * @param minCationAnion        smallest cation-O distance / (r_cation + r_O)
     * @param minCationCation       smallest cation-cation distance / (r_1 + r_2)
     * @param minAnionAnion         smallest O-O distance / (2 r_O)
     * @param maxCationBvsDeviation largest |BVS − formal valence| of a cation, v.u.
     * @param maxAnionBvsDeviation  largest |BVS − 2| of an oxide ion, v.u.
     * @param maxGii                largest global instability index, v.u.
     */
    public record Bounds(double minCationAnion, double minCationCation, double minAnionAnion, double maxCationBvsDeviation,
                         double maxAnionBvsDeviation, double maxGii) {
        /** Bounds from the 1,253 relaxed training structures: see the measurement in the class comment. */
        public static final Bounds TRAINING = new Bounds(TRAINING_CA, TRAINING_CC, TRAINING_AA, TRAINING_CATION_BVS, TRAINING_ANION_BVS, TRAINING_GII);
    }

    /*
     * The training bounds, measured over the 1,253 DFT-relaxed training structures of the paper
     * (../shared/data/mgmno/cif, kaist-amsg/Composition-Conditioned-Crystal-GAN) with this class's own radii,
     * oxidation-state assignment and bond-valence parameters (ValidityBoundsTest repeats the measurement):
     *
     *   quantity                     min / p0.5 / median / p99.5 / max
     *   cation-O / (r_c + r_O)       0.760 / 0.818 / 0.924 / 1.002 / 1.032
     *   cation-cation / (r_1 + r_2)  1.396 / 1.510 / 1.971 / 2.696 / 2.823
     *   O-O / (2 r_O)                0.493 / 0.516 / 0.936 / 1.146 / 1.280
     *   max |BVS - V|, cations       0.031 / 0.114 / 0.496 / 2.917 / 3.562 v.u.
     *   max |BVS - 2|, O             0.018 / 0.051 / 0.318 / 1.289 / 1.811 v.u.
     *   GII                          0.018 / 0.089 / 0.296 / 1.405 / 1.602 v.u.
     *
     * Each bound is the 0.5th (lower bounds) or 99.5th (upper bounds) percentile, rounded outwards to 0.01: the
     * central 99 % of every quantity passes, and the few structures beyond it are prototype substitutions with
     * chemistry no Mg-Mn oxide has (O-O at 1.38 Å as in a peroxide, a Mg on a Nb site with a sum off by 3.6 v.u.).
     * The set is broader than stable oxides (whose GII is usually below 0.2 v.u., Salinas-Sanchez et al., J. Solid
     * State Chem. 100 (1992) 201), so these bounds reject the impossible, not the merely strained.
     */
    static final double TRAINING_CA = 0.81, TRAINING_CC = 1.51, TRAINING_AA = 0.51, TRAINING_CATION_BVS = 2.92,
            TRAINING_ANION_BVS = 1.29, TRAINING_GII = 1.41;

    /** Two atoms closer than this (Å) sit on top of each other. */
    static final double OVERLAP = 0.1;
    private static final Element O = Element.of("O");
    private static final Element MN = Element.of("Mn");

    private final Options options;
    private final Bounds bounds;

    public ValidityChecker(Options options) { this(options, Bounds.TRAINING); }

    public ValidityChecker(Options options, Bounds bounds) {
        this.options = options;
        this.bounds = bounds;
    }

    public ValidityChecker() { this(Options.defaults()); }

    public Bounds bounds() { return bounds; }

    public Options options() { return options; }

    public ValidityReport check(String name, Structure s) {
        List<String> problems = new ArrayList<>();
        int n = s.size();
        Composition comp = s.composition();
        String formula = comp.isEmpty() ? "" : comp.formula();
        Boolean targetOk = options.target() == null ? null : (!comp.isEmpty() && comp.almostEquals(options.target(), 1e-6));
        if (Boolean.FALSE.equals(targetOk)) problems.add("composition " + formula + " is not the target " + options.target().formula());
        if (n == 0) {
            problems.add("no atoms");
            return new ValidityReport(name, formula, 0, targetOk, Double.NaN, List.of(), Map.of(), false, List.of(),
                    Double.NaN, List.of(), List.of(), List.of(), Double.NaN, false, problems, ValidityReport.Plausibility.undetermined("no atoms"));
        }
        double density = s.density();
        if (n == 1) problems.add("single atom in the cell");
        boolean ordered = s.isOrdered();
        if (!ordered) {
            problems.add("disordered: partially occupied sites; bond valence and charge balance need an ordered cell");
            return new ValidityReport(name, formula, n, targetOk, s.minimumDistance(), List.of(), Map.of(), false, List.of(), density,
                    List.of(), List.of(), List.of(), Double.NaN, false, problems,
                    ValidityReport.Plausibility.undetermined("disordered: bond valence needs an ordered cell"));
        }

        // oxidation states: a charge-balanced assignment of common states, preferring O(-II)
        List<Composition.OxidationAssignment> guesses = comp.oxidationStateGuesses(true);
        Composition.OxidationAssignment ox = null;
        for (Composition.OxidationAssignment a : guesses) {
            if (!comp.elements().contains(O) || Math.abs(a.mean(O) + 2) < 1e-9) { ox = a; break; }
        }
        if (ox == null && !guesses.isEmpty()) ox = guesses.get(0);
        boolean balanced = ox != null;
        if (!balanced) problems.add("no charge-balanced assignment of common oxidation states");
        Map<String, Double> oxStates = new LinkedHashMap<>();
        if (ox != null) ox.meanStates().forEach((e, v) -> oxStates.put(e.symbol(), v));

        // integer formal state per site: Mn gets floor/ceil of its mean, the higher states going to the
        // Mn with the larger bond-valence sums below
        int[] formal = new int[n];
        for (int i = 0; i < n; i++) {
            Element e = s.site(i).element();
            double mean = ox == null ? Double.NaN : ox.mean(e);
            formal[i] = Double.isNaN(mean) ? 0 : (int) Math.round(mean);
        }

        double radMax = 0;
        double[] radius = new double[n];
        for (int i = 0; i < n; i++) {
            Element e = s.site(i).element();
            radius[i] = ionicRadius(e, formal[i]);
            radMax = Math.max(radMax, radius[i]);
        }
        double cutoff = Math.max(options.bondValenceCutoff(), Math.max(2 * radMax * options.radiusFraction(),
                (radMax + ionicRadius(O, -2)) * options.coordinationFactor()));
        // every contact that could break a bound must be in the list (Mn may get a larger radius after the assignment below)
        double rBig = Math.max(radMax, ionicRadius(MN, 2));
        cutoff = Math.max(cutoff, Math.max(bounds.minCationCation(), bounds.minAnionAnion()) * 2 * rBig) + 1e-6;
        NeighborList nl = NeighborList.build(s, cutoff);
        // the shortest distance from the neighbour list (own images included); beyond the cutoff, the exact search
        double minD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) for (NeighborList.Neighbor nb : nl.of(i)) minD = Math.min(minD, nb.distance());
        if (minD == Double.POSITIVE_INFINITY) minD = s.minimumDistance();

        // close pairs and overlaps
        List<ValidityReport.ClosePair> close = new ArrayList<>();
        int overlaps = 0;
        for (int i = 0; i < n; i++) {
            for (NeighborList.Neighbor nb : nl.of(i)) {
                int j = nb.index();
                if (j < i || (j == i && !isCanonicalImage(nb.image()))) continue;
                double sum = radius[i] + radius[j];
                if (nb.distance() < options.radiusFraction() * sum) close.add(new ValidityReport.ClosePair(i, j, nb.distance(), sum));
                if (nb.distance() < OVERLAP && j != i) overlaps++;
            }
        }
        if (overlaps > 0) problems.add(overlaps + " pair(s) of overlapping atoms (closer than " + OVERLAP + " Å)");
        if (minD < options.minDistance()) problems.add(String.format(java.util.Locale.ROOT, "shortest distance %.3f Å is below %.2f Å", minD, options.minDistance()));

        // coordination: O neighbours of each cation
        List<ValidityReport.Coordination> cn = new ArrayList<>();
        double rO = ionicRadius(O, -2);
        for (int i = 0; i < n; i++) {
            Element e = s.site(i).element();
            if (e.equals(O)) continue;
            double cut = (radius[i] + rO) * options.coordinationFactor();
            int c = 0;
            for (NeighborList.Neighbor nb : nl.of(i)) if (s.site(nb.index()).element().equals(O) && nb.distance() < cut) c++;
            cn.add(new ValidityReport.Coordination(i, e.symbol(), c));
        }

        // bond valence
        List<Integer> mnSites = new ArrayList<>();
        List<Double> mnBvs = new ArrayList<>();
        List<Integer> mnStates = new ArrayList<>();
        double gii = Double.NaN;
        double[] bvs = null;
        boolean hasOxygen = comp.elements().contains(O);
        List<String> unparametrised = new ArrayList<>();
        for (Element e : comp.elements()) if (!e.equals(O) && !BondValence.hasParameters(e)) unparametrised.add(e.symbol());
        if (!hasOxygen) {
            problems.add("no oxygen: bond-valence sums need cation-O bonds");
        } else if (!unparametrised.isEmpty()) {
            problems.add("no bond-valence parameters for " + String.join(", ", unparametrised) + " (tabulated: Mg, Mn with O)");
        } else {
            for (int i = 0; i < n; i++) {
                if (!s.site(i).element().equals(MN)) continue;
                int best = 2;
                double bestDiff = Double.MAX_VALUE, bestSum = Double.NaN;
                for (int state = 2; state <= 4; state++) {
                    double sum = cationSum(s, nl, i, BondValence.r0(MN, state).getAsDouble());
                    if (Math.abs(sum - state) < bestDiff) { bestDiff = Math.abs(sum - state); best = state; bestSum = sum; }
                }
                mnSites.add(i);
                mnBvs.add(bestSum);
                mnStates.add(best);
            }
            if (balanced) {
                assignMnFormalStates(s, nl, formal, ox.mean(MN), mnSites);
                bvs = bondValenceSums(s, nl, formal);
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double d = bvs[i] - Math.abs(formal[i]);
                    sq += d * d;
                }
                gii = Math.sqrt(sq / n);
            }
        }

        boolean valid = ordered && n > 1 && !Boolean.FALSE.equals(targetOk) && minD >= options.minDistance() && balanced;
        ValidityReport.Plausibility plausibility;
        if (n == 1) plausibility = ValidityReport.Plausibility.undetermined("single atom in the cell");
        else if (!balanced) plausibility = ValidityReport.Plausibility.undetermined("no charge-balanced assignment of common oxidation states");
        else if (bvs == null) plausibility = ValidityReport.Plausibility.undetermined(problems.get(problems.size() - 1));
        else plausibility = plausibility(s, nl, formal, bvs, gii, targetOk);
        return new ValidityReport(name, formula, n, targetOk, minD, close, oxStates, balanced, cn, density,
                mnSites, mnBvs, mnStates, gii, valid, problems, plausibility);
    }

    private ValidityReport.Plausibility plausibility(Structure s, NeighborList nl, int[] formal, double[] bvs, double gii, Boolean targetOk) {
        int n = s.size();
        double[] r = IonicRadii.forSites(s, formal);
        // smallest ratio per kind of contact, and the pair that gives it
        double[] min = {Double.NaN, Double.NaN, Double.NaN};
        String[] where = new String[3];
        for (int i = 0; i < n; i++) {
            for (NeighborList.Neighbor nb : nl.of(i)) {
                int j = nb.index();
                if (j < i || (j == i && !isCanonicalImage(nb.image()))) continue;
                boolean oi = s.site(i).element().equals(O), oj = s.site(j).element().equals(O);
                int kind = oi && oj ? 2 : oi || oj ? 0 : 1;
                double ratio = nb.distance() / (r[i] + r[j]);
                if (Double.isNaN(min[kind]) || ratio < min[kind]) {
                    min[kind] = ratio;
                    where[kind] = String.format(java.util.Locale.ROOT, "%s%d-%s%d %.2f Å", s.site(i).element().symbol(), i + 1,
                            s.site(j).element().symbol(), j + 1, nb.distance());
                }
            }
        }
        List<String> why = new ArrayList<>();
        if (Boolean.FALSE.equals(targetOk)) why.add("composition is not the target");
        String[] kindName = {"cation-O", "cation-cation", "O-O"};
        double[] bound = {bounds.minCationAnion(), bounds.minCationCation(), bounds.minAnionAnion()};
        for (int k = 0; k < 3; k++) {
            if (!Double.isNaN(min[k]) && min[k] < bound[k]) {
                why.add(String.format(java.util.Locale.ROOT, "%s contact %s is %.2f of the ionic-radius sum (training structures: at least %.2f)",
                        kindName[k], where[k], min[k], bound[k]));
            }
        }
        double maxCat = 0, maxAn = 0;
        int worstCat = -1, worstAn = -1;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(bvs[i] - Math.abs(formal[i]));
            if (s.site(i).element().equals(O)) { if (d > maxAn) { maxAn = d; worstAn = i; } }
            else if (d > maxCat) { maxCat = d; worstCat = i; }
        }
        if (maxCat > bounds.maxCationBvsDeviation()) why.add(bvsReason(s, worstCat, bvs, formal, bounds.maxCationBvsDeviation()));
        if (maxAn > bounds.maxAnionBvsDeviation()) why.add(bvsReason(s, worstAn, bvs, formal, bounds.maxAnionBvsDeviation()));
        if (gii > bounds.maxGii()) {
            why.add(String.format(java.util.Locale.ROOT, "global instability index %.2f v.u. (training structures: at most %.2f)", gii, bounds.maxGii()));
        }
        boolean ok = why.isEmpty();
        if (ok) {
            why.add(String.format(java.util.Locale.ROOT, "contacts ≥ %.2f of the ionic-radius sums, bond-valence sums within %.2f v.u., GII %.2f v.u.",
                    Double.isNaN(min[0]) ? 0 : min[0], Math.max(maxCat, maxAn), gii));
        }
        return new ValidityReport.Plausibility(ok, why, min[0], min[1], min[2], maxCat, maxAn);
    }

    private static String bvsReason(Structure s, int i, double[] bvs, int[] formal, double bound) {
        Element e = s.site(i).element();
        return String.format(java.util.Locale.ROOT, "%s%d bond-valence sum %.2f v.u. for %s(%s%d): off by %.2f (training structures: at most %.2f)",
                e.symbol(), i + 1, bvs[i], e.symbol(), formal[i] < 0 ? "-" : "+", Math.abs(formal[i]), Math.abs(bvs[i] - Math.abs(formal[i])), bound);
    }

    // a site's bond to its own image appears twice (through +t and -t): keep one
    private static boolean isCanonicalImage(int[] t) {
        for (int v : t) if (v != 0) return v > 0;
        return false;
    }

    // the radii of the contact rules have one home, shared with the generation gate
    private static double ionicRadius(Element e, int state) {
        return IonicRadii.orCovalent(e, state);
    }

    private double cationSum(Structure s, NeighborList nl, int i, double r0) {
        double sum = 0;
        for (NeighborList.Neighbor nb : nl.of(i)) {
            if (nb.distance() > options.bondValenceCutoff()) continue;
            if (s.site(nb.index()).element().equals(O)) sum += BondValence.bondValence(r0, nb.distance());
        }
        return sum;
    }

    /** Distributes the Mn formal states (floor/ceil of the mean) so the larger BVS gets the higher state. */
    private void assignMnFormalStates(Structure s, NeighborList nl, int[] formal, double mean, List<Integer> mnSites) {
        int nMn = mnSites.size();
        if (nMn == 0 || Double.isNaN(mean)) return;
        int lo = (int) Math.floor(mean + 1e-9);
        int highCount = (int) Math.round(mean * nMn) - lo * nMn;
        Integer[] order = mnSites.toArray(new Integer[0]);
        double[] key = new double[s.size()];
        for (int i : mnSites) key[i] = cationSum(s, nl, i, BondValence.r0(MN, BondValence.nearestTabulatedState(MN, lo)).getAsDouble());
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key[i]).reversed());
        for (int k = 0; k < nMn; k++) formal[order[k]] = k < highCount ? lo + 1 : lo;
    }

    /** Bond-valence sum of every site: cations over their O bonds, each O over the same bonds seen from it. */
    private double[] bondValenceSums(Structure s, NeighborList nl, int[] formal) {
        int n = s.size();
        double[] bvs = new double[n];
        for (int i = 0; i < n; i++) {
            Element e = s.site(i).element();
            if (e.equals(O)) continue;
            double r0 = BondValence.r0(e, BondValence.nearestTabulatedState(e, formal[i])).getAsDouble();
            for (NeighborList.Neighbor nb : nl.of(i)) {
                if (nb.distance() > options.bondValenceCutoff() || !s.site(nb.index()).element().equals(O)) continue;
                double v = BondValence.bondValence(r0, nb.distance());
                bvs[i] += v;
                bvs[nb.index()] += v; // the same bond seen from the oxygen
            }
        }
        return bvs;
    }
}
