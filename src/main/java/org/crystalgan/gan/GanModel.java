package org.crystalgan.gan;

import org.nd4j.linalg.api.buffer.DataType;

/** The three networks' arrays. A model exported for generation has no critic ({@code critic} null). */
final class GanModel {
    final NetParams generator;
    final NetParams critic;
    final NetParams classifier;

    GanModel(NetParams generator, NetParams critic, NetParams classifier) {
        this.generator = generator;
        this.critic = critic;
        this.classifier = classifier;
    }

    /** Fresh Xavier-initialised networks (float32), drawn in a fixed order from one seed. */
    static GanModel initialise(long seed) {
        return initialise(seed, 3);
    }

    /** As above, with {@code criticWidth} input columns per row for the critic ({@link GanConfig#criticInputWidth()}). */
    static GanModel initialise(long seed, int criticWidth) {
        Rng rng = new Rng(seed ^ 0x1A2B3C4DL);
        return new GanModel(GeneratorNet.create(DataType.FLOAT, rng), CriticNet.create(DataType.FLOAT, rng, criticWidth),
                ClassifierNet.create(DataType.FLOAT, rng));
    }
}
