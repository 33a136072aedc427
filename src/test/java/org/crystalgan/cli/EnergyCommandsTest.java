package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hull, pourbaix, relax, import-dft and export-dft through {@link Main#run}. */
class EnergyCommandsTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    static final String ENTRIES = org.crystalgan.screening.MgMnOFixtures.ENTRIES;

    @Test
    void hullPrintsOneLinePerEntryInInputOrder() throws Exception {
        Path csv = dir.resolve("e.csv");
        Files.writeString(csv, ENTRIES);
        Result r = run("hull", "--entries", csv.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("formula,energy_per_atom_eV,formation_energy_per_atom_eV,e_above_hull_eV_per_atom,decomposition", lines.get(0));
        assertEquals(11, lines.size());
        assertTrue(lines.get(4).startsWith("MgO,-6.325000,-3.050000,0.000000,"), lines.get(4));
        assertTrue(lines.get(5).startsWith("MnO,"), lines.get(5));
        for (String l : lines.subList(1, lines.size())) assertTrue(Double.parseDouble(l.split(",")[3]) >= 0);
    }

    @Test
    void hullWithoutElementalReferenceIsAOneLineUserError() throws Exception {
        Path csv = dir.resolve("e.csv");
        Files.writeString(csv, "formula,energy_per_atom_eV\nMg,-1.6\nMgO,-6\n");
        Result r = run("hull", "--entries", csv.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: no elemental reference for O"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void pourbaixReportsTheMinimumOverPh() throws Exception {
        Path csv = dir.resolve("e.csv");
        Files.writeString(csv, ENTRIES);
        Result r = run("pourbaix", "--entries", csv.toString(), "--formula", "MgMn2O4");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("formula,name,energy_per_atom_eV,pH,V_RHE,V_SHE,decomposition_energy_eV_per_atom,stable_species", lines.get(0));
        String[] f = lines.get(1).split(",");
        assertEquals("MgMn2O4", f[0]);
        double ph = Double.parseDouble(f[3]);
        assertTrue(ph >= 0 && ph <= 14);
        assertEquals(1.5, Double.parseDouble(f[4]), 1e-9);
        assertTrue(Double.parseDouble(f[6]) >= 0);
        Result bad = run("pourbaix", "--entries", csv.toString(), "--formula", "MgMn2O4", "--ph", "14:0");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("low to high"), bad.err());
        Result missing = run("pourbaix", "--entries", csv.toString(), "--formula", "Mg3MnO5");
        assertEquals(1, missing.status());
    }

    @Test
    void relaxWritesCifsAndRefusesToOverwrite() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Structure mgo = new Structure(Lattice.cubic(4.4), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("Mg"), 0, .5, .5),
                new Site(Element.of("Mg"), .5, 0, .5), new Site(Element.of("Mg"), .5, .5, 0), new Site(Element.of("O"), .5, 0, 0),
                new Site(Element.of("O"), 0, .5, 0), new Site(Element.of("O"), 0, 0, .5), new Site(Element.of("O"), .5, .5, .5)));
        StructureFiles.write(in.resolve("MgO.cif"), mgo);
        Path out = dir.resolve("out");
        Result r = run("relax", in.toString(), "--out", out.toString(), "--potential", "classical");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().toList().get(0).contains("classical_ff_energy_eV_per_atom"));
        assertTrue(r.out().lines().toList().get(1).startsWith("MgO,MgO,true,"), r.out());
        Structure relaxed = StructureFiles.read(out.resolve("MgO.cif")).get(0).structure();
        assertTrue(relaxed.lattice().a() < 4.4, "the stretched cell contracts");
        Result again = run("relax", in.toString(), "--out", out.toString(), "--potential", "classical");
        assertEquals(1, again.status());
        assertTrue(again.err().contains("--overwrite"), again.err());
        assertEquals(0, run("relax", in.toString(), "--out", out.toString(), "--overwrite", "--potential", "classical").status());
    }

    @Test
    void importAndExportDft() throws Exception {
        Path vasp = Path.of(EnergyCommandsTest.class.getResource("/org/crystalgan/io/vasp/relax_mgmn2o4/vasprun.xml").toURI()).getParent().getParent();
        Path entries = dir.resolve("dft.csv");
        Result r = run("import-dft", vasp.toString(), "--entries-out", entries.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(5, r.out().lines().count());
        assertTrue(r.out().contains("relax_mgmn2o4,MgMn2O4,GGA+U,-50.123456,-7.160494,-6.0840,-8.029637,1.1488,true,true,true,8.527,"), r.out());
        assertEquals("name,formula,energy_per_atom_eV\nrelax_mgmn2o4,MgMn2O4,-8.029637\n", Files.readString(entries));
        assertEquals(1, run("import-dft", vasp.toString(), "--entries-out", entries.toString()).status(), "no silent overwrite");

        Path in = dir.resolve("structs");
        Files.createDirectories(in);
        Structure mno = new Structure(Lattice.cubic(4.44), List.of(new Site(Element.of("Mn"), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5)));
        StructureFiles.write(in.resolve("MnO.cif"), mno);
        Path out = dir.resolve("dft");
        Result e = run("export-dft", in.toString(), "--out", out.toString());
        assertEquals(0, e.status(), e.err());
        for (String sub : List.of("relax", "hse06")) {
            for (String f : List.of("POSCAR", "INCAR", "KPOINTS", "POTCAR.symbols")) assertTrue(Files.isRegularFile(out.resolve("MnO").resolve(sub).resolve(f)));
        }
        assertFalse(Files.exists(out.resolve("MnO/relax/POTCAR")));
        assertTrue(Files.readString(out.resolve("MnO/relax/INCAR")).contains("LDAUU = 3.9 0\n"));
        assertEquals(1, run("export-dft", in.toString(), "--out", out.toString()).status());
    }

    @Test
    void screenRunsThePipelineAndExports() throws Exception {
        Path samples = Path.of(EnergyCommandsTest.class.getResource("/samples/MgMn2O4_spinel.cif").toURI()).getParent();
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.copy(samples.resolve("MgMn2O4_spinel.cif"), in.resolve("MgMn2O4_spinel.cif"));
        Files.copy(samples.resolve("MgO_periclase.cif"), in.resolve("MgO_periclase.cif"));
        Path entries = dir.resolve("e.csv");
        Files.writeString(entries, ENTRIES);
        Path out = dir.resolve("screen");
        Result r = run("screen", "--in", in.toString(), "--out", out.toString(), "--entries", entries.toString(), "--preset", "paper",
                "--known", samples.resolve("MgO_periclase.cif").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("2 structures: 2 valid, 2 unique, 1 novel; 0 pass, 0 fail, 2 incomplete"), r.out());
        List<String> rows = Files.readAllLines(out.resolve("ranked.csv"));
        assertEquals(3, rows.size());
        assertTrue(rows.stream().anyMatch(l -> l.contains(",MgO_periclase,MgO,true,225 Fm-3m,,MgO_periclase,")), rows.toString());
        Result again = run("screen", "--in", in.toString(), "--out", out.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("--overwrite"), again.err());
        assertEquals(1, run("screen", "--in", in.toString(), "--out", dir.resolve("x").toString(), "--preset", "fancy").status());
        assertEquals(1, run("screen", "--in", in.toString(), "--out", dir.resolve("y").toString(), "--sort", "colour").status());
    }
}
