package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gives a {@link StructureFormatException} whose message names the file, the line and
 * the problem, never a stack trace or a half-read structure.
 */
class MalformedInputTest {
    @TempDir
    Path dir;

    private static final String GOOD = String.join("\n",
            "data_MgO",                              // 1
            "_cell_length_a 4.2112",                 // 2
            "_cell_length_b 4.2112",                 // 3
            "_cell_length_c 4.2112",                 // 4
            "_cell_angle_alpha 90",                  // 5
            "_cell_angle_beta 90",                   // 6
            "_cell_angle_gamma 90",                  // 7
            "_symmetry_space_group_name_H-M 'F m -3 m'", // 8
            "loop_",                                 // 9
            "_atom_site_label",                      // 10
            "_atom_site_type_symbol",                // 11
            "_atom_site_fract_x",                    // 12
            "_atom_site_fract_y",                    // 13
            "_atom_site_fract_z",                    // 14
            "Mg1 Mg 0 0 0",                          // 15
            "O1 O 0.5 0.5 0.5",                      // 16
            "");

    private StructureFormatException failure(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
    }

    private static void assertNames(StructureFormatException e, String file, int line, String problem) {
        String m = e.getMessage();
        assertTrue(m.contains(file), m);
        if (line > 0) {
            assertEquals(line, e.line(), m);
            assertTrue(m.contains("line " + line), m);
        }
        assertTrue(m.contains(problem), m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    @Test
    void goodFileReads() throws IOException {
        Path f = dir.resolve("good.cif");
        Files.writeString(f, GOOD);
        assertEquals(8, StructureFiles.read(f).get(0).structure().size());
    }

    @Test
    void windowsLineEndingsByteOrderMarkAndLatin1AreFine() throws IOException {
        Path f = dir.resolve("windows.cif");
        byte[] text = GOOD.replace("\n", "\r\n").replace("data_MgO", "data_MgO\r\n_publ_author_name 'M\u00fcller'")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[text.length + 3];
        all[0] = (byte) 0xef;
        all[1] = (byte) 0xbb;
        all[2] = (byte) 0xbf;
        System.arraycopy(text, 0, all, 3, text.length);
        Files.write(f, all);
        assertEquals(8, StructureFiles.read(f).get(0).structure().size());
    }

    @Test
    void truncatedInsideALoopRow() throws IOException {
        String cut = GOOD.substring(0, GOOD.indexOf("O1 O 0.5") + "O1 O 0.5".length());
        assertNames(failure("cut.cif", cut), "cut.cif", 16, "row is incomplete");
    }

    @Test
    void truncatedInsideATextField() throws IOException {
        assertNames(failure("cut_text.cif", "data_x\n_publ_section_title\n;\nA title that never ends\n"), "cut_text.cif", 3,
                "never closed");
    }

    @Test
    void truncatedAfterATag() throws IOException {
        assertNames(failure("cut_tag.cif", "data_x\n_cell_length_a 4.2\n_cell_length_b"), "cut_tag.cif", 3, "without its value");
    }

    @Test
    void unclosedQuoteIsReadAsPymatgenReadsItWithAWarning() throws IOException {
        // pymatgen opens such files; an item's value runs to the end of its line, a loop value loses the stray quote
        Path f = dir.resolve("quote.cif");
        Files.writeString(f, GOOD.replace("'F m -3 m'", "'F m -3 m").replace("Mg1 Mg 0 0 0", "'Mg1 Mg 0 0 0"));
        java.util.List<String> warnings = new java.util.ArrayList<>();
        assertEquals(8, StructureFiles.read(f, warnings::add).get(0).structure().size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("line 8") && w.contains("not closed")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("line 15") && w.contains("not closed")), warnings.toString());
    }

    @Test
    void missingCell() throws IOException {
        String noCell = GOOD.replaceAll("_cell_length_[abc] 4.2112\n", "");
        assertNames(failure("nocell.cif", noCell), "nocell.cif", 1, "missing cell");
    }

    @Test
    void missingOneCellLength() throws IOException {
        assertNames(failure("nob.cif", GOOD.replace("_cell_length_b 4.2112\n", "")), "nob.cif", 1, "_cell_length_b");
    }

    @Test
    void unknownCellValue() throws IOException {
        assertNames(failure("q.cif", GOOD.replace("_cell_length_c 4.2112", "_cell_length_c ?")), "q.cif", 4, "unknown");
    }

    @Test
    void unknownElement() throws IOException {
        assertNames(failure("xx.cif", GOOD.replace("Mg1 Mg 0 0 0", "Xx1 Xx 0 0 0")), "xx.cif", 15, "unknown element 'Xx'");
    }

    @Test
    void unparsableNumber() throws IOException {
        StructureFormatException e = failure("num.cif", GOOD.replace("_cell_length_a 4.2112", "_cell_length_a 4.21l2"));
        assertNames(e, "num.cif", 2, "'4.21l2' is not a number (_cell_length_a)");
        StructureFormatException c = failure("coord.cif", GOOD.replace("O1 O 0.5 0.5 0.5", "O1 O 0.5 0,5 0.5"));
        assertNames(c, "coord.cif", 16, "'0,5' is not a number");
    }

    @Test
    void emptyLoop() throws IOException {
        String empty = GOOD.substring(0, GOOD.indexOf("Mg1 Mg")) + "loop_\n_geom_bond_distance\n";
        assertNames(failure("empty.cif", empty), "empty.cif", 9, "empty loop");
    }

    @Test
    void binaryJunk() throws IOException {
        Path f = dir.resolve("junk.cif");
        byte[] head = "data_x\n_cell_length_a 4\n".getBytes(StandardCharsets.US_ASCII);
        byte[] junk = new byte[200];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 37 + 11);
        byte[] all = new byte[head.length + junk.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(junk, 0, all, head.length, junk.length);
        Files.write(f, all);
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertNames(e, "junk.cif", 3, "binary data");
    }

    @Test
    void aOneGigabyteFileIsRefusedWithoutBeingRead() throws IOException {
        Path f = dir.resolve("huge.cif");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(1L << 30); // sparse: costs no disk and no time
        }
        long t0 = System.nanoTime();
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNames(e, "huge.cif", 0, "1.0 GB, above the 100.0 MB limit");
        assertTrue(ms < 2000, "refused in " + ms + " ms");
    }

