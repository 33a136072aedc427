package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --separation-layer [SWEEPS] --separation-floors CA,CC,AA}: recorded, switchable on resume, misuse refused in words. */
class TrainSeparationLayerTest {
    @TempDir
    Path tmp;

    private static JsonNode config(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("checkpoint.json").toFile()).path("config");
    }

    @Test
    void theLayerIsRecordedSwitchedAndCheckedInWords() throws Exception {
        Path npy = org.crystalgan.workflow.TinyTrainingSet.write(tmp.resolve("tiny.npy"));
        Path run = tmp.resolve("run");
        CliRun t = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", run.toString(), "--separation-layer");
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("the generator ends in a separation layer: up to 100 sweeps, floors 1.70 Å cation-anion, 2.50 Å"
                + " cation-cation, 2.10 Å anion-anion"), t.out());
        JsonNode c = config(run);
        assertEquals(100, c.path("separationSweeps").asInt());
        assertEquals(1.7, c.path("separationCationAnion").asDouble());
        assertEquals(2.5, c.path("separationCationCation").asDouble());
        assertEquals(2.1, c.path("separationAnionAnion").asDouble());

        CliRun floors = CliRun.of("train", "--data", npy.toString(), "--epochs", "2", "--out", run.toString(), "--resume",
                "--separation-layer", "40", "--separation-floors", "1.8,2.6,2.2");
        assertEquals(0, floors.status(), floors.err());
        c = config(run);
        assertEquals(40, c.path("separationSweeps").asInt());
        assertEquals(2.6, c.path("separationCationCation").asDouble());

        CliRun off = CliRun.of("train", "--data", npy.toString(), "--epochs", "3", "--out", run.toString(), "--resume",
                "--separation-layer", "0");
        assertEquals(0, off.status(), off.err());
        assertEquals(0, config(run).path("separationSweeps").asInt(), "switched off from here on");

        CliRun two = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("a").toString(),
                "--separation-layer", "--separation-floors", "1.8,2.6");
        assertEquals(1, two.status());
        assertTrue(two.err().contains("--separation-floors takes three numbers"), two.err());
        CliRun big = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("b").toString(),
                "--separation-layer", "5000");
        assertEquals(1, big.status());
        assertTrue(big.err().contains("--separation-layer takes 0 (off) to 1000 sweeps (got 5000)"), big.err());
        CliRun alone = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("c").toString(),
                "--separation-floors", "1.8,2.6,2.2");
        assertEquals(1, alone.status());
        assertTrue(alone.err().contains("--separation-floors needs --separation-layer"), alone.err());
        CliRun wide = CliRun.of("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("d").toString(),
                "--separation-layer", "--separation-floors", "1.8,6,2.2");
        assertEquals(1, wide.status());
        assertTrue(wide.err().contains("at most 4 Å (got 6.0)"), wide.err());
    }
}
