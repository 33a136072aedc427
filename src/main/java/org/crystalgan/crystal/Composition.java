package org.crystalgan.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Amounts of elements (atoms per formula or per cell), kept in the conventional formula order
 * (increasing Pauling electronegativity, as pymatgen writes formulas: MgMn2O4).
 */
public final class Composition {
    private static final double EPS = 1e-8;
    private final Map<Element, Double> amounts; // insertion order = formula order

    private Composition(Map<Element, Double> raw) {
        List<Element> els = new ArrayList<>();
        for (Map.Entry<Element, Double> e : raw.entrySet()) if (Math.abs(e.getValue()) > EPS) els.add(e.getKey());
        els.sort(Element.FORMULA_ORDER);
        Map<Element, Double> m = new LinkedHashMap<>();
        for (Element e : els) {
            double v = raw.get(e);
            if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("amount of " + e + " must be a positive number, got " + v);
            m.put(e, v);
        }
        this.amounts = Collections.unmodifiableMap(m);
    }

    public static Composition of(Map<Element, ? extends Number> amounts) {
        Map<Element, Double> m = new HashMap<>();
        amounts.forEach((k, v) -> m.merge(k, v.doubleValue(), Double::sum));
        return new Composition(m);
    }

    /** Mg, Mn, O counts: a convenience for the Mg-Mn-O system. */
    public static Composition of(Object... symbolAmountPairs) {
        if (symbolAmountPairs.length % 2 != 0) throw new IllegalArgumentException("need symbol, amount pairs");
        Builder b = builder();
        for (int i = 0; i < symbolAmountPairs.length; i += 2) {
            Object k = symbolAmountPairs[i];
            Element e = k instanceof Element el ? el : Element.of(k.toString());
            b.add(e, ((Number) symbolAmountPairs[i + 1]).doubleValue());
        }
        return b.build();
    }

    public static Builder builder() { return new Builder(); }

    /** Accumulates amounts; zero amounts are dropped. */
    public static final class Builder {
        private final Map<Element, Double> m = new HashMap<>();

        public Builder add(Element e, double amount) {
            m.merge(e, amount, Double::sum);
            return this;
        }

        public Composition build() { return new Composition(m); }
    }

    /**
     * Parses formulas such as "MgMn2O4", "Mg2 Mn4 O8", "Mg0.5Mn2.5O4", "Mn(OH)2" and "Mg1Mn1O3".
     *
     * @throws IllegalArgumentException naming the offending position
     */
    public static Composition parse(String formula) {
        Objects.requireNonNull(formula, "formula");
        Parser p = new Parser(formula);
        Map<Element, Double> m = p.group();
        if (p.pos != formula.length()) throw p.error("unexpected '" + formula.charAt(p.pos) + "'");
        if (m.isEmpty()) throw new IllegalArgumentException("empty formula '" + formula + "'");
        return new Composition(m);
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("formula '" + s + "' at position " + (pos + 1) + ": " + what);
        }

