package org.crystalgan.gan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Every hyper-parameter of a training run in one place. The defaults are those of the reference code
 * (kaist-amsg/Composition-Conditioned-Crystal-GAN, {@code train.py}); Kim et al., ACS Cent. Sci. 6 (2020) 1412,
 * quote a single learning rate of 1e-4 in their table, but the published models came from the code's values.
 *
 * @param seed                seed of every random draw (noise, conditions, interpolation weights, shuffling, init)
 * @param epochs              epochs to train in total (a resumed run continues up to this number)
 * @param batchSize           structures per batch
 * @param latentDim           length of the noise vector z
 * @param lambdaGp            weight λ of the WGAN-GP gradient penalty
 * @param lrCritic            Adam learning rate of the critic
 * @param lrGenerator         Adam learning rate of the generator
 * @param lrClassifier        Adam learning rate of the classifier
 * @param lrDecay             learning rates are multiplied by this every {@code lrDecayEvery} epochs
 * @param lrDecayEvery        epochs between two learning-rate decays
 * @param beta1               Adam β1
 * @param beta2               Adam β2
 * @param adamEpsilon         Adam ε (PyTorch's default)
 * @param criticSteps         critic steps per generator step
 * @param rowLossWeight       weight of the per-row atom / no-atom cross entropy in the classifier's loss on real data
 * @param cellLossWeight      weight of the classifier's atom-count regression (MSE) in both losses
 * @param checkpointMinutes   minutes between two checkpoints (also written at stop)
 * @param realOnlyClassifier  false (the reference): the classifier also learns from generated matrices, labelled
 *                            with the counts they were asked for, in training mode, and the generator is scored by it
 *                            that way. true (our option): the classifier learns from real matrices only and scores
 *                            the generator in inference mode (running statistics of real data), so that generator
 *                            and classifier cannot agree on a code of their own that no real matrix uses (what the
 *                            reference recipe did here in its first 25 epochs: see resources/crystalgan/model/TRAINING.md).
 *                            Absent from checkpoints written before it existed, where it reads as false.
 * @param fakeRowLossWeight   weight of the classifier's per-row atom / no-atom cross entropy on generated matrices in
 *                            the generator's loss, the labels being the first n rows of each element block for n
 *                            requested atoms (as every real matrix is laid out). The reference code has this term
 *                            with weight 0 (its labels put the atoms in random rows); our option. Absent: 0.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GanConfig(long seed, int epochs, int batchSize, int latentDim, double lambdaGp,
                        double lrCritic, double lrGenerator, double lrClassifier, double lrDecay, int lrDecayEvery,
                        double beta1, double beta2, double adamEpsilon, int criticSteps,
                        double rowLossWeight, double cellLossWeight, double checkpointMinutes, boolean realOnlyClassifier,
                        double fakeRowLossWeight) {

    /** The reference code's values (train.py), 501 epochs, seed 42. */
    public static GanConfig defaults() {
        return new GanConfig(42L, 501, 32, 512, 10.0, 5e-5, 5e-5, 2.5e-5, 0.95, 10, 0.5, 0.999, 1e-8, 5,
                0.3, 0.1, 5.0, false, 0.0);
    }

    public GanConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (batch normalisation), got " + batchSize);
        if (latentDim != 512) throw new IllegalArgumentException("the networks are built for a 512-long noise vector, got " + latentDim);
        if (criticSteps < 1) throw new IllegalArgumentException("critic steps must be at least 1, got " + criticSteps);
        for (double[] v : new double[][] {{lrCritic, 0}, {lrGenerator, 0}, {lrClassifier, 0}, {lambdaGp, 1}, {rowLossWeight, 1},
                                           {cellLossWeight, 1}, {adamEpsilon, 0}}) {
            // learning rates and ε must be positive, loss weights may be 0; NaN and infinity fail both tests
            if (!(v[1] == 0 ? v[0] > 0 && v[0] < Double.POSITIVE_INFINITY : v[0] >= 0 && v[0] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("learning rates, ε and loss weights must be finite (rates and ε positive), got " + v[0]);
            }
        }
        if (!(lrDecay > 0 && lrDecay <= 1) || lrDecayEvery < 1) {
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1] every 1 or more epochs, got " + lrDecay + " every " + lrDecayEvery);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(fakeRowLossWeight >= 0)) throw new IllegalArgumentException("the row loss weight on generated matrices must be 0 or more, got " + fakeRowLossWeight);
        if (!(checkpointMinutes > 0)) throw new IllegalArgumentException("checkpoint interval must be positive, got " + checkpointMinutes);
    }

    public GanConfig withEpochs(int n) {
        return new GanConfig(seed, n, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes, realOnlyClassifier, fakeRowLossWeight);
    }

    public GanConfig withSeed(long s) {
        return new GanConfig(s, epochs, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes, realOnlyClassifier, fakeRowLossWeight);
    }

    public GanConfig withBatchSize(int b) {
        return new GanConfig(seed, epochs, b, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes, realOnlyClassifier, fakeRowLossWeight);
    }

    public GanConfig withCheckpointMinutes(double m) {
        return new GanConfig(seed, epochs, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, m, realOnlyClassifier, fakeRowLossWeight);
    }

    public GanConfig withRealOnlyClassifier(boolean v) {
        return new GanConfig(seed, epochs, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes, v, fakeRowLossWeight);
    }

    public GanConfig withFakeRowLossWeight(double w) {
        return new GanConfig(seed, epochs, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay,
                lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes,
                realOnlyClassifier, w);
    }

    /** Learning-rate factor during the 0-based epoch {@code epoch}: decay^(epoch / every), as train.py's adjust_learning_rate. */
    public double lrFactor(int epoch) {
        return Math.pow(lrDecay, epoch / lrDecayEvery);
    }

    /** True when everything but the epoch count and checkpoint interval matches: a run may resume across such configs. */
    public boolean compatibleWith(GanConfig o) {
        return withEpochs(1).withCheckpointMinutes(1).equals(o.withEpochs(1).withCheckpointMinutes(1));
    }
}
