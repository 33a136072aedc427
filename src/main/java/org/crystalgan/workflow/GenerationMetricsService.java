package org.crystalgan.workflow;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.stability.GenerativeMetrics;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.RawGeometry;
import org.crystalgan.screening.stability.ReferencePhases;

/**
 * Relaxes one target's generated cells with a potential and measures them as {@link GenerativeMetrics} does (converged,
 * metastable, stable, unique, new, S.U.N., rediscovered), keeping each cell's relaxation and energy above the hull so
 * a table can show them per row. {@code model-report --relax} and the Generate pane both call it, so the two agree.
 */
public final class GenerationMetricsService {
    /**
     * One cell judged.
     *
     * @param eAboveHull eV/atom against the service's hull; NaN when the relaxation gave no usable energy (exploded,
     *                   failed, cancelled), the same rule {@link GenerativeMetrics} applies
     */
    public record Judged(RelaxResult relaxation, double eAboveHull) {
        public boolean judged() { return Double.isFinite(eAboveHull); }
    }

    /** The cells in input order and the target's row of measures. */
    public record Outcome(List<Judged> cells, GenerativeMetrics.Row row) {
        public Outcome {
            cells = List.copyOf(cells);
        }

        /** Whether the relaxation batch was cancelled before every cell finished (the row then counts them as not relaxed). */
        public boolean cancelled() { return cells.stream().anyMatch(c -> c.relaxation().verdict() == Verdict.CANCELLED); }
    }

    private final Potential potential;
    private final PotentialHull hull;
    private final RelaxOptions options;
    private final int workers;
    private final Deduplicator dedup = new Deduplicator();

    /** @param workers relaxation threads; every available processor when below 1 */
    public GenerationMetricsService(Potential potential, PotentialHull hull, RelaxOptions options, int workers) {
        this.potential = potential;
        this.hull = hull;
        this.options = options;
        this.workers = new BatchRelaxer(new Relaxer(potential, options), workers).workers();
    }

    /** The bundled M3GNet potential against the bundled MP2020-corrected M3GNet reference hull, on every core. */
    public static GenerationMetricsService bundledM3GNet(RelaxOptions options) {
        return new GenerationMetricsService(Potentials.resolve(Potentials.DEFAULT), PotentialHull.bundledM3GNet(), options, 0);
    }

    public Potential potential() { return potential; }

    public PotentialHull hull() { return hull; }

    public int workers() { return workers; }

    /** What a cell must not match to be new: the bundled reference phases, then {@code extra} (e.g. the training CIFs). */
    public static List<Deduplicator.Item> knownStructures(List<NamedStructure> extra) {
        List<Deduplicator.Item> known = new ArrayList<>();
        for (ReferencePhases.Phase p : ReferencePhases.BUNDLED) known.add(new Deduplicator.Item(p.name(), p.structure()));
        for (NamedStructure ns : extra) known.add(new Deduplicator.Item(ns.name(), ns.structure()));
        return known;
    }

    /**
     * Relaxes {@code cells} on the service's workers and measures them.
     *
     * @param exactComposition per cell, whether its decoded composition was exactly the target
     * @param raw              raw-geometry measures of the same draws for the row; null when not taken
     * @param progress         polled for {@link Progress#isCancelled()} during every relaxation (it hears no counts: the
     *                         listener does): once cancelled, running cells stop within one evaluation as
     *                         {@link Verdict#CANCELLED} and queued ones are not started; nothing is thrown for it
     */
    public Outcome judge(String target, String method, List<Structure> cells, List<Boolean> exactComposition, List<Deduplicator.Item> known,
                         RawGeometry.Summary raw, BatchRelaxer.Listener listener, Progress progress) throws InterruptedException {
        if (exactComposition.size() != cells.size()) {
            throw new IllegalArgumentException(cells.size() + " cells but " + exactComposition.size() + " composition flags");
        }
        // a fresh batch each call: a cancelled BatchRelaxer stays cancelled
        List<RelaxResult> rr = new BatchRelaxer(new Relaxer(potential, options), workers).relaxAll(cells, listener, progress);
        List<GenerativeMetrics.Cell> metricCells = new ArrayList<>(rr.size());
        List<Judged> judged = new ArrayList<>(rr.size());
        for (int i = 0; i < rr.size(); i++) {
            RelaxResult r = rr.get(i);
            metricCells.add(new GenerativeMetrics.Cell(exactComposition.get(i), r));
            boolean usable = (r.verdict() == Verdict.CONVERGED || r.verdict() == Verdict.STEP_LIMIT) && Double.isFinite(r.finalEnergy());
            judged.add(new Judged(r, usable ? hull.eAboveHull(r.relaxed(), r.finalEnergy()) : Double.NaN));
        }
        GenerativeMetrics.Row row = GenerativeMetrics.evaluate(target, method, metricCells, hull, known, dedup, raw);
        return new Outcome(judged, row);
    }
}
