package org.crystalgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crystalgan.base.AtomicFiles;

/**
 * The run folder's history, the same from the window and from {@code train}: {@code training-log.csv} (one line per
 * epoch) and {@code training-iterations.csv} (every 10th generator step), which {@code plot-training} draws.
 * Iteration lines are appended when a checkpoint is written or the run ends, so after a crash and a resume the file
 * holds no step the resumed run repeats. A resumed run continues the files. Every write replaces a file whole through
 * {@link AtomicFiles} (its earlier lines and the new ones in a temporary file, renamed over it), so a process killed
 * mid-write leaves the earlier lines and never half a line, and a reader (the Training pane, {@code plot-training})
 * sees either file; a partial last line that a plain append of an older version left is dropped at the next write.
 * Rewriting costs little: the longest history, every 10th step of 300 epochs, is about 1.3 MB, written per checkpoint.
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

    /** Creates the two files with their headers where they do not exist yet (or lack a whole header line). */
    public TrainingLogs(Path runFolder) {
        epochLog = runFolder.resolve(EPOCH_LOG);
        iterationLog = runFolder.resolve(ITERATION_LOG);
        geometryLog = runFolder.resolve(GEOMETRY_LOG);
        try {
            Files.createDirectories(runFolder);
            header(epochLog, "epoch,critic_loss,wasserstein,gradient_penalty,generator_loss,classifier_real_loss,classifier_fake_loss,seconds\n");
            header(iterationLog, "step,epoch,batch,critic_loss,wasserstein,gradient_penalty,generator_loss,"
                    + "classifier_row_loss,classifier_count_loss,classifier_cell_loss,classifier_fake_loss,seconds\n");
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
                header(geometryLog, "step,epoch,distance_penalty,pairs_below_floor,share_min_distance_ge_1.3A\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            append(geometryLog, pendingGeometry.toString());
            pendingGeometry.setLength(0);
        }
    }

    /** Writes the header where the file is missing or holds not even one whole line (a header cut short). */
    private static void header(Path log, String header) throws IOException {
        if (Files.exists(log)) {
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(log))) {
                int b;
                while ((b = in.read()) >= 0) if (b == '\n') return;
            }
        }
        AtomicFiles.writeString(log, header);
    }

    private static void append(Path log, String text) {
        try {
            byte[] earlier = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            int keep = earlier.length;
            while (keep > 0 && earlier[keep - 1] != '\n') keep--;
            int whole = keep;
            byte[] added = text.getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(log, out -> {
                out.write(earlier, 0, whole);
                out.write(added);
            });
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
