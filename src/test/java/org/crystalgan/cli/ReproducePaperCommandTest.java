package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.workflow.PaperReproduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce-paper}: the composition list, bad options, and a one-cell run with its report. */
class ReproducePaperCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listsTheTwentyDerivedCompositions() {
        CliRun r = CliRun.of("reproduce-paper", "--list");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("composition,reduced_formula,atoms,os_mn", lines.get(0));
        assertEquals(21, lines.size(), r.out());
        assertTrue(lines.contains("Mg2MnO4,Mg2MnO4,7,4"), r.out());
        assertTrue(r.err().contains("smallest cells"), r.err());
    }

    @Test
    void badOptionsGetOneLine() {
        CliRun noOut = CliRun.of("reproduce-paper", "--count", "2");
        assertEquals(1, noOut.status());
        assertTrue(noOut.err().contains("--out DIR is required"), noOut.err());
        CliRun zero = CliRun.of("reproduce-paper", "--count", "0", "--out", tmp.resolve("x").toString());
        assertEquals(1, zero.status());
        assertTrue(zero.err().startsWith("error: --count must be at least 1"), zero.err());
        CliRun big = CliRun.of("reproduce-paper", "--compositions", "Mg9MnO10", "--out", tmp.resolve("y").toString());
        assertEquals(1, big.status());
        assertTrue(big.err().contains("1-8 Mg, 1-8 Mn and 1-12 O"), big.err());
        CliRun foreign = CliRun.of("reproduce-paper", "--compositions", "FeO", "--out", tmp.resolve("z").toString());
        assertEquals(1, foreign.status());
        assertEquals(1, foreign.err().lines().count(), foreign.err());
    }

    @Test
    void oneCellRunWritesTheReportAndResumesWithNothingToDo() throws Exception {
        Path out = tmp.resolve("run");
        String[] args = {"reproduce-paper", "--compositions", "Mg2MnO4", "--count", "1", "--steps", "15", "--fmax", "0.3", "--out", out.toString()};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("complete: 1 of 1 cells relaxed"), r.out());
        assertTrue(r.err().contains("[1/1] Mg2MnO4-000"), r.err());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| Mg2MnO4 | 4.00 | 1 | 1 |"), md);
        assertTrue(md.contains("Mg2MnO4 (the paper found a structure on the hull)"), md);
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        assertEquals(PaperReproduction.REPORT_HEADER, csv.get(0));
        assertTrue(csv.get(1).startsWith("Mg2MnO4,Mg2MnO4,4.0000,1,1,1,"), csv.get(1));

        CliRun again = CliRun.of(args);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("1 of 1 cells relaxed before; 0 to relax"), again.err());
        assertEquals(csv, Files.readAllLines(out.resolve("report.csv")));

        CliRun other = CliRun.of("reproduce-paper", "--compositions", "Mg2MnO4", "--count", "2", "--out", out.toString());
        assertEquals(1, other.status());
        assertTrue(other.err().contains("this folder was started with count=1"), other.err());
    }
}
