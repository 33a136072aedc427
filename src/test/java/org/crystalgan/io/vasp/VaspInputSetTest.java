package org.crystalgan.io.vasp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaspInputSetTest {
    /** The cell given to pymatgen: Mg at the end too, so grouping by species is exercised. */
    static Structure cell() {
        double[][] f = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0.25, 0.25, 0.25}, {0.75, 0.75, 0.25}, {0.25, 0.75, 0.75},
            {0.75, 0.25, 0.75}, {0, 0.5, 0.5}};
        String[] el = {"Mg", "Mn", "Mn", "O", "O", "O", "O", "Mg"};
        Site[] s = new Site[8];
        for (int i = 0; i < 8; i++) s[i] = new Site(Element.of(el[i]), f[i][0], f[i][1], f[i][2]);
        return new Structure(Lattice.fromParameters(5.8, 5.9, 8.2, 90, 90, 90), List.of(s));
    }

    /**
     * pymatgen 2022.11.7 MPRelaxSet(cell).incar and .kpoints (run with /usr/bin/python3):
     * ALGO Fast, EDIFF 0.0004, ENCUT 520, IBRION 2, ISIF 3, ISMEAR -5, ISPIN 2, LASPH True, LDAU True,
     * LDAUJ [0,0,0], LDAUL [0,2,0], LDAUTYPE 2, LDAUU [0,3.9,0], LDAUPRINT 1, LORBIT 11, LREAL Auto,
     * LWAVE False, NELM 100, NSW 99, PREC Accurate, SIGMA 0.05, LMAXMIX 4, MAGMOM 0.6 on Mg and O, 5 on Mn;
     * KPOINTS "grid density = 453", Gamma 4 4 3; POTCARs Mg_pv Mn_pv O.
     */
    @Test
    void relaxationMatchesMpRelaxSet() {
        VaspInputSet r = VaspInputSet.mpRelax("MgMn2O4", cell());
        Map<String, Object> in = r.incar();
        assertEquals("Fast", in.get("ALGO"));
        assertEquals(0.0004, (double) in.get("EDIFF"), 1e-12);
        assertEquals(520, in.get("ENCUT"));
        assertEquals(2, in.get("IBRION"));
        assertEquals(3, in.get("ISIF"));
        assertEquals(-5, in.get("ISMEAR"));
        assertEquals(2, in.get("ISPIN"));
        assertEquals(true, in.get("LASPH"));
        assertEquals(true, in.get("LDAU"));
        assertEquals(List.of(0, 0, 0), in.get("LDAUJ"));
        assertEquals(List.of(0, 2, 0), in.get("LDAUL"));
        assertEquals(2, in.get("LDAUTYPE"));
        assertEquals(List.of(0.0, 3.9, 0.0), in.get("LDAUU"));
        assertEquals(1, in.get("LDAUPRINT"));
        assertEquals(11, in.get("LORBIT"));
        assertEquals("Auto", in.get("LREAL"));
        assertEquals(false, in.get("LWAVE"));
        assertEquals(100, in.get("NELM"));
        assertEquals(99, in.get("NSW"));
        assertEquals("Accurate", in.get("PREC"));
        assertEquals(0.05, in.get("SIGMA"));
        assertEquals(4, in.get("LMAXMIX"));
        assertEquals(List.of(0.6, 0.6, 5.0, 5.0, 0.6, 0.6, 0.6, 0.6), in.get("MAGMOM"));
        assertEquals(23, in.size());
        assertArrayEquals(new int[] {4, 4, 3}, r.kpoints().divisions());
        assertTrue(r.kpoints().gamma());
        assertEquals(453, Math.round(r.kpoints().kppa()));
        assertEquals(List.of("Mg_pv", "Mn_pv", "O"), r.potcarSymbols());
        assertTrue(r.poscarText().contains(" Mg Mn O\n 2 2 4\n"), r.poscarText());
        assertTrue(r.incarText().contains("MAGMOM = 2*0.6 2*5 4*0.6\n"), r.incarText());
        assertTrue(r.incarText().contains("LDAUU = 0 3.9 0\n"));
        assertTrue(r.incarText().contains("EDIFF = 0.0004\n"));
    }

    /** pymatgen MPHSEBSSet(cell, mode="Uniform").incar (23 keys), less ICHARG 1 (no CHGCAR in a stand-alone folder). */
    @Test
    void hybridGapMatchesMpHseBsSet() {
        VaspInputSet h = VaspInputSet.hseGap("MgMn2O4", cell());
        Map<String, Object> in = h.incar();
        assertEquals("All", in.get("ALGO"));
        assertEquals(true, in.get("LHFCALC"));
        assertEquals(0.2, in.get("HFSCREEN"));
        assertEquals(0, in.get("NSW"));
        assertEquals(0, in.get("ISMEAR"));
        assertEquals(3, in.get("ISYM"));
        assertEquals(false, in.get("LCHARG"));
        assertEquals(5, in.get("NELMIN"));
        assertEquals("Fast", in.get("PRECFOCK"));
        assertFalse(in.containsKey("LDAU"));
        assertFalse(in.containsKey("ICHARG"));
        assertEquals(4, in.get("LMAXMIX"));
        assertEquals(22, in.size());
        // pymatgen Kpoints.automatic_density_by_vol(cell, 50): "grid density = 354", Gamma 3 3 2 (odd division)
        assertArrayEquals(new int[] {3, 3, 2}, h.kpoints().divisions());
        assertTrue(h.kpoints().gamma());
        assertEquals(354, Math.round(h.kpoints().kppa()));
    }

    @Test
    void oxygenFreeCellHasNoU() {
        Structure mg = new Structure(Lattice.cubic(3.2), List.of(new Site(Element.of("Mg"), 0, 0, 0)));
        VaspInputSet r = VaspInputSet.mpRelax("Mg", mg);
        assertFalse(r.incar().containsKey("LDAU"));
        assertFalse(r.incar().containsKey("LMAXMIX"));
    }

    @Test
    void writesFourFilesAndRefusesToOverwrite(@TempDir Path tmp) throws Exception {
        VaspInputSet r = VaspInputSet.mpRelax("MgMn2O4", cell());
        Path dir = tmp.resolve("relax");
        r.write(dir, false);
        for (String f : List.of("POSCAR", "INCAR", "KPOINTS", "POTCAR.symbols")) assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        assertFalse(Files.exists(dir.resolve("POTCAR")), "POTCAR files are licensed: never written");
        assertTrue(Files.readString(dir.resolve("POTCAR.symbols")).contains("Mg_pv Mn_pv O"));
        Files.writeString(dir.resolve("INCAR"), "edited by hand\n");
        assertThrows(InputException.class, () -> r.write(dir, false));
        assertEquals("edited by hand\n", Files.readString(dir.resolve("INCAR")));
        r.write(dir, true);
        assertTrue(Files.readString(dir.resolve("INCAR")).startsWith("ALGO = Fast"));
    }
}
