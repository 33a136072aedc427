package org.crystalgan.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final Representation R = Representation.MG_MN_O;
    private static List<Augmenter.Input> parents;

    /** 24 parents spread over the reference array (rows 0-1252 are the unique relaxed structures). */
    @BeforeAll
    static void load() {
        Npy.Array a = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        parents = new ArrayList<>();
        for (int n = 0; n < 1253; n += 53) parents.add(new Augmenter.Input("row" + n, R.decode(a.data(), n * 90)));
    }

    /**
     * Every augmented matrix describes its source crystal. Tolerances: the matrix holds float32, whose
     * relative rounding is at most 6e-8; on a cell length of at most 30 Å and fractional coordinates
     * below 1 that moves an atom by under 1e-5 Å, so distances agree far inside 1e-4 Å, and the
     * volume (a product of three lengths and angle terms) within a relative 1e-6.
     */
    @Test
    void everyAugmentedMatrixDescribesItsSourceCrystal() {
        Augmenter aug = new Augmenter(R, 30, 42L);
        Augmenter.Result res = aug.augment(parents, Progress.NONE);
        Map<String, Structure> byName = new HashMap<>();
        for (Augmenter.Input p : parents) {
            byName.put(p.name(), p.structure());
            for (Augmenter.Input sc : aug.supercellsOf(p)) byName.put(sc.name(), sc.structure());
        }
        Map<String, Integer> perComp = new HashMap<>();
        int supercellRows = 0, swapped = 0;
        for (int i = 0; i < res.count(); i++) {
            Structure source = byName.get(res.sources().get(i));
            Structure got = R.decode(res.matrix(i));
            String ctx = i + " from " + res.sources().get(i);
            assertEquals(source.composition(), got.composition(), ctx);
            assertEquals(res.compositions().get(i), got.composition().formula(), ctx);
            assertEquals(source.volume(), got.volume(), 1e-6 * source.volume(), ctx);
            assertArrayEquals(source.sortedPairDistances(), got.sortedPairDistances(), 1e-4, ctx);
            perComp.merge(res.compositions().get(i), 1, Integer::sum);
            if (res.sources().get(i).contains("*2")) supercellRows++;
            double[] ps = source.lattice().parameters(), pg = got.lattice().parameters();
            if (Math.abs(ps[0] - pg[0]) > 1e-3 || Math.abs(ps[1] - pg[1]) > 1e-3) swapped++;
        }
        for (int n : perComp.values()) assertEquals(30, n);
        assertTrue(supercellRows > 0, "some supercells were made");
        assertTrue(swapped > 0, "some axes were swapped");
    }

    @Test
    void supercellsKeepSpeciesAndRespectLimits() {
        // MgMn2O4 with 2 Mg, 4 Mn, 8 O: only doubling fits for Mg and Mn (4, 8) but O would be 16 > 12
        Structure big = new Structure(Lattice.cubic(6), List.of(
                new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("Mg"), .5, .5, .5),
                new Site(Element.of("Mn"), .25, .25, 0), new Site(Element.of("Mn"), .75, .25, 0),
                new Site(Element.of("Mn"), .25, .75, 0), new Site(Element.of("Mn"), .75, .75, 0),
                new Site(Element.of("O"), .1, 0, .3), new Site(Element.of("O"), .2, 0, .3), new Site(Element.of("O"), .3, 0, .3),
                new Site(Element.of("O"), .4, 0, .3), new Site(Element.of("O"), .5, 0, .6), new Site(Element.of("O"), .6, 0, .6),
                new Site(Element.of("O"), .7, 0, .6), new Site(Element.of("O"), .8, 0, .6)));
        Augmenter aug = new Augmenter(R, 10, 1L);
        assertTrue(aug.supercellsOf(new Augmenter.Input("big", big)).isEmpty());

        Structure small = new Structure(Lattice.fromParameters(3, 4, 16, 90, 90, 90), List.of(
                new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("Mn"), .5, .5, .5),
                new Site(Element.of("O"), .5, 0, 0), new Site(Element.of("O"), 0, .5, 0)));
        List<Augmenter.Input> sc = aug.supercellsOf(new Augmenter.Input("small", small));
        // c = 16 Å doubled is 32 Å > 30 Å: only a and b double
        assertEquals(List.of("small*2a", "small*2b"), sc.stream().map(Augmenter.Input::name).toList());
        float[][] m = R.encode(sc.get(0).structure());
        assertArrayEquals(new int[] {2, 2, 4}, R.countsFromMatrix(m));
        Structure back = R.decode(m);
        // every Mg row decodes to a site where the doubled parent has Mg (the published file's defect would fail this)
        for (Site s : back.sites()) {
            boolean found = false;
            for (Site t : sc.get(0).structure().sites()) {
                if (t.element() == s.element() && sc.get(0).structure().lattice().minimumImageDistance(t.frac(), s.frac()) < 1e-4) found = true;
            }
            assertTrue(found, "site " + s + " has its species");
        }
    }

    @Test
    void reproducibleForASeed() {
        List<Augmenter.Input> few = parents.subList(0, 6);
        Augmenter.Result a = new Augmenter(R, 20, 7L).augment(few, Progress.NONE);
        Augmenter.Result b = new Augmenter(R, 20, 7L).augment(few, Progress.NONE);
        Augmenter.Result c = new Augmenter(R, 20, 8L).augment(few, Progress.NONE);
        assertArrayEquals(a.matrices(), b.matrices());
        assertEquals(a.sources(), b.sources());
        assertFalse(java.util.Arrays.equals(a.matrices(), c.matrices()));
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < a.count(); i++) distinct.add(java.util.Arrays.toString(a.matrix(i)));
        assertEquals(a.count(), distinct.size(), "translations make every matrix distinct");
    }

    @Test
    void swapAndTranslateAreExactMatrixOperations() {
        Augmenter aug = new Augmenter(R, 1, 0L);
        double[] m = flat(R.encodeDouble(parents.get(3).structure()));
        double[] orig = m.clone();
        aug.swapAxes(m, 0, 0, 2);
        assertEquals(orig[2], m[0], 0);
        assertEquals(orig[3 + 2], m[3], 0);  // α <-> γ when a <-> c
        aug.swapAxes(m, 0, 2, 0);
        assertArrayEquals(orig, m, 0);
        aug.translate(m, 0, 0.25, 0.5, 0.75);
        aug.translate(m, 0, 0.75, 0.5, 0.25);
        assertArrayEquals(orig, m, 1e-12);
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() {
        List<long[]> seen = new ArrayList<>();
        new Augmenter(R, 5, 1L).augment(parents.subList(0, 3), (d, t, msg) -> { synchronized (seen) { seen.add(new long[] {d, t}); } });
        assertTrue(seen.stream().anyMatch(x -> x[0] == x[1] && x[0] > 0), "a final update");
        Progress cancel = new Progress() {
            @Override public void update(long done, long total, String message) { }
            @Override public boolean isCancelled() { return true; }
        };
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> new Augmenter(R, 5, 1L).augment(parents.subList(0, 3), cancel));
    }

    private static double[] flat(double[][] m) {
        double[] f = new double[m.length * 3];
        for (int r = 0; r < m.length; r++) System.arraycopy(m[r], 0, f, r * 3, 3);
        return f;
    }

    /**
     * Our supercells agree with the corrected supercell rows of the reference file (rows 1253+, three
     * per parent in the order a, b, c, parent named in names.txt): same composition per element and
     * the same sorted interatomic distances, which a species mix-up (the published file's defect) breaks.
     */
    @Test
    void supercellsMatchTheCorrectedReferenceRows() throws java.io.IOException {
        Npy.Array a = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        List<String> names = java.nio.file.Files.readAllLines(SharedData.mgmno("names.txt"));
        Augmenter aug = new Augmenter(R, 1, 0L);
        for (int row = 1253; row < 2627; row += 37) {
            int parent = names.indexOf(names.get(row));
            int axis = (row - 1253) % 3;
            Structure p = R.decode(a.data(), parent * 90);
            Structure mine = aug.supercellsOf(new Augmenter.Input("p", p)).stream()
                    .filter(x -> x.name().endsWith("*2" + "abc".charAt(axis))).findFirst().orElseThrow().structure();
            Structure theirs = R.decode(a.data(), row * 90);
            Structure back = R.decode(R.encode(mine));
            assertEquals(theirs.composition(), back.composition(), "row " + row);
            assertEquals(theirs.volume(), back.volume(), 1e-6 * theirs.volume(), "row " + row);
            // per element: the Mg-Mg, Mn-O, ... distances, so a wrong species assignment shows
            for (String el : List.of("Mg", "Mn", "O")) {
                assertArrayEquals(distancesFrom(theirs, el), distancesFrom(back, el), 1e-4, "row " + row + " " + el);
            }
        }
    }

    /** Sorted distances from each atom of one element to every other atom, with the partner's element folded in. */
    private static double[] distancesFrom(Structure s, String el) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.site(i).element().symbol().equals(el)) continue;
            for (int j = 0; j < s.size(); j++) {
                if (i != j) d.add(s.distance(i, j) + 1000.0 * s.site(j).element().z());
            }
        }
        return d.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** A source that already holds a supercell (the reference array) does not get it a second time. */
    @Test
    void supercellsAlreadyInTheSourceAreNotAddedAgain() {
        Npy.Array a = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        // row 0 is the parent, row 1253 its doubling along a
        List<Augmenter.Input> in = List.of(new Augmenter.Input("parent", R.decode(a.data(), 0)),
                new Augmenter.Input("file*2a", R.decode(a.data(), 1253 * 90)));
        Augmenter.Result r = new Augmenter(R, 3, 1L).augment(in, Progress.NONE);
        List<String> doubled = new ArrayList<>();
        for (int i = 0; i < r.count(); i++) if (r.compositions().get(i).equals("Mg2Mn2O6")) doubled.add(r.sources().get(i));
        assertEquals(List.of("file*2a", "parent*2b", "parent*2c"), doubled);
    }
}
