package org.crystalgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;

/** Speed measurements for the {@code bench} command: training steps at batch 32 and generation throughput. */
public final class GanBench {
    private GanBench() {
    }

    /**
     * @param stepMs              one critic step with penalty plus one generator step (median over iterations that have both)
     * @param iterationMs         mean time per critic step over whole 5:1 cycles (generator steps included)
     * @param structuresPerSecond matrices generated, classified and (when accepted) decoded per second
     * @param stepCpuMs, iterationCpuMs the same in CPU time of the main training thread (with OMP_NUM_THREADS=1 the
     *                   native work runs there), which a loaded machine distorts far less
     * @param structuresPerCpuSecond generation per CPU-second of the whole process (the sampler uses two threads)
     * @param peakRssMiB          peak resident memory of this process so far (VmHWM), or -1 where unknown
     * @param gflopPerIteration   matrix-product work of one 5:1 iteration on average (GFLOP, 2·m·n·k per product)
     * @param gflopPerSecond      that work over the timed iterations' wall time: what the products achieved, counting
     *                            the element-wise work and any waiting as time spent (the machine's FP32 FMA peak is
     *                            about 110 GFLOP/s per Zen 4 core)
     */
    public record Result(double stepMs, double iterationMs, double structuresPerSecond, double stepCpuMs,
                         double iterationCpuMs, double structuresPerCpuSecond, double peakRssMiB,
                         double gflopPerIteration, double gflopPerSecond) {
    }

    /** Random matrices with valid element counts, for timing only. */
    static TrainingSet syntheticData(int n, long seed) {
        Rng r = new Rng(seed);
        double[] d = new double[n * 90];
        for (int i = 0; i < n; i++) {
            int o = i * 90;
            for (int k = 0; k < 6; k++) d[o + k] = 0.2 + 0.6 * r.nextDouble();
            int[] cnt = {1 + r.nextInt(8), 1 + r.nextInt(8), 1 + r.nextInt(12)};
            int[] first = {2, 10, 18};
            for (int e = 0; e < 3; e++) {
                for (int a = 0; a < cnt[e]; a++) {
                    for (int k = 0; k < 3; k++) d[o + (first[e] + a) * 3 + k] = 1.0 / 6 + 2.0 / 3 * r.nextDouble();
                }
            }
        }
        return new TrainingSet(d, "synthetic benchmark data");
    }

    /**
     * @param cycles     5:1 cycles to time after one warm-up cycle
     * @param model      model for the generation timing (null: freshly initialised networks)
     * @param generate   matrices to generate for the generation timing
     */
    public static Result run(int cycles, GeneratorModel model, int generate, int threads) {
        GanConfig cfg = GanConfig.defaults().withCheckpointMinutes(1e9);
        int per = cfg.criticSteps();
        TrainingSet data = syntheticData(cfg.batchSize() * per * (cycles + 1), 7);
        Path dir;
        try {
            dir = Files.createTempDirectory("crystalgan-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GanTrainer t = GanTrainer.start(cfg.withEpochs(1), data, dir);
        t.setThreads(threads);
        List<double[]> its = new ArrayList<>();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] lastCpu = {mx.getCurrentThreadCpuTime()};
        long[] lastFlops = {ExplicitPasses.FLOPS.sum()};
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it) {
                long c = mx.getCurrentThreadCpuTime();
                long f = ExplicitPasses.FLOPS.sum();
                its.add(new double[] {it.batch(), it.seconds(), (c - lastCpu[0]) / 1e9, f - lastFlops[0]});
                lastCpu[0] = c;
                lastFlops[0] = f;
            }
        });
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it && it.batch() + 1 >= (cycles + 1) * per) t.stop();
        });
        t.run();
        List<Double> both = new ArrayList<>();
        List<Double> bothCpu = new ArrayList<>();
        double sum = 0;
        double sumCpu = 0;
        double flops = 0;
        int n = 0;
        for (double[] it : its) {
            if (it[0] < per) continue; // warm-up cycle
            if ((int) it[0] % per == 0) {
                both.add(it[1]);
                bothCpu.add(it[2]);
            }
            sum += it[1];
            sumCpu += it[2];
            flops += it[3];
            n++;
        }
        both.sort(null);
        bothCpu.sort(null);
        double step = both.get(both.size() / 2) * 1000;
        double iter = sum / n * 1000;
        double stepCpu = bothCpu.get(bothCpu.size() / 2) * 1000;
        double iterCpu = sumCpu / n * 1000;
        deleteQuietly(dir);

        GeneratorModel m = model != null ? model : fresh(t);
        Sampler s = new Sampler(m, 256);
        Composition target = Composition.parse("Mg2Mn4O8");
        s.sample(target, Integer.MAX_VALUE, 1, 256, Progress.NONE);
        long t0 = System.nanoTime();
        // the sampler runs its second batch of each pair on a helper thread: count the whole process's CPU time
        long c0 = processCpuNanos(mx);
        Sampler.Result r = s.sample(target, Integer.MAX_VALUE, 2, generate, Progress.NONE);
        double perSec = r.generated() / ((System.nanoTime() - t0) / 1e9);
        double perCpuSec = r.generated() / ((processCpuNanos(mx) - c0) / 1e9);
        return new Result(step, iter, perSec, stepCpu, iterCpu, perCpuSec, peakRssMiB(), flops / n / 1e9, flops / sum / 1e9);
    }

    private static long processCpuNanos(java.lang.management.ThreadMXBean thread) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return thread.getCurrentThreadCpuTime();
    }

    private static GeneratorModel fresh(GanTrainer t) {
        try {
            Path d = Files.createTempDirectory("crystalgan-bench-model");
            t.exportModel(d);
            GeneratorModel m = GeneratorModel.load(d);
            deleteQuietly(d);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VmHWM from /proc/self/status (Linux), in MiB; -1 elsewhere. */
    public static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp folder; the OS cleans it eventually
        }
    }
}
