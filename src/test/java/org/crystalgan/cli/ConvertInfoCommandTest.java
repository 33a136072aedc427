package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.crystal.Composition;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert} and {@code info} through {@link Main#run}: output, exit status, one-line errors. */
class ConvertInfoCommandTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    static String resource(String name) {
        try {
            return Path.of(ConvertInfoCommandTest.class.getResource("/org/crystalgan/io/cif/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void infoPrintsFormulaLatticeVolumeDensitySitesAndShortestDistance() {
        Result r = run("info", resource("cod_hausmannite.cif"));
        assertEquals(0, r.status(), r.err());
        // values from pymatgen 2022.11 on the same file: density 4.834 g/cm³, Mn3+-O 1.929 Å
        assertTrue(r.out().contains("formula:           Mn3O4 (cell: Mn12O16)"), r.out());
        assertTrue(r.out().contains("a = 5.76210  b = 5.76210  c = 9.46960 Å"), r.out());
        assertTrue(r.out().contains("α = 90.0000  β = 90.0000  γ = 90.0000°"), r.out());
        assertTrue(r.out().contains("volume:            314.4077 Å³"), r.out());
        assertTrue(r.out().contains("density:           4.8339 g/cm³"), r.out());
        assertTrue(r.out().contains("sites:             28"), r.out());
        assertTrue(r.out().contains("shortest distance: 1.9292 Å (Mn-O)"), r.out());
        assertTrue(r.out().contains("space group:       I4_1/amd (141), tolerance 0.10 Å"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void infoOnSeveralBlocksAndOnDisorder() {
        Result r = run("info", resource("multi_block.cif"));
        assertEquals(0, r.status());
        assertTrue(r.out().contains("structure:         MgO") && r.out().contains("structure:         MnO"), r.out());
        Result d = run("info", resource("partial_occupancy.cif"));
        assertEquals(0, d.status());
        assertTrue(d.out().contains("disordered"), d.out());
        assertTrue(d.out().contains("shortest distance: 2.1650 Å"), "Mg/Mn sharing a site is no 0 Å pair: " + d.out());
        assertTrue(d.out().contains("space group:       not determined: the structure is disordered"), d.out());
        assertTrue(d.err().startsWith("warning: ") && d.err().contains("partially occupied"), d.err());
    }

    @Test
    void convertWritesEveryFormatAndTheResultReadsBack() throws IOException {
        for (String name : new String[] {"h.cif", "h.json", "POSCAR", "h.vasp"}) {
            Path out = dir.resolve(name);
            Result r = run("convert", resource("cod_hausmannite.cif"), out.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals("wrote " + out + " (Mn12O16, 28 sites)\n", r.out().replace("\r\n", "\n"));
            assertEquals(Composition.parse("Mn12O16"), StructureFiles.read(out).get(0).structure().composition());
        }
        Path xyz = dir.resolve("h.xyz");
        assertEquals(0, run("convert", resource("cod_hausmannite.cif"), xyz.toString()).status());
        assertEquals("28", Files.readAllLines(xyz).get(0));
    }

    @Test
    void convertSeveralBlocks() throws IOException {
        Path cif = dir.resolve("both.cif");
        assertEquals(0, run("convert", resource("multi_block.cif"), cif.toString()).status());
        assertEquals(2, StructureFiles.read(cif).size());
        Path json = dir.resolve("both.json");
        assertEquals(0, run("convert", resource("multi_block.cif"), json.toString()).status());
        assertEquals(2, StructureFiles.read(json).size());
        Path poscar = dir.resolve("POSCAR");
        Result r = run("convert", resource("multi_block.cif"), poscar.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("--block"), r.err());
        assertEquals(0, run("convert", "--block", "MnO", resource("multi_block.cif"), poscar.toString()).status());
        assertEquals(Composition.parse("Mn4O4"), StructureFiles.read(poscar).get(0).structure().composition());
    }

    @Test
    void vasp4NeedsSpecies() throws IOException {
        Path v4 = dir.resolve("POSCAR");
        Files.writeString(v4, "rock salt\n4.2112\n1 0 0\n0 1 0\n0 0 1\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        Result bad = run("convert", v4.toString(), dir.resolve("x.cif").toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("--species"), bad.err());
        Result ok = run("convert", "--species", "Mg,O", v4.toString(), dir.resolve("x.cif").toString());
        assertEquals(0, ok.status(), ok.err());
        assertEquals(4.2112, StructureFiles.read(dir.resolve("x.cif")).get(0).structure().lattice().a(), 1e-9);
    }

    @Test
    void userErrorsExitOneWithOneLineNamingFileAndProblem() throws IOException {
        Path bad = dir.resolve("bad.cif");
        Files.writeString(bad, "data_x\n_cell_length_a 4.2\n_cell_length_b 4.2\n_cell_length_c four\nloop_\n_atom_site_label\n"
                + "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nMg1 0 0 0\n");
        Result r = run("info", bad.toString());
        assertEquals(1, r.status());
        assertEquals("error: " + bad + ", line 4: data_x: 'four' is not a number (_cell_length_c)\n", r.err().replace("\r\n", "\n"));
        assertEquals("", r.out());

        Result missing = run("info", dir.resolve("nothing.cif").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("nothing.cif: no such file"), missing.err());

        Result unknown = run("convert", bad.toString(), dir.resolve("x.docx").toString());
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("x.docx: unknown structure format"), unknown.err());
        assertFalse(unknown.err().contains("Exception"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count());
    }

    @Test
    void anOutputThatIsAFolderIsAUserError() throws IOException {
        Path target = dir.resolve("out.cif");
        Files.createDirectories(target.resolve("inside"));
        Result r = run("convert", resource("icsd_periclase.cif"), target.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("out.cif: is a folder"), r.err());
    }
}
