package org.crystalgan.screening.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;

/**
 * Distorted, axis-swapped cells from bench-screening (left-handed bases, atoms up to 0.03 Å per
 * coordinate off their sites). In the 10,000-cell benchmark 1,663 such cells ended in "no
 * consistent space group": a left-handed reduced basis got no triclinic setting, so every P1 and P-1
 * copy failed. Two cells of P3_1 21 were reported as their enantiomorph P3_2 21. The cells are
 * stored in full so the test needs no shared data; expected numbers are spglib's at 0.1 Å.
 */
class AxisSwappedCellsTest {
    record Cell(String name, int spglib, Structure structure) {}

    static List<Cell> cells() throws IOException {
        List<Cell> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                AxisSwappedCellsTest.class.getResourceAsStream("distorted-cells.txt"), StandardCharsets.UTF_8))) {
            String name = null;
            int number = 0;
            List<double[]> lattice = new ArrayList<>();
            List<Site> sites = new ArrayList<>();
            for (String line = r.readLine(); ; line = r.readLine()) {
                if (line == null || line.startsWith("cell ")) {
                    if (name != null) out.add(new Cell(name, number, new Structure(Lattice.fromMatrix(lattice.toArray(new double[0][])), sites)));
                    if (line == null) break;
                    String[] p = line.split(" ");
                    name = p[1];
                    number = Integer.parseInt(p[2]);
                    lattice = new ArrayList<>();
                    sites = new ArrayList<>();
                } else if (line.startsWith("lattice ")) {
                    String[] p = line.split(" ");
                    lattice.add(new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])});
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    String[] p = line.split(" ");
                    sites.add(new Site(Element.of(p[0]), new Vec3(Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]))));
                }
            }
        }
        return out;
    }

    @Test
    void distortedLeftHandedCellsGetSpglibsGroup() throws IOException {
        List<Cell> cells = cells();
        assertEquals(8, cells.size());
        for (Cell c : cells) {
            assertTrue(det(c.structure().lattice().matrix()) < 0, c.name() + " should be left-handed, as the axis swap made it");
            SymmetryDataset d = SpaceGroupFinder.analyze(c.structure(), 0.1);
            assertEquals(c.spglib(), d.number(), c.name());
            // the standardised cell holds the same crystal: same reduced formula, a whole number of primitive cells
            assertEquals(c.structure().composition().reducedFormula(), d.conventional().composition().reducedFormula(), c.name());
            assertEquals(0, d.conventional().size() % d.primitiveSize(), c.name());
        }
    }

    /** Undoing the axis swap (a right-handed basis of the same crystal) gives the same group. */
    @Test
    void theSameCellsInARightHandedBasisAgree() throws IOException {
        for (Cell c : cells()) {
            Structure s = c.structure();
            double[][] m = s.lattice().matrix();
            double[] tmp = m[0];
            m[0] = m[1];
            m[1] = tmp;
            List<Site> swapped = new ArrayList<>();
            for (Site x : s.sites()) swapped.add(x.withFrac(new Vec3(x.frac().y(), x.frac().x(), x.frac().z())));
            Structure right = new Structure(Lattice.fromMatrix(m), swapped);
            assertTrue(det(right.lattice().matrix()) > 0);
            assertEquals(c.spglib(), SpaceGroupFinder.analyze(right, 0.1).number(), c.name() + " right-handed");
        }
    }

    private static double det(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }
}
