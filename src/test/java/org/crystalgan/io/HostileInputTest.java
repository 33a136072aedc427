package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: inputs the other reader tests never tried. Each case failed (or was accepted silently)
 * before the fix it pins: empty structures, duplicated tags, non-isometric operations, Jackson's
 * own words, unbounded memory and work, and the CIF dialects pymatgen reads.
 */
class HostileInputTest {
    @TempDir Path dir;

    static final String CELL = "_cell_length_a 4.2112\n_cell_length_b 4.2112\n_cell_length_c 4.2112\n"
            + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
    static final String ATOMS = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

    static String mgo(String name) {
        return "data_" + name + "\n" + CELL + "_symmetry_space_group_name_H-M 'F m -3 m'\n" + ATOMS + "Mg1 Mg 0 0 0\nO1 O 0.5 0.5 0.5\n";
    }

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    StructureFormatException refused(Path f) {
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    static String json(String sites) {
        return "{\"lattice\": {\"matrix\": [[4.2,0,0],[0,4.2,0],[0,0,4.2]]}, \"sites\": [" + sites + "]}";
    }

    static String jsonSite(String el, double occ, double x) {
        return "{\"species\": [{\"element\": \"" + el + "\", \"occu\": " + occ + "}], \"abc\": [" + x + ", 0, 0]}";
    }

    // ------------------------------------------------------------------ (3) empty, duplicated, non-isometric, NaN, JSON words

    @Test
    void aStructureWithNoAtomsIsRefusedWithTheFileName() throws IOException {
        StructureFormatException e = refused(write("empty.json", json("")));
        assertTrue(e.getMessage().contains("no atoms"), e.getMessage());
    }

    @Test
    void writingWhatAFormatCannotHoldNamesTheFile() throws IOException {
        Structure empty = new Structure(Lattice.cubic(4), List.of());
        Path poscar = dir.resolve("empty.vasp");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.write(poscar, empty));
        assertTrue(e.getMessage().startsWith(poscar.toString()) && e.getMessage().contains("no atoms"), e.getMessage());
        assertFalse(Files.exists(poscar));
        Structure half = new Structure(Lattice.cubic(4), List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0), 0.5, "Mg1")));
        Path p2 = dir.resolve("POSCAR");
        StructureFormatException e2 = assertThrows(StructureFormatException.class, () -> StructureFiles.write(p2, half));
        assertTrue(e2.getMessage().startsWith(p2.toString()) && e2.getMessage().contains("partially occupied"), e2.getMessage());
    }

    @Test
    void aTagGivenTwiceWithDifferentValuesIsRefusedWithBothLines() throws IOException {
        StructureFormatException e = refused(write("dup.cif", mgo("MgO").replace("_cell_length_c 4.2112\n", "_cell_length_c 4.2112\n_cell_length_a 5.0\n")));
        assertEquals(5, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("_cell_length_a is given twice") && e.getMessage().contains("line 2"), e.getMessage());
        // the same value twice is harmless: read once, with a warning
        List<String> warnings = new ArrayList<>();
        Path same = write("same.cif", mgo("MgO").replace("_cell_length_c 4.2112\n", "_cell_length_c 4.2112\n_cell_length_a 4.2112\n"));
        assertEquals(8, StructureFiles.read(same, warnings::add).get(0).structure().size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("given twice")), warnings.toString());
        // a tag both single and looped, or in two loops
        StructureFormatException both = refused(write("both.cif", mgo("MgO") + "loop_\n_cell_length_b\n4.5\n4.6\n"));
        assertTrue(both.getMessage().contains("_cell_length_b is given both"), both.getMessage());
    }

    @Test
    void aSymmetryOperationThatIsNoIsometryIsRefused() throws IOException {
        String ops = "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\nx+y+z+1/2,y,z\n";
        String cif = "data_shear\n" + CELL + ops + ATOMS + "Mg1 Mg 0.1 0.2 0.3\n";
        StructureFormatException e = refused(write("shear.cif", cif));
        assertEquals(11, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("x+y+z+1/2,y,z") && e.getMessage().contains("does not keep distances"), e.getMessage());
        // a hexagonal three-fold axis on a cubic cell has a finite order but changes the cell's distances
        String hex = "data_hex\n" + CELL + "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n-y,x-y,z\n-x+y,-x,z\n" + ATOMS + "Mg1 Mg 0.1 0.2 0.3\n";
        StructureFormatException h = refused(write("hex.cif", hex));
        assertTrue(h.getMessage().contains("does not fit the cell"), h.getMessage());
        // the same operations on a hexagonal cell are fine
        String good = hex.replace("_cell_angle_gamma 90", "_cell_angle_gamma 120");
        assertEquals(3, StructureFiles.read(write("hexok.cif", good)).get(0).structure().size());
    }

    @Test
    void jsonErrorsAreSaidInAChemistsWords() throws IOException {
        String[][] cases = {
            {"trailing.json", json(jsonSite("Mg", 1, 0) + ","), "a value is missing"},
            {"comma.json", "{\"lattice\": {\"matrix\": [[4,0,0],[0,4,0],[0,0,4]],}, \"sites\": []}", "trailing comma"},
            {"quotes.json", "{'lattice': 1}", "single quotes are not JSON"},
            {"digits.json", "{\"lattice\": " + "1".repeat(1200) + "}", "more digits"},
            {"deep.json", "[".repeat(1500) + "]".repeat(1500), "nested more deeply"},
            {"cut.json", "{\"lattice\": {\"matrix\": [[4,0", "truncated"},
            {"word.json", "{\"lattice\": Mg}", "is not a JSON value"},
            {"nan.json", json("{\"species\": [{\"element\": \"Mg\", \"occu\": 1}], \"abc\": [NaN, 0, 0]}"), "NaN, not a number"},
        };
        for (String[] c : cases) {
            StructureFormatException e = refused(write(c[0], c[1]));
            String m = e.getMessage();
            assertTrue(m.contains(c[2]), c[0] + ": " + m);
            for (String jackson : new String[] {"StreamReadConstraints", "JsonReadFeature", "`", "Feature", "[Source"}) {
                assertFalse(m.contains(jackson), c[0] + " shows Jackson's words: " + m);
            }
        }
    }

    // ------------------------------------------------------------------ (1) bounded memory, early limits

    @Test
    void aMillionRowAtomLoopIsRefusedAsSoonAsItPassesTheSiteLimit() throws IOException {
        Path f = dir.resolve("million.cif");
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("data_big\n" + CELL + ATOMS);
            for (int i = 0; i < 1_000_000; i++) w.write("Mg" + i + " Mg 0.1 0.2 0.3\n");
        }
        long t0 = System.nanoTime();
        StructureFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(f));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("more than 5000 rows"), e.getMessage());
        assertEquals(8, e.line(), e.getMessage());
        System.out.println("1,000,000-row atom loop (" + Files.size(f) / 1_000_000 + " MB) refused in " + ms + " ms");
    }

    /**
     * The files of the issue, each just under the 100 MB limit, read in a JVM with a 512 MB heap:
     * every one is read or refused with a message, none runs out of memory.
     */
    @Test
    void filesUnderTheSizeLimitAreReadOrRefusedInA512MegabyteHeap() throws Exception {
        Path comment = dir.resolve("comment.cif"), quoted = dir.resolve("quoted.cif"), text = dir.resolve("text.cif"), rows = dir.resolve("rows.cif");
        byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(comment)) {
            out.write("#".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 99; i++) out.write(chunk);
            out.write(("\n" + mgo("MgO")).getBytes(StandardCharsets.US_ASCII));
        }
        try (var out = Files.newOutputStream(quoted)) {
            out.write((mgo("MgO") + "_publ_section_title '").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 99; i++) out.write(chunk);
            out.write("'\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (var out = Files.newOutputStream(text)) {
            out.write((mgo("MgO") + "_publ_section_title\n;\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("y".repeat(99) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 990_000; i++) out.write(line);
            out.write(";\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (Writer w = Files.newBufferedWriter(rows)) {
            w.write("data_big\n" + CELL + ATOMS);
            for (int i = 0; i < 1_000_000; i++) w.write("Mn" + i + " Mn 0.12345 0.23456 0.34567\n");
        }
        Path values = dir.resolve("values.json"), poscar = dir.resolve("long.vasp");
        try (var out = Files.newOutputStream(values)) {
            out.write("{\"lattice\": {\"matrix\": [[4,0,0],[0,4,0],[0,0,4]]}, \"junk\": [0".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = ",0".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 94; i++) out.write(zeros);
            out.write("], \"sites\": []}".getBytes(StandardCharsets.US_ASCII));
        }
        try (var out = Files.newOutputStream(poscar)) {
            for (int i = 0; i < 99; i++) out.write(chunk);
            out.write("\n1.0\n4 0 0\n0 4 0\n0 0 4\nMg\n1\nDirect\n0 0 0\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ReadInSmallHeap.class.getName(), comment.toString(), quoted.toString(), text.toString(), rows.toString(), values.toString(),
                poscar.toString())
                .redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child JVM did not finish in 120 s");
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
        System.out.print(out);
        List<String> lines = out.lines().filter(l -> l.contains(".cif\t") || l.contains(".json\t") || l.contains(".vasp\t")).toList();
        assertEquals(6, lines.size(), out);
        assertTrue(lines.get(0).startsWith("comment.cif") && lines.get(0).endsWith("read 1"), out);
        assertTrue(lines.get(1).startsWith("quoted.cif") && lines.get(1).contains("refused") && lines.get(1).contains("longer than"), out);
        assertTrue(lines.get(2).startsWith("text.cif") && lines.get(2).endsWith("read 1"), out);
        assertTrue(lines.get(3).startsWith("rows.cif") && lines.get(3).contains("refused") && lines.get(3).contains("more than 5000 rows"), out);
        assertTrue(lines.get(4).startsWith("values.json") && lines.get(4).contains("more than 2000000 JSON values"), out);
        assertTrue(lines.get(5).startsWith("long.vasp") && lines.get(5).endsWith("read 1"), out);
        assertFalse(out.contains("OOM") || out.contains("OutOfMemoryError"), out);
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedAndALongCommentIsSkipped() throws IOException {
        String longValue = "x".repeat(CifParser.MAX_LINE_CHARS + 10);
        StructureFormatException e = refused(write("long.cif", mgo("MgO").replace("_cell_angle_gamma 90\n", "_cell_angle_gamma 90\n_publ_title '" + longValue + "'\n")));
        assertTrue(e.getMessage().contains("line 8") && e.getMessage().contains("longer than"), e.getMessage());
        Path comment = write("comment.cif", "#" + longValue + "\n" + mgo("MgO"));
        assertEquals(8, StructureFiles.read(comment).get(0).structure().size());
    }

    @Test
    void loopsAStructureDoesNotNeedAreCheckedButNotKept() throws IOException {
        StringBuilder refl = new StringBuilder("loop_\n_refln_index_h\n_refln_index_k\n_refln_index_l\n_refln_F_squared_meas\n");
        for (int i = 0; i < 200_000; i++) refl.append(i % 20).append(' ').append(i % 7).append(' ').append(i % 3).append(" 12.5\n");
        Path f = write("refl.cif", mgo("MgO") + refl);
        assertEquals(8, StructureFiles.read(f).get(0).structure().size());
        // a row cut short is still found in a loop that is not kept
        StructureFormatException e = refused(write("reflcut.cif", mgo("MgO") + refl + "1 2\n"));
        assertTrue(e.getMessage().contains("row is incomplete"), e.getMessage());
    }

    // ------------------------------------------------------------------ (2) bounded work

    @Test
    void aCellLongerThanAnyCrystalIsRefused() throws IOException {
        StructureFormatException e = refused(write("huge.cif", mgo("MgO").replace("_cell_length_a 4.2112", "_cell_length_a 2147483648")));
        assertTrue(e.getMessage().contains("cell edge a") && e.getMessage().contains("longer than any crystal cell"), e.getMessage());
    }

    @Test
    void manySitesOnAFewPositionsAreRefusedQuickly() throws IOException {
        StringBuilder sites = new StringBuilder();
        for (int i = 0; i < 1600; i++) sites.append(i > 0 ? "," : "").append(jsonSite("Mg", 1, (i % 4) / 4.0));
        Path f = write("pile.json", "{\"lattice\": {\"matrix\": [[40,0,0],[0,40,0],[0,0,40]]}, \"sites\": [" + sites + "]}");
        StructureFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(f));
        assertTrue(e.getMessage().contains("sit on one position"), e.getMessage());
        // the same number of atoms squeezed into a tiny cell
        Path dense = write("dense.json", "{\"lattice\": {\"matrix\": [[1,0,0],[0,1,0],[0,0,1]]}, \"sites\": ["
                + jsonSite("Mg", 1, 0) + "," + jsonSite("Mg", 1, 0.5) + "]}");
        assertTrue(refused(dense).getMessage().contains("denser than any solid"));
    }

    // ------------------------------------------------------------------ (6) dialects pymatgen reads

    @Test
    void blockNamesWithCommasAndDotCoordinatesRead() throws IOException {
        List<String> warnings = new ArrayList<>();
        Path f = write("fullprof.cif", mgo("Mg,O,phase_1").replace("Mg1 Mg 0 0 0", "Mg1 Mg 0 0 ."));
        List<NamedStructure> l = StructureFiles.read(f, warnings::add);
        assertEquals(Composition.parse("Mg4O4"), l.get(0).structure().composition());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("'.'") && w.contains("read as 0")), warnings.toString());
    }

    @Test
    void aLaterBadBlockDoesNotSinkTheGoodFirstBlock() throws IOException {
        List<String> warnings = new ArrayList<>();
        String bad = mgo("broken").replace("O1 O 0.5 0.5 0.5\n", "O1 O 0.5 0.5\n");
        Path f = write("multi.cif", mgo("good") + bad + mgo("third"));
        List<NamedStructure> l = StructureFiles.read(f, warnings::add);
        assertEquals(List.of("good", "third"), l.stream().map(NamedStructure::name).toList());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("data_broken") && w.contains("left out") && w.contains("row is incomplete")),
                warnings.toString());
        // a block that parses but cannot be built is left out the same way
        Path g = write("multi2.cif", mgo("good") + mgo("nocell").replace("_cell_length_b 4.2112\n", ""));
        assertEquals(1, StructureFiles.read(g).size());
        // when no block survives, the first problem is the file's error
        assertTrue(refused(write("allbad.cif", bad)).getMessage().contains("row is incomplete"));
    }

    @Test
    void oldMacLineEndingsAndUtf16Read() throws IOException {
        Path cr = dir.resolve("cr.cif");
        Files.writeString(cr, mgo("MgO").replace("\n", "\r"));
        assertEquals(8, StructureFiles.read(cr).get(0).structure().size());
        Path u16 = dir.resolve("u16.cif");
        Files.write(u16, ("\uFEFF" + mgo("MgO")).getBytes(StandardCharsets.UTF_16LE));
        assertEquals(8, StructureFiles.read(u16).get(0).structure().size());
        // a CR-only file with a text field: the field ends at its closing ';' line
        Path crText = dir.resolve("crtext.cif");
        Files.writeString(crText, mgo("MgO").replace("_cell_angle_gamma 90\n", "_cell_angle_gamma 90\n_publ_section_title\n;\nA title\n;\n").replace("\n", "\r"));
        assertEquals(8, StructureFiles.read(crText).get(0).structure().size());
    }

    @Test
    void occupanciesOnOnePositionAddUpToAtMostOne() throws IOException {
        String occ = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n";
        String base = "data_x\n" + CELL + "_symmetry_space_group_name_H-M 'F m -3 m'\n" + occ;
        StructureFormatException e = refused(write("over.cif", base + "Mg1 Mg 0 0 0 0.6\nMn1 Mn 0 0 0 0.6\nO1 O 0.5 0.5 0.5 1\n"));
        assertTrue(e.getMessage().contains("total occupancy 1.2"), e.getMessage());
        List<String> warnings = new ArrayList<>();
        Structure s = StructureFiles.read(write("round.cif", base + "Mg1 Mg 0 0 0 0.52\nMn1 Mn 0 0 0 0.5\nO1 O 0.5 0.5 0.5 1\n"), warnings::add)
                .get(0).structure();
        double total = s.sites().stream().filter(x -> x.frac().equals(new Vec3(0, 0, 0))).mapToDouble(Site::occupancy).sum();
        assertEquals(1.0, total, 1e-9);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("scaled")), warnings.toString());
        // so the JSON written from it is one that pymatgen loads, and a JSON site above 1 is refused as pymatgen refuses it
        Path out = dir.resolve("round.json");
        StructureFiles.write(out, s);
        assertEquals(s.size(), StructureFiles.read(out).get(0).structure().size());
        String two = "{\"species\": [{\"element\": \"Mg\", \"occu\": 0.7}, {\"element\": \"Mn\", \"occu\": 0.5}], \"abc\": [0, 0, 0]}";
        assertTrue(refused(write("over.json", json(two))).getMessage().contains("add up to 1.2"));
    }
}
