package org.crystalgan.gan;

import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One float32 critic step with gradient penalty and one generator forward on fixed seeded networks and data, printed
 * as {@code build=... critic=... gradients=... fake=...}: {@link NativeBuildTest} runs it in a child JVM on another
 * libnd4j build and compares with the same numbers computed in the test JVM.
 */
public final class NativeBuildProbe {
    private NativeBuildProbe() {
    }

    public static void main(String[] args) {
        NativeBuild.select();
        FencedOpExecutioner.install();
        System.out.println(run());
    }

    static String run() {
        Rng rng = new Rng(5);
        GanModel m = new GanModel(GeneratorNet.create(DataType.FLOAT, rng), CriticNet.create(DataType.FLOAT, rng),
                ClassifierNet.create(DataType.FLOAT, rng));
        ExplicitPasses p = new ExplicitPasses(m);
        int bs = 8;
        TrainingSet data = GanBench.syntheticData(bs, 9);
        float[] real = java.util.Arrays.copyOf(data.data(), bs * 90);
        int[][] counts = new int[bs][];
        for (int i = 0; i < bs; i++) counts[i] = new int[] {1 + i % 8, 1 + (3 * i) % 8, 1 + (5 * i) % 12};
        float[] z = new float[bs * GeneratorNet.NOISE];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        ExplicitPasses.GenPass g = p.generatorForward(Nd4j.createFromArray(z).reshape(bs, GeneratorNet.NOISE), Batch.conditions(counts));
        double[] eps = new double[bs];
        for (int i = 0; i < bs; i++) eps[i] = rng.nextDouble();
        ExplicitPasses.CriticResult r = p.criticStep(Nd4j.createFromArray(real).reshape(bs, 90), g.fake, eps, 10.0);
        double sq = 0;
        for (Map.Entry<String, INDArray> e : r.grads().entrySet()) {
            double n = e.getValue().castTo(DataType.DOUBLE).norm2Number().doubleValue();
            sq += n * n;
        }
        return String.format(Locale.ROOT, "build=%s critic=%.9e gradients=%.9e fake=%.9e", NativeBuild.loaded(),
                r.dFake() - r.dReal() + r.gp(), Math.sqrt(sq), g.fake.castTo(DataType.DOUBLE).sumNumber().doubleValue());
    }
}
