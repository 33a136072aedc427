package org.crystalgan.gan;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The generator of the reference code (models.py, {@code Generator}); 2,309,101 parameters, as there.
 * Input z (512) ⊕ condition (29: natoms/28, one-hot nMg-1 (8), nMn-1 (8), nO-1 (12)). Linear 541 → 128·28 + ReLU,
 * read as 28 rows of 128 channels; ConvTranspose (1,3) 128 → 256 channels widens each row to the 3 coordinates;
 * 1x1 layers 256 → 512 → 256 → 1 with BatchNorm (ε 0.8, as the code's {@code BatchNorm2d(n, 0.8)}) + ReLU;
 * sigmoid gives the 28 coordinate rows; a cell head (84 → 30, BatchNorm ε 1e-5, ReLU, 30 → 6, sigmoid) reads the
 * pre-sigmoid 28 x 3 map and gives the two lattice rows. Output (batch, 30, 3).
 *
 * <p>Layout: activations are (batch·positions, channels) matrices, so every convolution is one matrix product;
 * the reference's (128, 28) view of the first layer is our (28, 128), which only permutes that layer's columns.
 *
 * <p>The SameDiff graph of this network ({@code GeneratorGraph}, in test code) is the readable definition that the
 * hand-written passes ({@link ExplicitPasses}, {@link FoldedInference}) are tested against with autodiff;
 * training and generation run those passes.
 */
final class GeneratorNet {
    static final int NOISE = 512;
    static final int CONDITION = 29;
    static final double BN_EPS = 0.8;

    private GeneratorNet() {
    }

    static NetParams create(DataType dt, Rng rng) {
        NetParams p = new NetParams(dt);
        p.xavier("g.l1.W", rng, NOISE + CONDITION, 128 * 28, NOISE + CONDITION, 128 * 28);
        p.constant("g.l1.b", 0, 128 * 28);
        // ConvTranspose2d(128, 256, (1,3)): columns ordered (k, out-channel); the bias is per out-channel
        p.xavier("g.map1.W", rng, 256 * 3, 128 * 3, 128, 3 * 256);
        p.constant("g.map1.b", 0, 256);
        p.batchNorm("g.bn1", 256);
        p.xavier("g.map2.W", rng, 512, 256, 256, 512);
        p.constant("g.map2.b", 0, 512);
        p.batchNorm("g.bn2", 512);
        p.xavier("g.map3.W", rng, 256, 512, 512, 256);
        p.constant("g.map3.b", 0, 256);
        p.batchNorm("g.bn3", 256);
        p.xavier("g.map4.W", rng, 1, 256, 256, 1);
        p.constant("g.map4.b", 0, 1);
        p.xavier("g.cell1.W", rng, 84, 30, 84, 30);
        p.constant("g.cell1.b", 0, 30);
        p.batchNorm("g.cellbn", 30);
        p.xavier("g.cell2.W", rng, 30, 6, 30, 6);
        p.constant("g.cell2.b", 0, 6);
        return p;
    }
}
