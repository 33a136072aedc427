package org.crystalgan.screening.validity;

import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;

/**
 * A fast geometric plausibility test for a raw generated cell, applied while drawing so that only cells a chemist
 * would look at are written. It judges contacts only (no charges, no bond valences): a shortest-distance floor,
 * cation-anion contacts against the sum of Shannon ionic radii, and a floor on cation-cation distances.
 *
 * <p>The defaults sit just below what every one of the 1,253 relaxed training structures of the paper
 * ({@code ../shared/data/mgmno/cif}) satisfies, measured with this class's own rules: shortest distance 1.380 Å
 * (an O-O pair; the first percentile is 1.479 Å); cation-O contacts at least 0.805 (Mg-O) and 0.760 (Mn-O) of
 * r(cation) + r(O²⁻) (Shannon 1976, coordination VI, Mn radius for its charge-balanced oxidation state: {@link IonicRadii}); cation-cation
 * at least 2.164 Å (Mg-Mn), 2.175 Å (Mg-Mg), 2.285 Å (Mn-Mn). So the gate never rejects a structure like those the
 * model was trained on, and rejects the 0.5-1.0 Å contacts that raw generated cells show.
 */
public final class PlausibilityGate {
    /**
     * @param minDistance      no two atoms closer than this, Å (default 1.3: training minimum 1.38 Å)
     * @param cationAnionRatio a cation-anion contact must be at least this fraction of r(cation) + r(anion)
     *                         (default 0.75: training minima 0.805 Mg-O, 0.760 Mn-O)
     * @param cationCationMin  no two cations closer than this, Å (default 2.0: training minimum 2.16 Å)
     */
    public record Options(double minDistance, double cationAnionRatio, double cationCationMin) {
        public Options {
            if (!(minDistance >= 0) || !Double.isFinite(minDistance) || minDistance > 5) {
                throw new IllegalArgumentException("the shortest-distance floor must be between 0 and 5 Å (got " + minDistance + ")");
            }
            if (!(cationAnionRatio >= 0) || cationAnionRatio > 1.5) {
                throw new IllegalArgumentException("the cation-anion contact ratio must be between 0 and 1.5 (got " + cationAnionRatio + ")");
            }
            if (!(cationCationMin >= 0) || !Double.isFinite(cationCationMin) || cationCationMin > 5) {
                throw new IllegalArgumentException("the cation-cation floor must be between 0 and 5 Å (got " + cationCationMin + ")");
            }
        }

        public static Options defaults() { return new Options(1.3, 0.75, 2.0); }
    }

    /** Why a cell failed: a short description naming the pair and the distance, and a stable category for counting. */
    public record Rejection(Category category, String detail) {
        @Override
        public String toString() { return detail; }
    }

    /** The kinds of rejection, in the order they are tested. */
    public enum Category {
        EMPTY("no atoms"),
        SHORT_CONTACT("shortest distance below the floor"),
        CATION_ANION("cation-anion contact below the ionic-radius rule"),
        CATION_CATION("cation-cation contact below the floor");

        private final String words;

        Category(String words) { this.words = words; }

        /** What a chemist reads in a rejection summary. */
        public String words() { return words; }
    }

    private final Options options;

    public PlausibilityGate(Options options) { this.options = options; }

    public PlausibilityGate() { this(Options.defaults()); }

    public Options options() { return options; }

    /** Null when the cell passes, else the first rule it breaks. */
    public Rejection check(Structure s) {
        int n = s.size();
        if (n == 0) return new Rejection(Category.EMPTY, "the cell holds no atoms");
        double[] radius = ionicRadii(s);
        boolean[] anion = new boolean[n];
        for (int i = 0; i < n; i++) anion[i] = isAnion(s.site(i).element());
        double reach = Math.max(options.minDistance, options.cationCationMin);
        for (int i = 0; i < n; i++) {
            if (!anion[i] && !Double.isNaN(radius[i])) reach = Math.max(reach, options.cationAnionRatio * (radius[i] + maxAnionRadius(s, radius, anion)));
        }
        if (!(reach > 0)) return null;
        NeighborList nl = NeighborList.build(s, reach);
        Rejection worst = null;
        for (int i = 0; i < n; i++) {
            for (NeighborList.Neighbor nb : nl.of(i)) {
                int j = nb.index();
                if (j < i) continue; // each pair once
                double d = nb.distance();
                String pair = s.site(i).element().symbol() + "-" + s.site(j).element().symbol();
                if (d < options.minDistance) {
                    return new Rejection(Category.SHORT_CONTACT, String.format(Locale.ROOT,
                            "%s %.2f Å is below the %.2f Å floor", pair, d, options.minDistance));
                }
                if (worst == null && anion[i] != anion[j] && !Double.isNaN(radius[i]) && !Double.isNaN(radius[j])) {
                    double sum = radius[i] + radius[j];
                    if (d < options.cationAnionRatio * sum) {
                        worst = new Rejection(Category.CATION_ANION, String.format(Locale.ROOT,
                                "%s %.2f Å is below %.2f x the ionic radii sum %.2f Å", pair, d, options.cationAnionRatio, sum));
                    }
                }
                if (worst == null && !anion[i] && !anion[j] && d < options.cationCationMin) {
                    worst = new Rejection(Category.CATION_CATION, String.format(Locale.ROOT,
                            "%s %.2f Å is below the %.2f Å cation-cation floor", pair, d, options.cationCationMin));
                }
            }
        }
        return worst;
    }

    private static double maxAnionRadius(Structure s, double[] radius, boolean[] anion) {
        double best = 0;
        for (int i = 0; i < s.size(); i++) if (anion[i] && !Double.isNaN(radius[i])) best = Math.max(best, radius[i]);
        return best;
    }

    static boolean isAnion(Element e) { return IonicRadii.isAnion(e); }

    /** The radius of each element of {@code c}: {@link IonicRadii#forComposition}, shared with {@link ValidityChecker}. */
    static Map<Element, Double> ionicRadii(Composition c) { return IonicRadii.forComposition(c); }

    private static double[] ionicRadii(Structure s) {
        Map<Element, Double> byElement = ionicRadii(s.composition());
        double[] r = new double[s.size()];
        for (int i = 0; i < s.size(); i++) r[i] = byElement.get(s.site(i).element());
        return r;
    }

    /**
     * The closest two atoms of the given elements may come in a cell of composition {@code c} under this gate's
     * rules: what a random structure search needs to place atoms that pass.
     */
    public ToDoubleBiFunction<Element, Element> pairFloors(Composition c) {
        Map<Element, Double> radius = ionicRadii(c);
        return (a, b) -> {
            double floor = options.minDistance;
            boolean anionA = isAnion(a);
            boolean anionB = isAnion(b);
            double ra = radius.getOrDefault(a, Double.NaN);
            double rb = radius.getOrDefault(b, Double.NaN);
            if (anionA != anionB && !Double.isNaN(ra) && !Double.isNaN(rb)) floor = Math.max(floor, options.cationAnionRatio * (ra + rb));
            if (!anionA && !anionB) floor = Math.max(floor, options.cationCationMin);
            return floor;
        };
    }
}
