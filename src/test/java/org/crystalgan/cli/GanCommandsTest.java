package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.encoding.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) { return CliRun.of(args); }

    private Path tinyNpy() {
        return org.crystalgan.workflow.TinyTrainingSet.write(tmp.resolve("tiny.npy"));
    }

    @Test
    void trainExportGenerateAndBadInput() throws Exception {
        Path npy = tinyNpy();
        Path run = tmp.resolve("run");
        CliRun t = run("train", "--data", npy.toString(), "--epochs", "1", "--out", run.toString());
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("2 batches per epoch"), t.out());
        assertTrue(Files.exists(run.resolve("checkpoint.json")));
        assertEquals(2, Files.readAllLines(run.resolve("training-log.csv")).size());

        // a second train into the same folder without --resume refuses and leaves the checkpoint alone
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.json"));
        CliRun again = run("train", "--data", npy.toString(), "--epochs", "1", "--out", run.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("--resume"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve("checkpoint.json"))));

        Path model = tmp.resolve("model");
        assertEquals(0, run("export-model", "--checkpoint", run.toString(), "--out", model.toString()).status());
        long bytes;
        try (var s = Files.list(model)) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 25L << 20, "model folder " + bytes + " bytes");

        Path gen = tmp.resolve("gen");
        CliRun g = run("generate", "--composition", "Mg2Mn4O8", "--count", "2", "--out", gen.toString(), "--model",
                model.toString(), "--seed", "5", "--max-tries", "3000");
        assertEquals(0, g.status(), g.err());
        List<String> rows = Files.readAllLines(gen.resolve("summary.csv"));
        assertEquals("file,formula,matches_target,min_distance_A,volume_A3", rows.get(0));
        for (String row : rows.subList(1, rows.size())) assertTrue(Files.exists(gen.resolve(row.split(",")[0])), row);

        CliRun bad = run("generate", "--composition", "Mg9Mn2O4", "--count", "2", "--out", gen.toString(), "--model", model.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("error: ") && bad.err().contains("Mg"), bad.err());
        assertEquals(1, run("train", "--data", npy.toString(), "--epochs", "1", "--out", tmp.resolve("none").toString(), "--resume").status());
        Path wrong = tmp.resolve("wrong.npy");
        Npy.writeFloat32(wrong, new int[] {2, 5}, new float[10]);
        CliRun w = run("train", "--data", wrong.toString(), "--epochs", "1", "--out", tmp.resolve("w").toString());
        assertEquals(1, w.status());
        assertTrue(w.err().contains("(n, 30, 3)"), w.err());
    }
}
