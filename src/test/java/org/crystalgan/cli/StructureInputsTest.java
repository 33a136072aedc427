package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.io.StructureFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screening commands read folders through workflow.StructureSources and still print their skipped files as before. */
class StructureInputsTest {
    @TempDir
    Path dir;

    @Test
    void skippedFilesKeepTheirWording() throws Exception {
        Files.copy(Path.of("samples", "MgO_periclase.cif"), dir.resolve("a_MgO.cif"));
        Files.writeString(dir.resolve("b_broken.cif"), "data_x\n_cell_length_a 3\n");
        Files.writeString(dir.resolve("c_notes.txt"), "not a structure");
        CliRun r = CliRun.of("validate", dir.toString());
        List<String> skipped = r.err().lines().filter(l -> l.startsWith("skipped: ")).toList();
        assertEquals(2, skipped.size(), r.err());
        // the reader's own message, which names the file with its path
        assertTrue(skipped.get(0).contains(dir.resolve("b_broken.cif").toString()), skipped.get(0));
        assertEquals("skipped: c_notes.txt: not a readable structure file (" + StructureFormat.supported() + ")", skipped.get(1));
        assertTrue(r.out().contains("a_MgO") || r.out().contains("MgO"), r.out());
    }
}
