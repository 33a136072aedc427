package org.crystalgan.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The critic of the reference code (models.py, {@code Discriminator}); 1,879,242 parameters, as there. No batch
 * normalisation, so each structure is scored on its own (required by the gradient penalty). Conv (1,3) 1 → 512,
 * 1x1 512 → 512 → 256, LeakyReLU 0.2; the two cell rows are kept and the Mg, Mn and O rows are averaged per element
 * (the code's AvgPool2d) → 256 x 5 → Linear 1280 → 1000 → 200 (LeakyReLU 0.2) → 10 outputs.
 *
 * <p>The reference graph's {@code CriticGraph.inputGradient} (test code) writes d(Σ outputs)/dx as ordinary forward
 * operations (SameDiff M2.1 has no second-order autodiff; see shared/notes/dl4j-wgan-gp.md), so first-order
 * backpropagation of the penalty built on it gives the exact WGAN-GP parameter gradient.
 *
 * <p>The SameDiff graph of this network ({@code CriticGraph}, in test code) is the readable definition that the
 * hand-written passes ({@link ExplicitPasses}, {@link FoldedInference}) are tested against with autodiff;
 * training and generation run those passes.
 */
final class CriticNet {
    static final double SLOPE = 0.2;

    private CriticNet() {
    }

    static NetParams create(DataType dt, Rng rng) {
        return create(dt, rng, 3);
    }

    /**
     * With {@code width} input columns per row: 3 (the paper's), or 3 + {@link ContactFeatures#COUNT} when the critic also
     * sees contact distances (its first layer, a (1, width) convolution, is then a dense layer width → 512 per row).
     */
    static NetParams create(DataType dt, Rng rng, int width) {
        NetParams p = new NetParams(dt);
        p.xavier("d.c1.W", rng, width, 512 * width, width, 512);
        p.constant("d.c1.b", 0, 512);
        p.xavier("d.c2.W", rng, 512, 512, 512, 512);
        p.constant("d.c2.b", 0, 512);
        p.xavier("d.c3.W", rng, 512, 256, 512, 256);
        p.constant("d.c3.b", 0, 256);
        p.xavier("d.f1.W", rng, 1280, 1000, 1280, 1000);
        p.constant("d.f1.b", 0, 1000);
        p.xavier("d.f2.W", rng, 1000, 200, 1000, 200);
        p.constant("d.f2.b", 0, 200);
        p.xavier("d.out.W", rng, 200, 10, 200, 10);
        p.constant("d.out.b", 0, 10);
        return p;
    }

    /** Row-pooling matrix (30, 5): cell rows 0 and 1 as they are, then the means of rows 2-9, 10-17 and 18-29. */
    static INDArray pooling(DataType dt) {
        double[][] m = new double[30][5];
        m[0][0] = 1;
        m[1][1] = 1;
        for (int r = 2; r < 10; r++) m[r][2] = 1.0 / 8;
        for (int r = 10; r < 18; r++) m[r][3] = 1.0 / 8;
        for (int r = 18; r < 30; r++) m[r][4] = 1.0 / 12;
        return Nd4j.createFromArray(m).castTo(dt);
    }
}
