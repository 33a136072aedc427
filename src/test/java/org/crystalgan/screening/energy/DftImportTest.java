package org.crystalgan.screening.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class DftImportTest {
    static Path root() throws Exception {
        return Path.of(DftImportTest.class.getResource("/org/crystalgan/io/vasp/relax_mgmn2o4/vasprun.xml").toURI()).getParent().getParent();
    }

    /**
     * pymatgen 2022.11.7 MaterialsProject2020Compatibility(check_potcar_hash=False) on a GGA+U Mg1Mn2O4
     * ComputedStructureEntry (U Mn 3.9) of -50.123456 eV: correction -6.084 eV (oxide 4 x -0.687, Mn 2 x -1.668),
     * uncertainty 0.013280060; GGA MgO: -0.687; GGA MnO (no U): not compatible.
     */
    @Test
    void correctionsMatchPymatgen() {
        List<String> pots = List.of("PAW_PBE Mg_pv 06Sep2000", "PAW_PBE Mn_pv 02Aug2007", "PAW_PBE O 08Apr2002");
        var c = Mp2020Compatibility.correct(Composition.parse("MgMn2O4"), null, "GGA+U", Map.of("Mg", 0.0, "Mn", 3.9, "O", 0.0), pots);
        assertTrue(c.compatible());
        assertEquals(-6.084, c.energy(), 1e-9);
        assertEquals(0.013280060240827223, c.uncertainty(), 1e-12);
        assertEquals(-0.687, Mp2020Compatibility.correct(Composition.parse("MgO"), null, "GGA", Map.of(), List.of()).energy(), 1e-12);
        var mno = Mp2020Compatibility.correct(Composition.parse("MnO"), null, "GGA", Map.of(), List.of());
        assertFalse(mno.compatible());
        assertTrue(mno.incompatible().contains("U(Mn)"), mno.incompatible());
        assertFalse(Mp2020Compatibility.correct(Composition.parse("MnO"), null, "HSE06", Map.of(), List.of()).compatible());
        assertFalse(Mp2020Compatibility.correct(Composition.parse("MnO"), null, "GGA+U", Map.of("Mn", 3.9),
                List.of("PAW_PBE Mn 07Sep2000", "PAW_PBE O 08Apr2002")).compatible(), "MP uses Mn_pv");
        assertEquals(0.0, Mp2020Compatibility.correct(Composition.parse("Mn"), null, "GGA", Map.of(), List.of()).energy(), 0.0);
    }

    @Test
    void peroxideIsRecognisedByItsShortOOBond() {
        Structure peroxide = new Structure(Lattice.cubic(5), List.of(new Site(Element.of("Mg"), 0, 0, 0),
                new Site(Element.of("O"), 0.5, 0.5, 0.5), new Site(Element.of("O"), 0.5 + 1.48 / 5, 0.5, 0.5)));
        assertEquals("peroxide", Mp2020Compatibility.oxideType(peroxide));
        var c = Mp2020Compatibility.correct(peroxide.composition(), peroxide, "GGA", Map.of(), List.of());
        assertEquals(2 * -0.465, c.energy(), 1e-12);
    }

    @Test
    void folderImportKeepsBadRunsFlagged() throws Exception {
        List<DftImport.Result> rs = DftImport.importFolder(root());
        assertEquals(List.of("hse_mgmn2o4", "relax_mgmn2o4", "unconverged", "unfinished"), rs.stream().map(DftImport.Result::folder).toList());
        DftImport.Result relax = rs.get(1);
        assertNull(relax.note());
        assertEquals(-50.123456 / 7, relax.energyPerAtom(), 1e-12);
        assertEquals((-50.123456 - 6.084) / 7, relax.correctedEnergyPerAtom().getAsDouble(), 1e-9);
        assertEquals(7, relax.magneticMoments().size());
        DftImport.Result hse = rs.get(0);
        assertTrue(hse.correctedEnergyPerAtom().isEmpty(), "hybrid energies are not MP-compatible");
        assertEquals(2.3456, hse.bandGap().getAsDouble(), 1e-9);
        assertTrue(rs.get(2).correctedEnergyPerAtom().isEmpty());
        assertTrue(rs.get(3).note().contains("unfinished"));
        assertTrue(Double.isNaN(rs.get(3).energyPerAtom()));
    }
}
