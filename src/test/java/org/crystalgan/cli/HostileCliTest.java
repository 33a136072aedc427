package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.encoding.Npy;
import org.crystalgan.encoding.Representation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 through the command line: exit status 1 and one line naming the file, never an empty result. */
class HostileCliTest {
    @TempDir Path dir;

    static ConvertInfoCommandTest.Result run(String... args) { return ConvertInfoCommandTest.run(args); }

    static void assertOneLineError(ConvertInfoCommandTest.Result r, String... parts) {
        assertEquals(1, r.status(), r.out() + r.err());
        // warnings may come first; the error is one line and nothing follows it (no stack trace)
        java.util.List<String> lines = r.err().strip().lines().filter(l -> !l.startsWith("warning: ")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        for (String p : parts) assertTrue(lines.get(0).contains(p), r.err());
    }

    @Test
    void anEmptyStructureIsRefusedByInfoAndConvertAndNothingIsWritten() throws IOException {
        Path in = dir.resolve("empty.json");
        Files.writeString(in, "{\"lattice\": {\"matrix\": [[4,0,0],[0,4,0],[0,0,4]]}, \"sites\": []}");
        assertOneLineError(run("info", in.toString()), "empty.json", "no atoms");
        for (String out : new String[] {"out.cif", "out.json", "POSCAR"}) {
            Path o = dir.resolve(out);
            assertOneLineError(run("convert", in.toString(), o.toString()), "empty.json", "no atoms");
            assertFalse(Files.exists(o), out);
        }
    }

    @Test
    void convertToAFormatThatCannotHoldTheStructureNamesTheOutputFile() throws IOException {
        Path out = dir.resolve("POSCAR");
        ConvertInfoCommandTest.Result r = run("convert", ConvertInfoCommandTest.resource("partial_occupancy.cif"), out.toString());
        assertOneLineError(r, out.toString(), "partially occupied");
    }

    @Test
    void infoCountsADisorderedSiteOnceAsPymatgenDoes() {
        ConvertInfoCommandTest.Result r = run("info", ConvertInfoCommandTest.resource("partial_occupancy.cif"));
        assertEquals(0, r.status(), r.err());
        // Mg/Mn on the 4a position and O on 4b of rock salt: 8 pymatgen sites, 12 species entries
        assertTrue(r.out().contains("sites:             8 (12 species entries"), r.out());
    }

    @Test
    void generateRemovesTheTemporariesOfAKilledRunAndIndexesEveryFileItWrites() throws IOException {
        Path gen = dir.resolve("gen");
        Files.createDirectories(gen);
        Path stale = gen.resolve(".Mg1Mn2O4_0001.cif.5f3a9c.tmp"), fresh = gen.resolve(".Mg1Mn2O4_0002.cif.77aa01.tmp");
        Files.writeString(stale, "data_half\n_cell_length_a 4.");
        Files.writeString(fresh, "data_half\n_cell_length_a 4.");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        ConvertInfoCommandTest.Result r = run("generate", "--composition", "Mg1Mn2O4", "--count", "3", "--out", gen.toString(), "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("removed 1 temporary file(s)"), r.out());
        assertFalse(Files.exists(stale), "the killed run's temporary is removed");
        assertTrue(Files.exists(fresh), "a temporary younger than a minute may be another run's write in progress");
        java.util.List<String> rows = Files.readAllLines(gen.resolve("summary.csv"));
        java.util.List<String> cifs;
        try (var l = Files.list(gen)) {
            cifs = l.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cif")).sorted().toList();
        }
        assertEquals(cifs, rows.subList(1, rows.size()).stream().map(x -> x.split(",")[0]).sorted().toList());
        assertFalse(cifs.isEmpty(), r.out());
    }

    @Test
    void datasetStatsNamesTheMatricesThatHoldNaN() {
        Representation rep = Representation.MG_MN_O;
        int n = 4;
        float[] m = new float[n * rep.size()];
        for (int i = 0; i < n; i++) for (int k = 0; k < 6; k++) m[i * rep.size() + k] = 0.5f;
        m[2 * rep.size() + 1] = Float.NaN;
        m[3 * rep.size() + 3 * 7] = Float.POSITIVE_INFINITY;
        Path npy = dir.resolve("nan.npy");
        Npy.writeFloat32(npy, new int[] {n, rep.rows(), 3}, m);
        ConvertInfoCommandTest.Result r = run("dataset", "stats", npy.toString());
        assertOneLineError(r, "nan.npy", "2 of 4 matrices", "matrix 2", "row 0", "matrix 3", "row 7");
        assertFalse(r.out().contains("NaN"), r.out());
    }
}
