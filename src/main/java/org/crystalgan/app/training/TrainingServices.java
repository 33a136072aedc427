package org.crystalgan.app.training;

import java.nio.file.Path;
import java.util.List;
import org.crystalgan.gan.GanConfig;

/** What the Training pane needs from the gan package (a fake in the ViewModel tests). */
public interface TrainingServices {
    /** Losses of one generator step (after its critic steps). */
    record StepLosses(int epoch, long step, double critic, double wasserstein, double gradientPenalty, double generator, double classifier) {}

    /** A checkpoint on disk: its folder and where in the run it was taken (1-based epoch, 0-based batch). */
    record Checkpoint(Path folder, int epoch, int batch) {
        @Override public String toString() { return "epoch " + epoch + ", batch " + batch + " — " + folder; }
    }

    /** Called from the training thread. */
    interface Listener {
        void onStep(StepLosses losses);

        /** An epoch ended (1-based). */
        void onEpoch(int epoch, int epochs);

        /**
         * A batch ended: {@code epoch} is the 1-based epoch it belongs to, {@code batch} its 1-based number in that
         * epoch. Lets the pane move its progress bar within an epoch (one epoch of the bundled recipe is hours long).
         */
        default void onBatch(int epoch, int batch, int batchesPerEpoch, int epochs) { }

        void onCheckpoint(Checkpoint checkpoint);

        void onFinished(boolean stopped);

        void onFailed(Throwable problem);
    }

    /** A running training. */
    interface Run {
        void pause();

        void resume();

        /** Stops after the current step; a final checkpoint is written. */
        void stop();
    }

    /**
     * Starts training in the background (the service owns its thread).
     *
     * @param dataset the training set file (built in the Data pane)
     * @param runFolder where checkpoints go
     * @param resumeFrom a checkpoint to continue from, or null
     */
    Run start(GanConfig config, Path dataset, Path runFolder, Path resumeFrom, Listener listener) throws Exception;

    /** The checkpoint a run folder holds (a run keeps its latest one), if any. */
    List<Checkpoint> checkpoints(Path runFolder) throws Exception;
}
