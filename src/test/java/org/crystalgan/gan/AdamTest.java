package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {
    /** torch.optim.Adam's update, written out in float64 for one parameter array. */
    @Test
    void stepsFollowPyTorchsFormula() {
        NetParams net = new NetParams(DataType.DOUBLE);
        net.constant("w", 0.5, 7);
        net.constant("untouched", 1.0, 2);
        double b1 = 0.5;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 5e-5;
        Adam adam = new Adam(net, b1, b2, eps);
        double[] p = new double[7];
        double[] m = new double[7];
        double[] v = new double[7];
        java.util.Arrays.fill(p, 0.5);
        Rng rng = new Rng(3);
        for (int t = 1; t <= 25; t++) {
            double[] g = new double[7];
            // gradients down to 1e-9, where ε matters, and up to 10
            for (int i = 0; i < 7; i++) g[i] = (rng.nextDouble() - 0.3) * Math.pow(10, -9 + i * 1.5);
            for (int i = 0; i < 7; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
            adam.update(net, Map.of("w", Nd4j.createFromArray(g)), lr);
        }
        INDArray w = net.params().get("w");
        for (int i = 0; i < 7; i++) assertEquals(p[i], w.getDouble(i), 1e-12 * Math.max(1, Math.abs(p[i])), "w[" + i + "]");
        assertEquals(1.0, net.params().get("untouched").getDouble(0));
        assertEquals(25, adam.step);
    }

    /**
     * In float32 the step follows libnd4j's adam_updater (which it replaced) to float rounding: a few units in the
     * last place (libnd4j's AVX2 build may fuse a multiply and an add where Java rounds twice), far below what a
     * wrong bias correction or ε (10⁻³ and more here) would make.
     */
    @Test
    void floatStepsMatchLibnd4jsUpdater() {
        NetParams net = new NetParams(DataType.FLOAT);
        net.constant("w", 0.5, 1000);
        double b1 = 0.5;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 2e-4;
        Adam adam = new Adam(net, b1, b2, eps);
        INDArray p = net.params().get("w").dup();
        INDArray m = Nd4j.zeros(DataType.FLOAT, 1000);
        INDArray v = Nd4j.zeros(DataType.FLOAT, 1000);
        Rng rng = new Rng(4);
        for (int t = 1; t <= 30; t++) {
            float[] g = new float[1000];
            for (int i = 0; i < g.length; i++) g[i] = (float) ((rng.nextDouble() - 0.4) * Math.pow(10, -9 + (i % 10)));
            INDArray update = Nd4j.createFromArray(g);
            double c2 = Math.sqrt(1 - Math.pow(b2, t));
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(update, v, m, lr, b1, b2, eps * c2, t - 1));
            p.subi(update);
            adam.update(net, Map.of("w", Nd4j.createFromArray(g)), lr);
        }
        float[] want = p.toFloatVector();
        float[] got = net.params().get("w").toFloatVector();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * Math.abs(want[i]), "w[" + i + "]");
            assertEquals(m.getFloat(i), adam.m.get("w").getFloat(i), 1e-6 * Math.abs(m.getFloat(i)), "m[" + i + "]");
            assertEquals(v.getFloat(i), adam.v.get("w").getFloat(i), 1e-6 * Math.abs(v.getFloat(i)), "v[" + i + "]");
        }
        assertEquals(true, Math.abs(got[9] - 0.5f) > lr, "30 steps moved w[9]: " + got[9]);
    }
}
