package org.crystalgan.gan;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The critic of the reference code (models.py, {@code Discriminator}); 1,879,242 parameters, as there. No batch
 * normalisation, so each structure is scored on its own (required by the gradient penalty). Conv (1,3) 1 → 512,
 * 1x1 512 → 512 → 256, LeakyReLU 0.2; the two cell rows are kept and the Mg, Mn and O rows are averaged per element
 * (the code's AvgPool2d) → 256 x 5 → Linear 1280 → 1000 → 200 (LeakyReLU 0.2) → 10 outputs.
 *
 * <p>{@link #inputGradient} writes d(Σ outputs)/dx as ordinary forward operations (SameDiff M2.1 has no
 * second-order autodiff; see shared/notes/dl4j-wgan-gp.md), so first-order backpropagation of the penalty built on
 * it gives the exact WGAN-GP parameter gradient.
 *
 * <p>{@code build} writes the network as a SameDiff graph: the readable definition that the hand-written passes
 * ({@link ExplicitPasses}, {@link FoldedInference}) are tested against with autodiff; training and generation run
 * those passes, not the graph.
 */
final class CriticNet {
    static final double SLOPE = 0.2;

    private CriticNet() {
    }

    static NetParams create(DataType dt, Rng rng) {
        NetParams p = new NetParams(dt);
        p.xavier("d.c1.W", rng, 3, 512 * 3, 3, 512);
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

    /** Pre-activations of one forward pass, kept for the explicit input gradient. */
    record Forward(SDVariable z1, SDVariable z2, SDVariable z3, SDVariable z4, SDVariable z5, SDVariable out) {
    }

    static Forward build(SameDiff sd, Map<String, SDVariable> v, SDVariable pool, SDVariable x) {
        SDVariable z1 = Layers.dense(v, "d.c1", x.reshape(-1, 3));
        SDVariable z2 = Layers.dense(v, "d.c2", sd.nn.leakyRelu(z1, SLOPE));
        SDVariable z3 = Layers.dense(v, "d.c3", sd.nn.leakyRelu(z2, SLOPE));
        SDVariable a3 = sd.nn.leakyRelu(z3, SLOPE);
        SDVariable pooled = a3.reshape(-1, 30, 256).permute(0, 2, 1).reshape(-1, 30).mmul(pool).reshape(-1, 1280);
        SDVariable z4 = Layers.dense(v, "d.f1", pooled);
        SDVariable z5 = Layers.dense(v, "d.f2", sd.nn.leakyRelu(z4, SLOPE));
        SDVariable out = Layers.dense(v, "d.out", sd.nn.leakyRelu(z5, SLOPE));
        return new Forward(z1, z2, z3, z4, z5, out);
    }

    /** Per-structure score: the mean of the 10 outputs (the code's {@code D.mean()} over the output axis). */
    static SDVariable score(Forward f) {
        return f.out().mean(1);
    }

    /** LeakyReLU'(z) = step(z)·(1 − α) + α; {@code step} has a zero derivative, so backprop sees a fixed mask. */
    private static SDVariable slope(SameDiff sd, SDVariable z) {
        return sd.math.step(z, 0.0).mul(1 - SLOPE).add(SLOPE);
    }

    /**
     * d(Σ of the 10 outputs)/dx per structure, (batch, 90). The reference penalises this gradient (its
     * {@code autograd.grad} uses grad_outputs of ones over all 10 outputs), i.e. 10 times the score's gradient.
     */
    static SDVariable inputGradient(SameDiff sd, Map<String, SDVariable> v, SDVariable poolT, Forward f) {
        SDVariable wOut = v.get("d.out.W");
        // ones(batch, 10) · Wᵀ = the row sums of W, the same for every structure
        SDVariable g = wOut.sum(1).reshape(1, 200).mul(slope(sd, f.z5()));
        g = sd.mmul(g, v.get("d.f2.W"), false, true, false).mul(slope(sd, f.z4()));
        g = sd.mmul(g, v.get("d.f1.W"), false, true, false);
        g = g.reshape(-1, 5).mmul(poolT).reshape(-1, 256, 30).permute(0, 2, 1).reshape(-1, 256).mul(slope(sd, f.z3()));
        g = sd.mmul(g, v.get("d.c3.W"), false, true, false).mul(slope(sd, f.z2()));
        g = sd.mmul(g, v.get("d.c2.W"), false, true, false).mul(slope(sd, f.z1()));
        g = sd.mmul(g, v.get("d.c1.W"), false, true, false);
        return g.reshape(-1, 90);
    }

    /** λ·mean over structures of (‖g‖₂ − 1)², with 1e-12 inside the root so its derivative stays finite at 0. */
    static SDVariable penalty(SameDiff sd, SDVariable grad, double lambda) {
        SDVariable norm = sd.math.sqrt(grad.mul(grad).sum(1).add(1e-12));
        SDVariable d = norm.sub(1.0);
        return d.mul(d).mean().mul(lambda);
    }
}
