package org.crystalgan.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.crystalgan.encoding.Dataset;
import org.crystalgan.encoding.Npy;
import org.crystalgan.encoding.Representation;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.io.mp.MpClientTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the command line with SIGKILL ({@link Process#destroyForcibly} on Linux) while it writes,
 * then starts it again: what is on disk under a real name is always whole, the last good state
 * still loads, and the next run says what it recovered.
 */
class CrashSafetyTest {
    @TempDir Path tmp;

    static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** Polls until a temporary appears in {@code dir} (the process is writing) or it exits; kills it then. */
    static boolean killWhileWriting(CliProcess.Run r, Path dir, long maxSeconds) throws Exception {
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < end && r.process().isAlive()) {
            if (!CliProcess.temporaries(dir).isEmpty()) {
                r.process().destroyForcibly();
                r.process().waitFor();
                return true;
            }
            Thread.sleep(1);
        }
        if (r.process().isAlive()) r.process().destroyForcibly().waitFor();
        return false;
    }

    @Test
    void datasetBuildKilledWhileWritingLeavesTheLastGoodSetAndTheRerunRebuilds() throws Exception {
        Assumptions.assumeTrue(CliProcess.onLinux(), "SIGKILL through destroyForcibly is Linux behaviour");
        Path npySource = Path.of(System.getProperty("crystalgan.shared.data", "../shared/data"), "mgmno", "unique_sc_mgmno.npy");
        Assumptions.assumeTrue(Files.exists(npySource), "shared reference data not present: " + npySource);
        Path dir = tmp.resolve("sets");
        Path out = dir.resolve("train.npy");
        String[] goodArgs = {"dataset", "build", "--from", npySource.toString(), "--per-composition", "0", "--out", out.toString()};
        String[] newArgs = {"dataset", "build", "--from", npySource.toString(), "--per-composition", "40", "--no-supercells", "--out", out.toString()};

        // the last good state
        CliProcess.Run good = CliProcess.start(tmp.resolve("log"), "good", Map.of(), goodArgs);
        assertEquals(0, good.waitFor(120), () -> "good build failed");
        String goodNpy = sha(out), goodCsv = sha(Dataset.csvFor(out));
        int goodCount = Dataset.load(out, Representation.MG_MN_O).count();

        // a different build, killed as soon as it starts writing; a few tries in case it finishes first
        boolean killed = false;
        for (int attempt = 0; attempt < 4 && !killed; attempt++) {
            CliProcess.Run r = CliProcess.start(tmp.resolve("log"), "killed" + attempt, Map.of(), newArgs);
            killed = killWhileWriting(r, dir, 120);
            if (!killed) {
                // it finished before we saw it write: put the good state back and try again
                assertEquals(0, CliProcess.start(tmp.resolve("log"), "restore" + attempt, Map.of(), goodArgs).waitFor(120));
            }
        }
        Assumptions.assumeTrue(killed, "the build finished every time before a temporary file was seen; the kill was not exercised");

        // whatever is under the real names is whole: the array reads to its last value
        Npy.Array a = Npy.read(out);
        boolean npyIsOld = sha(out).equals(goodNpy);
        boolean csvIsOld = sha(Dataset.csvFor(out)).equals(goodCsv);
        if (npyIsOld && csvIsOld) {
            // killed before the first rename: the last good set loads as it was
            assertEquals(goodCount, Dataset.load(out, Representation.MG_MN_O).count());
            assertEquals(goodCount, a.shape()[0]);
        }
        assertFalse(Files.exists(dir.resolve("train.build.json")) && !npyIsOld,
                "a build record never vouches for an array of an unfinished build");
        List<Path> leftovers = CliProcess.temporaries(dir);
        assertFalse(leftovers.isEmpty(), "the kill left its temporary (it was writing)");

        // the leftovers are old by the time the user runs again
        for (Path p : leftovers) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        CliProcess.Run again = CliProcess.start(tmp.resolve("log"), "again", Map.of(), newArgs);
        assertEquals(0, again.waitFor(120), () -> "re-run failed");
        String said = again.out();
        assertTrue(said.contains("removed " + leftovers.size() + " temporary file(s)"), said);
        assertTrue(said.contains("no build record") && said.contains("building it again"), said);
        assertTrue(said.contains("built 4480 matrices"), said);
        assertTrue(CliProcess.temporaries(dir).isEmpty(), "no temporaries left");

        // the rebuilt set equals a build that was never interrupted
        Path clean = tmp.resolve("clean").resolve("train.npy");
        String[] cleanArgs = newArgs.clone();
        cleanArgs[cleanArgs.length - 1] = clean.toString();
        assertEquals(0, CliProcess.start(tmp.resolve("log"), "clean", Map.of(), cleanArgs).waitFor(120));
        assertEquals(sha(clean), sha(out));
        assertEquals(sha(Dataset.csvFor(clean)), sha(Dataset.csvFor(out)));
        assertNotEquals(goodNpy, sha(out));
    }

    @Test
    void fetchKilledWhileExportingNeverLeavesAHalfWrittenStructureAndTheRerunCompletesFromTheCache() throws Exception {
        Assumptions.assumeTrue(CliProcess.onLinux(), "SIGKILL through destroyForcibly is Linux behaviour");
        int docs = 1500;
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/materials/summary/", ex -> {
            requests.incrementAndGet();
            String q = ex.getRequestURI().getRawQuery();
            int skip = Integer.parseInt(q.replaceAll(".*_skip=(\\d+).*", "$1"));
            int limit = Integer.parseInt(q.replaceAll(".*_limit=(\\d+).*", "$1"));
            List<String> part = new ArrayList<>();
            for (int i = skip; i < Math.min(docs, skip + limit); i++) {
                part.add(MpClientTest.doc("mp-" + (1000 + i), "MgMn2O4", "-7.1", "-2.4", "0.012", "0.5", "true",
                        MpClientTest.structure(5.9 + i * 1e-4, new String[] {"Mg", "Mn", "Mn", "O", "O", "O", "O"},
                                new double[][] {{0, 0, 0}, {.5, .5, 0}, {.5, 0, .5}, {.25, .25, .25}, {.75, .75, .25}, {.75, .25, .75}, {.25, .75, .75}})));
            }
            byte[] body = ("{\"data\": [" + String.join(", ", part) + "], \"meta\": {\"total_doc\": " + docs + "}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) { o.write(body); }
            ex.close();
        });
        server.start();
        try {
            Path out = tmp.resolve("download");
            Path cache = tmp.resolve("cache");
            String[] args = {"fetch", "--chemsys", "Mg-Mn-O", "--out", out.toString(), "--cache", cache.toString(),
                "--settings", tmp.resolve("none.properties").toString(), "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort()};
            Map<String, String> env = Map.of("MP_API_KEY", SecurityTest.FAKE_KEY);

            boolean killed = false;
            for (int attempt = 0; attempt < 3 && !killed; attempt++) {
                CliProcess.Run r = CliProcess.start(tmp.resolve("log"), "fetch" + attempt, env, args);
                killed = killWhileWriting(r, out, 120);
                if (!killed) {
                    try (var s = Files.list(out)) { s.forEach(p -> p.toFile().delete()); }
                }
            }
            Assumptions.assumeTrue(killed, "the export finished every time before a temporary file was seen; the kill was not exercised");
            int requestsBeforeRerun = requests.get();

            // a reader of the half-exported folder sees whole CIFs only (temporaries are hidden), and no index yet
            FolderReadResult part = org.crystalgan.workflow.StructureSources.readFolder(out);
            assertTrue(part.skipped().isEmpty(), () -> "nothing half-written is read: " + part.skipped());
            assertTrue(part.structures().size() < docs);
            assertFalse(Files.exists(out.resolve("materials.csv")), "the index is written last");

            CliProcess.Run again = CliProcess.start(tmp.resolve("log"), "again", env, args);
            assertEquals(0, again.waitFor(120), () -> "re-run failed");
            assertTrue(again.out().contains(docs + " materials") && again.out().contains("from the local cache"), again.out());
            assertEquals(requestsBeforeRerun, requests.get(), "the complete download was cached: no request repeated");
            FolderReadResult all = org.crystalgan.workflow.StructureSources.readFolder(out);
            assertEquals(docs, all.structures().size());
            assertTrue(all.skipped().stream().allMatch(x -> x.startsWith("materials.csv:")), all.skipped()::toString);
            assertEquals(docs + 1, Files.readAllLines(out.resolve("materials.csv")).size());
        } finally {
            server.stop(0);
        }
    }

    /**
     * Slow (a training process needs minutes on a shared machine), so it runs only with
     * {@code -Dcrystalgan.slowTests=true}.
     */
    @Test
    void trainingKilledWhileCheckpointingResumesFromTheLastCheckpoint() throws Exception {
        Assumptions.assumeTrue(CliProcess.onLinux(), "SIGKILL through destroyForcibly is Linux behaviour");
        Assumptions.assumeTrue(Boolean.getBoolean("crystalgan.slowTests"),
                "training in a child process takes minutes here; run with -Dcrystalgan.slowTests=true");
        Path npySource = Path.of(System.getProperty("crystalgan.shared.data", "../shared/data"), "mgmno", "unique_sc_mgmno.npy");
        Assumptions.assumeTrue(Files.exists(npySource), "shared reference data not present: " + npySource);
        Path data = tmp.resolve("small.npy");
        float[] all = Npy.read(npySource).floats();
        Npy.writeFloat32(data, new int[] {64, 30, 3}, java.util.Arrays.copyOf(all, 64 * 90));
        Path run = tmp.resolve("run");
        String[] args = {"train", "--data", data.toString(), "--epochs", "1000", "--out", run.toString(), "--checkpoint-minutes", "0.01"};
        CliProcess.Run r = CliProcess.start(tmp.resolve("log"), "train", Map.of(), args);
        // wait for a first whole checkpoint, then kill while the next one is being written
        long end = System.nanoTime() + 480L * 1_000_000_000L;
        while (System.nanoTime() < end && r.process().isAlive() && !Files.exists(run.resolve("checkpoint.json"))) Thread.sleep(20);
        String firstHeader = Files.exists(run.resolve("checkpoint.json")) ? Files.readString(run.resolve("checkpoint.json")) : null;
        Assumptions.assumeTrue(firstHeader != null, "no checkpoint within 8 minutes: " + r.err());
        boolean killed = killWhileWriting(r, run, 480);
        Assumptions.assumeTrue(killed, "the trainer was not seen writing a second checkpoint");
        assertFalse(CliProcess.temporaries(run).isEmpty(), "the kill left its temporary");

        // the last whole checkpoint loads: header and every bin it names agree (sizes and SHA-256 checked)
        org.crystalgan.gan.TrainingSet set = new org.crystalgan.gan.TrainingSet(Npy.read(data).data(), data.toString());
        org.crystalgan.gan.GanTrainer t = org.crystalgan.gan.GanTrainer.resume(run, set, null);
        assertTrue(t.step() >= 0);

        CliProcess.Run again = CliProcess.start(tmp.resolve("log"), "resume", Map.of(),
                "train", "--data", data.toString(), "--epochs", "1000", "--out", run.toString(), "--resume");
        end = System.nanoTime() + 480L * 1_000_000_000L;
        while (System.nanoTime() < end && again.process().isAlive() && !again.out().contains("resuming at epoch")) Thread.sleep(50);
        again.process().destroyForcibly().waitFor();
        String said = again.out();
        assertTrue(said.contains("resuming at epoch " + (t.epoch() + 1) + ", batch " + (t.batch() + 1)), said + again.err());
        assertTrue(said.contains("removed") && said.contains("temporary file(s) of a checkpoint that was interrupted"), said);
    }
}
