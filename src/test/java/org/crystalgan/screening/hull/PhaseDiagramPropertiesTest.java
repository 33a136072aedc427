package org.crystalgan.screening.hull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.crystalgan.crystal.Composition;

/** Hull invariants on random Mg-Mn-O entry sets (integer compositions, so coplanar points occur). */
class PhaseDiagramPropertiesTest {
    static List<HullEntry> randomEntries(long seed, int n) {
        Random r = new Random(seed);
        List<HullEntry> es = new ArrayList<>();
        es.add(HullEntry.of("Mg", -1.6 + 0.1 * r.nextDouble()));
        es.add(HullEntry.of("Mn", -9.1 + 0.1 * r.nextDouble()));
        es.add(HullEntry.of("O", -4.9 + 0.1 * r.nextDouble()));
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(4), b = r.nextInt(4), c = r.nextInt(5);
            if (a + b + c == 0) c = 1;
            Composition comp = Composition.of("Mg", Math.max(a, 0), "Mn", b, "O", c);
            double mean = (a * -1.6 + b * -9.1 + c * -4.9) / (a + b + c);
            // coarse energies (0.05 eV grid) make exact ties and coplanar facets common
            double e = mean - 0.05 * r.nextInt(40);
            es.add(new HullEntry("e" + i, comp, e));
        }
        return es;
    }

    @Property(tries = 60)
    void verticesAreZeroAndNothingIsNegative(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) {
        List<HullEntry> es = randomEntries(seed, n);
        PhaseDiagram pd = new PhaseDiagram(es);
        for (int i = 0; i < es.size(); i++) {
            assertTrue(pd.eAboveHull(i) >= 0, "negative e above hull");
            if (pd.isStable(i)) assertEquals(0.0, pd.eAboveHull(i), 0.0);
            double sum = pd.decomposition(i).values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-9);
            // the decomposition reproduces the hull energy at the entry's composition
            double mix = 0;
            for (var d : pd.decomposition(i).entrySet()) mix += d.getValue() * pd.formationEnergyPerAtom(d.getKey());
            assertEquals(pd.formationEnergyPerAtom(i) - pd.eAboveHull(i), mix, 1e-8);
        }
        // no entry lies below any hull vertex mixture: check against every pair/triple is implied by the LP; spot-check
        for (HullEntry s : pd.stableEntries()) assertEquals(0.0, pd.eAboveHull(s), 1e-12);
    }

    @Property(tries = 40)
    void addingAnEntryAboveTheHullChangesNothing(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n,
                                                @ForAll @IntRange(min = 1, max = 100) int above) {
        List<HullEntry> es = randomEntries(seed, n);
        PhaseDiagram pd = new PhaseDiagram(es);
        Composition c = es.get(3 + new Random(seed).nextInt(n)).composition();
        double hull = pd.hullEnergyPerAtom(c);
        double refs = 0;
        for (var a : c.asMap().entrySet()) refs += a.getValue() / c.numAtoms() * pd.references().get(a.getKey()).energyPerAtom();
        List<HullEntry> more = new ArrayList<>(es);
        more.add(new HullEntry("extra", c, refs + hull + 0.001 * above));
        PhaseDiagram pd2 = new PhaseDiagram(more);
        for (int i = 0; i < es.size(); i++) assertEquals(pd.eAboveHull(i), pd2.eAboveHull(i), 1e-9);
        assertEquals(0.001 * above, pd2.eAboveHull(es.size()), 1e-9);
        assertEquals(pd.stableEntries(), pd2.stableEntries());
    }

    @Property(tries = 40)
    void resultsDoNotDependOnEntryOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) {
        List<HullEntry> es = randomEntries(seed, n);
        PhaseDiagram pd = new PhaseDiagram(es);
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) perm.add(i);
        Collections.shuffle(perm, new Random(seed ^ 0x5DEECE66DL));
        List<HullEntry> shuffled = perm.stream().map(es::get).toList();
        PhaseDiagram pd2 = new PhaseDiagram(shuffled);
        for (int q = 0; q < perm.size(); q++) {
            int i = perm.get(q);
            assertEquals(pd.eAboveHull(i), pd2.eAboveHull(q), 1e-9);
            assertEquals(pd.formationEnergyPerAtom(i), pd2.formationEnergyPerAtom(q), 1e-12);
        }
    }
}
