package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.TestStructures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningCommandsTest {
    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int st = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(st, out.toString(), err.toString());
    }

    @Test
    void compositionsFullAndReduced() {
        Run full = run("compositions", "--os-mn", "2:4");
        assertEquals(0, full.status(), full.err());
        List<String> lines = full.out().lines().toList();
        assertEquals("formula,n_mg,n_mn,n_o,os_mn,reduced_formula", lines.get(0));
        assertEquals(1 + 172, lines.size());
        assertTrue(lines.contains("Mg2Mn4O8,2,4,8,3,MgMn2O4"), lines.toString());
        Run red = run("compositions", "--os-mn", "2:4", "--reduced");
        assertEquals(1 + 139, red.out().lines().count());
        assertTrue(red.err().contains("139 reduced compositions"));
        Run bad = run("compositions", "--os-mn", "x");
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("error: --os-mn 'x'"), bad.err());
    }

    @Test
    void validateWritesOneRowPerStructureAndReportsBadCells(@TempDir Path dir) throws Exception {
        StructureFiles.write(dir.resolve("a_mgo.cif"), TestStructures.periclase());
        StructureFiles.write(dir.resolve("b_mno2.cif"), TestStructures.pyrolusite());
        Element mg = Element.of("Mg"), o = Element.of("O");
        StructureFiles.write(dir.resolve("c_single.vasp"), new Structure(Lattice.cubic(3), List.of(new Site(mg, 0, 0, 0))));
        StructureFiles.write(dir.resolve("d_overlap.cif"), new Structure(Lattice.cubic(4.2), List.of(new Site(mg, 0, 0, 0), new Site(o, 0, 0, 0.005))));
        StructureFiles.write(dir.resolve("e_disordered.cif"), new Structure(Lattice.cubic(4.2),
                List.of(new Site(mg, new Vec3(0, 0, 0), 0.5, "Mg1"), new Site(o, 0.5, 0.5, 0.5))));
        Files.writeString(dir.resolve("notes.txt"), "not a structure");
        Run r = run("validate", dir.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(ValidateCommand.HEADER, lines.get(0));
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(1).matches("a_mgo,Mg4O4,2\\.1060,Mg\\+2 O-2,,0\\.0\\d\\d,true,.*"), lines.get(1));
        assertTrue(lines.get(2).matches("b_mno2,Mn2O4,1\\.88\\d\\d,Mn\\+4 O-2,4 4,0\\.2\\d\\d,true,.*"), lines.get(2));
        assertTrue(lines.get(3).contains("single atom in the cell") && lines.get(3).contains(",false,"), lines.get(3));
        assertTrue(lines.get(4).contains("overlapping") && lines.get(4).contains(",false,"), lines.get(4));
        assertTrue(lines.get(5).contains("disordered") && lines.get(5).contains(",false,"), lines.get(5));
        assertTrue(r.err().contains("notes.txt"), r.err());
        Run t = run("validate", dir.resolve("b_mno2.cif").toString(), "--target", "Mn2O4");
        assertTrue(t.out().lines().skip(1).findFirst().orElseThrow().contains(",true,true,true,"), t.out());
        assertEquals(1, run("validate", dir.resolve("missing.cif").toString()).status());
        Run dis = run("match", dir.resolve("e_disordered.cif").toString(), dir.resolve("a_mgo.cif").toString());
        assertEquals(1, dis.status());
        assertTrue(dis.err().startsWith("error: ") && dis.err().contains("e_disordered.cif") && dis.err().contains("disordered"), dis.err());
    }

    @Test
    void matchAndDedupe(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectory(dir.resolve("generated")), ref = Files.createDirectory(dir.resolve("known"));
        Structure mno2 = TestStructures.pyrolusite();
        Structure shifted = mno2.withSites(mno2.sites().stream().map(s -> s.withFrac(s.frac().plus(new Vec3(0.25, 0.5, 0.1)).wrapped())).toList());
        StructureFiles.write(in.resolve("g1.cif"), mno2);
        StructureFiles.write(in.resolve("g2.vasp"), shifted);
        StructureFiles.write(in.resolve("g3.cif"), TestStructures.periclase());
        StructureFiles.write(ref.resolve("mp-MnO2.cif"), mno2.supercell(1, 1, 2));

        Run m = run("match", in.resolve("g1.cif").toString(), in.resolve("g2.vasp").toString());
        assertEquals(0, m.status(), m.err());
        assertEquals("match 0.000000", m.out().trim());
        Run n = run("match", in.resolve("g1.cif").toString(), in.resolve("g3.cif").toString());
        assertEquals("no match -", n.out().trim());

        Run d = run("dedupe", in.toString(), "--against", ref.toString());
        assertEquals(0, d.status(), d.err());
        List<String> lines = d.out().lines().toList();
        assertEquals("name,group,status,duplicate_of,novelty,known_as,problem", lines.get(0));
        assertEquals(4, lines.size(), d.out());
        assertTrue(lines.get(1).matches("[^,]+,0,unique,,known,[^,]+,"), lines.get(1));
        assertTrue(lines.get(2).matches("[^,]+,0,duplicate,[^,]+,known,[^,]+,"), lines.get(2));
        assertTrue(lines.get(3).matches("[^,]+,1,unique,,novel,,"), lines.get(3));
        assertTrue(d.err().contains("3 structures, 2 unique: 1 novel, 1 known"), d.err());
    }
}
