package org.crystalgan.screening.validity;

import java.util.List;
import java.util.Map;

/**
 * What a chemist checks first on a (generated) crystal. Distances in Å, density in g/cm³, bond-valence
 * sums in valence units. NaN where a quantity cannot be computed (see {@link #problems()}).
 *
 * @param name the structure's name
 * @param formula full-cell formula
 * @param numSites sites in the cell
 * @param targetMatched null when no target was given, else whether the cell formula equals it
 * @param minDistance shortest distance between atoms (an atom and its own image in a one-atom cell)
 * @param closePairs pairs closer than the chosen fraction of the sum of their ionic radii
 * @param oxidationStates mean oxidation state per element of a charge-balanced assignment (empty when none)
 * @param chargeBalanced whether some assignment of common oxidation states balances the charge
 * @param coordination per cation site: number of O neighbours within the radius-based cutoff
 * @param density g/cm³
 * @param mnSites site indices of Mn atoms, in the order of the next two lists
 * @param mnBondValenceSums each Mn's bond-valence sum evaluated with the R0 of its BVS state
 * @param mnBondValenceStates each Mn's oxidation state by bond valence (II, III or IV: the state whose
 *     R0 gives a sum closest to that state)
 * @param globalInstabilityIndex GII = sqrt(mean over all atoms of (BVS − formal valence)²)
 * @param valid the loose test of the generative-model literature: ordered, more than one atom, target matched
 *     (when given), min distance at least the threshold (0.5 Å), charge balanced. A cell can pass it with
 *     0.6 Å contacts; {@link #plausibility()} is the chemist's verdict.
 * @param problems human-readable reasons (disorder, single atom, overlapping atoms, ...)
 * @param plausibility contacts against ionic radii, bond-valence sums and the GII, with a reason per verdict
 */
public record ValidityReport(String name, String formula, int numSites, Boolean targetMatched, double minDistance,
                             List<ClosePair> closePairs, Map<String, Double> oxidationStates, boolean chargeBalanced,
                             List<Coordination> coordination, double density, List<Integer> mnSites,
                             List<Double> mnBondValenceSums, List<Integer> mnBondValenceStates,
                             double globalInstabilityIndex, boolean valid, List<String> problems, Plausibility plausibility) {
    /**
     * Whether the cell is chemically plausible by the bounds of {@link ValidityChecker.Bounds}, and why.
     * Ratios are distance / (sum of the two Shannon ionic radii for the sites' formal states); NaN where no such
     * pair exists. Bond-valence deviations are |BVS − |formal valence|| in valence units.
     *
     * @param reasons every bound that failed, or, when plausible, one line saying what was checked
     */
    public record Plausibility(boolean plausible, List<String> reasons, double minCationAnionRatio, double minCationCationRatio,
                               double minAnionAnionRatio, double maxCationBvsDeviation, double maxAnionBvsDeviation) {
        public Plausibility {
            reasons = List.copyOf(reasons);
        }

        /** A verdict that could not be reached (no atoms, disorder, ...): not plausible, with the reason. */
        public static Plausibility undetermined(String why) {
            return new Plausibility(false, List.of(why), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }

        /** "✔ plausible" or "✘ " + the first reason. */
        public String verdict() { return plausible ? "✔ plausible" : "✘ " + (reasons.isEmpty() ? "implausible" : reasons.get(0)); }
    }

    public ValidityReport {
        closePairs = List.copyOf(closePairs);
        oxidationStates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(oxidationStates));
        coordination = List.copyOf(coordination);
        mnSites = List.copyOf(mnSites);
        mnBondValenceSums = List.copyOf(mnBondValenceSums);
        mnBondValenceStates = List.copyOf(mnBondValenceStates);
        problems = List.copyOf(problems);
    }

    /** A cation site's element and its number of O neighbours. */
    public record Coordination(int site, String element, int oxygenNeighbours) {}

    /** Coordination number of a site, or -1 when it is not a cation of this report. */
    public int coordinationOf(int site) {
        for (Coordination c : coordination) if (c.site() == site) return c.oxygenNeighbours();
        return -1;
    }

    /** Two sites closer than a fraction of their ionic-radius sum: distance and that sum, in Å. */
    public record ClosePair(int i, int j, double distance, double radiusSum) {}
}
