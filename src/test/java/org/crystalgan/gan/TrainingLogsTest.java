package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's history files, written alike by the window and by `train`. */
class TrainingLogsTest {
    @TempDir Path dir;

    private static TrainingEvent.Iteration it(long step) {
        return new TrainingEvent.Iteration(0, (int) step - 1, 100, step, -1, 2, 0.1, 0.5, 0.2, 0.3, 0.01, 0.4, 0.25);
    }

    @Test
    void everyTenthStepIsWrittenAtTheCheckpointAndEpochsAtOnce() throws Exception {
        TrainingLogs logs = new TrainingLogs(dir.resolve("run"));
        for (long s = 1; s <= 25; s++) logs.onEvent(it(s));
        Path its = dir.resolve("run").resolve(TrainingLogs.ITERATION_LOG);
        // nothing before a checkpoint: a crash would otherwise leave steps the resumed run repeats
        assertEquals(1, Files.readAllLines(its).size());
        logs.onEvent(new TrainingEvent.CheckpointWritten(dir.resolve("run"), 0, 24));
        List<String> lines = Files.readAllLines(its);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("step,epoch,batch,critic_loss"), lines.get(0));
        assertEquals("10,1,10,-1.00000,2.00000,0.100000,0.500000,0.200000,0.300000,0.0100000,0.400000,0.250", lines.get(1));
        logs.onEvent(new TrainingEvent.Epoch(0, 3, -1, 2, 0.1, 0.5, 0.3, 0.4, 61.0, 122.0));
        assertEquals("1,-1.00000,2.00000,0.100000,0.500000,0.300000,0.400000,61.0",
                Files.readAllLines(dir.resolve("run").resolve(TrainingLogs.EPOCH_LOG)).get(1));
        // a resumed run appends to the same files
        new TrainingLogs(dir.resolve("run")).onEvent(new TrainingEvent.Finished(0, 30, true));
        assertEquals(3, Files.readAllLines(its).size());
    }

    private static Object fileKey(Path p) throws Exception {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Test
    void everyWriteReplacesTheFileWholeSoADeathMidWriteKeepsTheEarlierLines() throws Exception {
        Path run = dir.resolve("run");
        TrainingLogs logs = new TrainingLogs(run);
        Path epochs = run.resolve(TrainingLogs.EPOCH_LOG);
        Object before = fileKey(epochs);
        logs.onEvent(new TrainingEvent.Epoch(0, 3, -1, 2, 0.1, 0.5, 0.3, 0.4, 61.0, 122.0));
        Object after = fileKey(epochs);
        org.junit.jupiter.api.Assumptions.assumeTrue(before != null, "the file system gives no file identity to compare");
        // a new file renamed over the old one, not bytes appended in place: a kill leaves the old file or the new, whole
        assertTrue(!before.equals(after), "the epoch log was appended to in place");
        try (var left = Files.list(run)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void aHalfLineThatAPlainAppendLeftIsDroppedAndTheWholeLinesKept() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        String header = "epoch,critic_loss,wasserstein,gradient_penalty,generator_loss,classifier_real_loss,classifier_fake_loss,seconds\n";
        Path epochs = run.resolve(TrainingLogs.EPOCH_LOG);
        Files.writeString(epochs, header + "1,-1.00000,2.00000,0.100000,0.500000,0.300000,0.400000,61.0\n2,-0.9");
        // an iteration log cut inside its header gets the header again
        Files.writeString(run.resolve(TrainingLogs.ITERATION_LOG), "step,epo");
        TrainingLogs logs = new TrainingLogs(run);
        assertTrue(Files.readAllLines(run.resolve(TrainingLogs.ITERATION_LOG)).get(0).startsWith("step,epoch,batch,"));
        logs.onEvent(new TrainingEvent.Epoch(1, 3, -2, 3, 0.2, 0.6, 0.3, 0.4, 60.0, 122.0));
        List<String> lines = Files.readAllLines(epochs);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("1,-1.00000,2.00000,0.100000,0.500000,0.300000,0.400000,61.0", lines.get(1));
        assertTrue(lines.get(2).startsWith("2,-2.00000,3.00000,"), lines.get(2));
        assertTrue(Files.readString(epochs).endsWith("\n"));
    }
}
