package org.crystalgan.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
     * gradient arrays are left as they are.
     *
     * <p>One pass per array over parameter, gradient and both moments ({@link Fused#adam}), in libnd4j's
     * adam_updater's form lr·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε'); with ε' = ε·√(1−β₂ᵗ) this is exactly PyTorch's
     * lr/(1−β₁ᵗ)·m/(√v/√(1−β₂ᵗ) + ε) (AdamTest checks it against that formula). The native updater followed by
     * {@code p.subi(update)} took two passes and two native calls per array, ~100 arrays an iteration.
     */
    /**
     * lr·√(1−β₂ᵗ)/(1−β₁ᵗ) rounded as libnd4j's float adam_updater rounds it (float powers and square root, the
     * differences from 1 and the division in double), so that training keeps its numbers to the last bit or two.
     */
    private float floatStepSize(double lr, long t) {
        float b1t = (float) Math.pow((float) beta1, (float) t);
        float b2t = (float) Math.pow((float) beta2, (float) t);
        float sq = (float) Math.sqrt((float) (1.0 - b2t));
        return (float) ((double) ((float) lr * sq) / (1.0 - b1t));
    }

    void update(NetParams net, Map<String, INDArray> grads, double lr) {
        step++;
        double c2 = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = net.dataType == org.nd4j.linalg.api.buffer.DataType.FLOAT ? floatStepSize(lr, step)
                : lr * c2 / (1 - Math.pow(beta1, step));
        for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            INDArray p = e.getValue();
            if (g.length() != p.length() || g.elementWiseStride() != 1 || g.ordering() != 'c' && !g.isVector()) {
                g = g.reshape(p.shape()).dup('c');
            }
            Fused.adam(p, g, m.get(e.getKey()), v.get(e.getKey()), beta1, beta2, eps * c2, stepSize);
        }
    }
}
