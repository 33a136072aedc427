package org.crystalgan.gan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Representation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Raw-geometry measures of a generator over every drawn matrix, before any filter (the classifier's included), for
 * the training report: share with every interatomic distance at least 1.3 Å (issue 17's target), share whose atom
 * rows decode to exactly the target, both, the classifier's acceptance, and the medians of the shortest distance and
 * of the volume per atom (a penalty on short distances could be met by inflating cells; the second median shows it).
 * A program, not a test:
 * {@code java -cp target/classes:target/test-classes:target/lib/* org.crystalgan.gan.RawGeometryReport [MODEL_DIR] [COUNT] [SEED]
 * [NOISE_SCALE] [SWEEPS]} (no MODEL_DIR or "bundled": the bundled model; a training run's folder also works; NOISE_SCALE
 * multiplies the standard normal noise, 1 by default: below 1 it is the "truncation trick" of BigGAN, Brock et al. 2019;
 * SWEEPS replaces the model's own {@link SeparationLayer}: 0 none, N a layer of N sweeps with the default floors).
 * The measures are those of the generator's output, after its separation layer when it has one.
 */
public final class RawGeometryReport {
    static final List<String> TARGETS = List.of("Mg2Mn4O8", "Mg4Mn2O8", "Mg2Mn2O6", "Mg4Mn4O12", "Mg2Mn2O4",
            "Mg4Mn4O8", "Mg6Mn2O10", "MgMn2O4", "Mg2MnO4", "MgMnO3");

    private RawGeometryReport() {
    }

    public static void main(String[] args) {
        GeneratorModel m = args.length < 1 || args[0].equals("bundled") ? GeneratorModel.bundled() : GeneratorModel.load(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        double noiseScale = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        Representation rep = Representation.MG_MN_O;
        SeparationLayer layer = m.separation;
        if (args.length > 4) {
            int sweeps = Integer.parseInt(args[4]);
            layer = sweeps == 0 ? null : new SeparationLayer(Representation.MG_MN_O, sweeps, SeparationLayer.DEFAULT);
        }
        FoldedInference net = new FoldedInference(m.model, layer);
        System.out.printf(Locale.ROOT, "model: %s (%d epochs), %d draws per target, seed %d, noise scale %.2f, %s%n", m.source(),
                m.epochsTrained(), count, seed, noiseScale, layer == null ? "no separation layer"
                        : String.format(Locale.ROOT, "separation layer of %d sweeps, floors %s", layer.sweeps(), layer.floors()));
        System.out.printf(Locale.ROOT, "%-10s %8s %8s %8s %8s %9s %9s %9s%n", "target", "d>=1.3", "exact", "both", "accepted",
                "acc+both", "med dmin", "med V/at");
        double[] sums = new double[5];
        for (String t : TARGETS) {
            int[] want = Sampler.targetCounts(Composition.parse(t));
            Rng rng = new Rng(seed);
            int far = 0, exact = 0, both = 0, acc = 0, accBoth = 0;
            double[] dmin = new double[count];
            double[] vpa = new double[count];
            int done = 0;
            int bs = 100;
            INDArray cond = Batch.conditions(repeat(want, bs));
            while (done < count) {
                float[] zv = new float[bs * GeneratorNet.NOISE];
                for (int i = 0; i < zv.length; i++) zv[i] = (float) (noiseScale * rng.nextGaussian());
                INDArray fake = net.generate(Nd4j.createFromArray(zv).reshape(bs, GeneratorNet.NOISE).castTo(net.dataType()), cond);
                float[] mats = FencedOpExecutioner.toFloats(fake);
                double[][] logits = new double[3][];
                long[][] read = new long[3][];
                for (int e = 0; e < 3; e++) {
                    INDArray l = net.countLogits(fake, e);
                    logits[e] = FencedOpExecutioner.toDoubles(l);
                    int cols = (int) l.size(1);
                    read[e] = new long[bs];
                    for (int i = 0; i < bs; i++) {
                        int best = 0;
                        for (int j = 1; j < cols; j++) if (logits[e][i * cols + j] > logits[e][i * cols + best]) best = j;
                        read[e][i] = best + 1;
                    }
                }
                for (int i = 0; i < bs && done < count; i++, done++) {
                    int[] got = rep.countsFromMatrix(mats, i * 90);
                    boolean match = Arrays.equals(got, want);
                    boolean accepted = read[0][i] == want[0] && read[1][i] == want[1] && read[2][i] == want[2];
                    double d;
                    double v;
                    try {
                        Structure s = rep.decode(mats, i * 90);
                        d = s.size() == 0 ? 0 : s.minimumDistance();
                        v = s.size() == 0 ? Double.POSITIVE_INFINITY : s.volume() / s.size();
                    } catch (InputException noCell) {
                        d = 0;
                        v = Double.NaN;
                    }
                    dmin[done] = d;
                    vpa[done] = v;
                    boolean ok = d >= DistancePenalty.REPORT_DISTANCE;
                    if (ok) far++;
                    if (match) exact++;
                    if (ok && match) both++;
                    if (accepted) acc++;
                    if (accepted && ok && match) accBoth++;
                }
            }
            double n = count;
            System.out.printf(Locale.ROOT, "%-10s %7.1f%% %7.1f%% %7.1f%% %7.1f%% %8.1f%% %9.2f %9.2f%n", t, 100 * far / n, 100 * exact / n,
                    100 * both / n, 100 * acc / n, 100 * accBoth / n, median(dmin), median(vpa));
            sums[0] += far / n;
            sums[1] += exact / n;
            sums[2] += both / n;
            sums[3] += acc / n;
            sums[4] += accBoth / n;
        }
        int k = TARGETS.size();
        System.out.printf(Locale.ROOT, "%-10s %7.1f%% %7.1f%% %7.1f%% %7.1f%% %8.1f%%%n", "mean", 100 * sums[0] / k, 100 * sums[1] / k,
                100 * sums[2] / k, 100 * sums[3] / k, 100 * sums[4] / k);
    }

    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private static int[][] repeat(int[] v, int n) {
        int[][] r = new int[n][];
        for (int i = 0; i < n; i++) r[i] = v;
        return r;
    }
}
