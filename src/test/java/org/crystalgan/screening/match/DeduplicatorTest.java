package org.crystalgan.screening.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.screening.SharedData;
import org.crystalgan.screening.TestStructures;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.crystalgan.screening.match.Deduplicator.Item;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    /**
     * pymatgen groups within one reduced formula only, so any set of whole formula buckets gives
     * exactly pymatgen's groups restricted to it. The default run takes the buckets of at most 60
     * rows (534 rows, 16 of the 63 multi-member groups, a tenth of the comparisons); run with
     * -Dcrystalgan.fullTests=true for all 1,253 rows (1,167 groups), about ten times longer.
     */
    @Test
    void groupsOfTheTrainingParentsAreThoseOfPymatgen() throws IOException {
        boolean full = Boolean.getBoolean("crystalgan.fullTests");
        List<DecodedStructureCsv.Row> rows = SharedData.rows();
        Map<String, Integer> bucketSize = new HashMap<>();
        for (int i = 0; i < 1253; i++) bucketSize.merge(rows.get(i).structure().composition().reducedFormula(), 1, Integer::sum);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < 1253; i++) if (full || bucketSize.get(rows.get(i).structure().composition().reducedFormula()) <= 60) kept.add(i);
        List<Item> items = new ArrayList<>();
        for (int i : kept) items.add(new Item(String.valueOf(i), rows.get(i).structure()));
        Deduplicator.Outcome o = new Deduplicator().run(items, List.of(), Progress.NONE);

        Map<Integer, TreeSet<Integer>> ours = new HashMap<>();
        for (int k = 0; k < kept.size(); k++) ours.computeIfAbsent(o.verdicts().get(k).group(), g -> new TreeSet<>()).add(kept.get(k));
        TreeSet<String> oursMulti = new TreeSet<>();
        for (TreeSet<Integer> g : ours.values()) if (g.size() > 1) oursMulti.add(g.toString());
        TreeSet<String> theirs = new TreeSet<>();
        int merged = 0, all = 0;
        var in = getClass().getResourceAsStream("/crystalgan/screening/pymatgen_groups.txt");
        assertNotNull(in);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) continue;
                all++;
                TreeSet<Integer> g = new TreeSet<>();
                for (String t : line.trim().split("\\s+")) g.add(Integer.parseInt(t));
                if (!kept.contains(g.first())) continue;
                theirs.add(g.toString());
                merged += g.size() - 1;
            }
        }
        assertEquals(63, all);
        assertEquals(full ? 63 : 16, theirs.size());
        assertEquals(theirs, oursMulti);
        assertEquals(kept.size() - merged, o.uniqueCount());
        if (full) assertEquals(1167, o.uniqueCount());
        assertEquals(0, o.knownCount());
    }

    @Test
    void copiesAreDuplicatesAndReferencesMakeThemKnown() {
        Structure mno2 = TestStructures.pyrolusite(), mgo = TestStructures.periclase();
        Structure shifted = StructureMatcherTest.translated(mno2, new Vec3(0.3, 0.1, 0.7));
        Structure disordered = new Structure(Lattice.cubic(4.2), List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0), 0.5, "Mg1"),
                new Site(Element.of("O"), 0.5, 0.5, 0.5)));
        List<Item> items = List.of(new Item("a", mno2), new Item("b", mgo), new Item("c", shifted), new Item("d", disordered),
                new Item("e", StructureMatcherTest.jiggled(mgo, 0.02, new Random(3))));
        Deduplicator.Outcome o = new Deduplicator().run(items, List.of(new Item("mp-MgO", mgo.supercell(2, 1, 1))), Progress.NONE);
        assertEquals(2, o.uniqueCount());
        assertEquals(1, o.knownCount());
        assertEquals(1, o.novelCount());
        assertEquals(1, o.rediscoveredReferences());
        Deduplicator.Verdict a = o.verdicts().get(0), b = o.verdicts().get(1), c = o.verdicts().get(2), d = o.verdicts().get(3), e = o.verdicts().get(4);
        assertTrue(a.isUnique());
        assertFalse(a.isKnown());
        assertEquals("mp-MgO", b.knownAs());
        assertEquals("a", c.duplicateOf());
        assertEquals(a.group(), c.group());
        assertEquals(-1, d.group());
        assertTrue(d.problem().contains("disordered"), d.problem());
        assertEquals("b", e.duplicateOf());
        assertEquals("mp-MgO", e.knownAs());
        assertNull(a.duplicateOf());
    }

    /**
     * The prefilter only skips pairs the matcher would reject, so the groups and the reference
     * matches must be exactly those of the unfiltered search (every pair of equal reduced formula
     * compared): all 2,627 rows of the table (parents and their supercells, which exercise the
     * supercell rule) and 1,000 translated, axis-swapped and jiggled copies made by bench-screening's
     * generator, against the first 300 parents as references.
     */
    @Test
    void prefilteredDedupeEqualsUnfilteredOnRealStructures() {
        List<DecodedStructureCsv.Row> rows = SharedData.rows();
        List<Item> seeds = new ArrayList<>();
        for (DecodedStructureCsv.Row r : rows) seeds.add(new Item(String.valueOf(r.index()), r.structure()));
        List<Item> items = org.crystalgan.screening.bench.ScreeningBenchmark.generatedLike(seeds, seeds.size() + 1000, 0.03, 7);
        List<Item> refs = seeds.subList(0, 300);
        StructureMatcher m = new StructureMatcher();
        Deduplicator.Outcome filtered = new Deduplicator(m, true).run(items, refs, Progress.NONE);
        Deduplicator.Outcome full = new Deduplicator(m, false).run(items, refs, Progress.NONE);
        System.out.printf("full comparisons: %d unfiltered, %d with the prefilter (%d pairs ruled out)%n",
                full.comparisons(), filtered.comparisons(), filtered.skippedByInvariants());
        assertEquals(full.verdicts(), filtered.verdicts());
        assertEquals(full.uniqueCount(), filtered.uniqueCount());
        assertEquals(full.knownCount(), filtered.knownCount());
        assertEquals(full.rediscoveredReferences(), filtered.rediscoveredReferences());
        assertTrue(full.uniqueCount() < 1253, "supercells and copies should fall into their parents' groups: " + full.uniqueCount());
        assertEquals(full.comparisons(), filtered.comparisons() + filtered.skippedByInvariants());
        // measured: about a third of the comparisons avoided; a filter that stopped working would avoid none
        assertTrue(filtered.comparisons() < 0.8 * full.comparisons(),
                "the prefilter should avoid many comparisons: " + filtered.comparisons() + " of " + full.comparisons());
    }

    @Test
    void prefilterPassesMatchingPairsAndRejectsADifferentShape() {
        StructureMatcher m = new StructureMatcher();
        Structure rocksalt = TestStructures.periclase();
        StructureMatcher.Prepared p = m.prepare(rocksalt);
        // the same crystal in a doubled, axis-swapped cell with all atoms shifted: the matcher accepts, so must the filter
        StructureMatcher.Prepared copy = m.prepare(swappedShiftedSupercell(rocksalt));
        assertTrue(m.fit(p, copy));
        assertTrue(m.mayMatch(p, copy));
        assertTrue(m.mayMatch(copy, p));
        // MgO on a lattice stretched 3x along c (volume scaling cannot undo a change of shape)
        double[][] lat = rocksalt.lattice().matrix();
        for (int k = 0; k < 3; k++) lat[2][k] *= 3;
        StructureMatcher.Prepared stretched = m.prepare(new Structure(Lattice.fromMatrix(lat), rocksalt.sites()));
        assertFalse(m.fit(p, stretched));
        assertFalse(m.mayMatch(p, stretched) && m.mayMatch(stretched, p), "at least one order of the pair is ruled out");
        // other formula, other site counts
        StructureMatcher.Prepared rutile = m.prepare(TestStructures.pyrolusite());
        assertFalse(m.mayMatch(p, rutile));
    }

    private static Structure swappedShiftedSupercell(Structure s) {
        double[][] m = s.lattice().matrix();
        double[][] sup = {m[1].clone(), m[0].clone(), {2 * m[2][0], 2 * m[2][1], 2 * m[2][2]}};
        List<Site> sites = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            for (Site x : s.sites()) {
                Vec3 f = x.frac();
                sites.add(x.withFrac(new Vec3(f.y() + 0.13, f.x() + 0.29, (f.z() + copy) / 2 + 0.07).wrapped()));
            }
        }
        return new Structure(Lattice.fromMatrix(sup), sites);
    }

    /** A cell with overlapping atoms is set aside with the reason, the rest is grouped as usual. */
    @Test
    void overlappingAtomsAreAProblemNotAGroup() {
        Structure mgo = TestStructures.periclase();
        List<Site> extra = new ArrayList<>(mgo.sites());
        extra.add(mgo.site(0));
        List<Item> items = List.of(new Item("ok", mgo), new Item("overlap", new Structure(mgo.lattice(), extra)),
                new Item("copy", StructureMatcherTest.translated(mgo, new Vec3(0.25, 0.5, 0.1))));
        Deduplicator.Outcome o = new Deduplicator().run(items, List.of(), Progress.NONE);
        Deduplicator.Verdict bad = o.verdicts().get(1);
        assertEquals(-1, bad.group());
        assertTrue(bad.problem().contains("overlap") && bad.problem().contains("0.000 Å apart"), bad.problem());
        assertEquals(1, o.uniqueCount());
        assertEquals("ok", o.verdicts().get(2).duplicateOf());
    }

    @Test
    void cancellationStops() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) items.add(new Item("m" + i, TestStructures.periclase()));
        Progress cancel = new Progress() {
            @Override
            public void update(long done, long total, String stage) { }

            @Override
            public boolean isCancelled() { return true; }
        };
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> new Deduplicator().run(items, List.of(), cancel));
    }
}
