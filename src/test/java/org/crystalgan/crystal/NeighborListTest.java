package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighborListTest {
    /** Conventional rock salt with one O written at x = 1.0, so one site is wrapped by the search. */
    private static Structure rockSalt() {
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        for (double[] f : fcc) sites.add(new Site(Element.of("Mg"), f[0], f[1], f[2]));
        for (double[] f : fcc) sites.add(new Site(Element.of("O"), f[0] + 0.5, f[1], f[2]));
        return new Structure(Lattice.cubic(4.2), sites);
    }

    private static String listed(List<NeighborList.Neighbor> ns) {
        StringBuilder b = new StringBuilder();
        for (NeighborList.Neighbor nb : ns) b.append(nb.index()).append(Arrays.toString(nb.image())).append(' ');
        return b.toString().trim();
    }

    @Test
    void isTheSearchOfPeriodicNeighborsSiteBySite() {
        Random rnd = new Random(11);
        Element[] els = {Element.of("Mg"), Element.of("Mn"), Element.of("O")};
        for (int trial = 0; trial < 30; trial++) {
            Lattice l = Lattice.fromParameters(2.5 + rnd.nextDouble() * 8, 2.5 + rnd.nextDouble() * 8, 2.5 + rnd.nextDouble() * 8,
                    60 + rnd.nextDouble() * 60, 60 + rnd.nextDouble() * 60, 60 + rnd.nextDouble() * 60);
            List<Site> sites = new ArrayList<>();
            int n = 1 + rnd.nextInt(20);
            for (int i = 0; i < n; i++) sites.add(new Site(els[rnd.nextInt(3)], rnd.nextDouble() * 4 - 2, rnd.nextDouble(), rnd.nextDouble() - 1));
            Structure s = new Structure(l, sites);
            double cutoff = 1.5 + rnd.nextDouble() * 5;
            NeighborList nl = NeighborList.build(s, cutoff);
            PeriodicNeighbors pn = PeriodicNeighbors.of(s, cutoff);
            Map<String, Double> flat = new HashMap<>();
            for (int p = 0; p < pn.size(); p++) {
                int[] g = Arrays.copyOfRange(pn.images(), 3 * p, 3 * p + 3);
                flat.put(pn.sources()[p] + " " + pn.targets()[p] + " " + Arrays.toString(g), pn.distances()[p]);
            }
            int listed = 0;
            for (int i = 0; i < n; i++) {
                double last = 0;
                for (NeighborList.Neighbor nb : nl.of(i)) {
                    Double d = flat.get(i + " " + nb.index() + " " + Arrays.toString(nb.image()));
                    assertTrue(d != null, "trial " + trial + ": site " + i + " neighbour " + nb.index() + " not in the flat search");
                    assertEquals(d, nb.distance(), 1e-12);
                    assertEquals(nb.distance(), nb.vector().norm(), 1e-12);
                    assertTrue(nb.distance() <= cutoff && nb.distance() >= last, "within the cutoff, nearest first");
                    last = nb.distance();
                    listed++;
                }
            }
            // the flat search keeps d² < c² + 1e-8: all but a pair at the cutoff to within that are listed here too
            long borderline = Arrays.stream(pn.distances()).filter(d -> d > cutoff).count();
            assertEquals(pn.size() - borderline, listed, "trial " + trial);
        }
    }

    @Test
    void tiedNeighboursKeepTheOrderOfTheFormerCellListSearch() {
        // the six O and twelve Mg around Mg1 of rock salt are tied two ways; callers name the first of a tie
        // ("Mg1-O5 2.10 Å"), so the order is the one the cell-list search of this class gave before it became a view
        NeighborList nl = NeighborList.build(rockSalt(), 3.0);
        assertEquals("4[-1, 0, 0] 7[-1, -1, 0] 6[-1, 0, -1] 4[0, 0, 0] 6[-1, 0, 0] 7[-1, 0, 0] 3[-1, -1, 0] 2[-1, 0, -1] 2[-1, 0, 0] "
                + "3[-1, 0, 0] 1[0, -1, -1] 1[0, -1, 0] 3[0, -1, 0] 1[0, 0, -1] 2[0, 0, -1] 1[0, 0, 0] 2[0, 0, 0] 3[0, 0, 0]", listed(nl.of(0)));
        assertEquals("1[0, 0, 0] 1[1, 0, 0] 2[0, 0, 0] 2[0, 1, 0] 3[0, 0, 0] 3[0, 0, 1] 4[0, 0, 0] 4[0, 0, 1] 4[0, 1, 0] 4[0, 1, 1] "
                + "6[-1, 0, 0] 6[-1, 1, 0] 6[0, 0, 0] 6[0, 1, 0] 7[-1, 0, 0] 7[-1, 0, 1] 7[0, 0, 0] 7[0, 0, 1]", listed(nl.of(5)));
        assertEquals(2.1, nl.of(0).get(0).distance(), 1e-12);
        assertEquals(2.1 * Math.sqrt(2), nl.of(0).get(17).distance(), 1e-12);
    }

    @Test
    void aCoordinateFarOutsideTheCellIsStillASite() {
        // the flat search refuses |f| > 1e6 (its images would lose digits); this view wraps first, as it always did
        Structure s = new Structure(Lattice.cubic(4.0), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), 2e6 + 0.5, 0, 0)));
        NeighborList nl = NeighborList.build(s, 2.5);
        assertEquals(2, nl.of(0).size());
        assertEquals(2.0, nl.of(0).get(0).distance(), 1e-9);
    }
}
