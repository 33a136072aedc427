package org.crystalgan.gan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Representation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generation as in the paper's Figure 3: for a target cell composition, draw noise, condition the generator on the
 * composition, keep the matrices whose atom counts the classifier reads as the target, and decode those into
 * structures (rows with sum above 0.4 become atoms). Batched; the same seed and batch size give the same structures.
 * Networks run in inference mode (batch normalisation from running statistics), so each structure depends only on
 * its own noise vector.
 */
public final class Sampler {
    private static final Representation REP = Representation.MG_MN_O;
    private final int batchSize;
    private final FoldedInference net;

    /** One generated structure the classifier accepted. */
    public record Accepted(Structure structure, float[] matrix, boolean matchesTarget) {
    }

    /**
     * What a drawn cell must satisfy besides the classifier's reading of its composition.
     *
     * @param exactComposition keep only matrices whose atom rows decode to exactly the target counts
     * @param gate             null when a decoded cell is acceptable, else the reason it is not (a category a chemist
     *                         reads; counted per category in {@link Result#rejections()}); checked last
     */
    public record Filter(boolean exactComposition, Function<Structure, String> gate) {
        /** The paper's rule alone: whatever the classifier reads as the target and decodes to a cell. */
        public static Filter classifierOnly() { return new Filter(false, s -> null); }
    }

    /** Rejection category: the classifier read another composition. */
    public static final String REJECT_CLASSIFIER = "classifier read another composition";
    /** Rejection category: the atom rows decode to other counts than the target. */
    public static final String REJECT_COMPOSITION = "decoded composition is not the target";
    /** Rejection category: the lattice rows give no cell (angles out of range). */
    public static final String REJECT_NO_CELL = "lattice rows describe no cell";

    /**
     * @param accepted       structures kept (at most the requested count)
     * @param generated      matrices generated to get them
     * @param classifierHits matrices the classifier read as the target (some may not decode to a cell)
     * @param decodedHits    matrices whose atom rows (sum above 0.4) give exactly the target counts, whatever the
     *                       classifier read: how well the generator itself follows the condition
     * @param rejections     drawn matrices not kept, counted by the first rule they broke, in the order tested
     * @param cancelled      sampling stopped early because the caller cancelled; {@code accepted} is what it had then
     */
    public record Result(Composition target, List<Accepted> accepted, long generated, long classifierHits, long decodedHits,
                         Map<String, Long> rejections, boolean cancelled) {
        public Result {
            rejections = Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
        }

        public Result(Composition target, List<Accepted> accepted, long generated, long classifierHits, long decodedHits,
                      Map<String, Long> rejections) {
            this(target, accepted, generated, classifierHits, decodedHits, rejections, false);
        }

        public Result(Composition target, List<Accepted> accepted, long generated, long classifierHits, long decodedHits) {
            this(target, accepted, generated, classifierHits, decodedHits, Map.of());
        }

        /** Share of generated matrices that were kept. */
        public double acceptanceRate() {
            return generated == 0 ? 0 : (double) accepted.size() / generated;
        }
    }

