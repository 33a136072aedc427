package org.crystalgan.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crystalgan.encoding.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@code train} stopped by SIGTERM ({@link Process#destroy} on Linux) writes its
 * checkpoint and exits 0, since the stop was asked for and completed cleanly. Slow (a training
 * process in a child JVM), so it runs only with {@code -Dcrystalgan.slowTests=true}.
 */
class TrainStopTest {
    @TempDir Path tmp;

    @Test
    void sigtermEndsTrainingWithACleanCheckpointAndExitStatusZero() throws Exception {
        Assumptions.assumeTrue(CliProcess.onLinux(), "SIGTERM through destroy is Linux behaviour");
        Assumptions.assumeTrue(Boolean.getBoolean("crystalgan.slowTests"),
                "training in a child process takes minutes here; run with -Dcrystalgan.slowTests=true");
        java.util.Random r = new java.util.Random(3);
        float[] d = new float[64 * 90];
        for (int i = 0; i < 64; i++) {
            int o = i * 90;
            for (int k = 0; k < 6; k++) d[o + k] = 0.2f + 0.6f * r.nextFloat();
            int[] first = {2, 10, 18};
            int[] cnt = {1 + r.nextInt(8), 1 + r.nextInt(8), 1 + r.nextInt(12)};
            for (int el = 0; el < 3; el++) for (int a = 0; a < cnt[el]; a++) for (int k = 0; k < 3; k++) d[o + (first[el] + a) * 3 + k] = 0.5f;
        }
        Path data = tmp.resolve("tiny.npy");
        Npy.writeFloat32(data, new int[] {64, 30, 3}, d);
        Path run = tmp.resolve("run");
        CliProcess.Run p = CliProcess.start(tmp.resolve("log"), "train", Map.of(),
                "train", "--data", data.toString(), "--epochs", "100000", "--out", run.toString());
        long end = System.nanoTime() + 300L * 1_000_000_000L;
        while (System.nanoTime() < end && p.process().isAlive() && !Files.exists(run.resolve("training-iterations.csv"))) Thread.sleep(50);
        Assumptions.assumeTrue(p.process().isAlive(), "training ended before it could be stopped: " + p.err());
        Thread.sleep(2000); // into the epochs
        p.process().destroy(); // SIGTERM
        int status = p.waitFor(120);
        assertEquals(0, status, () -> "a requested stop that wrote its checkpoint exits 0\n" + read(p));
        assertTrue(Files.exists(run.resolve("checkpoint.json")));
        assertTrue(read(p).contains("checkpoint in " + run), read(p));
    }

    private static String read(CliProcess.Run p) {
        try {
            return p.out() + p.err();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
