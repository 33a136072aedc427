package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatticeReductionTest {
    // the fcc primitive cell written with a long, skewed third vector: c' = c + 3a - 2b
    private static final double[][] SKEWED = skewed();

    private static double[][] skewed() {
        double[][] fcc = {{0, 2, 2}, {2, 0, 2}, {2, 2, 0}};
        double[] c = {fcc[2][0] + 3 * fcc[0][0] - 2 * fcc[1][0], fcc[2][1] + 3 * fcc[0][1] - 2 * fcc[1][1],
                fcc[2][2] + 3 * fcc[0][2] - 2 * fcc[1][2]};
        return new double[][] {fcc[0], fcc[1], c};
    }

    @Test
    void lllFindsTheShortFccVectorsAndKeepsTheVolume() {
        LatticeReduction.Reduced r = LatticeReduction.lll(SKEWED);
        for (double[] row : r.basis()) assertEquals(Math.sqrt(8), Mat3.norm(row), 1e-12);
        assertEquals(Math.abs(Mat3.det(SKEWED)), Mat3.det(r.basis()), 1e-9);
        assertEquals(1, Math.abs(Mat3.det(r.transform())));
        double[][] again = Mat3.mul(Mat3.toDouble(r.transform()), SKEWED);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(again[i][j], r.basis()[i][j], 1e-12);
    }

    @Test
    void niggliCellOfFccIsTheRhombohedralPrimitiveCell() {
        Lattice n = LatticeReduction.niggli(Lattice.fromMatrix(SKEWED), 1e-5);
        double[] p = n.parameters();
        for (int i = 0; i < 3; i++) assertEquals(Math.sqrt(8), p[i], 1e-9);
        // the Niggli convention for fcc: all three angles 60°
        for (int i = 3; i < 6; i++) assertEquals(60, p[i], 1e-9);
        assertTrue(Mat3.det(n.matrix()) > 0);
    }

    @Test
    void niggliReducedStructureKeepsItsSitesInTheCell() {
        Structure s = new Structure(Lattice.fromMatrix(SKEWED),
                List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0)), new Site(Element.of("O"), new Vec3(0.5, 0.5, 0.5))));
        Structure r = LatticeReduction.niggli(s, 1e-5);
        assertEquals(2, r.size());
        for (Site site : r.sites()) for (int k = 0; k < 3; k++) assertTrue(site.frac().get(k) >= 0 && site.frac().get(k) < 1);
        assertEquals(s.lattice().volume(), r.lattice().volume(), 1e-9);
    }

    @Test
    void delaunayBasisIsRightHandedWithObtuseSuperbase() {
        int[][] m = LatticeReduction.delaunay(SKEWED);
        assertEquals(1, Math.abs(Mat3.det(m)));
        double[][] red = Mat3.mul(Mat3.toDouble(m), SKEWED);
        assertTrue(Mat3.det(red) > 0);
        for (double[] row : red) assertEquals(Math.sqrt(8), Mat3.norm(row), 1e-9);
    }
}
