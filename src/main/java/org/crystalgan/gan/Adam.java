package org.crystalgan.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} computes it (bias-corrected moments, ε added after the square root),
 * updating the parameter arrays in place. Its state (moments and step count) goes into checkpoints.
 */
final class Adam {
    final Map<String, INDArray> m = new LinkedHashMap<>();
    final Map<String, INDArray> v = new LinkedHashMap<>();
    long step;
    private final double beta1;
    private final double beta2;
    private final double eps;

    Adam(NetParams net, double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        net.params().forEach((k, a) -> {
            m.put(k, Nd4j.zeros(a.dataType(), a.shape()));
            v.put(k, Nd4j.zeros(a.dataType(), a.shape()));
        });
    }

    /**
     * One step; parameters without a gradient (not reached by this loss) are left alone, as PyTorch does. The
     * gradient arrays are overwritten with the update.
     *
     * <p>One fused native pass per array (libnd4j's adam_updater) instead of a dozen element-wise ones: this took 18 ms
     * a step for the critic alone. That kernel computes lr·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε'); with ε' = ε·√(1−β₂ᵗ)
     * this is exactly PyTorch's lr/(1−β₁ᵗ)·m/(√v/√(1−β₂ᵗ) + ε) (AdamTest checks it against that formula).
     */
    void update(NetParams net, Map<String, INDArray> grads, double lr) {
        step++;
        double c2 = Math.sqrt(1 - Math.pow(beta2, step));
        for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            INDArray p = e.getValue();
            if (!java.util.Arrays.equals(g.shape(), p.shape()) || g.isView() || g.ordering() != 'c') g = g.reshape(p.shape()).dup('c');
            Nd4j.exec(new AdamUpdater(g, v.get(e.getKey()), m.get(e.getKey()), lr, beta1, beta2, eps * c2, (int) (step - 1)));
            p.subi(g);
        }
    }
}
