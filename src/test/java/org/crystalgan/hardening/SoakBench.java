package org.crystalgan.hardening;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.crystalgan.encoding.Npy;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.gan.GanTrainer;
import org.crystalgan.gan.TrainingEvent;
import org.crystalgan.gan.TrainingSet;

/**
 * The soak benchmark (not run by {@code mvn verify}): trains the GAN for a fixed time, sampling the
 * resident memory of this process (VmRSS of /proc/self/status) and the Java heap every few seconds
 * into a CSV, checkpoints included as in a real run, then reports how much RSS grew after the
 * warm-up (the goal: under 5 % after the first 5 minutes of a 30-minute run). Linux only.
 *
 * <pre>
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat target/test.cp) org.crystalgan.hardening.SoakBench \
 *     [minutes=30] [sampleSeconds=10] [data=../shared/data/mgmno/unique_sc_mgmno.npy] [csv=target/soak.csv] [warmupMinutes=5]
 * </pre>
 *
 * Exit status 0 when the growth after warm-up is below 5 %, 1 otherwise.
 */
public final class SoakBench {
    private SoakBench() {}

    /** VmRSS in kB, or -1 where /proc is missing. */
    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        int sampleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path data = Path.of(args.length > 2 ? args[2] : "../shared/data/mgmno/unique_sc_mgmno.npy");
        Path csv = Path.of(args.length > 3 ? args[3] : "target/soak.csv");
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : Math.min(5, minutes / 2);
        if (rssKb() < 0) throw new IllegalStateException("no /proc/self/status: the soak benchmark runs on Linux");

        TrainingSet set = new TrainingSet(Npy.read(data).data(), data.toString());
        Path ckpt = Files.createTempDirectory("crystalgan-soak");
        // checkpoints every minute so their writing is part of what is measured
        GanTrainer trainer = GanTrainer.start(GanConfig.defaults().withEpochs(100_000).withCheckpointMinutes(1), set, ckpt);
        AtomicLong checkpoints = new AtomicLong();
        trainer.addListener(ev -> { if (ev instanceof TrainingEvent.CheckpointWritten) checkpoints.incrementAndGet(); });
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                trainer.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "soak-training");
        t.setDaemon(true);

        List<double[]> samples = new ArrayList<>();
        StringBuilder out = new StringBuilder("seconds,rss_mb,heap_used_mb,step,epoch,checkpoints\n");
        long t0 = System.nanoTime();
        t.start();
        var mem = ManagementFactory.getMemoryMXBean();
        while (true) {
            double s = (System.nanoTime() - t0) / 1e9;
            double rss = rssKb() / 1024.0;
            double heap = mem.getHeapMemoryUsage().getUsed() / 1048576.0;
            samples.add(new double[] {s, rss});
            String line = String.format(Locale.ROOT, "%.0f,%.1f,%.1f,%d,%d,%d%n", s, rss, heap, trainer.step(), trainer.epoch(), checkpoints.get());
            out.append(line);
            System.out.print(line);
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, out);
            if (s >= minutes * 60 || failure[0] != null || !t.isAlive()) break;
            Thread.sleep(sampleSeconds * 1000L);
        }
        trainer.stop();
        t.join(120_000);
        try (var w = Files.walk(ckpt)) { w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        if (failure[0] != null) {
            System.out.println("training failed: " + failure[0]);
            System.exit(2);
        }
        // growth: the last minute's mean against the mean of the minute after warm-up
        double base = mean(samples, warmup * 60, warmup * 60 + 60);
        double end = mean(samples, samples.get(samples.size() - 1)[0] - 60, Double.MAX_VALUE);
        double growth = (end - base) / base * 100;
        System.out.printf(Locale.ROOT, "ran %.1f min, %d steps, %d checkpoints; RSS after %.1f min warm-up %.0f MB, at the end %.0f MB: growth %.2f %% (goal < 5 %%)%n",
                samples.get(samples.size() - 1)[0] / 60, trainer.step(), checkpoints.get(), warmup, base, end, growth);
        System.out.println("samples in " + csv);
        System.exit(growth < 5 ? 0 : 1);
    }

    private static double mean(List<double[]> samples, double from, double to) {
        double sum = 0;
        int n = 0;
        for (double[] s : samples) if (s[0] >= from && s[0] < to) { sum += s[1]; n++; }
        return n == 0 ? Double.NaN : sum / n;
    }
}
