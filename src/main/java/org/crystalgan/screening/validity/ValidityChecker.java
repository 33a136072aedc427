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

    /** Two atoms closer than this (Å) sit on top of each other. */
    static final double OVERLAP = 0.1;
    private static final Element O = Element.of("O");
    private static final Element MN = Element.of("Mn");

    private final Options options;

    public ValidityChecker(Options options) { this.options = options; }

    public ValidityChecker() { this(Options.defaults()); }

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
                    Double.NaN, List.of(), List.of(), List.of(), Double.NaN, false, problems);
        }
        double density = s.density();
        if (n == 1) problems.add("single atom in the cell");
        boolean ordered = s.isOrdered();
        if (!ordered) {
            problems.add("disordered: partially occupied sites; bond valence and charge balance need an ordered cell");
            return new ValidityReport(name, formula, n, targetOk, s.minimumDistance(), List.of(), Map.of(), false, List.of(), density,
                    List.of(), List.of(), List.of(), Double.NaN, false, problems);
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
                (radMax + ionicRadius(O, -2)) * options.coordinationFactor())) + 1e-6;
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
                gii = globalInstability(s, nl, formal);
            }
        }

        boolean valid = ordered && n > 1 && !Boolean.FALSE.equals(targetOk) && minD >= options.minDistance() && balanced;
        return new ValidityReport(name, formula, n, targetOk, minD, close, oxStates, balanced, cn, density,
                mnSites, mnBvs, mnStates, gii, valid, problems);
    }

    // a site's bond to its own image appears twice (through +t and -t): keep one
    private static boolean isCanonicalImage(int[] t) {
        for (int v : t) if (v != 0) return v > 0;
        return false;
    }

    private static double ionicRadius(Element e, int state) {
        var r = e.ionicRadius(state);
        if (r.isPresent()) return r.getAsDouble();
        // an element in a state without a tabulated radius: fall back on its covalent radius
        return e.covalentRadius();
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

    private double globalInstability(Structure s, NeighborList nl, int[] formal) {
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
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = bvs[i] - Math.abs(formal[i]);
            sq += d * d;
        }
        return Math.sqrt(sq / n);
    }
}
