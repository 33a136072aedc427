package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworksTest {

    @Test
    void parameterCountsAreThoseOfTheReferenceCode() {
        // counts measured by running the reference models.py (../shared/PAPER.md)
        assertEquals(2_309_101, GeneratorNet.create(DataType.FLOAT, new Rng(1)).parameterCount());
        assertEquals(1_879_242, CriticNet.create(DataType.FLOAT, new Rng(1)).parameterCount());
        assertEquals(741_391, ClassifierNet.create(DataType.FLOAT, new Rng(1)).parameterCount());
    }

    @Test
    void xavierInitialisationHasTheRightBound() {
        NetParams d = CriticNet.create(DataType.FLOAT, new Rng(3));
        INDArray w = d.params().get("d.f1.W");
        double bound = Math.sqrt(6.0 / (1280 + 1000));
        assertTrue(w.amaxNumber().doubleValue() <= bound);
        assertTrue(w.amaxNumber().doubleValue() > 0.99 * bound);
        assertEquals(0.0, d.params().get("d.f1.b").amaxNumber().doubleValue());
    }

    private static INDArray randomMatrices(Rng rng, int n) {
        double[] v = new double[n * 90];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble();
        return Nd4j.createFromArray(v).reshape(n, 30, 3);
    }

    @Test
    void explicitInputGradientEqualsAutodiff() {
        Rng rng = new Rng(5);
        NetParams d = CriticNet.create(DataType.DOUBLE, rng);
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = Layers.bind(d, sd);
        SDVariable x = sd.var("x", randomMatrices(rng, 3));
        CriticGraph.Forward f = CriticGraph.build(sd, v, sd.constant("pool", CriticNet.pooling(DataType.DOUBLE)), x);
        SDVariable explicit = CriticGraph.inputGradient(sd, v, sd.constant("poolT", CriticNet.pooling(DataType.DOUBLE).transpose().dup()), f);
        explicit.markAsLoss(); // keeps the op in the graph's outputs; the loss below is the one differentiated
        sd.setLossVariables(f.out().sum().rename("total"));
        INDArray auto = sd.calculateGradients(new HashMap<>(), "x").get("x").reshape(3, 90);
        INDArray mine = sd.output(new HashMap<>(), explicit.name()).get(explicit.name());
        double err = auto.sub(mine).norm2Number().doubleValue() / auto.norm2Number().doubleValue();
        // float64 throughout; OpenBLAS summation order differs between the two paths
        assertTrue(err < 1e-7, "relative difference " + err);
    }

    @Test
    void penaltyParameterGradientMatchesCentralFiniteDifferences() {
        Rng rng = new Rng(7);
        NetParams d = CriticNet.create(DataType.DOUBLE, rng);
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = Layers.bind(d, sd);
        SDVariable xh = sd.placeHolder("xhat", DataType.DOUBLE, -1, 30, 3);
        CriticGraph.Forward f = CriticGraph.build(sd, v, sd.constant("pool", CriticNet.pooling(DataType.DOUBLE)), xh);
        SDVariable grad = CriticGraph.inputGradient(sd, v, sd.constant("poolT", CriticNet.pooling(DataType.DOUBLE).transpose().dup()), f);
        SDVariable gp = CriticGraph.penalty(sd, grad, 10.0).rename("gp");
        sd.setLossVariables("gp");
        Map<String, INDArray> ph = Map.of("xhat", randomMatrices(rng, 2));
        List<String> names = new ArrayList<>(d.params().keySet());
        Map<String, INDArray> g = sd.calculateGradients(ph, names);
        int checked = 0;
        for (String name : names) {
            INDArray p = d.params().get(name);
            for (int k = 0; k < 2; k++) {
                long i = rng.nextInt((int) p.length());
                double old = p.getDouble(i);
                double h = 1e-6;
                p.putScalar(i, old + h);
                double up = sd.output(ph, "gp").get("gp").getDouble(0);
                p.putScalar(i, old - h);
                double down = sd.output(ph, "gp").get("gp").getDouble(0);
                p.putScalar(i, old);
                double fd = (up - down) / (2 * h);
                // a parameter the penalty does not reach (the output bias) has no gradient entry
                double an = g.containsKey(name) ? g.get(name).getDouble(i) : 0.0;
                assertEquals(fd, an, 1e-6 * Math.max(1.0, Math.abs(fd)), name + "[" + i + "]");
                if (Math.abs(an) > 1e-8) checked++;
            }
        }
        assertTrue(checked >= 8, "too few non-zero derivatives checked: " + checked);
    }
}