    public Sampler(GeneratorModel model, int batchSize) {
        this(model, batchSize, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param threads 1, or 2: batches are then drawn in pairs, the second one's networks run on a helper thread while
     *                this thread runs the first's. The noise is drawn in the same order and the batches are judged in
     *                the same order, so the result is the same, structure for structure, as with one thread.
     */
    Sampler(GeneratorModel model, int batchSize, int threads) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        this.batchSize = batchSize;
        this.net = new FoldedInference(model.model, model.separation);
        this.net2 = threads > 1 ? new FoldedInference(model.model, model.separation) : null;
    }

    /** The second networks' work arrays, used only by the helper thread of one {@link #sample} call at a time. */
    private final FoldedInference net2;

    /** One batch through the networks: its matrices and the classifier's count readings (index = count - 1). */
    private record Drawn(float[] mats, long[][] counts) {
    }

    private static Drawn forward(FoldedInference n, float[] zv, INDArray cond, int bs) {
        INDArray fake = n.generate(Nd4j.createFromArray(zv).reshape(bs, GeneratorNet.NOISE).castTo(n.dataType()), cond);
        float[] mats = FencedOpExecutioner.toFloats(fake);
        long[][] counts = new long[3][];
        for (int e = 0; e < 3; e++) counts[e] = argmaxRows(n.countLogits(fake, e));
        return new Drawn(mats, counts);
    }

    private float[] noise(Rng rng) {
        float[] zv = new float[batchSize * GeneratorNet.NOISE];
        for (int i = 0; i < zv.length; i++) zv[i] = (float) rng.nextGaussian();
        return zv;
    }

    /** Atom counts (Mg, Mn, O) of a target cell composition; a clear message when the GAN cannot make it. */
    public static int[] targetCounts(Composition target) {
        int[] n = new int[3];
        String[] sym = {"Mg", "Mn", "O"};
        for (Element e : target.elements()) {
            int i = java.util.Arrays.asList(sym).indexOf(e.symbol());
            if (i < 0) {
                throw new InputException("target composition " + target.formula() + " contains " + e.symbol()
                        + "; the generator makes only Mg-Mn-O cells");
            }
            double a = target.amount(e);
            if (Math.abs(a - Math.rint(a)) > 1e-9) {
                throw new InputException("target composition " + target.formula() + " has a fractional amount of "
                        + e.symbol() + "; give whole atoms per cell, e.g. Mg2Mn4O8");
            }
            n[i] = (int) Math.rint(a);
        }
        for (int i = 0; i < 3; i++) {
            int max = REP.maxAtoms(i);
            if (n[i] < 1 || n[i] > max) {
                throw new InputException("target composition " + target.formula() + " has " + n[i] + " " + sym[i]
                        + " atoms per cell; the generator was trained on cells with 1 to " + max + " " + sym[i]
                        + " atoms (at most 8 Mg, 8 Mn and 12 O, at least one of each)");
            }
        }
        return n;
    }

    /**
     * Generates until {@code count} structures are accepted or {@code maxGenerated} matrices were tried; cancelling
     * stops early without an exception, as {@link #sample(Composition, int, long, long, Filter, Progress)} says.
     */
    public Result sample(Composition target, int count, long seed, long maxGenerated, Progress progress) {
        return sample(target, count, seed, maxGenerated, Filter.classifierOnly(), progress);
    }

    /**
     * Generates until {@code count} structures pass the classifier and {@code filter}, or {@code maxGenerated}
     * matrices were tried. The same seed, batch size and filter give the same structures.
     *
     * @param progress told the matrices drawn so far (of at most {@code maxGenerated}) before every batch, and polled
     *                 for {@link Progress#isCancelled()} there. Cancelling is not an error here: sampling stops before
     *                 the next batch and returns what was accepted, with {@link Result#cancelled()} true; no
     *                 {@link java.util.concurrent.CancellationException} is thrown.
     */
    public Result sample(Composition target, int count, long seed, long maxGenerated, Filter filter, Progress progress) {
        int[] want = targetCounts(target);
        Map<String, Long> rejected = new LinkedHashMap<>();
        Rng rng = new Rng(seed);
        INDArray cond = Batch.conditions(repeat(want, batchSize));
        List<Accepted> acc = new ArrayList<>();
        long generated = 0;
        long hits = 0;
        long decoded = 0;
        boolean cancelled = false;
        INDArray cond2 = net2 == null ? null : cond.dup();
        java.util.concurrent.ExecutorService helper = net2 == null ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crystalgan-sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            batches:
            while (acc.size() < count && generated < maxGenerated) {
                float[] za = noise(rng);
                java.util.concurrent.Future<Drawn> second = null;
                if (helper != null && generated + batchSize < maxGenerated) {
                    float[] zb = noise(rng);
                    second = helper.submit(() -> forward(net2, zb, cond2, batchSize));
                }
                Drawn first = forward(net, za, cond, batchSize);
                Drawn[] pair = second == null ? new Drawn[] {first} : new Drawn[] {first, await(second)};
                for (Drawn d : pair) {
                    if (acc.size() >= count || generated >= maxGenerated) break batches;
                    progress.update(generated, maxGenerated, "drawn " + generated + " of at most " + maxGenerated + " matrices");
                    if (progress.isCancelled()) {
                        cancelled = true;
                        break batches;
                    }
                    // drawing thousands of batches leaves dead native arrays faster than the small heap triggers a
                    // collection: 2.3 GB resident after 100 Mg2Mn2O6 cells with training's 1.6 GB / 30 s rule alone
                    Memory.collectIfAbove(Memory.SAMPLING_RSS_LIMIT, Memory.SAMPLING_GC_INTERVAL_NANOS);
                    for (int i = 0; i < batchSize && acc.size() < count; i++) {
                        generated++;
                        int[] got = REP.countsFromMatrix(d.mats(), i * 90);
                        boolean match = got[0] == want[0] && got[1] == want[1] && got[2] == want[2];
                        if (match) decoded++;
                        if (d.counts()[0][i] + 1 != want[0] || d.counts()[1][i] + 1 != want[1] || d.counts()[2][i] + 1 != want[2]) {
                            rejected.merge(REJECT_CLASSIFIER, 1L, Long::sum);
                            continue;
                        }
                        hits++;
                        if (filter.exactComposition() && !match) {
                            rejected.merge(REJECT_COMPOSITION, 1L, Long::sum);
                            continue;
                        }
                        Structure s;
                        try {
                            s = REP.decode(d.mats(), i * 90);
                        } catch (InputException e) {
                            rejected.merge(REJECT_NO_CELL, 1L, Long::sum); // angles out of range: not a structure
                            continue;
                        }
                        String why = filter.gate().apply(s);
                        if (why != null) {
                            rejected.merge(why, 1L, Long::sum);
                            continue;
                        }
                        acc.add(new Accepted(s, java.util.Arrays.copyOfRange(d.mats(), i * 90, i * 90 + 90), match));
                    }
                }
            }
        } finally {
            if (helper != null) finish(helper);
        }
        return new Result(target, acc, generated, hits, decoded, rejected, cancelled);
    }

    /** Waits for a batch the helper may still be computing (after a cancel), so the next call finds net2 free. */
    private static void finish(java.util.concurrent.ExecutorService helper) {
        helper.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (helper.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static Drawn await(java.util.concurrent.Future<Drawn> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("sampling interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Index of the largest entry of each row (the first one on ties, as ND4J's argmax). */
    private static long[] argmaxRows(INDArray logits) {
        int rows = (int) logits.size(0);
        int cols = (int) logits.size(1);
        double[] v = FencedOpExecutioner.toDoubles(logits);
        long[] r = new long[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) if (v[i * cols + j] > v[i * cols + best]) best = j;
            r[i] = best;
        }
        return r;
    }

    private static int[][] repeat(int[] v, int n) {
        int[][] r = new int[n][];
        for (int i = 0; i < n; i++) r[i] = v;
        return r;
    }
}
