package org.crystalgan.gan;

import java.nio.file.Path;

/** What a {@link GanTrainer} reports to its listeners. Epochs and batches are 0-based. */
public sealed interface TrainingEvent {

    /**
     * One iteration: a critic step (with the classifier's step on real data) and, every {@code criticSteps}
     * iterations, a generator step (with the classifier's step on generated data).
     *
     * @param criticLoss         E[D(fake)] − E[D(real)] + λ·GP
     * @param wasserstein        E[D(real)] − E[D(fake)], the critic's Wasserstein estimate
     * @param gradientPenalty    λ·E[(‖∇D(x̂)‖ − 1)²]
     * @param generatorLoss      −E[D(G(z))] of the last generator step (NaN before the first)
     * @param classifierRowLoss  per-row atom / no-atom cross entropy on real data, summed over Mg, Mn, O
     * @param classifierCountLoss count cross entropy on real data, summed over Mg, Mn, O
     * @param classifierCellLoss natoms/28 mean squared error on real data
     * @param classifierFakeLoss count cross entropy + weighted natoms MSE on generated data (last generator step)
     * @param seconds            wall time of this iteration
     */
    record Iteration(int epoch, int batch, int batchesPerEpoch, long step, double criticLoss, double wasserstein,
                     double gradientPenalty, double generatorLoss, double classifierRowLoss,
                     double classifierCountLoss, double classifierCellLoss, double classifierFakeLoss,
                     double seconds) implements TrainingEvent {
    }

    /**
     * What the generator's short-distance penalty measured on the batch of a generator step (only when the recipe
     * has that penalty): the weighted penalty, pairs closer than its floor, and how many of the {@code batch}
     * generated matrices have every atom at least 1.3 Å from every other.
     */
    record Geometry(int epoch, long step, double penalty, int shortPairs, int clean, int batch) implements TrainingEvent {
    }

    /** Means over one finished epoch, and the estimated time to the last epoch. */
    record Epoch(int epoch, int epochs, double criticLoss, double wasserstein, double gradientPenalty,
                 double generatorLoss, double classifierRealLoss, double classifierFakeLoss, double seconds,
                 double etaSeconds) implements TrainingEvent {
    }

    record CheckpointWritten(Path directory, int epoch, int batch) implements TrainingEvent {
    }

    record Paused(int epoch, int batch) implements TrainingEvent {
    }

    record Resumed(int epoch, int batch) implements TrainingEvent {
    }

    /** Training ended: all epochs done ({@code stopped} false) or stopped on request. */
    record Finished(int epoch, int batch, boolean stopped) implements TrainingEvent {
    }

    /** Training stopped on an error (for example a NaN loss); the last checkpoint on disk is untouched. */
    record Failed(String message) implements TrainingEvent {
    }
}
