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
}
