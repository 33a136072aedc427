package org.crystalgan.gan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Building blocks of the SameDiff reference graphs ({@link GeneratorGraph}, {@link CriticGraph},
 * {@link ClassifierGraph}), which live in test code: main trains and samples with the explicit passes.
 * Graph building blocks. Convolutions with kernel width 1 or a full-width kernel are written as matrix products. */
final class Layers {
    private Layers() {
    }

    /** Batch statistics of a batch-norm layer in training mode, to update its running statistics after the step. */
    record BnStat(String layer, SDVariable mean, SDVariable var, int rowsPerStructure) {
    }

    /** Binds every array of {@code p} into the graph as a variable (the same object, not a copy). */
    static Map<String, SDVariable> bind(NetParams p, SameDiff sd) {
        Map<String, SDVariable> m = new LinkedHashMap<>();
        p.all().forEach((k, v) -> m.put(k, sd.var(k, v)));
        return m;
    }

    static SDVariable dense(Map<String, SDVariable> v, String name, SDVariable x) {
        return x.mmul(v.get(name + ".W")).add(v.get(name + ".b"));
    }

    /**
     * A linear layer feeding batch normalisation. In training mode its bias is cancelled exactly by the mean
     * subtraction (PyTorch computes a zero gradient for it), so it is left out of the graph: one broadcast addition
     * and its slow backward op fewer per layer. It is kept as a parameter (the reference counts it) and stays at its
     * initial 0, so inference with running statistics is the same function too.
     */
    static SDVariable denseBeforeNorm(Map<String, SDVariable> v, String name, SDVariable x) {
        return x.mmul(v.get(name + ".W"));
    }

    /**
     * Batch normalisation over the rows of a (rows, channels) matrix. Training mode uses the batch statistics
     * (biased variance, as PyTorch normalises) and records them in {@code stats}; inference uses the running ones.
     */
    static SDVariable batchNorm(SameDiff sd, Map<String, SDVariable> v, String name, SDVariable x, double eps,
                                boolean train, List<BnStat> stats, int rowsPerStructure) {
        SDVariable gamma = v.get(name + ".gamma");
        SDVariable beta = v.get(name + ".beta");
        if (train) {
            SDVariable mean = x.mean(0);
            SDVariable xc = x.sub(mean);
            SDVariable var = xc.mul(xc).mean(0);
            stats.add(new BnStat(name, mean, var, rowsPerStructure));
            return xc.mul(gamma.div(sd.math.sqrt(var.add(eps)))).add(beta);
        }
        SDVariable scale = gamma.div(sd.math.sqrt(v.get(name + ".var").add(eps)));
        return x.sub(v.get(name + ".mean")).mul(scale).add(beta);
    }

    /** Mean softmax cross entropy of logits (rows, classes) against one-hot labels, from log-softmax for stability. */
    static SDVariable crossEntropy(SameDiff sd, SDVariable logits, SDVariable oneHot) {
        return sd.math.neg(oneHot.mul(sd.nn.logSoftmax(logits)).sum(1).mean());
    }
}
