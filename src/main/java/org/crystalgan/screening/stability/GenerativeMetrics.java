package org.crystalgan.screening.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.symmetry.SymmetryDataset;

/**
 * The measures the field reports for a generative model of crystals (as MatterGen, CDVAE and DiffCSP report them),
 * for one target composition and one method: of the generated cells, the shares that relax (converge), end metastable
 * (at most {@value #METASTABLE} eV/atom above the hull), stable (at most {@value #STABLE} eV/atom, the paper's first
 * screening threshold) and on the hull, are unique after relaxation, are new (match neither the known structures given
 * nor another known phase), and are S.U.N. (stable, unique and new at once); and how many known structures were
 * regenerated. Every share has the number of generated cells as its denominator, so shares of two methods compare.
 */
public final class GenerativeMetrics {
    /** Metastable: at most this far above the hull, eV/atom (the paper's 200 meV/atom). */
    public static final double METASTABLE = 0.2;
    /** Stable for screening: at most this far above the hull, eV/atom (the paper's 80 meV/atom). */
    public static final double STABLE = 0.08;
    /** On the hull: within this of it, eV/atom. */
    public static final double ON_HULL = 1e-6;

    /** CSV header: the columns the stability issue fixes, then {@code method} and what else is measured. */
    public static final String HEADER = "target,generated,exact_composition,converged,metastable,stable,unique,novel,sun,rediscovered,"
            + "method,on_hull,median_steps,median_e_above_hull_eV_per_atom,hull_source,relaxed_non_p1_share,symmetry_tolerance_A,"
            + RawGeometry.HEADER;

    /**
     * One row of the report.
     *
     * @param medianSteps       relaxation steps, median over the cells relaxed (NaN when none)
     * @param medianEAboveHull  eV/atom, median over the cells with a relaxed energy (NaN when none)
     * @param relaxedNonP1      share of the generated cells whose relaxed cell has a space group above P1 at
     *                          {@link RawGeometry#SYMMETRY_TOLERANCE_A} Å (a cell without a usable relaxation counts as P1)
     * @param raw               the raw-geometry measures of the same draws; null when not taken (empty columns)
     */
    public record Row(String target, String method, int generated, double exactComposition, double converged, double metastable,
                      double stable, double onHull, double unique, double novel, double sun, int rediscovered, double medianSteps,
                      double medianEAboveHull, String hullSource, double relaxedNonP1, RawGeometry.Summary raw) {
        public String toCsv() {
            return String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%s,%.4f,%s,%s,%s,%s,%s,%s", target, generated,
                    exactComposition, converged, metastable, stable, unique, novel, sun, rediscovered, method, onHull, num(medianSteps, 1),
                    num(medianEAboveHull, 4), hullSource, num(relaxedNonP1, 4), num(RawGeometry.SYMMETRY_TOLERANCE_A, 2),
                    raw == null ? RawGeometry.Summary.emptyCsv() : raw.toCsv());
        }
    }

    /** One generated cell: whether its decoded composition was exactly the target, and its relaxation. */
    public record Cell(boolean exactComposition, RelaxResult relaxation) {
    }

    private GenerativeMetrics() {}

    /**
     * @param known      known structures of the system (training structures, reference phases): a relaxed cell matching
     *                   one is not new, and counts as a rediscovery of it
     * @param hull       the hull the energies are placed on, of the same potential as the relaxations
     */
    public static Row evaluate(String target, String method, List<Cell> cells, PotentialHull hull, List<Deduplicator.Item> known,
                               Deduplicator dedup) {
        return evaluate(target, method, cells, hull, known, dedup, null);
    }

    /** As {@link #evaluate(String, String, List, PotentialHull, List, Deduplicator)}, with the raw measures of the same draws. */
    public static Row evaluate(String target, String method, List<Cell> cells, PotentialHull hull, List<Deduplicator.Item> known,
                               Deduplicator dedup, RawGeometry.Summary raw) {
        int n = cells.size();
        int exact = 0, converged = 0, meta = 0, stable = 0, onHull = 0, nonP1 = 0;
        double[] eHull = new double[n];
        List<Double> steps = new ArrayList<>();
        List<Double> eh = new ArrayList<>();
        List<Deduplicator.Item> relaxed = new ArrayList<>();
        List<Integer> relaxedIndex = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cell c = cells.get(i);
            if (c.exactComposition()) exact++;
            RelaxResult r = c.relaxation();
            eHull[i] = Double.NaN;
            if (r.verdict() == Verdict.CONVERGED) converged++;
            if (r.verdict() != Verdict.FAILED && r.verdict() != Verdict.CANCELLED) steps.add((double) r.steps());
            // an energy counts when the relaxation ended in a sane cell: converged, or still going at the step limit
            boolean usable = (r.verdict() == Verdict.CONVERGED || r.verdict() == Verdict.STEP_LIMIT) && Double.isFinite(r.finalEnergy());
            if (!usable) continue;
            Structure s = r.relaxed();
            double e = hull.eAboveHull(s, r.finalEnergy());
            eHull[i] = e;
            eh.add(e);
            if (e <= METASTABLE) meta++;
            if (e <= STABLE) stable++;
            if (e <= ON_HULL) onHull++;
            SymmetryDataset sg = RawGeometry.spaceGroup(s, RawGeometry.SYMMETRY_TOLERANCE_A);
            if (sg != null && sg.number() > 1) nonP1++;
            relaxed.add(new Deduplicator.Item(target + "-" + method + "-" + i, s));
            relaxedIndex.add(i);
        }
        Deduplicator.Outcome d = dedup.run(relaxed, known, Progress.NONE);
        int unique = 0, novel = 0, sun = 0;
        Set<String> rediscovered = new HashSet<>();
        for (int k = 0; k < relaxed.size(); k++) {
            Deduplicator.Verdict v = d.verdicts().get(k);
            if (v.knownAs() != null) rediscovered.add(v.knownAs());
            if (!v.isUnique()) continue;
            unique++;
            if (v.isKnown()) continue;
            novel++;
            if (eHull[relaxedIndex.get(k)] <= STABLE) sun++;
        }
        double dn = Math.max(1, n);
        return new Row(target, method, n, exact / dn, converged / dn, meta / dn, stable / dn, onHull / dn, unique / dn, novel / dn,
                sun / dn, rediscovered.size(), median(steps), median(eh), hull.source(), n == 0 ? Double.NaN : nonP1 / dn, raw);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }
}
