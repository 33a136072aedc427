package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A seed trains as it did before the speed work of issue 21: the losses of every iteration and the size of every
 * network after a short run, recorded from the code at 947dafe (before the training step was reorganised). Faster
 * passes may round differently, so the comparison allows float32 rounding carried through a few Adam steps, far
 * below what a wrong gradient, a lost update or a reordered draw produces (those move these numbers in the second
 * or third digit).
 */
class TrainingFingerprintTest {
    @TempDir
    Path tmp;

    /** Per iteration: critic loss, penalty, classifier row, count and cell loss; generator loss on its steps. */
    private static final double[][] LOSSES = {
            {8.674411929678172, 8.67374062538147, 2.0756979563271107, 6.644104840548826, 0.01945470947148592, -0.00802298728376627},
            {8.280010215938091, 8.279281854629517, 2.0724963728472714, 6.643064589612728, 0.02747851522201139, -0.00802298728376627},
            {7.72891153767705, 7.728383541107178, 2.0686618805002603, 6.6446338442209765, 0.031050541804719833, -0.00802298728376627},
            {7.336438912898302, 7.335337996482849, 2.0656348108451024, 6.642705071328852, 0.03323359143502136, -0.00802298728376627},
            {6.749630825594068, 6.749151945114136, 2.059085598191623, 6.6413397898009485, 0.02753134638427085, -0.00802298728376627},
            {6.273979023098946, 6.273009777069092, 2.057464081869072, 6.642103351628179, 0.019208969055653835, -0.022154424339532852},
            {5.776148069649935, 5.776726603507996, 2.050804239750263, 6.640975616361693, 0.026914442594697052, -0.022154424339532852},
            {5.263712273910642, 5.262309312820435, 2.0491421077027865, 6.6432097276184345, 0.019381879226676668, -0.022154424339532852},
            {4.815309509634972, 4.812456369400024, 2.045957801004216, 6.641399374135664, 0.04003244684806134, -0.022154424339532852},
            {4.163848744705319, 4.160644114017487, 2.0404908163657582, 6.642373056987573, 0.03919964252709107, -0.022154424339532852},
    };
    /**
     * After the run: Σ p² of each network's parameters (generator, critic, classifier) and running statistics
     * (generator, classifier), then Σ (p − p₀)² of each network's parameters.
     */
    private static final double[] NORMS = {
            2901.3796933542044, 2333.6948074409465, 7210.614424342843, 90.20604804338349, 363.82080299803187,
            0.011986257749687059, 0.33719110967571375, 0.030433860191022087};

    private static double sumSquares(Map<String, INDArray> arrays) {
        double s = 0;
        for (INDArray a : arrays.values()) {
            for (double v : FencedOpExecutioner.toDoubles(a)) s += v * v;
        }
        return s;
    }

    /** Σ (p − p₀)² from the seed's initial weights: how far training moved a network, which Adam steps set. */
    private static double moved(Map<String, INDArray> now, Map<String, INDArray> start) {
        double s = 0;
        for (Map.Entry<String, INDArray> e : now.entrySet()) {
            double[] a = FencedOpExecutioner.toDoubles(e.getValue());
            double[] b = FencedOpExecutioner.toDoubles(start.get(e.getKey()));
            for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void aSeedTrainsAsBeforeTheSpeedWork() {
        for (int threads = 1; threads <= 2; threads++) {
            GanConfig cfg = GanConfig.defaults().withBatchSize(16).withEpochs(1).withCheckpointMinutes(1e6);
            TrainingSet data = GanBench.syntheticData(16 * 10, 11);
            GanTrainer t = GanTrainer.start(cfg, data, tmp.resolve("run" + threads));
            t.setThreads(threads);
            List<double[]> losses = new ArrayList<>();
            t.addListener(ev -> {
                if (ev instanceof TrainingEvent.Iteration it) {
                    losses.add(new double[] {it.criticLoss(), it.gradientPenalty(), it.classifierRowLoss(),
                            it.classifierCountLoss(), it.classifierCellLoss(), it.generatorLoss()});
                }
            });
            t.run();
            GanModel start = GanModel.initialise(cfg.seed());
            double[] norms = {sumSquares(t.model().generator.params()), sumSquares(t.model().critic.params()),
                    sumSquares(t.model().classifier.params()), sumSquares(t.model().generator.buffers()),
                    sumSquares(t.model().classifier.buffers()),
                    moved(t.model().generator.params(), start.generator.params()),
                    moved(t.model().critic.params(), start.critic.params()),
                    moved(t.model().classifier.params(), start.classifier.params())};
            if (NORMS.length == 0) {
                StringBuilder sb = new StringBuilder();
                for (double[] l : losses) sb.append(java.util.Arrays.toString(l)).append('\n');
                sb.append(java.util.Arrays.toString(norms));
                System.out.println(sb);
                return;
            }
            assertEquals(LOSSES.length, losses.size());
            for (int i = 0; i < LOSSES.length; i++) {
                for (int k = 0; k < LOSSES[i].length; k++) {
                    assertEquals(LOSSES[i][k], losses.get(i)[k], 1e-4 * Math.abs(LOSSES[i][k]) + 1e-6,
                            threads + " thread(s), iteration " + i + ", loss " + k);
                }
            }
            for (int k = 0; k < NORMS.length; k++) {
                assertEquals(NORMS[k], norms[k], (k < 5 ? 1e-5 : 1e-3) * NORMS[k], threads + " thread(s), norm " + k);
            }
        }
    }
}
