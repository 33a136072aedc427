package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StructureTest {
    static Structure rockSalt(double a) {
        Element mg = Element.of("Mg"), o = Element.of("O");
        List<Site> s = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (double[] f : fcc) {
            s.add(new Site(mg, f[0], f[1], f[2]));
            s.add(new Site(o, f[0] + 0.5, f[1], f[2]));
        }
        return new Structure(Lattice.cubic(a), s);
    }

    @Test
    void periclaseDensityAndDistances() {
        Structure mgo = rockSalt(4.212);
        assertEquals("Mg4O4", mgo.composition().formula());
        // periclase: 3.58 g/cm³ measured; 4 MgO per 4.212 Å cube
        assertEquals(3.58, mgo.density(), 0.01);
        assertEquals(4.212 / 2, mgo.minimumDistance(), 1e-12);
    }

    @Test
    void supercellKeepsSpeciesAndDensity() {
        Structure mgo = rockSalt(4.2);
        Structure sc = mgo.supercell(2, 1, 3);
        assertEquals(48, sc.size());
        assertEquals(mgo.density(), sc.density(), 1e-12);
        assertEquals("Mg24O24", sc.composition().formula());
        assertEquals(mgo.minimumDistance(), sc.minimumDistance(), 1e-12);
    }

    @Test
    void oneAtomCellUsesItsOwnImage() {
        Structure s = new Structure(Lattice.fromParameters(2, 3, 4, 90, 90, 90), List.of(new Site(Element.of("Mn"), 0, 0, 0)));
        assertEquals(2, s.minimumDistance(), 1e-12);
    }

    @Test
    void neighbourListAgreesWithBruteForce() {
        Random rnd = new Random(7);
        Element[] els = {Element.of("Mg"), Element.of("Mn"), Element.of("O")};
        for (int trial = 0; trial < 20; trial++) {
            Lattice l = Lattice.fromParameters(3 + rnd.nextDouble() * 5, 3 + rnd.nextDouble() * 5, 3 + rnd.nextDouble() * 5,
                    60 + rnd.nextDouble() * 60, 60 + rnd.nextDouble() * 60, 60 + rnd.nextDouble() * 60);
            List<Site> sites = new ArrayList<>();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                sites.add(new Site(els[rnd.nextInt(3)], rnd.nextDouble() * 2 - 0.5, rnd.nextDouble(), rnd.nextDouble()));
            }
            Structure s = new Structure(l, sites);
            double cutoff = 2 + rnd.nextDouble() * 5;
            NeighborList nl = NeighborList.build(s, cutoff);
            for (int i = 0; i < n; i++) {
                int brute = 0;
                for (int j = 0; j < n; j++) {
                    for (int a = -8; a <= 8; a++) for (int b = -8; b <= 8; b++) for (int c = -8; c <= 8; c++) {
                        if (i == j && a == 0 && b == 0 && c == 0) continue;
                        Vec3 d = l.toCartesian(s.site(j).frac().plus(new Vec3(a, b, c)).minus(s.site(i).frac()));
                        if (d.norm() <= cutoff) brute++;
                    }
                }
                assertEquals(brute, nl.of(i).size(), "site " + i + " trial " + trial);
                for (NeighborList.Neighbor nb : nl.of(i)) {
                    int[] im = nb.image();
                    Vec3 d = l.toCartesian(s.site(nb.index()).frac().plus(new Vec3(im[0], im[1], im[2])).minus(s.site(i).frac()));
                    assertEquals(nb.distance(), d.norm(), 1e-9);
                }
            }
        }
    }

    @Test
    void neighbourListScalesLinearly() {
        // 10x10x10 rock salt = 8000 atoms; a quadratic search would make 32 M distance checks
        Structure big = rockSalt(4.2).supercell(10, 10, 10);
        NeighborList nl = NeighborList.build(big, 2.2);
        for (int i = 0; i < big.size(); i++) assertEquals(6, nl.of(i).size());
        assertTrue(nl.of(0).get(0).distance() > 2.09);
    }
}
