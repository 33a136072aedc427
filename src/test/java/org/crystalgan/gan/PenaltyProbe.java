package org.crystalgan.gan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.encoding.Representation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Can the generator of a checkpoint lower the distance penalty on its own? First a first-order check on one batch
 * (a small step against the gradient lowers the penalty by about the step times the gradient's norm: the backward
 * pass is right), then Adam steps on the penalty alone (no critic, no classifier) with a fresh batch each step,
 * printing the penalty, the short pairs, the clean matrices, and the atoms decoded against the atoms asked for.
 * For the training report; a program, not a test:
 * {@code java -cp "target/classes:target/test-classes:target/lib/*" org.crystalgan.gan.PenaltyProbe CHECKPOINT STEPS LR
 * WEIGHT VOLUME_WEIGHT ATOMS_ONLY CATION_FLOOR} (floor 1.8 Å, volume range 10.1-14.9 Å³ per atom, batch 32).
 */
public final class PenaltyProbe {
    private PenaltyProbe() {
    }

    public static void main(String[] a) {
        GanModel m = GanTrainer.readNetworks(Path.of(a[0])).model();
        int steps = Integer.parseInt(a[1]);
        double lr = Double.parseDouble(a[2]);
        DistancePenalty p = penalty(a);
        ExplicitPasses passes = new ExplicitPasses(m);
        passes.useWorker(null);
        Adam adam = new Adam(m.generator, 0.5, 0.999, 1e-8);
        Rng rng = new Rng(5);
        int bs = 32;
        for (int s = 0; s < steps; s++) {
            int[][] counts = randomCounts(rng, bs);
            INDArray zArr = noise(rng, bs);
            INDArray cond = Batch.conditions(counts);
            ExplicitPasses.GenPass gs = passes.generatorForward(zArr, cond);
            double[] out = FencedOpExecutioner.toDoubles(gs.fake);
            DistancePenalty.Result r = p.evaluate(out, bs);
            INDArray d = Nd4j.createFromArray(r.gradient()).reshape(bs, gs.fake.size(1)).castTo(gs.fake.dataType());
            Map<String, INDArray> g = passes.generatorBackward(gs, d);
            if (s == 0) firstOrder(m, passes, p, zArr, cond, r.loss(), g, bs);
            adam.update(m.generator, g, lr);
            ExplicitPasses.updateRunning(m.generator, gs.stats, bs);
            int atoms = 0;
            int asked = 0;
            int exact = 0;
            for (int i = 0; i < bs; i++) {
                int[] got = Representation.MG_MN_O.countsFromMatrix(out, i * 90);
                atoms += got[0] + got[1] + got[2];
                asked += counts[i][0] + counts[i][1] + counts[i][2];
                if (Arrays.equals(got, counts[i])) exact++;
            }
            if (s % 5 == 0 || s == steps - 1) {
                System.out.printf(Locale.ROOT, "step %d penalty %.3f (volume %.3f) short pairs %d clean %d atoms %d asked %d exact %d%n",
                        s, r.loss(), r.volumeLoss(), r.shortPairs(), r.clean(), atoms, asked, exact);
            }
        }
    }

    /** The penalty of arguments 3 (weight), 4 (volume weight), 5 (atoms only) and 6 (cation floor): floor 1.8 Å, 10.1-14.9 Å³. */
    static DistancePenalty penalty(String[] a) {
        return new DistancePenalty(Representation.MG_MN_O, Double.parseDouble(a[3]), 1.8, Double.parseDouble(a[6]), 0,
                Double.parseDouble(a[4]), 10.1, 14.9, Boolean.parseBoolean(a[5]));
    }

    /** Compositions drawn as training draws them: uniform over 1-8 Mg, 1-8 Mn, 1-12 O. */
    static int[][] randomCounts(Rng rng, int bs) {
        int[][] counts = new int[bs][3];
        for (int i = 0; i < bs; i++) {
            counts[i][0] = 1 + rng.nextInt(8);
            counts[i][1] = 1 + rng.nextInt(8);
            counts[i][2] = 1 + rng.nextInt(12);
        }
        return counts;
    }

    /** Standard normal noise for {@code bs} structures. */
    static INDArray noise(Rng rng, int bs) {
        float[] z = new float[bs * GeneratorNet.NOISE];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        return Nd4j.createFromArray(z).reshape(bs, GeneratorNet.NOISE);
    }

    private static void firstOrder(GanModel m, ExplicitPasses passes, DistancePenalty p, INDArray z, INDArray cond, double loss,
                                   Map<String, INDArray> g, int bs) {
        double sq = 0;
        for (INDArray v : g.values()) {
            double n = v.castTo(DataType.DOUBLE).norm2Number().doubleValue();
            sq += n * n;
        }
        double eps = 1e-4;
        Map<String, INDArray> params = m.generator.params();
        Map<String, INDArray> saved = new java.util.HashMap<>();
        for (Map.Entry<String, INDArray> e : g.entrySet()) {
            saved.put(e.getKey(), params.get(e.getKey()).dup());
            params.get(e.getKey()).subi(e.getValue().mul(eps / Math.sqrt(sq)));
        }
        double after = p.evaluate(FencedOpExecutioner.toDoubles(passes.generatorForward(z, cond).fake), bs).loss();
        for (Map.Entry<String, INDArray> e : saved.entrySet()) params.get(e.getKey()).assign(e.getValue());
        System.out.printf(Locale.ROOT, "first-order check: a step of %.0e against the gradient takes the penalty from %.5f to %.5f"
                + " (predicted drop %.5f)%n", eps, loss, after, eps * Math.sqrt(sq));
    }
}
