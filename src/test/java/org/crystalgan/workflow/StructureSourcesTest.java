package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.encoding.Representation;
import org.crystalgan.io.FolderReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructureSourcesTest {
    @TempDir
    Path dir;

    private void folder() throws Exception {
        Files.copy(Path.of("samples", "MgO_periclase.cif"), dir.resolve("b_MgO.cif"));
        Files.copy(Path.of("samples", "MgMn2O4_spinel.cif"), dir.resolve("a_spinel.cif"));
        Files.writeString(dir.resolve("c_broken.cif"), "data_x\n_cell_length_a 3\n");
        Files.writeString(dir.resolve("notes.txt"), "not a structure");
        Files.writeString(dir.resolve(DatasetBuilder.MP_INDEX), "material_id,formula\n");
        Files.writeString(dir.resolve(".hidden.cif"), "garbage");
        Files.createDirectory(dir.resolve("sub"));
        Files.copy(Path.of("samples", "MgO_periclase.cif"), dir.resolve("sub").resolve("MgO.cif"));
    }

    @Test
    void oneFolderReaderForEveryFace() throws Exception {
        folder();
        StructureSources.Folder f = StructureSources.readFolder(dir, false, Progress.NONE);
        // file-name order, hidden files and sub-folders passed over
        assertEquals(2, f.structures().size());
        assertTrue(f.structures().get(0).source().endsWith("a_spinel.cif"), f.structures().toString());
        List<String> lines = f.skipped().stream().map(StructureSources.Skipped::line).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("c_broken.cif: "), lines.toString());
        assertEquals(StructureSources.Kind.UNREADABLE, f.skipped().get(0).kind());
        assertEquals(StructureSources.Kind.NOT_A_STRUCTURE_FILE, f.skipped().get(2).kind());
        assertTrue(f.skipped().get(0).message().contains("c_broken.cif"), "the reader's own message names the file");

        FolderReadResult r = StructureSources.readFolder(dir);
        assertEquals(lines, r.skipped());

        // the dataset builder reads folders through it, without the Materials Project index
        DatasetBuilder.SourceContents c = DatasetService.builder(new DatasetBuilder.Options(Representation.MG_MN_O, 0, 1, false)).read(dir);
        assertEquals(2, c.structures().size());
        assertEquals(List.of("c_broken.cif", "notes.txt"), c.unreadable().stream().map(DatasetBuilder.Skipped::name).toList());
    }

    @Test
    void exactlyOneStructureOrAClearRefusal() throws Exception {
        folder();
        assertEquals("MgO", StructureSources.readOne(dir.resolve("b_MgO.cif").toString()).structure().composition().reducedFormula());
        InputException e = assertThrows(InputException.class, () -> StructureSources.readOne(dir.resolve("nothing.cif").toString()));
        assertTrue(e.getMessage().contains("nothing.cif: no such file"), e.getMessage());
        assertThrows(InputException.class, () -> StructureSources.readFolder(dir.resolve("notes.txt"), false, Progress.NONE));
    }

    @Test
    void samplesAreReadFromTheBuild() throws Exception {
        FolderReadResult r = StructureSources.readSamples(Progress.NONE);
        assertEquals(8, r.structures().size(), r.skipped().toString());
        assertTrue(r.skipped().isEmpty(), r.skipped().toString());
    }
}
