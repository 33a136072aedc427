package org.crystalgan.app.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in trainer for the ViewModel tests: it reports {@code stepsPerEpoch} steps per epoch from
 * its own thread, each step busy for {@code stepNanos} (a real step on this machine takes about
 * 0.2 s; the tests use far shorter ones), so they exercise the queueing and throttling of the pane
 * rather than the science.
 */
class FakeTrainer implements TrainingServices {
    final int stepsPerEpoch;
    final long stepNanos;
    volatile boolean paused, stopped;
    final List<Checkpoint> written = new ArrayList<>();

    FakeTrainer(int stepsPerEpoch) { this(stepsPerEpoch, 0); }

    /** @param stepNanos time each step takes (busy work, as a trainer's numerics would), 0 for none */
    FakeTrainer(int stepsPerEpoch, long stepNanos) {
        this.stepsPerEpoch = stepsPerEpoch;
        this.stepNanos = stepNanos;
    }


    @Override
    public Run start(org.crystalgan.gan.GanConfig hp, Path dataset, Path runFolder, Path resumeFrom, Listener l) {
        Thread t = new Thread(() -> {
            long step = 0;
            for (int epoch = 1; epoch <= hp.epochs() && !stopped; epoch++) {
                for (int s = 0; s < stepsPerEpoch && !stopped; s++) {
                    while (paused && !stopped) Thread.onSpinWait();
                    step++;
                    if (stepNanos > 0) {
                        long until = System.nanoTime() + stepNanos;
                        while (System.nanoTime() < until) Thread.onSpinWait();
                    }
                    l.onStep(new StepLosses(epoch, step, -1.0 / step, 1.0 / step, 0.1, 0.5, 2.0 / step));
                }
                Checkpoint cp = new Checkpoint(runFolder.resolve("run"), epoch, 0);
                synchronized (written) { written.add(cp); }
                l.onEpoch(epoch, hp.epochs());
                l.onCheckpoint(cp);
            }
            l.onFinished(stopped);
        }, "fake-trainer");
        t.setDaemon(true);
        t.start();
        return new Run() {
            @Override public void pause() { paused = true; }
            @Override public void resume() { paused = false; }
            @Override public void stop() { stopped = true; }
        };
    }

    @Override
    public List<Checkpoint> checkpoints(Path runFolder) {
        synchronized (written) { return List.copyOf(written); }
    }
}
