package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.crystalgan.app.training.TrainingServices;
import org.crystalgan.app.training.WorkbenchTrainingServices;
import org.crystalgan.cli.Main;
import org.crystalgan.gan.GanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's training path and {@code train} leave the same files in their run folders for the same tiny run. */
class TrainingFilesTest {
    @TempDir
    Path tmp;

    @Test
    void windowAndCommandLineWriteTheSameRunFolder() throws Exception {
        Path npy = tinyNpy();
        Path cliRun = tmp.resolve("cli"), windowRun = tmp.resolve("window");

        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"train", "--data", npy.toString(), "--epochs", "1", "--out", cliRun.toString(),
                "--threads", "1"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());

        // the recipe `train` uses for these options (seed 42 is its default)
        GanConfig cfg = GanConfig.defaults().withEpochs(1).withSeed(42).withCheckpointMinutes(5);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Files.createDirectories(windowRun);
        new WorkbenchTrainingServices(() -> 1).start(cfg, npy, windowRun, null, new TrainingServices.Listener() {
            @Override public void onStep(TrainingServices.StepLosses losses) { }
            @Override public void onEpoch(int epoch, int epochs) { }
            @Override public void onCheckpoint(TrainingServices.Checkpoint checkpoint) { }
            @Override public void onFinished(boolean stopped) { done.countDown(); }
            @Override public void onFailed(Throwable problem) { failed.set(problem); done.countDown(); }
        });
        assertTrue(done.await(300, TimeUnit.SECONDS), "the window's run did not finish in 5 minutes");
        assertNull(failed.get());

        List<String> cliFiles = names(cliRun), windowFiles = names(windowRun);
        assertEquals(cliFiles, windowFiles);
        assertTrue(cliFiles.containsAll(List.of("checkpoint.json", "training-log.csv", "training-iterations.csv")), cliFiles.toString());
        for (String csv : List.of("training-log.csv", "training-iterations.csv")) {
            List<String> a = Files.readAllLines(cliRun.resolve(csv)), b = Files.readAllLines(windowRun.resolve(csv));
            assertEquals(a.size(), b.size(), csv);
            // same seed, same data, one thread each: the same losses; only the timing column differs
            for (int i = 0; i < a.size(); i++) assertEquals(withoutSeconds(a.get(i)), withoutSeconds(b.get(i)), csv + " line " + (i + 1));
        }
        assertEquals(TrainingService.checkpoint(cliRun).orElseThrow().epoch(), TrainingService.checkpoint(windowRun).orElseThrow().epoch());
    }

    private static String withoutSeconds(String csvLine) {
        return csvLine.substring(0, csvLine.lastIndexOf(','));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private Path tinyNpy() {
        return TinyTrainingSet.write(tmp.resolve("tiny.npy"));
    }
}
