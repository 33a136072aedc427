package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        CliRun r = run("generate", "--composition", "Mg2Mn2O6", "--count", "12", "--out", out.toString(), "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("12 structures of Mg2Mn2O6 written to"), r.out());
        // the bundled model's separation layer leaves no short contacts, so what it rejects is the composition; the
        // rejection line counts every drawn matrix that was not written, reason by reason
        java.util.regex.Matcher drawn = java.util.regex.Pattern.compile("of (\\d+) drawn").matcher(r.out());
        assertTrue(drawn.find(), r.out());
        int n = Integer.parseInt(drawn.group(1));
        assertTrue(n > 12, "some of the bundled model's draws decode to another composition: " + r.out());
        assertTrue(r.out().contains("rejected " + (n - 12) + " of " + n + " drawn: "), r.out());
        assertTrue(r.out().contains("decoded composition is not the target"), r.out());
        assertFalse(r.out().contains("shortest distance below the floor"), "the layer keeps atoms apart: " + r.out());
        List<Structure> cells = written(out);
        assertEquals(12, cells.size());
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

    @Test
    void relaxWritesTheRelaxedAndSymmetrisedCifsAndAppendsTheColumns() throws Exception {
        Path out = tmp.resolve("relaxed");
        CliRun r = run("generate", "--composition", "MgMnO3", "--count", "2", "--out", out.toString(), "--method", "random", "--seed", "4",
                "--relax", "--steps", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("relaxed with m3gnet") && r.out().contains("above P1 at 0.100 A"), r.out());
        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        String header = GenerateCommand.SUMMARY_HEADER + "," + GenerateCommand.RELAX_COLUMNS;
        assertEquals(header, rows.get(0));
        assertEquals(3, rows.size(), rows.toString());
        List<String> columns = List.of(header.split(","));
        for (String row : rows.subList(1, 3)) {
            String[] f = row.split(",", -1);
            assertEquals(columns.size(), f.length, row);
            String name = f[0].substring(0, f[0].length() - 4);
            assertEquals("step_limit", f[columns.indexOf("verdict")], row); // 5 FIRE steps never converge a random cell
            assertEquals("5", f[columns.indexOf("steps")]);
            assertEquals(name + "_relaxed.cif", f[columns.indexOf("relaxed_file")]);
            assertEquals(name + "_relaxed_sym.cif", f[columns.indexOf("symmetrized_file")]);
            double e = Double.parseDouble(f[columns.indexOf("final_energy_per_atom_eV")]);
            assertTrue(e < 0 && e > -20, row);
            assertTrue(Double.isFinite(Double.parseDouble(f[columns.indexOf("e_above_hull_eV_per_atom")])), row);
            int number = Integer.parseInt(f[columns.indexOf("space_group_number")]);
            assertTrue(number >= 1 && number <= 230, row);
            assertEquals("0.100", f[columns.indexOf("symmetry_tolerance_A")]);
            Structure relaxed = StructureFiles.read(out.resolve(name + "_relaxed.cif")).get(0).structure();
            Structure sym = StructureFiles.read(out.resolve(name + "_relaxed_sym.cif")).get(0).structure();
            assertTrue(relaxed.composition().almostEquals(Composition.parse("MgMnO3"), 1e-9));
            // the symmetrised file is the conventional cell: a whole multiple of the formula, the same volume per atom
            assertTrue(sym.composition().reduced().almostEquals(Composition.parse("MgMnO3"), 1e-9), sym.composition().formula());
            assertEquals(relaxed.volume() / relaxed.size(), sym.volume() / sym.size(), 0.05 * relaxed.volume() / relaxed.size());
            String text = Files.readString(out.resolve(name + "_relaxed_sym.cif"));
            assertTrue(text.contains("_space_group_IT_number   " + number), text);
            assertTrue(text.contains("_symmetry_space_group_name_H-M   '" + f[columns.indexOf("space_group_symbol")] + "'"), text);
        }
    }

    @Test
    void relaxOptionsNeedRelaxAndM3GNet() {
        CliRun f = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("f").toString(), "--fmax", "0.05");
        assertEquals(1, f.status());
        assertTrue(f.err().contains("apply with --relax only"), f.err());
        CliRun c = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("c").toString(), "--relax",
                "--potential", "classical");
        assertEquals(1, c.status());
        assertTrue(c.err().contains("relax --potential classical"), c.err());
        CliRun s = run("generate", "--composition", "MgMnO3", "--count", "1", "--out", tmp.resolve("s").toString(), "--relax",
                "--symprec", "0");
        assertEquals(1, s.status());
        assertTrue(s.err().contains("--symprec must be a positive"), s.err());
    }
}
