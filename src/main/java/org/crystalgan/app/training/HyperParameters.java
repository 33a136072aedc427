package org.crystalgan.app.training;

/**
 * The training settings shown in the Training pane. Defaults are those of the reference code of
 * Kim et al., ACS Cent. Sci. 6 (2020) 1412 (kaist-amsg/Composition-Conditioned-Crystal-GAN,
 * train.py): the paper's table gives 1e-4 for the learning rate; the code that produced the published
 * models uses 5e-5 (critic, generator) and 2.5e-5 (classifier), ×0.95 every 10 epochs.
 *
 * @param epochs training epochs (501)
 * @param batchSize structures per batch (32)
 * @param criticSteps critic steps per generator step (5)
 * @param gradientPenalty λ of the WGAN-GP penalty (10)
 * @param classLossWeight λc on the composition loss (0.3)
 * @param criticLearningRate Adam learning rate of the critic (5e-5)
 * @param generatorLearningRate Adam learning rate of the generator (5e-5)
 * @param classifierLearningRate Adam learning rate of the classifier (2.5e-5)
 * @param beta1 Adam β1 (0.5)
 * @param beta2 Adam β2 (0.999)
 * @param decayEvery epochs between learning-rate decays (10)
 * @param decayFactor learning-rate factor per decay (0.95)
 * @param noiseSize length of the noise vector z (512)
 * @param seed random seed
 */
public record HyperParameters(int epochs, int batchSize, int criticSteps, double gradientPenalty, double classLossWeight,
                              double criticLearningRate, double generatorLearningRate, double classifierLearningRate,
                              double beta1, double beta2, int decayEvery, double decayFactor, int noiseSize, long seed) {
    public static HyperParameters paper() {
        return new HyperParameters(501, 32, 5, 10, 0.3, 5e-5, 5e-5, 2.5e-5, 0.5, 0.999, 10, 0.95, 512, 1);
    }
}
