package org.crystalgan.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    /** One step; parameters without a gradient (not reached by this loss) are left alone, as PyTorch does. */
    void update(NetParams net, Map<String, INDArray> grads, double lr) {
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = Math.sqrt(1 - Math.pow(beta2, step));
        for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            INDArray mm = m.get(e.getKey());
            INDArray vv = v.get(e.getKey());
            mm.muli(beta1).addi(g.mul(1 - beta1));
            vv.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(vv, true).divi(c2).addi(eps);
            e.getValue().subi(mm.div(denom).muli(lr / c1));
        }
    }
}
