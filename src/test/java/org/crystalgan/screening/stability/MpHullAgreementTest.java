package org.crystalgan.screening.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.junit.jupiter.api.Test;

/**
 * The potential's MP-consistent hull ({@link PotentialHull}: raw energies, MP2020 corrections added here) against the
 * Materials Project's own hull (MP's corrected energies read as {@code --entries} reads them), both fed the same
 * published MP energies of the Mn-O system (fixture {@code mp-mn-o-entries.csv}, cited in its header).
 *
 * <p>The two can differ only by the correction constants: MP's entries carry the corrections of pymatgen 2020.8.3
 * (-0.70229 eV per O, -1.68085 eV per Mn in an oxide), this project the later MP2020 fit (-0.687, -1.668). That
 * moves formation energies by at most 15 meV/atom and, since the shift is almost linear in composition across the
 * oxides, energies above the hull by far less.
 */
class MpHullAgreementTest {
    private static final String FIXTURE = "/org/crystalgan/screening/stability/mp-mn-o-entries.csv";

    private static List<String> lines() throws IOException {
        try (InputStream in = MpHullAgreementTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** MP's raw (uncorrected) GGA/GGA+U energies of the fixture: what the potential stands in for. */
    private static List<HullEntry> uncorrected(List<String> lines) {
        List<HullEntry> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("#") || l.startsWith("id,")) continue;
            String[] f = l.split(",");
            out.add(HullEntry.ofTotalEnergy(f[0], Composition.parse(f[1]), Double.parseDouble(f[3])));
        }
        return out;
    }

    @Test
    void potentialHullAgreesWithTheMaterialsProjectHullOnTheSameEnergies() throws IOException {
        List<String> lines = lines();
        PhaseDiagram mp = new PhaseDiagram(EntryCsv.parse(lines, FIXTURE));
        PotentialHull ours = new PotentialHull(uncorrected(lines), "m3gnet");
        assertEquals(6, mp.entries().size());

        Map<String, double[]> byId = new TreeMap<>();
        for (int i = 0; i < mp.entries().size(); i++) byId.put(mp.entries().get(i).name(), new double[] {mp.formationEnergyPerAtom(i), mp.eAboveHull(i), 0, 0});
        PhaseDiagram pd = ours.diagram();
        for (int i = 0; i < pd.entries().size(); i++) {
            double[] v = byId.get(pd.entries().get(i).name());
            v[2] = pd.formationEnergyPerAtom(i);
            v[3] = pd.eAboveHull(i);
        }
        for (var e : byId.entrySet()) {
            double[] v = e.getValue();
            assertEquals(v[0], v[2], 0.016, e.getKey() + ": formation energy, MP's hull vs the potential's hull code");
            assertEquals(v[1], v[3], 0.005, e.getKey() + ": energy above hull, MP's hull vs the potential's hull code");
        }
        List<String> stableMp = mp.stableEntries().stream().map(HullEntry::name).sorted().toList();
        List<String> stableOurs = pd.stableEntries().stream().map(HullEntry::name).sorted().toList();
        assertEquals(stableMp, stableOurs, "the same phases make both hulls");
        assertTrue(stableMp.containsAll(List.of("mp-19006", "mp-18759")), "MnO and Mn3O4 are on MP's corrected hull: " + stableMp);
        // by hand from the fixture: MnO -36.19310888/4 against Mn -265.68948764/29 and O -39.58364375/8
        assertEquals(-36.19310888192 / 4 - (-265.68948764 / 29 - 39.58364375 / 8) / 2, byId.get("mp-19006")[0], 1e-9);
    }

    @Test
    void aPotentialEnergyPlacedOnMpEntriesMatchesTheSameEnergyOnThePotentialHull() throws IOException {
        // the screening's "mp" source puts a corrected potential energy on the user's entries; fed entries corrected the
        // way the potential's hull corrects them, both sources must give the same energy above hull to rounding
        List<HullEntry> raw = uncorrected(lines());
        PotentialHull ours = new PotentialHull(raw, "m3gnet");
        PhaseDiagram asEntries = new PhaseDiagram(ours.diagram().entries());
        HullEntry mno2 = raw.stream().filter(e -> e.name().equals("mp-19395")).findFirst().orElseThrow();
        // a polymorph 50 meV/atom above rutile MnO2, as a screened candidate would be
        double total = (mno2.energyPerAtom() + 0.05) * 12;
        HullEntry corrected = PotentialHull.corrected("cand", Composition.parse("Mn4O8"), null, total);
        assertEquals(asEntries.eAboveHull(corrected), ours.diagram().eAboveHull(corrected), 1e-12);
        HullEntry rutile = PotentialHull.corrected("rutile", Composition.parse("Mn4O8"), null, mno2.energyPerAtom() * 12);
        assertEquals(0.05 + ours.diagram().eAboveHull(rutile), asEntries.eAboveHull(corrected), 1e-9);
    }
}
