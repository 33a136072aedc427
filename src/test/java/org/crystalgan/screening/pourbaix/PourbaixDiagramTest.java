package org.crystalgan.screening.pourbaix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.junit.jupiter.api.Test;

class PourbaixDiagramTest {
    /** The shared hand-made Mg-Mn-O solids plus three more phases the Pourbaix cases need. */
    static final String CSV = org.crystalgan.screening.MgMnOFixtures.ENTRIES + """
            MgMnO3,-7.372000
            Mg6MnO8,-6.690667
            MgO2,-5.433333
            """;

    static PhaseDiagram pd() { return new PhaseDiagram(EntryCsv.parse(CSV.lines().toList(), "pbx.csv")); }

    static HullEntry entry(PhaseDiagram pd, String f) {
        return pd.entries().stream().filter(e -> e.composition().reducedFormula().equals(f)).findFirst().orElseThrow();
    }

    /**
     * Expected values from pymatgen 2022.11.7 (/usr/bin/python3): PourbaixEntry(ComputedEntry(comp,
     * PhaseDiagram.get_form_energy)) for the solids, IonEntry energies corrected as
     * MPRester.get_pourbaix_entries does with the bundled ion table, PourbaixDiagram(..., comp_dict,
     * filter_solids=True).get_decomposition_energy(entry, pH, V_SHE).
     */
    static final double[][] MGMN2O4 = {
        {0, -0.5, 0.921910131}, {0, 0.0, 0.779052988}, {0, 1.5, 0.406841018}, {3.5, 0.7, 0.342652988},
        {7, 0.7, 0.178269589}, {7, 1.5, 0.805811615}, {10, 0.0, 0.103624417}, {14, 0.0, 0.010389848},
        {14, 1.5, 1.300231588},
    };
    /** For MnO2 pymatgen was given the Mn-O entries only (its diagram takes the elements of all entries). */
    static final double[][] MNO2 = {
        {0, -0.5, 1.267580632}, {3.5, 1.5, 0.189665697}, {7, 1.5, 0.465465697}, {14, 0.7, 0.217065697},
        {14, 1.5, 1.017065697},
    };

    @Test
    void decompositionEnergiesMatchPymatgen() {
        PhaseDiagram pd = pd();
        PourbaixDiagram mgmn = new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("MgMn2O4"), 1e-6);
        PourbaixSpecies s = mgmn.solidOf(entry(pd, "MgMn2O4"));
        for (double[] r : MGMN2O4) assertEquals(r[2], mgmn.decompositionEnergy(s, r[0], r[1]), 1e-6, "MgMn2O4 at pH " + r[0] + " V " + r[1]);
        PourbaixDiagram mn = new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("MnO2"), 1e-6);
        PourbaixSpecies m = mn.solidOf(entry(pd, "MnO2"));
        for (double[] r : MNO2) assertEquals(r[2], mn.decompositionEnergy(m, r[0], r[1]), 1e-6, "MnO2 at pH " + r[0] + " V " + r[1]);
    }

    /**
     * pymatgen on a 0.001-pH grid at 1.5 V vs RHE: MgMn2O4 min 0.333011615 (flat between pH 5 and 10.8 at least);
     * MnO2 (Mn-O entries) 0 at pH 0, where it is the stable phase.
     */
    @Test
    void minimumOverPhAtFixedRhePotential() {
        PhaseDiagram pd = pd();
        PourbaixDiagram mgmn = new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("MgMn2O4"), 1e-6);
        PourbaixDiagram.Minimum min = mgmn.minimumOverPh(mgmn.solidOf(entry(pd, "MgMn2O4")), 0, 14, 1.5);
        assertEquals(0.333011615, min.energyPerAtom(), 2e-6);
        assertTrue(min.pH() >= 0 && min.pH() <= 14);
        assertEquals(min.energyPerAtom(), mgmn.decompositionEnergy(mgmn.solidOf(entry(pd, "MgMn2O4")), min.pH(), min.vShe()), 1e-12);
        assertEquals(1.5 - 0.0591 * min.pH(), min.vShe(), 1e-12);
        PourbaixDiagram mn = new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("MnO2"), 1e-6);
        PourbaixDiagram.Minimum m2 = mn.minimumOverPh(mn.solidOf(entry(pd, "MnO2")), 0, 14, 1.5);
        assertEquals(0.0, m2.energyPerAtom(), 2e-6);
        assertEquals(List.of("MnO2(s)"), m2.stable().keySet().stream().map(PourbaixSpecies::name).toList());
    }

    @Test
    void stableSpeciesHaveZeroDecompositionEnergyAndMapCoversDomains() {
        PhaseDiagram pd = pd();
        PourbaixDiagram mn = new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("Mn"), 1e-6);
        // Mn metal is stable at strongly reducing potentials, permanganate at high potential and pH 14
        var low = mn.stableMixture(7, -2.0);
        assertEquals(List.of("Mn(s)"), low.keySet().stream().map(PourbaixSpecies::name).toList());
        PourbaixMap map = mn.map(0, 14, 15, -2, 2.5, 19);
        assertTrue(map.domains().size() >= 4, "several domains expected: " + map.domains());
        assertTrue(map.domains().contains("Mn(s)"));
        assertTrue(map.domains().contains("Mn[2+]"));
        for (PourbaixSpecies s : mn.species()) {
            if (!s.solid()) continue;
            for (double ph = 0; ph <= 14; ph += 3.5) {
                for (double v = -2; v <= 2.5; v += 0.5) assertTrue(mn.decompositionEnergy(s, ph, v) >= -1e-9);
            }
        }
    }

    @Test
    void missingReferenceSolidIsAClearError() {
        PhaseDiagram pd = new PhaseDiagram(List.of(HullEntry.of("Mn", -9.16), HullEntry.of("O2", -4.95), HullEntry.of("MnO", -9.0)));
        InputException ex = assertThrows(InputException.class,
                () -> new PourbaixDiagram(pd, AqueousIon.bundled(), Composition.parse("MnO"), 1e-6));
        assertTrue(ex.getMessage().contains("reference solid MnO2"), ex.getMessage());
    }

    @Test
    void ionTableCarriesPublishedValues() {
        AqueousIon mg = AqueousIon.bundled().stream().filter(i -> i.formula().equals("Mg[2+]")).findFirst().orElseThrow();
        assertEquals(-454.8, mg.gibbsKjPerMol(), 0);
        assertEquals(2, mg.charge());
        AqueousIon mn = AqueousIon.bundled().stream().filter(i -> i.formula().equals("Mn(OH)3[-]")).findFirst().orElseThrow();
        assertEquals(3.0, mn.composition().amount("O"), 0);
        assertEquals(3.0, mn.composition().amount("H"), 0);
    }
}
