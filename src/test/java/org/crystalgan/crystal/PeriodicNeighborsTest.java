package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PeriodicNeighborsTest {
    /** Every (i, j, image) within the cutoff by brute force over a generous block of images. */
    private static TreeSet<String> bruteForce(double[] l, double[] f, double cutoff, int reach) {
        TreeSet<String> out = new TreeSet<>();
        int n = f.length / 3;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
            for (int a = -reach; a <= reach; a++) for (int b = -reach; b <= reach; b++) for (int c = -reach; c <= reach; c++) {
                if (i == j && a == 0 && b == 0 && c == 0) continue;
                double[] d = new double[3];
                for (int k = 0; k < 3; k++) {
                    d[k] = (f[3 * j] + a - f[3 * i]) * l[k] + (f[3 * j + 1] + b - f[3 * i + 1]) * l[3 + k] + (f[3 * j + 2] + c - f[3 * i + 2]) * l[6 + k];
                }
                if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < cutoff * cutoff) out.add(i + " " + j + " " + a + " " + b + " " + c);
            }
        return out;
    }

    private static TreeSet<String> found(PeriodicNeighbors nb) {
        TreeSet<String> out = new TreeSet<>();
        for (int e = 0; e < nb.size(); e++) {
            out.add(nb.sources()[e] + " " + nb.targets()[e] + " " + nb.images()[3 * e] + " " + nb.images()[3 * e + 1] + " " + nb.images()[3 * e + 2]);
        }
        return out;
    }

    @Test
    void findsExactlyThePairsOfABruteForceSearchInSkewedSmallAndLargeCells() {
        Random r = new Random(2);
        double[][] lattices = {
            {3.1, 0, 0, 1.2, 2.9, 0, -0.7, 0.9, 3.3},        // small and skewed: many images
            {9.5, 0, 0, 2.5, 10.2, 0, 1.0, -1.5, 11.0},      // larger than the cutoff: binned
            {2.0, 0, 0, 0, 2.0, 0, 0, 0, 25.0}};             // a slab, thin in two directions
        for (double[] l : lattices) {
            int n = 7;
            double[] f = new double[3 * n];
            // coordinates outside [0, 1) too: images are relative to the coordinates as given
            for (int k = 0; k < f.length; k++) f[k] = r.nextDouble() * 3 - 1;
            PeriodicNeighbors nb = PeriodicNeighbors.of(l, f, 5.0);
            TreeSet<String> expected = bruteForce(l, f, 5.0, 8), got = found(nb);
            assertEquals(expected.size(), got.size(), "pair count");
            assertTrue(expected.equals(got), "the same pairs and images as brute force");
            for (int e = 0; e < nb.size(); e++) {
                int i = nb.sources()[e], j = nb.targets()[e];
                double len = 0;
                for (int k = 0; k < 3; k++) {
                    double expect = 0;
                    for (int a = 0; a < 3; a++) expect += (f[3 * j + a] + nb.images()[3 * e + a] - f[3 * i + a]) * l[3 * a + k];
                    assertEquals(expect, nb.vectors()[3 * e + k], 1e-9);
                    len += expect * expect;
                }
                assertEquals(Math.sqrt(len), nb.distances()[e], 1e-9);
                if (e > 0) assertTrue(nb.sources()[e - 1] <= i, "grouped by centre atom");
            }
        }
    }

    @Test
    void pairCountGrowsLinearlyWithTheCell() {
        Structure s = new Structure(Lattice.cubic(4.2), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), 0.5, 0.5, 0.5)));
        int base = PeriodicNeighbors.of(s, 5.0).size();
        assertEquals(8L * base, PeriodicNeighbors.of(s.supercell(2, 2, 2), 5.0).size());
        assertEquals(64L * base, PeriodicNeighbors.of(s.supercell(4, 4, 4), 5.0).size());
    }

    @Test
    void aMoleculeInVacuumNeedsNoHugeBinGrid() {
        List<Site> sites = new ArrayList<>();
        sites.add(new Site(Element.of("O"), 0.5, 0.5, 0.5));
        sites.add(new Site(Element.of("O"), 0.5 + 1.2 / 300, 0.5, 0.5));
        PeriodicNeighbors nb = PeriodicNeighbors.of(new Structure(Lattice.cubic(300), sites), 5.0);
        assertEquals(2, nb.size());
        assertEquals(1.2, nb.distances()[0], 1e-9);
    }

    @Test
    void refusesAbsurdCoordinates() {
        double[] cubic = {4, 0, 0, 0, 4, 0, 0, 0, 4};
        InputException e = assertThrows(InputException.class, () -> PeriodicNeighbors.of(cubic, new double[] {0, 0, 0, 0.5, Double.NaN, 0.5}, 5.0));
        assertTrue(e.getMessage().contains("site 2"), e.getMessage());
        assertThrows(InputException.class, () -> PeriodicNeighbors.of(cubic, new double[] {3e9, 0, 0}, 5.0));
    }

    @Test
    void refusesAFlatCell() {
        assertThrows(InputException.class, () -> PeriodicNeighbors.of(new double[] {1, 0, 0, 0, 1, 0, 1, 1, 0}, new double[] {0, 0, 0}, 5.0));
    }
}
