package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.symmetry.SpaceGroupFinderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymmetryCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void printsNumberAndSymbolAndWritesTheSymmetrisedCif() throws Exception {
        Path in = dir.resolve("spinel.cif");
        Files.writeString(in, CifWriter.write(SpaceGroupFinderTest.perturbed(SpaceGroupFinderTest.spinel(), 0.02, 4), "spinel"));
        Path out = dir.resolve("out/spinel_sym.cif");
        Result r = run("symmetry", in.toString(), "--cif", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("227 Fd-3m" + System.lineSeparator(), r.out());
        String cif = Files.readString(out);
        assertTrue(cif.contains("_symmetry_Int_Tables_number   227"), cif);
        List<NamedStructure> back = StructureFiles.read(out);
        Structure s = back.get(0).structure();
        assertEquals(56, s.size());
        assertTrue(s.composition().almostEquals(Composition.parse("Mg8Mn16O32"), 1e-6));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        // the written CIF is itself recognised again
        assertEquals("227 Fd-3m" + System.lineSeparator(), run("symmetry", out.toString()).out());
    }

    @Test
    void toleranceDecidesBetweenDistortedAndIdealCells() throws Exception {
        // rutile with one O moved 0.06 Å: P4_2/mnm at 0.1 Å, lower symmetry at 0.01 Å
        Structure r = SpaceGroupFinderTest.rutile();
        List<Site> sites = new java.util.ArrayList<>(r.sites());
        Site o = sites.get(2);
        sites.set(2, o.withFrac(o.frac().plus(new org.crystalgan.crystal.Vec3(0.06 / 4.398, 0, 0))));
        Path in = dir.resolve("rutile.cif");
        Files.writeString(in, CifWriter.write(r.withSites(sites), "rutile"));
        assertEquals("136 P4_2/mnm" + System.lineSeparator(), run("symmetry", in.toString()).out());
        Result tight = run("symmetry", in.toString(), "--tolerance", "0.01");
        assertEquals(0, tight.status());
        assertFalse(tight.out().startsWith("136 "), tight.out());
    }

    @Test
    void userErrorsGiveOneLineAndStatus1() throws Exception {
        Result missing = run("symmetry", dir.resolve("nope.cif").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("error: "), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Path in = dir.resolve("ok.cif");
        Files.writeString(in, CifWriter.write(SpaceGroupFinderTest.rutile(), "rutile"));
        Result bad = run("symmetry", in.toString(), "--tolerance", "-0.1");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("--tolerance"), bad.err());

        Path overlap = dir.resolve("overlap.cif");
        Files.writeString(overlap, CifWriter.write(new Structure(Lattice.cubic(4),
                List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), 0.005, 0, 0))), "overlap"));
        Result ov = run("symmetry", overlap.toString());
        assertEquals(1, ov.status(), ov.err());
        assertTrue(ov.err().startsWith("error: ") && ov.err().contains("overlap"), ov.err());
        assertEquals("", ov.out());
    }
}
