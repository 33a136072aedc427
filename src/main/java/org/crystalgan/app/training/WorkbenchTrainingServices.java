package org.crystalgan.app.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import org.crystalgan.crystal.InputException;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.gan.GanTrainer;
import org.crystalgan.gan.TrainingEvent;
import org.crystalgan.gan.TrainingSet;
import org.crystalgan.workflow.TrainingService;

/**
 * The Training pane's services: the workflow's {@link TrainingService} (the same run folder files as {@code train})
 * on a background thread, its events translated for the pane.
 */
public final class WorkbenchTrainingServices implements TrainingServices {
    private final IntSupplier threadSetting;

    /** @param threadSetting the training threads Settings ▸ Threads holds, 0 where the user never set it (read at each start) */
    public WorkbenchTrainingServices(IntSupplier threadSetting) {
        this.threadSetting = threadSetting;
    }

    @Override
    public Run start(GanConfig config, Path dataset, Path runFolder, Path resumeFrom, Listener l) {
        TrainingSet set = load(dataset);
        GanTrainer trainer;
        if (resumeFrom != null) {
            if (!GanTrainer.hasCheckpoint(resumeFrom)) throw new InputException(resumeFrom + ": no checkpoint here (checkpoint.json missing)");
            trainer = TrainingService.resume(resumeFrom, set, config.epochs(), null, null);
        } else {
            if (GanTrainer.hasCheckpoint(runFolder)) {
                throw new InputException(runFolder + " already holds a training checkpoint; choose it in the list and use "
                        + "\"Resume from checkpoint\", or choose an empty run folder");
            }
            trainer = TrainingService.start(config, set, runFolder);
        }
        GanConfig cfg = trainer.config();
        int chosen = threadSetting.getAsInt();
        trainer.setThreads(chosen > 0 ? chosen : trainingThreads(Runtime.getRuntime().availableProcessors(), ThreadPriorities.honoured()));
        trainer.addListener(e -> {
            if (e instanceof TrainingEvent.Iteration it) {
                // the classifier's loss on real data as the trainer weighs it: 0.3·rows + counts + 0.1·cell
                double classifier = cfg.rowLossWeight() * it.classifierRowLoss() + it.classifierCountLoss()
                        + cfg.cellLossWeight() * it.classifierCellLoss();
                l.onStep(new StepLosses(it.epoch() + 1, it.step(), it.criticLoss(), it.wasserstein(), it.gradientPenalty(),
                        it.generatorLoss(), classifier));
                l.onBatch(it.epoch() + 1, it.batch() + 1, it.batchesPerEpoch(), cfg.epochs());
            } else if (e instanceof TrainingEvent.Epoch ep) {
                l.onEpoch(ep.epoch() + 1, ep.epochs());
            } else if (e instanceof TrainingEvent.CheckpointWritten cw) {
                l.onCheckpoint(new Checkpoint(cw.directory(), cw.epoch() + 1, cw.batch()));
            } else if (e instanceof TrainingEvent.Finished f) {
                l.onFinished(f.stopped());
            } else if (e instanceof TrainingEvent.Failed f) {
                l.onFailed(new InputException("Training stopped: " + f.message() + ". The last checkpoint on disk is intact."));
            }
        });
        Thread t = new Thread(() -> {
            try {
                trainer.run();
            } catch (RuntimeException | LinkageError e) {
                l.onFailed(e);
            }
        }, "crystalgan-training");
        t.setDaemon(true);
        // below the window's threads; the trainer's worker thread is made by this one and inherits it
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return new Run() {
            @Override public void pause() { trainer.pause(); }
            @Override public void resume() { trainer.resume(); }
            @Override public void stop() { trainer.stop(); }
        };
    }

    /**
     * Training threads for the window: both cores of a 2-core laptop when the OS lets the window's threads come first
     * (training runs at the lowest priority); otherwise one core fewer than the machine has, since a second training
     * thread at equal priority made the window wait for the scheduler.
     */
    static int trainingThreads(int cores, boolean prioritiesHonoured) {
        return prioritiesHonoured ? Math.max(1, Math.min(2, cores)) : Math.max(1, Math.min(2, cores - 1));
    }

    /** A training set built in the Data pane (float32 array of shape (n, 30, 3)). */
    static TrainingSet load(Path npy) {
        if (!Files.isRegularFile(npy)) throw new InputException(npy + ": no such training set; build one in the Data pane");
        return TrainingService.load(npy);
    }

    @Override
    public List<Checkpoint> checkpoints(Path runFolder) throws java.io.IOException {
        return TrainingService.checkpoint(runFolder).map(c -> List.of(new Checkpoint(c.folder(), c.epoch(), c.batch()))).orElse(List.of());
    }
}
