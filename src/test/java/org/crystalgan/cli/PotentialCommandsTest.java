package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** energy, relax (any potential) and bench-potential through {@link Main#run}. */
class PotentialCommandsTest {
    @TempDir
    Path dir;

    static Structure rockSalt(String cation, double a) {
        Element m = Element.of(cation), o = Element.of("O");
        return new Structure(Lattice.cubic(a), List.of(new Site(m, 0, 0, 0), new Site(m, 0, .5, .5), new Site(m, .5, 0, .5),
                new Site(m, .5, .5, 0), new Site(o, .5, 0, 0), new Site(o, 0, .5, 0), new Site(o, 0, 0, .5), new Site(o, .5, .5, .5)));
    }

    private Path inputs() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        StructureFiles.write(in.resolve("MgO.cif"), rockSalt("Mg", 4.4));
        StructureFiles.write(in.resolve("MnO.cif"), rockSalt("Mn", 4.3));
        return in;
    }

    @Test
    void energyPrintsOneRowPerStructureWithSixVoigtStressColumns() throws Exception {
        Path in = inputs();
        var r = EnergyCommandsTest.run("energy", in.toString(), "--potential", "classical");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("file,formula,atoms,energy_eV,energy_per_atom_eV,max_force_eV_per_A,stress_GPa_xx,stress_GPa_yy,stress_GPa_zz,"
                + "stress_GPa_yz,stress_GPa_xz,stress_GPa_xy", lines.get(0));
        assertEquals(3, lines.size());
        String[] mgo = lines.get(1).split(",");
        assertEquals(12, mgo.length);
        assertEquals("MgO.cif", mgo[0]);
        assertEquals("MgO", mgo[1]);
        assertEquals("8", mgo[2]);
        assertEquals(Double.parseDouble(mgo[3]) / 8, Double.parseDouble(mgo[4]), 1e-6);
        assertEquals(0, Double.parseDouble(mgo[5]), 1e-6, "ideal rock salt has no forces");
        // stretched past its classical minimum (about 4.2 Å): the cell pulls inwards, positive stress in ASE's sign
        assertTrue(Double.parseDouble(mgo[6]) > 0, lines.get(1));
        assertEquals(Double.parseDouble(mgo[6]), Double.parseDouble(mgo[8]), 1e-6);
        assertEquals(0, Double.parseDouble(mgo[9]), 1e-6);
        assertTrue(lines.get(2).startsWith("MnO.cif,MnO,8,"), lines.get(2));
    }

    @Test
    void energyOfABadFileOrARefusedStructureIsAOneLineErrorAndExitOne() throws Exception {
        Path bad = dir.resolve("bad.cif");
        Files.writeString(bad, "data_x\n_cell_length_a 4\n");
        var r = EnergyCommandsTest.run("energy", bad.toString(), "--potential", "classical");
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("bad.cif"), r.err());
        Path nacl = dir.resolve("NaCl.cif");
        StructureFiles.write(nacl, new Structure(Lattice.cubic(5.6), List.of(new Site(Element.of("Na"), 0, 0, 0), new Site(Element.of("Cl"), .5, .5, .5))));
        var refused = EnergyCommandsTest.run("energy", nacl.toString(), "--potential", "classical");
        assertEquals(1, refused.status());
        assertTrue(refused.err().startsWith("warning: NaCl.cif: the classical force field has parameters for Mg, Mn and O only"), refused.err());
        assertTrue(refused.err().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("error: NaCl.cif: "), refused.err());
        var unknown = EnergyCommandsTest.run("energy", nacl.toString(), "--potential", dir.resolve("nowhere").toString());
        assertEquals(1, unknown.status());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    }

    @Test
    void relaxWithClassicalWritesCifsAndRelaxCsv() throws Exception {
        Path in = inputs();
        Path out = dir.resolve("out");
        var r = EnergyCommandsTest.run("relax", in.toString(), "--out", out.toString(), "--potential", "classical");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith(RelaxCommand.CLASSICAL_HEADER + "\n"), "the classical table as before");
        assertTrue(Files.isRegularFile(out.resolve("MgO.cif")) && Files.isRegularFile(out.resolve("MnO.cif")));
        List<String> csv = Files.readAllLines(out.resolve("relax.csv"));
        assertEquals("file,formula,atoms,initial_energy_per_atom_eV,final_energy_per_atom_eV,steps,verdict,volume_change,max_force_eV_per_A",
                csv.get(0));
        assertEquals(3, csv.size());
        String[] mgo = csv.get(1).split(",");
        assertEquals(9, mgo.length);
        assertEquals("MgO.cif", mgo[0]);
        assertEquals("converged", mgo[6]);
        assertTrue(Double.parseDouble(mgo[4]) < Double.parseDouble(mgo[3]), "relaxation lowers the energy");
        double a = StructureFiles.read(out.resolve("MgO.cif")).get(0).structure().lattice().a();
        assertEquals(Math.pow(a / 4.4, 3) - 1, Double.parseDouble(mgo[7]), 1e-4);
    }

    @Test
    void m3gnetIsTheDefaultForEnergyAndRelax() throws Exception {
        Path in = dir.resolve("mgo");
        Files.createDirectories(in);
        StructureFiles.write(in.resolve("MgO.cif"), rockSalt("Mg", 4.2136));
        var e = EnergyCommandsTest.run("energy", in.resolve("MgO.cif").toString());
        assertEquals(0, e.status(), e.err());
        // ../shared/notes/m3gnet.md: matgl gives -5.95132 eV/atom for periclase at a = 4.2136 Å
        assertEquals(-5.95132, Double.parseDouble(e.out().lines().toList().get(1).split(",")[4]), 1e-4);
        Path out = dir.resolve("out");
        var r = EnergyCommandsTest.run("relax", in.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith(RelaxCommand.CSV_HEADER + "\nMgO.cif,MgO,8,-5.951"), r.out());
        assertEquals(r.out(), Files.readString(out.resolve("relax.csv")), "relax.csv is what was printed");
        assertTrue(r.out().contains(",converged,"), r.out());
        assertEquals(4.2514, StructureFiles.read(out.resolve("MgO.cif")).get(0).structure().lattice().a(), 2e-4);
    }

    @Test
    void relaxRefusesBadOptionsBeforeWritingAnything() throws Exception {
        Path in = inputs();
        Path out = dir.resolve("out");
        var smax = EnergyCommandsTest.run("relax", in.toString(), "--out", out.toString(), "--smax", "0.01", "--potential", dir.toString());
        assertEquals(1, smax.status());
        assertTrue(smax.err().startsWith("error: --smax applies to --potential classical only"), smax.err());
        var fmax = EnergyCommandsTest.run("relax", in.toString(), "--out", out.toString(), "--fmax", "-1");
        assertEquals(1, fmax.status());
        assertFalse(Files.exists(out.resolve("relax.csv")));
    }

    @Test
    void benchPotentialPrintsTheFourCellSizes() {
        var r = EnergyCommandsTest.run("bench-potential", "--potential", "classical", "--cells", "0", "--seconds", "0.05");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        int[] atoms = {28, 56, 112, 224};
        for (int i = 0; i < 4; i++) assertTrue(lines.get(i).matches("classical " + atoms[i] + " atoms: [0-9.]+ ms per evaluation"), lines.get(i));
    }
}
