package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FoldedInferenceTest {

    /** Non-trivial BN affine parameters and running statistics, so folding is actually exercised. */
    private static void perturbNorms(NetParams p, Rng rng) {
        p.all().forEach((name, a) -> {
            boolean norm = name.endsWith(".gamma") || name.endsWith(".beta") || name.endsWith(".mean") || name.endsWith(".var");
            boolean bias = name.endsWith(".b") && !name.startsWith("g.map1") && !name.startsWith("g.map2")
                    && !name.startsWith("g.map3") && !name.startsWith("g.cell1") && !name.matches("q\\..*\\.(c1|c2|c3|h1|h2)\\.b");
            if (!norm && !bias) return;
            double[] v = new double[(int) a.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = name.endsWith(".var") || name.endsWith(".gamma") ? 0.5 + rng.nextDouble() : rng.nextDouble() - 0.5;
            }
            a.assign(Nd4j.createFromArray(v).reshape(a.shape()).castTo(a.dataType()));
        });
    }

    private static double relErr(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
    }

    @Test
    void foldedForwardEqualsTheInferenceGraph() {
        Rng rng = new Rng(11);
        GanModel m = new GanModel(GeneratorNet.create(DataType.DOUBLE, rng), null, ClassifierNet.create(DataType.DOUBLE, rng));
        perturbNorms(m.generator, rng);
        perturbNorms(m.classifier, rng);
        int n = 5;
        double[] zv = new double[n * GeneratorNet.NOISE];
        for (int i = 0; i < zv.length; i++) zv[i] = rng.nextGaussian();
        INDArray z = Nd4j.createFromArray(zv).reshape(n, GeneratorNet.NOISE);
        INDArray cond = Batch.conditions(new int[][] {{1, 2, 4}, {2, 4, 8}, {8, 8, 12}, {3, 1, 5}, {4, 6, 9}}).castTo(DataType.DOUBLE);

        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> vg = Layers.bind(m.generator, sd);
        Map<String, SDVariable> vq = Layers.bind(m.classifier, sd);
        SDVariable zs = sd.placeHolder("z", DataType.DOUBLE, -1, GeneratorNet.NOISE);
        SDVariable cs = sd.placeHolder("cond", DataType.DOUBLE, -1, GeneratorNet.CONDITION);
        SDVariable fake = GeneratorGraph.build(sd, vg, zs, cs, false, new ArrayList<>());
        ClassifierGraph.Output q = ClassifierGraph.build(sd, vq, fake, false, new ArrayList<>());
        String[] names = {"fake", q.countLogits()[0].name(), q.countLogits()[1].name(), q.countLogits()[2].name()};
        Map<String, INDArray> out = sd.output(Map.of("z", z, "cond", cond), names);

        FoldedInference f = new FoldedInference(m);
        INDArray mine = f.generate(z, cond);
        INDArray ref = out.get("fake").reshape(n, 90);
        double err = relErr(ref, mine);
        assertTrue(err < 1e-10, "generator relative difference " + err);
        // the outputs are not saturated, so the comparison says something about the pre-sigmoid values too
        assertTrue(mine.maxNumber().doubleValue() < 0.999 && mine.minNumber().doubleValue() > 0.001);
        for (int e = 0; e < 3; e++) {
            INDArray r = out.get(names[e + 1]);
            double ce = relErr(r, f.countLogits(mine, e));
            assertTrue(ce < 1e-10, "classifier " + ClassifierNet.ELEMENTS[e] + " relative difference " + ce);
        }
    }
}