        Map<Element, Double> group() {
            Map<Element, Double> m = new HashMap<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) { pos++; continue; }
                if (c == ')') break;
                Map<Element, Double> part;
                if (c == '(') {
                    pos++;
                    part = group();
                    if (pos >= s.length() || s.charAt(pos) != ')') throw error("missing ')'");
                    pos++;
                } else if (Character.isUpperCase(c)) {
                    int start = pos++;
                    while (pos < s.length() && Character.isLowerCase(s.charAt(pos))) pos++;
                    String sym = s.substring(start, pos);
                    Element e;
                    try {
                        e = Element.of(sym);
                    } catch (IllegalArgumentException ex) {
                        pos = start;
                        throw error("unknown element '" + sym + "'");
                    }
                    part = new HashMap<>(Map.of(e, 1.0));
                } else {
                    throw error("unexpected '" + c + "'");
                }
                double mult = number();
                part.forEach((k, v) -> m.merge(k, v * mult, Double::sum));
            }
            return m;
        }

        double number() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
            if (start == pos) return 1.0;
            try {
                double v = Double.parseDouble(s.substring(start, pos));
                if (!(v > 0)) throw error("amount must be positive");
                return v;
            } catch (NumberFormatException ex) {
                pos = start;
                throw error("bad number '" + s.substring(start, Math.min(s.length(), start + 8)) + "'");
            }
        }
    }

    public double amount(Element e) { return amounts.getOrDefault(e, 0.0); }

    public double amount(String symbol) { return amount(Element.of(symbol)); }

    /** Amount rounded to an integer; throws if it is not (nearly) whole. */
    public int count(Element e) {
        double v = amount(e);
        long r = Math.round(v);
        if (Math.abs(v - r) > 1e-6) throw new IllegalStateException("amount of " + e + " is not an integer: " + v);
        return (int) r;
    }

    public Set<Element> elements() { return amounts.keySet(); }

    public Map<Element, Double> asMap() { return amounts; }

    public int numElements() { return amounts.size(); }

    public boolean isEmpty() { return amounts.isEmpty(); }

    public double numAtoms() {
        double s = 0;
        for (double v : amounts.values()) s += v;
        return s;
    }

    /** Molar mass, g/mol. */
    public double weight() {
        double s = 0;
        for (Map.Entry<Element, Double> e : amounts.entrySet()) s += e.getKey().mass() * e.getValue();
        return s;
    }

    /** Atomic fraction of an element. */
    public double fraction(Element e) { return amount(e) / numAtoms(); }

    public boolean isInteger() {
        for (double v : amounts.values()) if (Math.abs(v - Math.rint(v)) > 1e-6) return false;
        return true;
    }

    /** The full formula, e.g. "Mg2Mn4O8" (amounts of 1 omitted). */
    public String formula() { return format(amounts, 1.0); }

    /** The formula with every amount written, e.g. "Mg1 Mn2 O4" (pymatgen's {@code formula}). */
    public String spacedFormula() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Element, Double> e : amounts.entrySet()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(e.getKey().symbol()).append(num(e.getValue()));
        }
        return sb.toString();
    }

    /** The reduced formula, e.g. "MgMn2O4" for Mg2Mn4O8. */
    public String reducedFormula() { return format(amounts, reductionFactor()); }

    /** The composition divided by the greatest common divisor of its integer amounts. */
    public Composition reduced() {
        double f = reductionFactor();
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((k, v) -> m.put(k, v / f));
        return new Composition(m);
    }

    /** The factor n with this = n · reduced(); 1 for non-integer amounts. */
    public double reductionFactor() {
        if (amounts.isEmpty() || !isInteger()) return 1.0;
        long g = 0;
        for (double v : amounts.values()) g = gcd(g, Math.round(v));
        return g == 0 ? 1.0 : g;
    }

    private static long gcd(long a, long b) { return b == 0 ? a : gcd(b, a % b); }

    private static String format(Map<Element, Double> m, double divisor) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Element, Double> e : m.entrySet()) {
            sb.append(e.getKey().symbol());
            double v = e.getValue() / divisor;
            if (Math.abs(v - 1) > 1e-8) sb.append(num(v));
        }
        return sb.toString();
    }

    private static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-8) return Long.toString(Math.round(v));
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Whether two compositions have the same amounts within {@code tol} atoms. */
    public boolean almostEquals(Composition o, double tol) {
        Set<Element> all = new java.util.HashSet<>(amounts.keySet());
        all.addAll(o.amounts.keySet());
        for (Element e : all) if (Math.abs(amount(e) - o.amount(e)) > tol) return false;
        return true;
    }

    /** Same reduced composition (e.g. Mg2Mn4O8 and MgMn2O4). */
    public boolean sameReducedComposition(Composition o) { return reduced().almostEquals(o.reduced(), 1e-6); }

    /** One charge-balanced assignment: the mean oxidation state of each element. */
    public record OxidationAssignment(Map<Element, Double> meanStates, Map<Element, Map<Integer, Integer>> stateCounts) {
        public double mean(Element e) { return meanStates.getOrDefault(e, Double.NaN); }

        /** True when some element takes more than one oxidation state (mixed valence, e.g. Mn3O4). */
        public boolean isMixedValence() {
            for (Map<Integer, Integer> c : stateCounts.values()) if (c.size() > 1) return true;
            return false;
        }
    }

    /**
     * Charge-balanced oxidation-state assignments for an integer composition, using each element's
     * common oxidation states ({@code commonOnly}) or all known ones. Mixed valence is allowed (Mn3O4
     * is 2 Mn(III) + Mn(II) in this count); one assignment is returned per distinct set of mean
     * states, single-valence ones first, then by how far mean states sit from common ones.
     * Works on the reduced composition; an empty list means none balances.
     */
    public List<OxidationAssignment> oxidationStateGuesses(boolean commonOnly) {
        if (!isInteger() || amounts.isEmpty()) return List.of();
        Composition red = reduced();
        List<Element> els = new ArrayList<>(red.amounts.keySet());
        List<Map<Integer, int[]>> options = new ArrayList<>(); // per element: total charge -> state counts
        List<int[]> stateLists = new ArrayList<>();
        for (Element e : els) {
            int[] states = commonOnly ? e.commonOxidationStates() : e.oxidationStates();
            if (states.length == 0) return List.of();
            int n = red.count(e);
            if (n > 200) return List.of(); // a formula unit this large is no chemistry we can balance
            options.add(totals(states, n));
            stateLists.add(states);
        }
        List<OxidationAssignment> out = new ArrayList<>();
        search(els, stateLists, options, 0, 0, new int[els.size()][], out);
        out.sort(Comparator.comparing((OxidationAssignment a) -> a.isMixedValence())
                .thenComparingDouble(a -> deviation(a, commonOnly)));
        return Collections.unmodifiableList(out);
    }

    /** Whether at least one charge-balanced assignment exists with common oxidation states. */
    public boolean isChargeBalanced() { return !oxidationStateGuesses(true).isEmpty(); }

    private static double deviation(OxidationAssignment a, boolean commonOnly) {
        double d = 0;
        for (Map.Entry<Element, Double> e : a.meanStates.entrySet()) {
            double best = Double.MAX_VALUE;
            for (int s : e.getKey().commonOxidationStates()) best = Math.min(best, Math.abs(s - e.getValue()));
            d += best == Double.MAX_VALUE ? 0 : best;
        }
        return d;
    }

    // for n atoms drawing states from `states`, every reachable total charge with one way to reach it
    // (the one using the fewest distinct states, so single valence is preferred)
    private static Map<Integer, int[]> totals(int[] states, int n) {
        Map<Integer, int[]> best = new TreeMap<>();
        int k = states.length;
        int[] counts = new int[k];
        enumerate(states, counts, 0, n, best);
        return best;
    }

    private static void enumerate(int[] states, int[] counts, int idx, int left, Map<Integer, int[]> best) {
        if (idx == states.length - 1) {
            counts[idx] = left;
            int total = 0, distinct = 0;
            for (int i = 0; i < states.length; i++) {
                total += counts[i] * states[i];
                if (counts[i] > 0) distinct++;
            }
            int[] prev = best.get(total);
            if (prev == null || distinct < distinctOf(prev)) best.put(total, counts.clone());
            return;
        }
        for (int c = left; c >= 0; c--) {
            counts[idx] = c;
            enumerate(states, counts, idx + 1, left - c, best);
        }
        counts[idx] = 0;
    }

    private static int distinctOf(int[] c) {
        int d = 0;
        for (int v : c) if (v > 0) d++;
        return d;
    }

    private static void search(List<Element> els, List<int[]> stateLists, List<Map<Integer, int[]>> options,
                               int idx, int charge, int[][] chosen, List<OxidationAssignment> out) {
        if (out.size() > 500) return;
        if (idx == els.size()) {
            if (charge != 0) return;
            Map<Element, Double> means = new LinkedHashMap<>();
            Map<Element, Map<Integer, Integer>> counts = new LinkedHashMap<>();
            for (int i = 0; i < els.size(); i++) {
                Element e = els.get(i);
                int[] states = stateLists.get(i);
                Map<Integer, Integer> c = new TreeMap<>();
                int sum = 0, n = 0;
                for (int s = 0; s < states.length; s++) {
                    if (chosen[i][s] > 0) c.put(states[s], chosen[i][s]);
                    sum += states[s] * chosen[i][s];
                    n += chosen[i][s];
                }
                means.put(e, (double) sum / n);
                counts.put(e, Collections.unmodifiableMap(c));
            }
            out.add(new OxidationAssignment(Collections.unmodifiableMap(means), Collections.unmodifiableMap(counts)));
            return;
        }
        for (Map.Entry<Integer, int[]> opt : options.get(idx).entrySet()) {
            chosen[idx] = opt.getValue();
            search(els, stateLists, options, idx + 1, charge + opt.getKey(), chosen, out);
        }
    }

    @Override
    public boolean equals(Object o) { return o instanceof Composition c && amounts.equals(c.amounts); }

    @Override
    public int hashCode() { return amounts.hashCode(); }

    @Override
    public String toString() { return formula(); }
}
