package org.crystalgan.app.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the Training pane needs from the gan package (a fake in the tests). */
public interface TrainingServices {
    /** Losses of one generator step (after its critic steps). */
    record StepLosses(int epoch, long step, double critic, double wasserstein, double gradientPenalty, double generator, double classifier) {}

    /** Called from the training thread. */
    interface Listener {
        void onStep(StepLosses losses);

        /** An epoch ended (1-based); a checkpoint may have been written (null if not). */
        void onEpoch(int epoch, int epochs, Path checkpoint);

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

    Optional<String> unavailable();

    /**
     * Starts training in the background (the service owns its thread).
     *
     * @param dataset the training set file (built in the Data pane)
     * @param runFolder where checkpoints go
     * @param resumeFrom a checkpoint to continue from, or null
     */
    Run start(HyperParameters hp, Path dataset, Path runFolder, Path resumeFrom, Listener listener) throws Exception;

    /** Checkpoints in a run folder, oldest first. */
    List<Path> checkpoints(Path runFolder) throws Exception;
}