    @Test
    void emptyFileAndNoStructure() throws IOException {
        assertNames(failure("empty_file.cif", ""), "empty_file.cif", 0, "empty");
        assertNames(failure("words.cif", "# only a comment\ndata_x\n_journal_name 'Nature'\n"), "words.cif", 2, "no crystal structure");
    }

    @Test
    void impossibleCell() throws IOException {
        assertNames(failure("flat.cif", GOOD.replace("_cell_angle_gamma 90", "_cell_angle_gamma 180")), "flat.cif", 2, "impossible cell");
    }

    @Test
    void badSymmetryOperation() throws IOException {
        String bad = GOOD.replace("_symmetry_space_group_name_H-M 'F m -3 m'", "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x,y'");
        assertNames(failure("op.cif", bad), "op.cif", 11, "symmetry operation");
    }

    @Test
    void unknownExtension() throws IOException {
        assertNames(failure("MgO.pdb", GOOD), "MgO.pdb", 0, "unknown structure format");
    }

    @Test
    void badPoscar() throws IOException {
        String poscar = "MgO\n1.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg O\n1 1\nDirect\n0 0 0\n";
        assertNames(failure("POSCAR", poscar), "POSCAR", 10, "expected 2 atom positions, found 1");
        assertNames(failure("bad.vasp", poscar.replace("4.2 0 0", "4.2 zero 0")), "bad.vasp", 3, "'zero' is not a number");
        assertNames(failure("el.vasp", poscar.replace("Mg O", "Mg Qq")), "el.vasp", 6, "unknown element 'Qq'");
        assertNames(failure("v4.vasp", poscar.replace("Mg O\n", "").replace("MgO", "my cell")), "v4.vasp", 0, "species");
    }

    @Test
    void badJson() throws IOException {
        assertNames(failure("bad.json", "{\"lattice\": {\"matrix\": [[1,0,0],[0,1,0]]}, \"sites\": []}"), "bad.json", 0,
                "lattice.matrix");
        assertNames(failure("broken.json", "{\n\"lattice\": \n"), "broken.json", 0, "not valid JSON");
        assertNames(failure("el.json", "{\"lattice\": {\"matrix\": [[3,0,0],[0,3,0],[0,0,3]]}, \"sites\": [{\"species\": "
                + "[{\"element\": \"Qq\", \"occu\": 1}], \"abc\": [0,0,0]}]}"), "el.json", 0, "unknown element 'Qq'");
    }
}
