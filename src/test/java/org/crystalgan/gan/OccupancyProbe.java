package org.crystalgan.gan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.encoding.Representation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PenaltyProbe} with a second, supervised term that holds the asked composition: for every element block, the
 * first n rows (n atoms asked) are pushed to a row sum of at least 0.6 and the others to at most 0.2, {@code W_OCC ·
 * Σ (hinge)² / batch} (every real matrix is laid out that way). Why: descending the distance penalty alone made the
 * generator add atoms (more rows over the 0.4 threshold, more contacts); this asks whether the penalty descends once
 * the atom count cannot drift. Adam steps on the two terms alone (no critic, no classifier), a fresh batch of 32
 * random compositions each step; prints means over 25 steps. For the training report; a program, not a test:
 * {@code java -cp "target/classes:target/test-classes:target/lib/*" org.crystalgan.gan.OccupancyProbe CHECKPOINT STEPS
 * LR DISTANCE_WEIGHT VOLUME_WEIGHT ATOMS_ONLY CATION_FLOOR OCCUPANCY_WEIGHT} (floor 1.8 Å, volume 10.1-14.9 Å³ per atom).
 */
public final class OccupancyProbe {
    private OccupancyProbe() {
    }

    public static void main(String[] a) {
        GanModel m = GanTrainer.readNetworks(Path.of(a[0])).model();
        int steps = Integer.parseInt(a[1]);
        double lr = Double.parseDouble(a[2]);
        double wOcc = Double.parseDouble(a[7]);
        DistancePenalty p = PenaltyProbe.penalty(a);
        ExplicitPasses passes = new ExplicitPasses(m);
        passes.useWorker(null);
        Adam adam = new Adam(m.generator, 0.5, 0.999, 1e-8);
        Rng rng = new Rng(5);
        int bs = 32;
        int[] start = {2, 10, 18};
        int[] max = {8, 8, 12};
        double sumPen = 0, sumClean = 0, sumExact = 0; int n = 0;
        for (int s = 0; s < steps; s++) {
            int[][] counts = PenaltyProbe.randomCounts(rng, bs);
            INDArray zArr = PenaltyProbe.noise(rng, bs);
            INDArray cond = Batch.conditions(counts);
            ExplicitPasses.GenPass gs = passes.generatorForward(zArr, cond);
            double[] out = FencedOpExecutioner.toDoubles(gs.fake);
            DistancePenalty.Result r = p.evaluate(out, bs);
            double[] grad = r.gradient().clone();
            double occ = 0;
            for (int i = 0; i < bs; i++) {
                for (int e = 0; e < 3; e++) {
                    for (int j = 0; j < max[e]; j++) {
                        int o = i * 90 + (start[e] + j) * 3;
                        double sum = out[o] + out[o + 1] + out[o + 2];
                        double g = 0;
                        if (j < counts[i][e]) {
                            if (sum < 0.6) { occ += (0.6 - sum) * (0.6 - sum); g = -2 * (0.6 - sum); }
                        } else if (sum > 0.2) { occ += (sum - 0.2) * (sum - 0.2); g = 2 * (sum - 0.2); }
                        for (int c = 0; c < 3; c++) grad[o + c] += wOcc * g / bs;
                    }
                }
            }
            INDArray d = Nd4j.createFromArray(grad).reshape(bs, gs.fake.size(1)).castTo(gs.fake.dataType());
            Map<String, INDArray> g = passes.generatorBackward(gs, d);
            adam.update(m.generator, g, lr);
            ExplicitPasses.updateRunning(m.generator, gs.stats, bs);
            int atoms = 0, asked = 0, exact = 0;
            for (int i = 0; i < bs; i++) {
                int[] got = Representation.MG_MN_O.countsFromMatrix(out, i * 90);
                atoms += got[0] + got[1] + got[2];
                asked += counts[i][0] + counts[i][1] + counts[i][2];
                if (Arrays.equals(got, counts[i])) exact++;
            }
            sumPen += r.loss(); sumClean += r.clean(); sumExact += exact; n++;
            if ((s + 1) % 25 == 0 || s == steps - 1) {
                System.out.printf(Locale.ROOT, "step %d mean25: penalty %.2f clean %.2f/32 exact %.1f/32 | last: short %d vol %.2f occ %.3f atoms %d asked %d%n",
                        s, sumPen / n, sumClean / n, sumExact / n, r.shortPairs(), r.volumeLoss(), occ / bs, atoms, asked);
                sumPen = 0; sumClean = 0; sumExact = 0; n = 0;
            }
        }
    }
}
