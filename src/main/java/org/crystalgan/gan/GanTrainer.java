package org.crystalgan.gan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.crystalgan.crystal.InputException;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * WGAN-GP training of the composition-conditioned crystal GAN, following the reference train.py:
 * each iteration is a critic step on one batch (loss E[D(G(z))] − E[D(x)] + λ·GP, exact penalty) together with a
 * classifier step on the real batch (0.3·row CE + count CE + 0.1·natoms MSE, real inputs lightly noised where they
 * are zero); every {@code criticSteps}-th iteration (batch index divisible by it, as the code's {@code j % 5 == 0})
 * adds a generator step (−E[D(G(z))] + count CE + 0.1·natoms MSE of the classifier on G(z)) that also steps the
 * classifier. Conditions of generated batches are uniform over the 8·8·12 compositions. With
 * {@link GanConfig#realOnlyClassifier()} the classifier learns from real data only and scores generated matrices in
 * inference mode.
 *
 * <p>Differences from train.py: the last incomplete batch of an epoch is dropped (its size could be 1, which batch
 * normalisation cannot take); shuffling and all draws come from {@link Rng}, so a run is reproducible and resumable.
 *
 * <p>The passes are {@link ExplicitPasses}: hand-written forward and backward passes (and the critic's double backward
 * for the penalty) over the same parameter arrays as the SameDiff graph definitions, tested equal to their autodiff.
 *
 * <p>Thread safety: {@link #run()} on one thread; {@link #pause()}, {@link #resume()}, {@link #stop()} from any.
 */
public final class GanTrainer {
    static final String HEADER = "checkpoint.json";
    static final String FORMAT = "crystalgan-checkpoint";

    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();

    private final GanConfig cfg;
    private final TrainingSet data;
    private final Path dir;
    private final GanModel model;
    private final Adam adamG;
    private final Adam adamD;
    private final Adam adamQ;
    private Rng rng;
    private int epoch;
    private int batch;
    private long step;
    private double elapsedSeconds;
    private final double[] epochSums = new double[7];
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean paused;
    private final Object pauseLock = new Object();
    private double lastGenLoss = Double.NaN;
    private double lastFakeLoss = Double.NaN;
    private double lastGoodSeconds;
    /**
     * Where a run started with {@link #startFrom} took its weights (checkpoint folder, its step, epoch and training-set
     * fingerprint), carried by every checkpoint of the run; null for a run from random weights.
     */
    private ObjectNode initFrom;

    private ExplicitPasses passes;
    /** The critic's contact columns, or null when it sees the matrices only (the paper's critic). */
    private final ContactFeatures contacts;
    /** The generator's last layer, or null when the recipe has none. */
    private final SeparationLayer separation;
    /** The generator's short-distance penalty, or null when the recipe has none. */
    private final DistancePenalty distancePenalty;
    /** What the last generator step's penalty measured, emitted with its iteration. */
    private TrainingEvent.Geometry geometry;
    private IterationWorker worker;
    private int workers = Math.min(2, Runtime.getRuntime().availableProcessors());

    private GanTrainer(GanConfig cfg, TrainingSet data, Path dir) {
        this.cfg = cfg;
        this.data = data;
        this.dir = dir;
        this.model = GanModel.initialise(cfg.seed(), cfg.criticInputWidth());
        this.adamG = new Adam(model.generator, cfg.beta1(), cfg.beta2(), cfg.adamEpsilon());
        this.adamD = new Adam(model.critic, cfg.beta1(), cfg.beta2(), cfg.adamEpsilon());
        this.adamQ = new Adam(model.classifier, cfg.beta1(), cfg.beta2(), cfg.adamEpsilon());
        this.rng = new Rng(cfg.seed());
        this.contacts = cfg.criticContacts() ? new ContactFeatures(org.crystalgan.encoding.Representation.MG_MN_O) : null;
        this.separation = SeparationLayer.of(cfg);
        this.distancePenalty = cfg.distancePenaltyWeight() > 0 || cfg.volumePenaltyWeight() > 0
                ? new DistancePenalty(org.crystalgan.encoding.Representation.MG_MN_O, cfg.distancePenaltyWeight(),
                        cfg.distanceFloor() > 0 ? cfg.distanceFloor() : DistancePenalty.REPORT_DISTANCE,
                        cfg.cationCationFloor(), cfg.anionAnionFloor(), cfg.volumePenaltyWeight(), cfg.volumePenaltyWeight() > 0 ? cfg.volumePerAtomMin() : 1,
                        cfg.volumePenaltyWeight() > 0 ? cfg.volumePerAtomMax() : 1, cfg.distancePenaltyAtomsOnly())
                : null;
        if (data.size() < cfg.batchSize()) {
            throw new InputException("training set has " + data.size() + " usable matrices, fewer than one batch of " + cfg.batchSize());
        }
    }

    /** A new run; checkpoints go to {@code checkpointDir} (created if needed). */
    public static GanTrainer start(GanConfig cfg, TrainingSet data, Path checkpointDir) {
        return new GanTrainer(cfg, data, checkpointDir);
    }

    /**
     * A new run whose networks (weights and batch-norm running statistics of generator, critic and classifier) are
     * those of the checkpoint in {@code source}; everything else is new: {@code cfg} (recipe, learning rates, epoch 0
     * of its decay), the training set, fresh Adam moments and random state. Fine-tuning on another set (the paper's
     * 1,000-fold augmentation) needs this: {@link #resume} refuses a set other than the checkpoint's. The source is
     * recorded in every checkpoint of the new run (header field {@code initFrom}).
     *
     * @throws InputException naming the source when it is not a checkpoint of these networks (an array of another
     *                        shape, a missing or corrupt file)
     */
    public static GanTrainer startFrom(Path source, GanConfig cfg, TrainingSet data, Path checkpointDir) {
        CheckpointNetworks c;
        try {
            c = readNetworks(source);
        } catch (InputException e) {
            throw new InputException("cannot start from the checkpoint in " + source + ": " + e.getMessage(), e);
        }
        GanTrainer t = new GanTrainer(cfg, data, checkpointDir);
        copyInto(c.model().generator, t.model.generator, source);
        copyInto(c.model().critic, t.model.critic, source);
        copyInto(c.model().classifier, t.model.classifier, source);
        ObjectNode from = ArrayStore.JSON.createObjectNode();
        from.put("checkpoint", source.toAbsolutePath().normalize().toString());
        from.put("step", c.header().path("step").asLong());
        from.put("epoch", c.header().path("epoch").asInt());
        from.put("dataFingerprint", c.header().path("dataFingerprint").asText());
        // a chain of fine-tunes keeps its whole lineage, so a model counts every run its networks went through
        if (c.header().path("initFrom").isObject()) from.set("initFrom", c.header().get("initFrom"));
        t.initFrom = from;
        return t;
    }

    /** Epochs of the runs a run's networks came from: the {@code initFrom} record and the records nested in it. */
    static int lineageEpochs(JsonNode initFrom) {
        int n = 0;
        for (JsonNode f = initFrom; f != null && f.isObject(); f = f.get("initFrom")) n += f.path("epoch").asInt(0);
        return n;
    }

    /** Iterations of the runs a run's networks came from, as {@link #lineageEpochs} counts epochs. */
    static long lineageSteps(JsonNode initFrom) {
        long n = 0;
        for (JsonNode f = initFrom; f != null && f.isObject(); f = f.get("initFrom")) n += f.path("step").asLong(0);
        return n;
    }

    private static void copyInto(NetParams from, NetParams to, Path source) {
        Map<String, INDArray> src = from.all();
        for (Map.Entry<String, INDArray> e : to.all().entrySet()) {
            INDArray v = src.get(e.getKey());
            if (e.getKey().equals("d.c1.W") && v != null && v.rank() == 2 && e.getValue().rank() == 2
                    && v.size(1) == e.getValue().size(1) && v.size(0) < e.getValue().size(0)) {
                // a critic that now also sees contact columns: it starts as the source critic, blind to them
                // (their weights 0), and learns to use them
                e.getValue().assign(0);
                e.getValue().get(NDArrayIndex.interval(0, v.size(0)), NDArrayIndex.all()).assign(v);
                continue;
            }
            if (v == null || !java.util.Arrays.equals(v.shape(), e.getValue().shape())) {
                throw new InputException("cannot start from the checkpoint in " + source + ": array \"" + e.getKey() + "\" "
                        + (v == null ? "is missing" : "has shape " + java.util.Arrays.toString(v.shape()) + ", the networks need "
                        + java.util.Arrays.toString(e.getValue().shape())));
            }
            e.getValue().assign(v);
        }
    }

    /** The source of a run started with {@link #startFrom} (checkpoint, step, epoch, dataFingerprint), else null. */
    public JsonNode initFrom() {
        return initFrom;
    }

    /** True when the folder holds a checkpoint header. */
    public static boolean hasCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(HEADER));
    }

    /**
     * Continues the run checkpointed in {@code checkpointDir}. {@code epochs} (may be null) raises or lowers the total
     * number of epochs; every other setting is the checkpoint's. The training set must be the one it was trained on.
     */
    public static GanTrainer resume(Path checkpointDir, TrainingSet data, Integer epochs) {
        return resume(checkpointDir, data, epochs, null);
    }

    /**
     * As {@link #resume(Path, TrainingSet, Integer)}; a non-null {@code realOnlyClassifier} changes that part of the
     * recipe from here on (the checkpoints written afterwards record it).
     */
    public static GanTrainer resume(Path checkpointDir, TrainingSet data, Integer epochs, Boolean realOnlyClassifier) {
        return resume(checkpointDir, data, epochs, realOnlyClassifier, null);
    }

    /** As above; a non-null {@code fakeRowLossWeight} also changes that weight from here on. */
    public static GanTrainer resume(Path checkpointDir, TrainingSet data, Integer epochs, Boolean realOnlyClassifier,
                                    Double fakeRowLossWeight) {
        return resume(checkpointDir, data, epochs, realOnlyClassifier, fakeRowLossWeight, null, null);
    }

    /**
     * As above; a non-null {@code distancePenaltyWeight} (with {@code distanceFloor}, Å, or the checkpoint's floor when
     * null) switches the generator's short-distance penalty on (weight above 0) or off (0) from here on.
     */
    public static GanTrainer resume(Path checkpointDir, TrainingSet data, Integer epochs, Boolean realOnlyClassifier,
                                    Double fakeRowLossWeight, Double distancePenaltyWeight, Double distanceFloor) {
        return resume(checkpointDir, data, epochs, realOnlyClassifier, fakeRowLossWeight, distancePenaltyWeight, distanceFloor,
                java.util.function.UnaryOperator.identity());
    }

    /**
     * As above; {@code recipe} may change any other setting of the checkpoint's configuration from here on (critic
     * steps, the generator's learning rate: fine-tuning options). A setting it makes invalid is refused in words.
     */
    public static GanTrainer resume(Path checkpointDir, TrainingSet data, Integer epochs, Boolean realOnlyClassifier,
                                    Double fakeRowLossWeight, Double distancePenaltyWeight, Double distanceFloor,
                                    java.util.function.UnaryOperator<GanConfig> recipe) {
        ArrayStore.Source src = ArrayStore.Source.folder(checkpointDir);
        JsonNode h = ArrayStore.readHeader(src, HEADER, FORMAT, 1);
        GanConfig saved;
        try {
            saved = ArrayStore.JSON.treeToValue(h.path("config"), GanConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(src.describe(HEADER) + ": field \"config\" is not a valid training configuration ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!data.fingerprint().equals(h.path("dataFingerprint").asText())) {
            throw new InputException(src.describe(HEADER) + ": this checkpoint was trained on another training set ("
                    + h.path("dataRows").asInt() + " matrices, fingerprint " + abbreviate(h.path("dataFingerprint").asText())
                    + "), not on the given one (" + data.size() + " matrices, fingerprint " + abbreviate(data.fingerprint()) + ")");
        }
        GanConfig cfg = epochs == null ? saved : saved.withEpochs(epochs);
        if (realOnlyClassifier != null) cfg = cfg.withRealOnlyClassifier(realOnlyClassifier);
        if (fakeRowLossWeight != null) cfg = cfg.withFakeRowLossWeight(fakeRowLossWeight);
        if (distancePenaltyWeight != null || distanceFloor != null) {
            double w = distancePenaltyWeight != null ? distancePenaltyWeight : cfg.distancePenaltyWeight();
            double f = distanceFloor != null ? distanceFloor : cfg.distanceFloor();
            try {
                cfg = cfg.withDistancePenalty(w, f);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage());
            }
        }
        try {
            cfg = recipe.apply(cfg);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        if (cfg.criticContacts() != saved.criticContacts()) {
            throw new InputException(src.describe(HEADER) + ": whether the critic sees contact distances is fixed for a run (its"
                    + " first layer has another shape); start a new run from this one instead");
        }
        GanTrainer t = new GanTrainer(cfg, data, checkpointDir);
        Map<String, INDArray> targets = t.stateArrays();
        ArrayStore.readBundle(src, h, targets);
        t.epoch = h.path("epoch").asInt();
        t.batch = h.path("batch").asInt();
        t.step = h.path("step").asLong();
        t.elapsedSeconds = h.path("elapsedSeconds").asDouble();
        long[] st = new long[4];
        for (int i = 0; i < 4; i++) st[i] = h.path("rng").path(i).asLong();
        t.rng = Rng.fromState(st);
        t.adamG.step = h.path("adamSteps").path("generator").asLong();
        t.adamD.step = h.path("adamSteps").path("critic").asLong();
        t.adamQ.step = h.path("adamSteps").path("classifier").asLong();
        for (int i = 0; i < t.epochSums.length; i++) t.epochSums[i] = h.path("epochSums").path(i).asDouble();
        t.lastGenLoss = h.path("lastGeneratorLoss").asDouble(Double.NaN);
        t.lastFakeLoss = h.path("lastClassifierFakeLoss").asDouble(Double.NaN);
        if (h.path("initFrom").isObject()) t.initFrom = (ObjectNode) h.get("initFrom");
        return t;
    }

    private static String abbreviate(String s) {
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    /**
     * Threads for training: 1, or 2 to run independent parts of each iteration side by side (the default where
     * there are two or more cores). Results are the same either way. Takes effect at the next {@link #run()}.
     */
    public void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1");
        workers = Math.min(2, n);
    }

    public void addListener(TrainingListener l) {
        listeners.add(l);
    }

    public GanConfig config() {
        return cfg;
    }

    /** 0-based epoch the next iteration belongs to. */
    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    public long step() {
        return step;
    }

    public int batchesPerEpoch() {
        return data.size() / cfg.batchSize();
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** Ends training after the running step (well under a second) and writes a checkpoint. */
    public void stop() {
        stopRequested = true;
        resume();
    }

    GanModel model() {
        return model;
    }

    private void emit(TrainingEvent e) {
        for (TrainingListener l : listeners) l.onEvent(e);
    }

    /** All arrays a checkpoint holds, by name: parameters, running statistics, Adam moments. */
    private Map<String, INDArray> stateArrays() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, INDArray>> e : stateBins().entrySet()) m.putAll(e.getValue());
        return m;
    }

    private Map<String, Map<String, INDArray>> stateBins() {
        Map<String, Map<String, INDArray>> bins = new LinkedHashMap<>();
        bins.put("generator", bin(model.generator, adamG));
        bins.put("critic", bin(model.critic, adamD));
        bins.put("classifier", bin(model.classifier, adamQ));
        return bins;
    }

    private static Map<String, INDArray> bin(NetParams p, Adam a) {
        Map<String, INDArray> m = new LinkedHashMap<>(p.all());
        a.m.forEach((k, v) -> m.put(k + ".adam_m", v));
        a.v.forEach((k, v) -> m.put(k + ".adam_v", v));
        return m;
    }

    /** Writes a checkpoint of the current state (between iterations) and reports it. */
    public void checkpoint() {
        ObjectNode h = ArrayStore.JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", 1);
        h.put("description", "Crystal GAN Workbench training checkpoint: JSON header + little-endian float32 .bin files");
        h.set("config", ArrayStore.JSON.valueToTree(cfg));
        h.put("epoch", epoch);
        h.put("batch", batch);
        h.put("step", step);
        h.put("elapsedSeconds", elapsedSeconds);
        ArrayNode r = h.putArray("rng");
        for (long s : rng.state()) r.add(s);
        ObjectNode steps = h.putObject("adamSteps");
        steps.put("generator", adamG.step);
        steps.put("critic", adamD.step);
        steps.put("classifier", adamQ.step);
        ArrayNode sums = h.putArray("epochSums");
        for (double s : epochSums) sums.add(s);
        h.put("lastGeneratorLoss", lastGenLoss);
        h.put("lastClassifierFakeLoss", lastFakeLoss);
        h.put("dataFingerprint", data.fingerprint());
        h.put("dataRows", data.size());
        if (initFrom != null) h.set("initFrom", initFrom);
        try {
            ArrayStore.writeBundle(dir, HEADER, h, stateBins(), String.format("%09d", step));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
        }
        emit(new TrainingEvent.CheckpointWritten(dir, epoch, batch));
    }

    /**
     * Exports the networks of the checkpoint in {@code checkpointDir} as a model folder for generation, without
     * needing the training set.
     */
    public static void exportCheckpoint(Path checkpointDir, Path out) {
        CheckpointNetworks c = readNetworks(checkpointDir);
        // a run started from another run's networks: the model has had the source's training too
        JsonNode from = c.header().path("initFrom");
        ModelFiles.export(c.model(), c.config(), c.header().path("dataFingerprint").asText(),
                lineageEpochs(from) + c.header().path("epoch").asInt(), lineageSteps(from) + c.header().path("step").asLong(),
                from.isObject() ? from : null, out);
    }

    /** The networks of a checkpoint as they stood when it was written, its configuration and its header. */
    record CheckpointNetworks(GanModel model, GanConfig config, JsonNode header) {
    }

    /** Reads a training checkpoint's networks (the optimiser state is checked against the header, then dropped). */
    static CheckpointNetworks readNetworks(Path checkpointDir) {
        ArrayStore.Source src = ArrayStore.Source.folder(checkpointDir);
        JsonNode h = ArrayStore.readHeader(src, HEADER, FORMAT, 1);
        GanConfig saved;
        try {
            saved = ArrayStore.JSON.treeToValue(h.path("config"), GanConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(src.describe(HEADER) + ": field \"config\" is not a valid training configuration");
        }
        GanModel m = GanModel.initialise(saved.seed(), saved.criticInputWidth());
        Map<String, INDArray> targets = new LinkedHashMap<>();
        targets.putAll(bin(m.generator, new Adam(m.generator, 0.5, 0.999, 1e-8)));
        targets.putAll(bin(m.critic, new Adam(m.critic, 0.5, 0.999, 1e-8)));
        targets.putAll(bin(m.classifier, new Adam(m.classifier, 0.5, 0.999, 1e-8)));
        ArrayStore.readBundle(src, h, targets);
        return new CheckpointNetworks(m, saved, h);
    }

    /** Exports generator and classifier (weights and running statistics) for generation. */
    public void exportModel(Path out) {
        ModelFiles.export(model, cfg, data.fingerprint(), lineageEpochs(initFrom) + epoch, lineageSteps(initFrom) + step, initFrom, out);
    }

    /**
     * Trains until the configured number of epochs, a stop request, or an error. Returns normally after
     * {@link TrainingEvent.Finished}; throws {@link TrainingDivergedException} after {@link TrainingEvent.Failed}.
     */
    public void run() {
        if (passes == null) passes = new ExplicitPasses(model);
        worker = new IterationWorker(workers > 1, WORKSPACE);
        passes.useWorker(worker.threaded() ? worker : null);
        if (worker.threaded()) {
            // two streams of single-threaded ops; multi-threaded ops on top would oversubscribe the cores
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
        }
        Memory.configureOnce();
        int nb = batchesPerEpoch();
        long lastCheckpoint = System.nanoTime();
        long runStart = System.nanoTime();
        int itersThisRun = 0;
        try {
            while (epoch < cfg.epochs()) {
                int[] perm = new Rng(cfg.seed() * 1_000_003L + epoch).permutation(data.size());
                while (batch < nb) {
                    if (stopRequested) {
                        checkpoint();
                        emit(new TrainingEvent.Finished(epoch, batch, true));
                        return;
                    }
                    if (paused) waitWhilePaused();
                    if (stopRequested) continue;
                    long t0 = System.nanoTime();
                    TrainingEvent.Iteration it;
                    // every array of an iteration lives in one arena that is reset after it: a fresh native
                    // allocation costs page faults and zeroing, as much as the matrix product that fills it
                    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "crystalgan-train")) {
                        worker.begin();
                        try {
                            it = iteration(perm, nb);
                        } finally {
                            worker.end();
                        }
                    }
                    double sec = (System.nanoTime() - t0) / 1e9;
                    elapsedSeconds += sec;
                    itersThisRun++;
                    emit(new TrainingEvent.Iteration(it.epoch(), it.batch(), it.batchesPerEpoch(), it.step(),
                            it.criticLoss(), it.wasserstein(), it.gradientPenalty(), it.generatorLoss(),
                            it.classifierRowLoss(), it.classifierCountLoss(), it.classifierCellLoss(),
                            it.classifierFakeLoss(), sec));
                    if ((System.nanoTime() - lastCheckpoint) / 60e9 >= cfg.checkpointMinutes()) {
                        checkpoint();
                        lastCheckpoint = System.nanoTime();
                    }
                }
                double perIter = (System.nanoTime() - runStart) / 1e9 / Math.max(1, itersThisRun);
                int remaining = (cfg.epochs() - epoch - 1) * nb;
                emit(new TrainingEvent.Epoch(epoch, cfg.epochs(), epochSums[0] / nb, epochSums[1] / nb, epochSums[2] / nb,
                        epochSums[3] / Math.max(1, epochSums[6]), epochSums[4] / nb, epochSums[5] / Math.max(1, epochSums[6]),
                        perIter * nb, perIter * remaining));
                java.util.Arrays.fill(epochSums, 0);
                epoch++;
                batch = 0;
            }
            checkpoint();
            emit(new TrainingEvent.Finished(epoch, batch, false));
        } catch (TrainingDivergedException e) {
            emit(new TrainingEvent.Failed(e.getMessage()));
            throw e;
        } finally {
            worker.close();
        }
    }

    private void waitWhilePaused() {
        emit(new TrainingEvent.Paused(epoch, batch));
        synchronized (pauseLock) {
            while (paused && !stopRequested) {
                try {
                    pauseLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
        emit(new TrainingEvent.Resumed(epoch, batch));
    }

    /** One iteration at (epoch, batch); state advances only when every loss is finite. */
    private TrainingEvent.Iteration iteration(int[] perm, int nb) {
        int bs = cfg.batchSize();
        double lrf = cfg.lrFactor(epoch);
        Batch b = Batch.real(data, perm, batch * bs, bs);
        float[] noised = b.matrices.clone();
        for (int i = 0; i < noised.length; i++) {
            if (noised[i] < 0.01f) noised[i] += (float) Math.abs(1e-3 + Math.pow(10, -2.5) * rng.nextGaussian());
        }
        int[][] fakeCounts = new int[bs][3];
        for (int i = 0; i < bs; i++) {
            fakeCounts[i][0] = 1 + rng.nextInt(8);
            fakeCounts[i][1] = 1 + rng.nextInt(8);
            fakeCounts[i][2] = 1 + rng.nextInt(12);
        }
        INDArray cond = Batch.conditions(fakeCounts);
        INDArray z = noise(bs);
        double[] eps = new double[bs];
        for (int i = 0; i < bs; i++) eps[i] = rng.nextDouble();
        boolean genStep = batch % cfg.criticSteps() == 0;
        INDArray z2 = genStep ? noise(bs) : null;
        INDArray real = Nd4j.createFromArray(b.matrices).reshape(bs, 90);
        INDArray noisedArr = Nd4j.createFromArray(noised).reshape(bs, 90);

        // worker: the classifier on real data, then the generator step's forward pass (the generator does not
        // change before it); main: the critic step on a fresh generated batch
        Supplier<ClassifierStep> qrF = worker.fork(() -> classifierOnReal(noisedArr, b));
        Supplier<ExplicitPasses.GenPass> gsF = genStep ? worker.fork(() -> separated(passes.generatorForward(z2, cond))) : null;
        ExplicitPasses.GenPass gf = separated(passes.generatorForward(z, cond));
        ExplicitPasses.CriticResult cr = contacts == null ? passes.criticStep(real, gf.fake, eps, cfg.lambdaGp())
                : passes.criticStep(criticInput(contacts.of(FencedOpExecutioner.toDoubles(real), bs), real),
                        criticInput(contacts.of(FencedOpExecutioner.toDoubles(gf.fake), bs), gf.fake), eps, cfg.lambdaGp());
        double dReal = cr.dReal();
        double dFake = cr.dFake();
        double gp = cr.gp();
        ClassifierStep qr = qrF.get();
        double rowCe = qr.losses[0];
        double countCe = qr.losses[1];
        double cellMse = qr.losses[2];
        double criticLoss = dFake - dReal + gp;
        checkFinite("critic loss", criticLoss, "classifier loss", rowCe + countCe + cellMse);
        Supplier<Boolean> qUpdate = worker.fork(() -> {
            adamQ.update(model.classifier, qr.grads, cfg.lrClassifier() * lrf);
            return true;
        });
        adamD.update(model.critic, cr.grads(), cfg.lrCritic() * lrf);
        qUpdate.get();
        // batch-norm running statistics move with every training-mode forward, as PyTorch's do
        ExplicitPasses.updateRunning(model.generator, gf.stats, bs);
        ExplicitPasses.updateRunning(model.classifier, qr.stats, bs);

        if (genStep) {
            ExplicitPasses.GenPass gs = gsF.get();
            boolean realOnly = cfg.realOnlyClassifier();
            Supplier<ClassifierStep> qfF = worker.fork(() -> classifierOnGenerated(gs.fake, fakeCounts, realOnly));
            Supplier<DistancePenalty.Result> dpF = distancePenalty == null ? null
                    : worker.fork(() -> distancePenalty.evaluate(FencedOpExecutioner.toDoubles(gs.fake), bs));
            ContactFeatures.Features seen = contacts == null ? null : contacts.of(FencedOpExecutioner.toDoubles(gs.fake), bs);
            INDArray[] av = passes.adversarial(seen == null ? gs.fake : criticInput(seen, gs.fake));
            if (seen != null) {
                // the critic's judgement of the contacts reaches the generator through the distances
                av[1] = Nd4j.createFromArray(contacts.backward(seen, FencedOpExecutioner.toDoubles(av[1])))
                        .reshape(gs.fake.shape()).castTo(gs.fake.dataType());
            }
            double adv = av[0].getDouble(0);
            ClassifierStep qf = qfF.get();
            double fakeCls = cfg.fakeRowLossWeight() * qf.losses[0] + qf.losses[1] + cfg.cellLossWeight() * qf.losses[2];
            checkFinite("generator loss", adv, "classifier loss on generated", fakeCls);
            INDArray dGenerated = av[1].addi(qf.inputGradient);
            DistancePenalty.Result dp = dpF == null ? null : dpF.get();
            if (dp != null) {
                checkFinite("distance penalty", dp.loss(), "distance penalty", dp.loss());
                dGenerated.addi(Nd4j.createFromArray(dp.gradient()).reshape(bs, dGenerated.size(1)).castTo(dGenerated.dataType()));
            }
            Map<String, INDArray> gGrads = passes.generatorBackward(gs, dGenerated);
            Supplier<Boolean> qUpdate2 = worker.fork(() -> {
                if (!realOnly) adamQ.update(model.classifier, qf.grads, cfg.lrClassifier() * lrf);
                return true;
            });
            adamG.update(model.generator, gGrads, cfg.lrGenerator() * lrf);
            qUpdate2.get();
            ExplicitPasses.updateRunning(model.generator, gs.stats, bs);
            ExplicitPasses.updateRunning(model.classifier, qf.stats, bs);
            lastGenLoss = adv;
            lastFakeLoss = fakeCls;
            if (dp != null) geometry = new TrainingEvent.Geometry(epoch, step, dp.loss(), dp.shortPairs(), dp.clean(), bs);
            epochSums[3] += adv;
            epochSums[5] += fakeCls;
            epochSums[6] += 1;
        }
        epochSums[0] += criticLoss;
        epochSums[1] += dReal - dFake;
        epochSums[2] += gp;
        epochSums[4] += cfg.rowLossWeight() * rowCe + countCe + cfg.cellLossWeight() * cellMse;
        Memory.collectIfAbove();
        if (geometry != null) {
            emit(geometry);
            geometry = null;
        }
        TrainingEvent.Iteration ev = new TrainingEvent.Iteration(epoch, batch, nb, step, criticLoss, dReal - dFake, gp,
                lastGenLoss, rowCe, countCe, cellMse, lastFakeLoss, 0);
        batch++;
        step++;
        return ev;
    }

    /**
     * A generator pass's matrices through the separation layer, in place (the backward pass reads the networks' own
     * arrays, not these matrices, so the layer's Jacobian is the identity there: straight-through).
     */
    private ExplicitPasses.GenPass separated(ExplicitPasses.GenPass g) {
        if (separation == null) return g;
        separation.apply(g.fake);
        return g;
    }

    /** The critic's input (batch, rows · width) of matrices {@code like} (its data type) with their contact columns. */
    private static INDArray criticInput(ContactFeatures.Features f, INDArray like) {
        return Nd4j.createFromArray(f.input()).reshape(f.batch(), f.input().length / f.batch()).castTo(like.dataType());
    }

    /** Classifier losses [row CE, count CE, natoms MSE], gradients and batch statistics of one pass. */
    private record ClassifierStep(double[] losses, Map<String, INDArray> grads, INDArray inputGradient,
                                  List<ExplicitPasses.Stat> stats) {
    }

    /** The classifier's step on (noised) real data: 0.3·row CE + count CE + 0.1·natoms MSE. */
    private ClassifierStep classifierOnReal(INDArray x, Batch b) {
        ExplicitPasses.ClsPass q = passes.classifierForward(x);
        INDArray[] dRows = new INDArray[3];
        INDArray[] dCounts = new INDArray[3];
        INDArray[] d = new INDArray[1];
        double[] l = new double[3];
        for (int e = 0; e < 3; e++) {
            l[0] += ExplicitPasses.crossEntropy(q.rowLogits[e], b.rowLabels(e), cfg.rowLossWeight(), d);
            dRows[e] = d[0];
            l[1] += ExplicitPasses.crossEntropy(q.countLogits[e], Batch.countLabels(b.counts, e), 1.0, d);
            dCounts[e] = d[0];
        }
        l[2] = ExplicitPasses.meanSquare(q.natoms, Batch.natoms(b.counts), cfg.cellLossWeight(), d);
        @SuppressWarnings("unchecked")
        Map<String, INDArray> g = (Map<String, INDArray>) passes.classifierBackward(q, dRows, dCounts, d[0], false)[0];
        return new ClassifierStep(l, g, null, q.stats);
    }

    /**
     * The classifier on generated data against the requested counts: count CE + 0.1·natoms MSE, with dLoss/dx; in
     * training mode (the reference), or in inference mode with no parameter gradients (realOnlyClassifier).
     */
    private ClassifierStep classifierOnGenerated(INDArray fake, int[][] counts, boolean eval) {
        ExplicitPasses.ClsPass q = passes.classifierForward(fake, eval);
        INDArray[] dCounts = new INDArray[3];
        INDArray[] dRows = cfg.fakeRowLossWeight() > 0 ? new INDArray[3] : null;
        INDArray[] d = new INDArray[1];
        double[] l = new double[3];
        for (int e = 0; e < 3; e++) {
            l[1] += ExplicitPasses.crossEntropy(q.countLogits[e], Batch.countLabels(counts, e), 1.0, d);
            dCounts[e] = d[0];
            if (dRows != null) {
                l[0] += ExplicitPasses.crossEntropy(q.rowLogits[e], Batch.requestedRowLabels(counts, e), cfg.fakeRowLossWeight(), d);
                dRows[e] = d[0];
            }
        }
        l[2] = ExplicitPasses.meanSquare(q.natoms, Batch.natoms(counts), cfg.cellLossWeight(), d);
        Object[] r = passes.classifierBackward(q, dRows, dCounts, d[0], true);
        @SuppressWarnings("unchecked")
        Map<String, INDArray> g = (Map<String, INDArray>) r[0];
        return new ClassifierStep(l, g, (INDArray) r[1], q.stats);
    }

    private void checkFinite(String a, double va, String b, double vb) {
        String bad = !Double.isFinite(va) ? a + " = " + va : !Double.isFinite(vb) ? b + " = " + vb : null;
        if (bad != null) {
            String last = hasCheckpoint(dir) ? "the last checkpoint in " + dir + " is intact; resume from it with a lower learning rate or another seed"
                    : "no checkpoint had been written yet";
            throw new TrainingDivergedException("training diverged at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                    + ": " + bad + "; this step was not applied and " + last);
        }
    }

    private INDArray noise(int bs) {
        float[] z = new float[bs * GeneratorNet.NOISE];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        return Nd4j.createFromArray(z).reshape(bs, GeneratorNet.NOISE);
    }
}
