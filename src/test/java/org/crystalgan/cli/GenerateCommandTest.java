package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} returns what was asked: the exact composition, plausible contacts, and says what it rejected. */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) { return CliRun.of(args); }

    private static List<Structure> written(Path dir) throws Exception {
        List<String> rows = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(GenerateCommand.SUMMARY_HEADER, rows.get(0));
        return rows.subList(1, rows.size()).stream().map(r -> {
            try {
                return StructureFiles.read(dir.resolve(r.split(",")[0])).get(0).structure();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void theGanWritesOnlyExactPlausibleCellsAndCountsTheRejections() throws Exception {
        Path out = tmp.resolve("gan");
        CliRun r = run("generate", "--composition", "Mg2Mn2O6", "--count", "4", "--out", out.toString(), "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("4 structures of Mg2Mn2O6 written to"), r.out());
        assertTrue(r.out().contains("rejected ") && r.out().contains("shortest distance below the floor"), r.out());
        List<Structure> cells = written(out);
        assertEquals(4, cells.size());
        PlausibilityGate gate = new PlausibilityGate();
        for (Structure s : cells) {
            assertTrue(s.composition().almostEquals(Composition.parse("Mg2Mn2O6"), 1e-9), s.composition().formula());
            assertNull(gate.check(s));
        }
    }

    @Test
    void unfilteredKeepsThePapersRuleAndRandomGivesTheBaseline() throws Exception {
        Path unf = tmp.resolve("unf");
        CliRun u = run("generate", "--composition", "Mg2Mn2O6", "--count", "6", "--out", unf.toString(), "--unfiltered");
        assertEquals(0, u.status(), u.err());
        assertEquals(6, written(unf).size());
        assertTrue(!u.out().contains("rejected") || u.out().contains("classifier read another composition"), u.out());

        Path rnd = tmp.resolve("rnd");
        CliRun r = run("generate", "--composition", "MgMn2O4", "--count", "5", "--out", rnd.toString(), "--method", "random",
                "--seed", "9");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("AIRSS-style baseline"), r.out());
        for (Structure s : written(rnd)) {
            assertTrue(s.composition().almostEquals(Composition.parse("MgMn2O4"), 1e-9));
            assertTrue(s.minimumDistance() >= 1.3 - 1e-6, "shortest " + s.minimumDistance());
        }
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        CliRun m = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("x").toString(), "--method", "diffusion");
        assertEquals(1, m.status());
        assertTrue(m.err().contains("use gan or random"), m.err());
        CliRun g = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("y").toString(), "--min-distance", "-1");
        assertEquals(1, g.status());
        assertTrue(g.err().contains("shortest-distance floor"), g.err());
        CliRun rm = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("z").toString(), "--method", "random",
                "--model", tmp.toString());
        assertEquals(1, rm.status());
        assertTrue(rm.err().contains("--method gan only"), rm.err());
    }
}
