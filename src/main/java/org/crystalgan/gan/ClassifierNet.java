package org.crystalgan.gan;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The classifier of the reference code (models.py, {@code QHead_}); 741,391 parameters, as there. One conv tower per
 * element (Conv (1,3) 1 → 512, 1x1 512 → 256 → 256 → 2, BatchNorm ε 0.8 + LeakyReLU 0.2 between) gives per row
 * atom / no-atom logits; the flattened tower output feeds a count head (2n → 300 → 100 → 8, 8 or 12 classes,
 * BatchNorm ε 0.8). A small cell tower (1 → 64 → 64 on the two lattice rows) feeds a regression of natoms/28
 * (128 → 100 → 50 → 1, sigmoid; its second LeakyReLU has PyTorch's default slope 0.01, as in the code).
 *
 * <p>Difference from the code, on purpose: heads return logits and the losses apply one log-softmax. The code
 * applies Softmax in the network and then CrossEntropyLoss, i.e. softmax twice, which caps how confident the
 * classifier can become; the argmax (all that generation uses) is the same either way.
 *
 * <p>The SameDiff graph of this network ({@code ClassifierGraph}, in test code) is the readable definition that the
 * hand-written passes ({@link ExplicitPasses}, {@link FoldedInference}) are tested against with autodiff;
 * training and generation run those passes.
 */
final class ClassifierNet {
    static final double BN_EPS = 0.8;
    static final double SLOPE = 0.2;
    /** Element towers: name, first row, number of rows (= count classes). */
    static final String[] ELEMENTS = {"mg", "mn", "o"};
    static final int[] FIRST_ROW = {2, 10, 18};
    static final int[] ROWS = {8, 8, 12};

    private ClassifierNet() {
    }

    static NetParams create(DataType dt, Rng rng) {
        NetParams p = new NetParams(dt);
        for (int e = 0; e < 3; e++) {
            String t = "q." + ELEMENTS[e];
            p.xavier(t + ".c1.W", rng, 3, 512 * 3, 3, 512);
            p.constant(t + ".c1.b", 0, 512);
            p.batchNorm(t + ".bn1", 512);
            p.xavier(t + ".c2.W", rng, 512, 256, 512, 256);
            p.constant(t + ".c2.b", 0, 256);
            p.batchNorm(t + ".bn2", 256);
            p.xavier(t + ".c3.W", rng, 256, 256, 256, 256);
            p.constant(t + ".c3.b", 0, 256);
            p.batchNorm(t + ".bn3", 256);
            p.xavier(t + ".c4.W", rng, 256, 2, 256, 2);
            p.constant(t + ".c4.b", 0, 2);
            int in = 2 * ROWS[e];
            p.xavier(t + ".h1.W", rng, in, 300, in, 300);
            p.constant(t + ".h1.b", 0, 300);
            p.batchNorm(t + ".hbn1", 300);
            p.xavier(t + ".h2.W", rng, 300, 100, 300, 100);
            p.constant(t + ".h2.b", 0, 100);
            p.batchNorm(t + ".hbn2", 100);
            p.xavier(t + ".h3.W", rng, 100, ROWS[e], 100, ROWS[e]);
            p.constant(t + ".h3.b", 0, ROWS[e]);
        }
        p.xavier("q.cell.c1.W", rng, 3, 64 * 3, 3, 64);
        p.constant("q.cell.c1.b", 0, 64);
        p.batchNorm("q.cell.bn1", 64);
        p.xavier("q.cell.c2.W", rng, 64, 64, 64, 64);
        p.constant("q.cell.c2.b", 0, 64);
        p.batchNorm("q.cell.bn2", 64);
        p.xavier("q.cell.h1.W", rng, 128, 100, 128, 100);
        p.constant("q.cell.h1.b", 0, 100);
        p.batchNorm("q.cell.hbn1", 100);
        p.xavier("q.cell.h2.W", rng, 100, 50, 100, 50);
        p.constant("q.cell.h2.b", 0, 50);
        p.batchNorm("q.cell.hbn2", 50);
        p.xavier("q.cell.h3.W", rng, 50, 1, 50, 1);
        p.constant("q.cell.h3.b", 0, 1);
        return p;
    }
}
