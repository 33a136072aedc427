package org.crystalgan.io.vasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written vasprun.xml files in VASP's format (src/test/resources/org/crystalgan/io/vasp). */
class VasprunTest {
    static Path resource(String dir) throws Exception {
        return Path.of(VasprunTest.class.getResource("/org/crystalgan/io/vasp/" + dir + "/vasprun.xml").toURI());
    }

    @Test
    void finishedGgaPlusURelaxation() throws Exception {
        Vasprun v = Vasprun.read(resource("relax_mgmn2o4"));
        assertTrue(v.finished());
        assertTrue(v.usable(), v.whyNotUsable());
        assertEquals(-50.123456, v.finalEnergy(), 1e-9);
        assertEquals(2, v.ionicSteps());
        assertTrue(v.electronicConverged());
        assertTrue(v.ionicConverged());
        assertEquals("GGA+U", v.runType());
        assertEquals(3.9, v.hubbardU().get("Mn"), 1e-12);
        assertEquals(0.0, v.hubbardU().get("Mg"), 1e-12);
        // spin up: VBM 3.9512 (k2), CBM 5.1000 (k2); spin down higher CBM: gap 1.1488
        assertEquals(1.1488, v.bandGap().getAsDouble(), 1e-9);
        assertEquals("MgMn2O4", v.structure().composition().reducedFormula());
        assertEquals(5.02, v.structure().lattice().a(), 1e-9);
        assertEquals(0.251, v.structure().site(3).frac().x(), 1e-12);
        assertEquals(List.of("PAW_PBE Mg_pv 06Sep2000", "PAW_PBE Mn_pv 02Aug2007", "PAW_PBE O 08Apr2002"), v.potcars());
    }

    @Test
    void unfinishedRunIsFlaggedNotUsed() throws Exception {
        Vasprun v = Vasprun.read(resource("unfinished"));
        assertFalse(v.finished());
        assertFalse(v.usable());
        assertTrue(v.whyNotUsable().contains("unfinished"), v.whyNotUsable());
        assertTrue(Double.isNaN(v.finalEnergy()));
    }

    @Test
    void electronicLimitReachedIsFlagged() throws Exception {
        Vasprun v = Vasprun.read(resource("unconverged"));
        assertTrue(v.finished());
        assertFalse(v.electronicConverged());
        assertFalse(v.usable());
        assertTrue(v.whyNotUsable().contains("electronic"), v.whyNotUsable());
    }

    @Test
    void hybridStaticRunGivesTheGap() throws Exception {
        Vasprun v = Vasprun.read(resource("hse_mgmn2o4"));
        assertTrue(v.usable(), v.whyNotUsable());
        assertEquals("HSE06", v.runType());
        assertTrue(v.ionicConverged(), "a static run (NSW 0) has no ionic loop to converge");
        assertEquals(6.3456 - 4.0, v.bandGap().getAsDouble(), 1e-9);
        assertNotNull(v.structure());
    }

    @Test
    void ionicLimitReachedIsFlagged(@TempDir Path tmp) throws Exception {
        String text = Files.readString(resource("relax_mgmn2o4")).replace("<i type=\"int\" name=\"NSW\">     99</i>",
                "<i type=\"int\" name=\"NSW\">      2</i>");
        Path f = tmp.resolve("vasprun.xml");
        Files.writeString(f, text);
        Vasprun v = Vasprun.read(f);
        assertFalse(v.ionicConverged());
        assertTrue(v.whyNotUsable().contains("ionic"));
    }

    @Test
    void notAVasprunIsAClearError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("vasprun.xml");
        Files.writeString(f, "<?xml version=\"1.0\"?><html><body/></html>");
        assertTrue(assertThrows(InputException.class, () -> Vasprun.read(f)).getMessage().contains("not a vasprun.xml"));
        Files.writeString(f, "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><modeling>&x;</modeling>");
        assertFalse(Vasprun.read(f).finished(), "DTDs are refused, so external entities are never read");
    }

    @Test
    void outcarMomentsComeFromTheLastTable() throws Exception {
        Path outcar = resource("relax_mgmn2o4").resolveSibling("OUTCAR");
        List<Double> m = Outcar.magneticMoments(outcar);
        assertEquals(7, m.size());
        assertEquals(4.225, m.get(1), 1e-12);
        assertEquals(0.019, m.get(6), 1e-12);
    }
}
