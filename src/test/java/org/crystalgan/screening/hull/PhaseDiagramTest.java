package org.crystalgan.screening.hull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Test;

class PhaseDiagramTest {
    /** A hand-made Mg-Mn-O set (energies invented, duplicates and coplanar points on purpose). */
    static final String CSV = """
            formula,energy_per_atom_eV
            Mg,-1.60
            Mg,-1.55
            Mn,-9.16
            O,-4.95
            O2,-4.90
            MgO,-6.00
            MnO,-7.40
            Mn2O3,-7.05
            Mn3O4,-7.20
            MnO2,-6.70
            MgMn2O4,-6.80
            Mg2MnO4,-6.40
            MgMnO3,-6.45
            Mg6MnO8,-6.10
            MgO,-5.95
            Mn3O4,-7.10
            MgMn2O4,-6.90
            """;

    /**
     * Expected (formation energy, e above hull) in eV/atom from pymatgen 2022.11.7 PhaseDiagram
     * (get_form_energy_per_atom, get_decomp_and_e_above_hull) run with /usr/bin/python3 on the same entries.
     */
    static final double[][] PYMATGEN = {
        {0, 0}, {0.05, 0.05}, {0, 0}, {0, 0}, {0.05, 0.05}, {-2.725, 0}, {-0.345, 0.045}, {-0.416, 0},
        {-0.445714, 0}, {-0.346667, 0}, {-1.125714, 0.1}, {-1.805714, 0}, {-1.328, 0.086666667},
        {-2.209333, 0.086666667}, {-2.675, 0.05}, {-0.345714, 0.1}, {-1.225714, 0},
    };

    static List<HullEntry> entries() {
        return EntryCsv.parse(CSV.lines().toList(), "test.csv");
    }

    @Test
    void matchesPymatgenOnAHandMadeMgMnOSet() {
        List<HullEntry> es = entries();
        PhaseDiagram pd = new PhaseDiagram(es);
        for (int i = 0; i < es.size(); i++) {
            assertEquals(PYMATGEN[i][0], pd.formationEnergyPerAtom(i), 1e-6, "formation energy of " + es.get(i).name() + " #" + i);
            assertEquals(PYMATGEN[i][1], pd.eAboveHull(i), 1e-6, "e above hull of " + es.get(i).name() + " #" + i);
        }
        // pymatgen: MgMnO3 -> Mg2MnO4 0.466667 + MgMn2O4 0.466667 + O2 0.066667 (atom fractions)
        Map<HullEntry, Double> d = pd.decomposition(12);
        assertEquals(3, d.size());
        assertEquals(0.466667, d.get(es.get(11)), 1e-6);
        assertEquals(0.466667, d.get(es.get(16)), 1e-6);
        assertEquals(0.066667, d.get(es.get(3)), 1e-6);
        // MnO -> Mn3O4 0.875 + Mn 0.125
        assertEquals(0.875, pd.decomposition(6).get(es.get(8)), 1e-9);
        // stable phases decompose into themselves; the coplanar Mn2O3 is on the hull but not a vertex
        assertEquals(Map.of(es.get(11), 1.0), pd.decomposition(11));
        assertTrue(pd.isStable(16));
        assertFalse(pd.isStable(7));
        assertFalse(pd.isStable(10));
        assertEquals(List.of("Mg", "Mn", "O", "MgO", "Mn3O4", "Mg2MnO4", "MgMn2O4"),
                pd.stableEntries().stream().map(HullEntry::name).toList());
    }

    @Test
    void newEntryBelowTheHullGetsANegativeEnergyAboveIt() {
        PhaseDiagram pd = new PhaseDiagram(entries());
        HullEntry better = HullEntry.of("MgMnO3", -6.60);
        // hull at MgMnO3 is -1.328 - 0.086667 = -1.414667; formation of -6.60 eV/atom: -1.478
        assertEquals(-1.478 - (-1.41466667), pd.eAboveHull(better), 1e-6);
        assertEquals(-1.41466667, pd.hullEnergyPerAtom(Composition.parse("MgMnO3")), 1e-6);
    }

    @Test
    void missingElementalReferenceIsAClearError() {
        InputException ex = assertThrows(InputException.class,
                () -> new PhaseDiagram(List.of(HullEntry.of("Mg", -1.6), HullEntry.of("MgO", -6.0))));
        assertTrue(ex.getMessage().contains("no elemental reference for O"), ex.getMessage());
    }

    @Test
    void unknownElementInCsvNamesTheLine() {
        InputException ex = assertThrows(InputException.class,
                () -> EntryCsv.parse(List.of("formula,energy_per_atom_eV", "Mg,-1.6", "Xx2O,-3"), "e.csv"));
        assertTrue(ex.getMessage().startsWith("e.csv line 3:"), ex.getMessage());
        assertTrue(ex.getMessage().contains("unknown element 'Xx'"), ex.getMessage());
    }

    @Test
    void totalEnergyColumnIsDividedByTheAtomCount() {
        List<HullEntry> es = EntryCsv.parse(List.of("name,formula,energy_eV", "a,Mg2O2,-24.0"), "t.csv");
        assertEquals(-6.0, es.get(0).energyPerAtom(), 1e-12);
        assertEquals("a", es.get(0).name());
    }
}
