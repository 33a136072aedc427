package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.crystalgan.encoding.Npy;
import org.crystalgan.io.mp.MpClientTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCliTest {
    @TempDir Path tmp;

    record Run(int status, String out, String err) { }

    static Run run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int s = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(s, o.toString(), e.toString());
    }

    private Path referenceSlice(int rows) {
        Path ref = Path.of(System.getProperty("crystalgan.shared.data", "../shared/data"), "mgmno", "unique_sc_mgmno_fixed.npy");
        Assumptions.assumeTrue(Files.exists(ref), "shared reference data not present: " + ref);
        Npy.Array a = Npy.read(ref);
        Path src = tmp.resolve("slice.npy");
        Npy.writeFloat64(src, new int[] {rows, 30, 3}, Arrays.copyOf(a.data(), rows * 90));
        return src;
    }

    @Test
    void buildWritesNpyAndCsvThenReusesThem() throws IOException {
        Path src = referenceSlice(25);
        Path out = tmp.resolve("sets/train.npy");
        Run r = run("dataset", "build", "--from", src.toString(), "--per-composition", "5", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("built "), r.out());
        Npy.Array a = Npy.read(out);
        int n = a.shape()[0];
        assertArrayEquals(new int[] {n, 30, 3}, a.shape());
        assertEquals(0, n % 5);
        List<String> csv = Files.readAllLines(tmp.resolve("sets/train.csv"));
        assertEquals(n, csv.size());
        assertTrue(csv.get(0).matches("Mg\\d*Mn\\d*O\\d+,slice\\.npy#\\d+(\\*2[abc])?"), csv.get(0));

        Run again = run("dataset", "build", "--from", src.toString(), "--per-composition", "5", "--seed", "3", "--out", out.toString());
        assertTrue(again.out().startsWith("reused"), again.out());
        Run other = run("dataset", "build", "--from", src.toString(), "--per-composition", "6", "--seed", "3", "--out", out.toString());
        assertTrue(other.out().startsWith("built"), other.out());

        Run stats = run("dataset", "stats", out.toString());
        assertEquals(0, stats.status(), stats.err());
        assertTrue(stats.out().contains((n / 5 * 6) + " matrices"), stats.out());
        assertTrue(stats.out().contains("alpha"), stats.out());
    }

    /** --from twice: the reference rows and a folder of CIF files (as one's own relaxed cells would be) in one set. */
    @Test
    void buildCombinesTwoSources() throws IOException {
        Path src = referenceSlice(25);
        Path cif = Path.of("..", "shared", "data", "mgmno", "cif", "0100_" + Files.readAllLines(Path.of("..", "shared", "data", "mgmno", "names.txt")).get(100) + ".cif");
        Assumptions.assumeTrue(Files.exists(cif), "shared reference CIF not present: " + cif);
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.copy(cif, mine.resolve("relaxed_1.cif"));
        Run alone = run("dataset", "build", "--from", src.toString(), "--per-composition", "0", "--no-supercells", "--out", tmp.resolve("alone.npy").toString());
        assertEquals(0, alone.status(), alone.err());
        Run both = run("dataset", "build", "--from", src.toString(), "--from", mine.toString(), "--per-composition", "0",
                "--no-supercells", "--out", tmp.resolve("both.npy").toString());
        assertEquals(0, both.status(), both.err());
        assertEquals(Npy.read(tmp.resolve("alone.npy")).shape()[0] + 1, Npy.read(tmp.resolve("both.npy")).shape()[0], both.out());
        List<String> csv = Files.readAllLines(tmp.resolve("both.csv"));
        assertTrue(csv.get(csv.size() - 1).contains("relaxed_1"), csv.get(csv.size() - 1));
    }

    @Test
    void userMistakesExitWithOneAndOneLine() {
        Run noSource = run("dataset", "build", "--from", tmp.resolve("nothing").toString(), "--out", tmp.resolve("x.npy").toString());
        assertEquals(1, noSource.status());
        assertTrue(noSource.err().startsWith("error: ") && noSource.err().contains("no such file"), noSource.err());
        assertEquals(1, noSource.err().strip().lines().count());
        Run badOut = run("dataset", "build", "--from", tmp.toString(), "--out", tmp.resolve("x.txt").toString());
        assertEquals(1, badOut.status());
        assertTrue(badOut.err().contains("must end in .npy"), badOut.err());
        Run negative = run("dataset", "build", "--from", tmp.toString(), "--per-composition", "-3", "--out", tmp.resolve("x.npy").toString());
        assertEquals(1, negative.status());
        Run notNpy = run("dataset", "stats", tmp.resolve("missing.npy").toString());
        assertEquals(1, notNpy.status());
    }

    /** fetch against a local server in the API's shape, then build a set from the download folder. */
    @Test
    void fetchWritesCifsAndATableThatDatasetBuildReads() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String body = "{\"data\": [" + String.join(", ", MpClientTest.DOCS) + "], \"errors\": [], \"meta\": {\"total_doc\": 3, \"max_limit\": 1000}}";
        int[] status = {200};
        server.createContext("/materials/summary/", ex -> {
            byte[] b = (status[0] == 200 ? body : "{\"detail\": \"Invalid API key\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status[0], b.length);
            try (OutputStream o = ex.getResponseBody()) { o.write(b); }
        });
        server.start();
        try {
            Path settings = tmp.resolve("settings.properties");
            Files.writeString(settings, "mp.api_key=abcdefghijklmnopqrstuvwxyz012345\n");
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            Path dl = tmp.resolve("download");
            Run f = run("fetch", "--chemsys", "Mg-Mn-O", "--out", dl.toString(), "--endpoint", endpoint,
                    "--settings", settings.toString(), "--cache", tmp.resolve("cache").toString());
            assertEquals(0, f.status(), f.err());
            assertTrue(f.out().startsWith("3 materials of Mg-Mn-O (Mg, Mn, O, Mg-Mn, Mg-O, Mn-O, Mg-Mn-O)"), f.out());
            assertTrue(Files.exists(dl.resolve("mp-1.cif")) && Files.exists(dl.resolve("mp-3.cif")));
            List<String> table = Files.readAllLines(dl.resolve("materials.csv"));
            assertEquals("material_id,formula,energy_per_atom_eV,formation_energy_per_atom_eV,energy_above_hull_eV,band_gap_eV,theoretical,nsites,file", table.get(0));
            assertEquals("mp-3,MgMn2O4,-7.100000,-2.400000,0.012000,,true,7,mp-3.cif", table.get(3));

            Run b = run("dataset", "build", "--from", dl.toString(), "--per-composition", "0", "--out", tmp.resolve("mp.npy").toString());
            assertEquals(0, b.status(), b.err());
            assertTrue(b.out().contains("3 matrices of 3 compositions"), b.out());
            assertFalse(b.out().contains("materials.csv"), "the download's table is not reported as a bad structure: " + b.out());

            // a second fetch is answered from the cache, even with the server refusing
            status[0] = 401;
            Run cached = run("fetch", "--chemsys", "Mg-Mn-O", "--out", dl.toString(), "--endpoint", endpoint,
                    "--settings", settings.toString(), "--cache", tmp.resolve("cache").toString());
            assertEquals(0, cached.status(), cached.err());
            assertTrue(cached.out().contains("from the local cache"), cached.out());
            Run refused = run("fetch", "--chemsys", "Mg-Mn-O", "--out", dl.toString(), "--endpoint", endpoint,
                    "--settings", settings.toString(), "--cache", tmp.resolve("cache").toString(), "--refresh");
            assertEquals(1, refused.status());
            assertTrue(refused.err().startsWith("error: the Materials Project rejected the API key"), refused.err());
            assertFalse(refused.err().contains("abcdefghijklmnopqrstuvwxyz012345"));
        } finally {
            server.stop(0);
        }
    }
}
