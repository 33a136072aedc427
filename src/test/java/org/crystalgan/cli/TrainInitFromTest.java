package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --init-from}: a new run from another run's networks, with its own options; misuse refused in words. */
class TrainInitFromTest {
    @TempDir
    Path tmp;

    @Test
    void newRunFromACheckpointRecordsItsSourceAndRefusesMisuse() throws Exception {
        Path npy = org.crystalgan.workflow.TinyTrainingSet.write(tmp.resolve("tiny.npy"));
        Path src = tmp.resolve("src");
        CliRun first = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", src.toString());
        assertEquals(0, first.status(), first.err());
        long srcStep = new ObjectMapper().readTree(src.resolve("checkpoint.json").toFile()).path("step").asLong();

        Path dst = tmp.resolve("dst");
        CliRun t = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", dst.toString(), "--init-from", src.toString(),
                "--distance-penalty", "2", "--volume-penalty", "50", "--volume-per-atom", "10.1,14.9", "--critic-steps", "1",
                "--cation-cation-floor", "2.5", "--penalty-moves-atoms-only");
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("new run from the networks of " + src + " (iteration " + srcStep + ")"), t.out());
        assertTrue(t.out().contains("short-distance penalty on the generator: weight 2.00, floor 1.80 Å, cation-cation 2.50 Å;"
                + " it moves atoms only"), t.out());
        JsonNode h = new ObjectMapper().readTree(dst.resolve("checkpoint.json").toFile());
        assertEquals(srcStep, h.at("/initFrom/step").asLong());
        assertEquals(src.toAbsolutePath().normalize().toString(), h.at("/initFrom/checkpoint").asText());
        assertEquals(2.0, h.at("/config/distancePenaltyWeight").asDouble());
        assertEquals(1.8, h.at("/config/distanceFloor").asDouble());
        assertEquals(50.0, h.at("/config/volumePenaltyWeight").asDouble());
        assertEquals(10.1, h.at("/config/volumePerAtomMin").asDouble());
        assertEquals(1, h.at("/config/criticSteps").asInt());
        assertEquals(2.5, h.at("/config/cationCationFloor").asDouble());
        assertTrue(h.at("/config/distancePenaltyAtomsOnly").asBoolean());
        assertEquals(0.0, h.at("/config/anionAnionFloor").asDouble(), "O-O pairs keep --distance-floor");
        assertEquals(1, h.path("epoch").asInt(), "a new run: its own epochs, from 0");

        CliRun both = CliRun.of("train", "--data", npy.toString(), "--epochs", "2", "--out", dst.toString(), "--init-from", src.toString(), "--resume");
        assertEquals(1, both.status());
        assertTrue(both.err().contains("--init-from starts a new run and --resume continues one"), both.err());
        CliRun again = CliRun.of("train", "--data", npy.toString(), "--epochs", "2", "--out", dst.toString(), "--init-from", src.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("already holds a checkpoint"), again.err());
        Path none = tmp.resolve("none");
        CliRun missing = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("x").toString(), "--init-from", none.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains(none + ": no checkpoint to start from"), missing.err());
        assertFalse(Files.exists(tmp.resolve("x").resolve("checkpoint.json")));
    }
}
