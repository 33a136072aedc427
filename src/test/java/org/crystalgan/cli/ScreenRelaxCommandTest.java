package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.screening.export.CandidateExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code screen} relaxing with M3GNet by default, journalling, and its relaxation options. */
class ScreenRelaxCommandTest {
    @TempDir Path dir;

    private Path input() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.copy(Path.of("samples", "MgO_periclase.cif"), in.resolve("MgO_periclase.cif"));
        return in;
    }

    @Test
    void relaxesWithM3GNetByDefaultAndResumesFromItsJournal() throws Exception {
        Path in = input(), out = dir.resolve("out");
        CliRun r = CliRun.of("screen", "--in", in.toString(), "--out", out.toString(), "--preset", "paper", "--no-dft-inputs");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("relaxed with m3gnet: 1 converged; 0 moved far; 0 taken from the journal"), r.out());
        assertTrue(r.out().contains("energy above the m3gnet hull: 1 unique candidates, 1 metastable (<= 0.2 eV/atom), 1 within 0.08 eV/atom"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("ranked.csv"));
        assertEquals(CandidateExporter.HEADER, csv.get(0));
        assertTrue(csv.get(1).contains(",m3gnet,converged,") && csv.get(1).contains(",m3gnet,0.0"), csv.get(1));
        assertEquals(2, Files.readAllLines(out.resolve("relaxations/journal.csv")).size());

        CliRun again = CliRun.of("screen", "--in", in.toString(), "--out", out.toString(), "--overwrite", "--preset", "paper", "--no-dft-inputs");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("1 taken from the journal"), again.out());
        assertEquals(csv, Files.readAllLines(out.resolve("ranked.csv")));
    }

    @Test
    void noRelaxAndItsOptionsAreRefusedOrHonoured() throws Exception {
        Path in = input();
        CliRun none = CliRun.of("screen", "--in", in.toString(), "--out", dir.resolve("a").toString(), "--no-relax", "--no-dft-inputs");
        assertEquals(0, none.status(), none.err());
        assertFalse(none.out().contains("relaxed with"), none.out());
        assertFalse(Files.exists(dir.resolve("a/relaxations")));
        String row = Files.readAllLines(dir.resolve("a/ranked.csv")).get(1);
        assertTrue(row.endsWith(",,,,,,,,,," + "✔ plausible") || row.contains(",,,,,,,,,,"), row);

        CliRun bad = CliRun.of("screen", "--in", in.toString(), "--out", dir.resolve("b").toString(), "--relax", "classical", "--fmax", "0.05");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("error: --fmax and --steps apply to a potential's relaxation"), bad.err());
        CliRun odd = CliRun.of("screen", "--in", in.toString(), "--out", dir.resolve("c").toString(), "--potential", dir.resolve("nowhere").toString());
        assertEquals(1, odd.status());
        assertTrue(odd.err().contains("neither m3gnet, classical nor a folder"), odd.err());
        assertEquals(1, odd.err().lines().count(), "one line, no stack trace");
    }
}
