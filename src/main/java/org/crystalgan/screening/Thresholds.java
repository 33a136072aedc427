package org.crystalgan.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Screening thresholds; an empty bound is not applied. A candidate passes only when every applied
 * bound has a value and meets it; a missing value makes the verdict incomplete, never a pass.
 *
 * @param maxEAboveHull energy above the hull, eV/atom (DFT, MP2020-corrected)
 * @param maxPourbaix Pourbaix decomposition free energy (minimum over the pH range), eV/atom
 * @param minGap lowest band gap (HSE06), eV
 * @param maxGap highest band gap (HSE06), eV
 */
public record Thresholds(OptionalDouble maxEAboveHull, OptionalDouble maxPourbaix, OptionalDouble minGap, OptionalDouble maxGap) {
    /**
     * The paper's final photoanode screen (Kim et al., ACS Cent. Sci. 6 (2020) 1412): E_hull ≤ 0.08 eV/atom,
     * ΔG_pbx ≤ 0.59 eV/atom (pH 0-14 at 1.5 V vs RHE), 1.6 ≤ Eg(HSE) ≤ 3.0 eV.
     */
    public static Thresholds paper() {
        return new Thresholds(OptionalDouble.of(0.08), OptionalDouble.of(0.59), OptionalDouble.of(1.6), OptionalDouble.of(3.0));
    }

    public static Thresholds none() {
        return new Thresholds(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    public Thresholds withMaxEAboveHull(double v) { return new Thresholds(OptionalDouble.of(v), maxPourbaix, minGap, maxGap); }

    public Thresholds withMaxPourbaix(double v) { return new Thresholds(maxEAboveHull, OptionalDouble.of(v), minGap, maxGap); }

    public Thresholds withMinGap(double v) { return new Thresholds(maxEAboveHull, maxPourbaix, OptionalDouble.of(v), maxGap); }

    public Thresholds withMaxGap(double v) { return new Thresholds(maxEAboveHull, maxPourbaix, minGap, OptionalDouble.of(v)); }

    /** Pass, fail or incomplete, with the reasons in words. */
    public record Outcome(Verdict verdict, List<String> reasons) {}

    /** The verdict for one candidate's values. */
    public Outcome evaluate(boolean valid, OptionalDouble eHull, OptionalDouble pourbaix, OptionalDouble gap) {
        List<String> fails = new ArrayList<>(), missing = new ArrayList<>();
        if (!valid) fails.add("invalid structure");
        check(fails, missing, "E_hull", eHull, OptionalDouble.empty(), maxEAboveHull, "eV/atom");
        check(fails, missing, "dG_pbx", pourbaix, OptionalDouble.empty(), maxPourbaix, "eV/atom");
        check(fails, missing, "Eg(HSE)", gap, minGap, maxGap, "eV");
        if (!fails.isEmpty()) return new Outcome(Verdict.FAILS, fails);
        if (!missing.isEmpty()) return new Outcome(Verdict.INCOMPLETE, missing);
        return new Outcome(Verdict.PASSES, List.of());
    }

    private static void check(List<String> fails, List<String> missing, String what, OptionalDouble v, OptionalDouble min,
                              OptionalDouble max, String unit) {
        if (min.isEmpty() && max.isEmpty()) return;
        if (v.isEmpty()) {
            missing.add(what + " missing");
            return;
        }
        double x = v.getAsDouble();
        if (min.isPresent() && x < min.getAsDouble()) fails.add(String.format(Locale.ROOT, "%s %.3f < %.3f %s", what, x, min.getAsDouble(), unit));
        if (max.isPresent() && x > max.getAsDouble()) fails.add(String.format(Locale.ROOT, "%s %.3f > %.3f %s", what, x, max.getAsDouble(), unit));
    }

    /** Screening verdict. */
    public enum Verdict { PASSES, FAILS, INCOMPLETE }
}
