package org.crystalgan.screening.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.junit.jupiter.api.Test;

class ReferencePhasesTest {
    @Test
    void everyBundledPhaseLoadsAndHasItsBundledEnergy() {
        List<HullEntry> entries = ReferencePhases.bundledM3GNetEntries();
        assertEquals(ReferencePhases.BUNDLED.size(), entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ReferencePhases.Phase p = ReferencePhases.BUNDLED.get(i);
            Structure s = p.structure();
            assertEquals(p.name(), entries.get(i).name());
            assertTrue(s.composition().sameReducedComposition(entries.get(i).composition()), p.name());
            assertTrue(entries.get(i).energyPerAtom() < -1 && entries.get(i).energyPerAtom() > -12, p.name());
        }
        assertEquals(29, ReferencePhases.BUNDLED.get(1).structure().size(), "alpha-Mn's primitive cell");
        assertEquals(1.2075, ReferencePhases.BUNDLED.get(2).structure().distance(0, 1), 1e-4, "the O2 bond");
    }

    /** The stability issue's check: the known stable phases lie on or within 30 meV/atom of the potential's hull. */
    @Test
    void knownStablePhasesLieOnOrNearTheCorrectedHull() {
        PhaseDiagram pd = PotentialHull.bundledM3GNet().diagram();
        Map<String, Double> eHull = pd.entries().stream().collect(Collectors.toMap(HullEntry::name, e -> pd.eAboveHull(e)));
        for (String stable : List.of("MgO_periclase", "MnO_manganosite", "Mn3O4_hausmannite", "MgMn2O4_spinel")) {
            assertTrue(eHull.get(stable) <= 0.030, stable + " " + eHull.get(stable));
        }
        // what M3GNet is known to get wrong, reported rather than tuned away: lambda-MnO2 below pyrolusite
        assertTrue(eHull.get("MnO2_lambda_spinel") < eHull.get("MnO2_pyrolusite"));
    }

    /** Without the MP2020 corrections, GGA Mn metal against GGA+U oxides lifts MnO off the hull. */
    @Test
    void theCorrectionsMatterWhereMetalsMeetOxides() {
        PhaseDiagram raw = new PhaseDiagram(ReferencePhases.bundledM3GNetEntries());
        HullEntry mno = raw.entries().stream().filter(e -> e.name().equals("MnO_manganosite")).findFirst().orElseThrow();
        assertEquals(0.031, raw.eAboveHull(mno), 0.002);
        PhaseDiagram corrected = PotentialHull.bundledM3GNet().diagram();
        HullEntry c = corrected.entries().stream().filter(e -> e.name().equals("MnO_manganosite")).findFirst().orElseThrow();
        assertTrue(corrected.eAboveHull(c) < 0.031, "corrected " + corrected.eAboveHull(c));
    }
}
