package org.crystalgan.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.encoding.Dataset;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.encoding.Npy;
import org.crystalgan.encoding.Representation;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.gan.GanTrainer;
import org.crystalgan.gan.TrainingLogs;
import org.crystalgan.gan.TrainingSet;

/**
 * A training run, for both faces: {@code train} and the Training pane load the set the same way and open the run
 * the same way, so a run folder holds the same files whichever started it: the checkpoint ({@code checkpoint.json}
 * and its arrays) and the history {@code plot-training} draws ({@code training-log.csv},
 * {@code training-iterations.csv}). The faces own the thread that calls {@link GanTrainer#run} and what they show.
 */
public final class TrainingService {
    private TrainingService() {}

    /**
     * The one load-and-check of a training set: a float32 {@code .npy} of shape (n, 30, 3).
     *
     * @throws InputException naming the file and the shape found
     */
    public static TrainingSet load(Path npy) {
        return new TrainingSet(Dataset.readMatrices(npy, Representation.MG_MN_O).data(), npy.toString());
    }

    /** Where {@link #loadAugmented} caches the augmented set of a run. */
    public static Path augmentedCache(Path runFolder, int perComposition, long seed) {
        return runFolder.resolve("dataset-aug" + perComposition + "-seed" + seed + ".npy");
    }

    /**
     * The set of {@code data} augmented to {@code perComposition} matrices per composition (translation, axis swap; no
     * supercells), cached in the run folder ({@link #augmentedCache}) and reused while {@code data} is unchanged.
     */
    public static TrainingSet loadAugmented(Path data, Path runFolder, int perComposition, long seed, Progress progress) {
        if (perComposition < 1) throw new InputException("the count per composition must be at least 1 (got " + perComposition + ")");
        Path cache = augmentedCache(runFolder, perComposition, seed);
        DatasetBuilder b = DatasetService.builder(new DatasetBuilder.Options(Representation.MG_MN_O, perComposition, seed, false));
        DatasetBuilder.Report r = b.buildToFile(data, cache, progress);
        return new TrainingSet(r.dataset().matrices(), cache.toString());
    }

    /** A new run in {@code runFolder} (the caller has made sure it holds no checkpoint), its history files attached. */
    public static GanTrainer start(GanConfig config, TrainingSet set, Path runFolder) {
        GanTrainer t = GanTrainer.start(config, set, runFolder);
        t.addListener(new TrainingLogs(runFolder));
        return t;
    }

    /**
     * A new run in {@code runFolder} (the caller has made sure it holds no checkpoint) that starts from the networks of
     * the checkpoint in {@code source} with its own {@code config} and training set, its history files attached.
     */
    public static GanTrainer startFrom(Path source, GanConfig config, TrainingSet set, Path runFolder) {
        GanTrainer t = GanTrainer.startFrom(source, config, set, runFolder);
        t.addListener(new TrainingLogs(runFolder));
        return t;
    }

    /**
     * The run checkpointed in {@code runFolder}, continued up to {@code epochs}, its history files attached;
     * {@code realOnlyClassifier} and {@code fakeRowLoss} (null: as checkpointed) change the recipe from here on.
     */
    public static GanTrainer resume(Path runFolder, TrainingSet set, int epochs, Boolean realOnlyClassifier, Double fakeRowLoss) {
        GanTrainer t = GanTrainer.resume(runFolder, set, epochs, realOnlyClassifier, fakeRowLoss);
        t.addListener(new TrainingLogs(runFolder));
        return t;
    }

    /**
     * As {@link #resume(Path, TrainingSet, int, Boolean, Double)}, with the short-distance penalty's weight and floor
     * (null: as checkpointed) and a change to the rest of the recipe (critic steps, learning rates) from here on.
     */
    public static GanTrainer resume(Path runFolder, TrainingSet set, int epochs, Boolean realOnlyClassifier, Double fakeRowLoss,
                                    Double distancePenalty, Double distanceFloor, java.util.function.UnaryOperator<GanConfig> recipe) {
        GanTrainer t = GanTrainer.resume(runFolder, set, epochs, realOnlyClassifier, fakeRowLoss, distancePenalty, distanceFloor, recipe);
        t.addListener(new TrainingLogs(runFolder));
        return t;
    }

    /**
     * Removes what a killed checkpoint write left in a run folder (tens of MB each): the folder belongs to the run,
     * so any temporary in it is such a leftover. Returns how many were removed.
     */
    public static int removeInterruptedCheckpoint(Path runFolder) {
        return AtomicFiles.deleteStaleTemporaries(runFolder, Duration.ZERO);
    }

    /** Where a checkpointed run stands: 1-based epoch, 0-based batch within it. */
    public record Checkpoint(Path folder, int epoch, int batch) {}

    /** The checkpoint a run folder holds (a run keeps its latest one), from the header the trainer writes. */
    public static Optional<Checkpoint> checkpoint(Path runFolder) throws IOException {
        if (!GanTrainer.hasCheckpoint(runFolder)) return Optional.empty();
        JsonNode h = new ObjectMapper().readTree(runFolder.resolve("checkpoint.json").toFile());
        return Optional.of(new Checkpoint(runFolder, h.path("epoch").asInt() + 1, h.path("batch").asInt()));
    }
}
