package org.crystalgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The run folder's history, the same from the window and from {@code train}: {@code training-log.csv} (one line per
 * epoch) and {@code training-iterations.csv} (every 10th generator step), which {@code plot-training} draws.
 * Iteration lines are appended when a checkpoint is written or the run ends, so after a crash and a resume the file
 * holds no step the resumed run repeats. Files are appended to, never rewritten: a resumed run continues them.
 */
public final class TrainingLogs implements TrainingListener {
    public static final String EPOCH_LOG = "training-log.csv";
    public static final String ITERATION_LOG = "training-iterations.csv";
    /** One line per generator step of a recipe with the short-distance penalty (created at its first line). */
    public static final String GEOMETRY_LOG = "training-geometry.csv";

    private final Path epochLog;
    private final Path iterationLog;
    private final Path geometryLog;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder pendingGeometry = new StringBuilder();

    /** Creates the two files with their headers where they do not exist yet. */
    public TrainingLogs(Path runFolder) {
        epochLog = runFolder.resolve(EPOCH_LOG);
        iterationLog = runFolder.resolve(ITERATION_LOG);
        geometryLog = runFolder.resolve(GEOMETRY_LOG);
        try {
            Files.createDirectories(runFolder);
            if (!Files.exists(epochLog)) {
                Files.writeString(epochLog, "epoch,critic_loss,wasserstein,gradient_penalty,generator_loss,classifier_real_loss,classifier_fake_loss,seconds\n");
            }
            if (!Files.exists(iterationLog)) {
                Files.writeString(iterationLog, "step,epoch,batch,critic_loss,wasserstein,gradient_penalty,generator_loss,"
                        + "classifier_row_loss,classifier_count_loss,classifier_cell_loss,classifier_fake_loss,seconds\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onEvent(TrainingEvent ev) {
        if (ev instanceof TrainingEvent.Epoch e) {
            append(epochLog, e.epoch() + 1 + "," + String.format(Locale.ROOT, "%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f%n", e.criticLoss(),
                    e.wasserstein(), e.gradientPenalty(), e.generatorLoss(), e.classifierRealLoss(), e.classifierFakeLoss(), e.seconds()));
        }
        if (ev instanceof TrainingEvent.Iteration it && it.step() % 10 == 0) {
            pending.append(String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.3f%n",
                    it.step(), it.epoch() + 1, it.batch() + 1, it.criticLoss(), it.wasserstein(), it.gradientPenalty(),
                    it.generatorLoss(), it.classifierRowLoss(), it.classifierCountLoss(), it.classifierCellLoss(),
                    it.classifierFakeLoss(), it.seconds()));
        }
        if (ev instanceof TrainingEvent.Geometry g) {
            pendingGeometry.append(String.format(Locale.ROOT, "%d,%d,%.6g,%d,%.4f%n", g.step(), g.epoch() + 1, g.penalty(),
                    g.shortPairs(), (double) g.clean() / g.batch()));
        }
        if ((ev instanceof TrainingEvent.Finished || ev instanceof TrainingEvent.CheckpointWritten) && pending.length() > 0) {
            append(iterationLog, pending.toString());
            pending.setLength(0);
        }
        if ((ev instanceof TrainingEvent.Finished || ev instanceof TrainingEvent.CheckpointWritten) && pendingGeometry.length() > 0) {
            try {
                if (!Files.exists(geometryLog)) {
                    Files.writeString(geometryLog, "step,epoch,distance_penalty,pairs_below_floor,share_min_distance_ge_1.3A\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            append(geometryLog, pendingGeometry.toString());
            pendingGeometry.setLength(0);
        }
    }

    private static void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
