package org.crystalgan.gan;

import static org.crystalgan.gan.CriticNet.*;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The critic ({@link CriticNet}) as a SameDiff graph: the reference the explicit passes are tested against. */
final class CriticGraph {
    private CriticGraph() {
    }

    /** Pre-activations of one forward pass, kept for the explicit input gradient. */
    record Forward(SDVariable z1, SDVariable z2, SDVariable z3, SDVariable z4, SDVariable z5, SDVariable out) {
    }

    static Forward build(SameDiff sd, Map<String, SDVariable> v, SDVariable pool, SDVariable x) {
        return build(sd, v, pool, x, 3);
    }

    /** With {@code width} input columns per row (3, or 3 + the contact features). */
    static Forward build(SameDiff sd, Map<String, SDVariable> v, SDVariable pool, SDVariable x, int width) {
        SDVariable z1 = Layers.dense(v, "d.c1", x.reshape(-1, width));
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
        return inputGradient(sd, v, poolT, f, 3);
    }

    /** As above, (batch, 30·width). */
    static SDVariable inputGradient(SameDiff sd, Map<String, SDVariable> v, SDVariable poolT, Forward f, int width) {
        SDVariable wOut = v.get("d.out.W");
        // ones(batch, 10) · Wᵀ = the row sums of W, the same for every structure
        SDVariable g = wOut.sum(1).reshape(1, 200).mul(slope(sd, f.z5()));
        g = sd.mmul(g, v.get("d.f2.W"), false, true, false).mul(slope(sd, f.z4()));
        g = sd.mmul(g, v.get("d.f1.W"), false, true, false);
        g = g.reshape(-1, 5).mmul(poolT).reshape(-1, 256, 30).permute(0, 2, 1).reshape(-1, 256).mul(slope(sd, f.z3()));
        g = sd.mmul(g, v.get("d.c3.W"), false, true, false).mul(slope(sd, f.z2()));
        g = sd.mmul(g, v.get("d.c2.W"), false, true, false).mul(slope(sd, f.z1()));
        g = sd.mmul(g, v.get("d.c1.W"), false, true, false);
        return g.reshape(-1, 30 * width);
    }

    /** λ·mean over structures of (‖g‖₂ − 1)², with 1e-12 inside the root so its derivative stays finite at 0. */
    static SDVariable penalty(SameDiff sd, SDVariable grad, double lambda) {
        SDVariable norm = sd.math.sqrt(grad.mul(grad).sum(1).add(1e-12));
        SDVariable d = norm.sub(1.0);
        return d.mul(d).mean().mul(lambda);
    }
}
