package org.crystalgan.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.gan.Sampler;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.search.RandomStructureGenerator;

/**
 * Generation of structures for a target cell composition, the one implementation behind both the {@code generate}
 * command and the Generate pane: the GAN (filtered to exactly the target composition and plausible contacts, or the
 * paper's classifier-only rule) or the random-search baseline.
 */
public final class GenerationService {
    /** Where the cells come from. */
    public enum Method {
        /** The generator network, conditioned on the composition. */
        GAN,
        /** Random cells at the fitted training volume (AIRSS-style), the baseline the GAN is measured against. */
        RANDOM;

        /** {@code gan} or {@code random}, as the command line spells it. */
        public static Method parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "gan" -> GAN;
                case "random" -> RANDOM;
                default -> throw new InputException("method " + s + ": use gan or random");
            };
        }
    }

    /**
     * @param model      a model folder or training run for the GAN; null for the bundled model
     * @param unfiltered the paper's rule alone (whatever the classifier reads as the target); GAN only
     * @param maxTries   matrices to draw at most (GAN); 0 for {@link #defaultMaxTries}
     */
    public record Request(Composition target, int count, long seed, Method method, Path model, boolean unfiltered,
                          PlausibilityGate.Options gate, long maxTries) {
        public Request {
            if (count < 1) throw new InputException("the number of structures must be at least 1 (got " + count + ")");
            if (method == Method.RANDOM && model != null) throw new InputException("a model applies to the GAN method only");
            if (maxTries < 0) throw new InputException("the try limit must not be negative");
        }
    }

    /** One kept structure and whether its atom rows decode to exactly the target (always true unless unfiltered). */
    public record Made(Structure structure, boolean matchesTarget) {
    }

    /**
     * @param made       the kept structures, in the order drawn
     * @param drawn      cells (GAN: matrices) drawn to get them
     * @param rejections the drawn cells not kept, counted by the first rule they broke
     * @param source     the model's description, or the baseline's
     */
    public record Outcome(Request request, List<Made> made, long drawn, Map<String, Long> rejections, String source) {
        public Outcome {
            made = List.copyOf(made);
            rejections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
        }

        /** Kept per drawn (0 when nothing was drawn). */
        public double acceptanceRate() { return drawn == 0 ? 0 : (double) made.size() / drawn; }

        /** Fewer than asked for. */
        public boolean shortOfCount() { return made.size() < request.count(); }

        /** The rejections in a line a chemist reads ("1561 shortest distance below the floor; 260 ..."), or "". */
        public String rejectionSummary() {
            StringBuilder b = new StringBuilder();
            rejections.forEach((reason, n) -> b.append(b.length() == 0 ? "" : "; ").append(n).append(' ').append(reason));
            return b.toString();
        }
    }

    /**
     * Sees the drawn cells before any filter judges them, for raw-geometry statistics. GAN: every matrix the classifier
     * reads as the target that decodes to a cell, whatever its decoded composition (a matrix the classifier reads as
     * another composition is never decoded: {@link Outcome#rejections()} counts it); random: every cell made. Called on
     * the drawing thread.
     */
    @FunctionalInterface
    public interface DrawObserver {
        /** @param exactComposition the cell has exactly the target's atoms */
        void decoded(Structure cell, boolean exactComposition);
    }

    /** Draws at most this many matrices when no bound is given: the paper's rule keeps most draws, the gate few. */
    public static long defaultMaxTries(int count, boolean unfiltered) {
        return Math.max(10_000, (unfiltered ? 200L : 2_000L) * count);
    }

    /**
     * Runs the request. {@code progress} hears, before every GAN batch, the matrices drawn so far out of the bound
     * ("Generating Mg2 Mn4 O8: 256 of at most 10000 tries"; the random baseline reports nothing while it draws), and
     * is polled for cancellation between batches (random: between cells). Cancelling is not an error here: the
     * outcome holds what was kept so far and nothing is thrown; a face that wants the work discarded checks
     * {@link Progress#isCancelled()} afterwards.
     */
    public Outcome run(Request r, Progress progress) {
        return run(r, progress, null);
    }

    /**
     * As {@link #run(Request, Progress)}, showing {@code observer} (null: none) the drawn cells. The same request
     * keeps the same cells with or without an observer.
     */
    public Outcome run(Request r, Progress progress, DrawObserver observer) {
        Sampler.targetCounts(r.target()); // refuse a target the representation cannot hold before loading anything
        PlausibilityGate gate = new PlausibilityGate(r.gate());
        long bound = r.maxTries() > 0 ? r.maxTries() : defaultMaxTries(r.count(), r.unfiltered());
        List<Made> made = new ArrayList<>();
        if (r.method() == Method.RANDOM) {
            var rsg = new RandomStructureGenerator(new RandomStructureGenerator.Options(0.9, 1.1, gate.pairFloors(r.target())));
            var res = rsg.generate(r.target(), r.count(), r.seed(), progress);
            Map<String, Long> rejected = new LinkedHashMap<>();
            for (Structure s : res.structures()) {
                if (observer != null) observer.decoded(s, true);
                PlausibilityGate.Rejection why = gate.check(s);
                if (why != null) { // atoms were placed at the gate's separations: only a rounding at the limit gets here
                    rejected.merge(why.category().words(), 1L, Long::sum);
                    continue;
                }
                made.add(new Made(s, true));
            }
            if (res.placementsFailed() > 0) rejected.put("random cell could not hold its atoms", res.placementsFailed());
            return new Outcome(r, made, res.cellsTried(), rejected, "random cells (AIRSS-style baseline)");
        }
        GeneratorModel m = r.model() != null ? GeneratorModel.load(r.model()) : GeneratorModel.bundled();
        int batch = (int) Math.min(256, Math.max(16, r.count()));
        Sampler sampler = new Sampler(m, batch);
        Sampler.Filter filter = r.unfiltered() ? Sampler.Filter.classifierOnly() : new Sampler.Filter(true, s -> {
            PlausibilityGate.Rejection why = gate.check(s);
            return why == null ? null : why.category().words();
        });
        if (observer != null) filter = observing(filter, r.target(), observer);
        String formula = r.target().formula();
        Sampler.Result res = sampler.sample(r.target(), r.count(), r.seed(), bound, filter, new Progress() {
            @Override
            public void update(long drawn, long total, String message) {
                progress.update(drawn, total, "Generating " + formula + ": " + drawn + " of at most " + total + " tries");
            }

            @Override
            public boolean isCancelled() { return progress.isCancelled(); }
        });
        for (Sampler.Accepted a : res.accepted()) made.add(new Made(a.structure(), a.matchesTarget()));
        String source = r.model() == null ? "bundled model (" + m.epochsTrained() + " epochs)" : m.source();
        return new Outcome(r, made, res.generated(), res.rejections(), source);
    }

    /**
     * The same filter, but every cell the classifier passes is decoded and shown to the observer first, so the sampler
     * must not drop the wrong compositions before decoding: the composition test moves into the gate, with the
     * sampler's own category and the same decoded counts (rows above the atom threshold), and the kept cells stay
     * the same.
     */
    private static Sampler.Filter observing(Sampler.Filter inner, Composition target, DrawObserver observer) {
        return new Sampler.Filter(false, s -> {
            boolean exact = s.composition().almostEquals(target, 1e-9);
            observer.decoded(s, exact);
            if (inner.exactComposition() && !exact) return Sampler.REJECT_COMPOSITION;
            return inner.gate().apply(s);
        });
    }
}
