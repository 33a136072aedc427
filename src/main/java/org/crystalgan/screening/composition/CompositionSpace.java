package org.crystalgan.screening.composition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;

/**
 * The Mg-Mn-O compositions a generator in the paper's representation can be asked for, filtered by
 * charge balance with Mg(II), O(-II) and a window on the mean Mn oxidation state
 * (Kim et al., ACS Cent. Sci. 6 (2020) 1412: 2 &lt;= OS(Mn) &lt;= 4).
 *
 * <p>With the paper's window this gives 172 full-cell compositions and 139 distinct reduced
 * formulas; the paper reports "133 candidate compositions". The stated rule does not reproduce
 * 133 under any reading we tried (open or closed ends of the window, a cap on atoms per cell,
 * integer Mn states only give 144/119, 118/102, 90/82 or 70 reduced); the paper does not say which further filter removed
 * the remaining six, so we keep the rule as written and report 139.
 */
public final class CompositionSpace {
    /** Upper limits per cell of the representation (rows 2-9, 10-17, 18-29 of the 30 x 3 matrix). */
    public static final int MAX_MG = 8, MAX_MN = 8, MAX_O = 12;
    private static final double EPS = 1e-9;

    private CompositionSpace() {}

    /**
     * Every full-cell composition with 1..8 Mg, 1..8 Mn and 1..12 O whose mean Mn oxidation state lies
     * in [minOs, maxOs] (ends included), ordered by Mg, Mn, O counts.
     */
    public static List<CandidateComposition> enumerate(double minOs, double maxOs) {
        if (!(minOs <= maxOs)) throw new InputException("Mn oxidation-state window " + minOs + ":" + maxOs + " is empty (the lower end must not exceed the upper)");
        List<CandidateComposition> out = new ArrayList<>();
        for (int mg = 1; mg <= MAX_MG; mg++) {
            for (int mn = 1; mn <= MAX_MN; mn++) {
                for (int o = 1; o <= MAX_O; o++) {
                    CandidateComposition c = new CandidateComposition(mg, mn, o);
                    double os = c.mnOxidationState();
                    if (os >= minOs - EPS && os <= maxOs + EPS) out.add(c);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A reduced formula and the full-cell compositions (within the representation) that reduce to it. */
    public record ReducedComposition(String reducedFormula, double mnOxidationState, List<CandidateComposition> cells) {
        public ReducedComposition {
            cells = List.copyOf(cells);
        }
    }

    /** The distinct reduced formulas of {@link #enumerate}, in order of first appearance. */
    public static List<ReducedComposition> reduced(List<CandidateComposition> cells) {
        Map<String, List<CandidateComposition>> byFormula = new LinkedHashMap<>();
        for (CandidateComposition c : cells) byFormula.computeIfAbsent(c.reducedFormula(), k -> new ArrayList<>()).add(c);
        List<ReducedComposition> out = new ArrayList<>();
        byFormula.forEach((f, list) -> out.add(new ReducedComposition(f, list.get(0).mnOxidationState(), list)));
        return Collections.unmodifiableList(out);
    }

    /**
     * Parses a window "2:4" (either end may be a decimal).
     *
     * @throws InputException naming the option when the text is not two numbers separated by ':'
     */
    public static double[] parseWindow(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) throw new InputException("--os-mn '" + text + "': expected MIN:MAX, e.g. 2:4");
        try {
            double lo = Double.parseDouble(parts[0].trim());
            double hi = Double.parseDouble(parts[1].trim());
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) throw new NumberFormatException();
            if (lo > hi) throw new InputException("--os-mn '" + text + "': the lower Mn oxidation state exceeds the upper");
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new InputException("--os-mn '" + text + "': both ends must be numbers, e.g. 2:4");
        }
    }

    /**
     * How many of the given structures have each full-cell formula and each reduced formula
     * (keys as {@link Composition#formula()} and {@link Composition#reducedFormula()}). Disordered
     * structures count under their occupancy-weighted formula.
     */
    public record Occurrences(Map<String, Integer> byCellFormula, Map<String, Integer> byReducedFormula) {
        public int cell(CandidateComposition c) { return byCellFormula.getOrDefault(c.formula(), 0); }

        public int reduced(String reducedFormula) { return byReducedFormula.getOrDefault(reducedFormula, 0); }
    }

    public static Occurrences occurrences(Iterable<Structure> structures) {
        Map<String, Integer> cell = new TreeMap<>();
        Map<String, Integer> red = new TreeMap<>();
        for (Structure s : structures) {
            Composition c = s.composition();
            if (c.isEmpty()) continue;
            cell.merge(c.formula(), 1, Integer::sum);
            red.merge(c.reducedFormula(), 1, Integer::sum);
        }
        return new Occurrences(Collections.unmodifiableMap(cell), Collections.unmodifiableMap(red));
    }

    /** Whether a composition is Mg-Mn-O only (used to ignore other chemistry in an MP download). */
    public static boolean isMgMnO(Composition c) {
        for (Element e : c.elements()) {
            String s = e.symbol();
            if (!s.equals("Mg") && !s.equals("Mn") && !s.equals("O")) return false;
        }
        return true;
    }
}
