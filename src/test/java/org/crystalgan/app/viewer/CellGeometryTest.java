package org.crystalgan.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;

class CellGeometryTest {
    /** Rock-salt MgO, a = 4.21 Å (conventional cell, 8 atoms): Mg-O 2.105 Å, every ion octahedral. */
    static Structure rockSalt() {
        Lattice l = Lattice.cubic(4.21);
        List<Site> sites = new java.util.ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (double[] f : fcc) sites.add(new Site(Element.of("Mg"), f[0], f[1], f[2]));
        for (double[] f : fcc) sites.add(new Site(Element.of("O"), (f[0] + 0.5) % 1, f[1], f[2]));
        return new Structure(l, sites);
    }

    @Test
    void drawsTheAtomsOnTheFarFacesToo() {
        CellGeometry g = CellGeometry.build(rockSalt(), new int[] {1, 1, 1}, 1.2, Set.of());
        // Mg at the corners (8) and face centres (6), O on edge centres (12) and the body centre (1)
        long mg = g.atoms().stream().filter(a -> a.element().symbol().equals("Mg")).count();
        long o = g.atoms().stream().filter(a -> a.element().symbol().equals("O")).count();
        assertEquals(14, mg);
        assertEquals(13, o);
        CellGeometry g2 = CellGeometry.build(rockSalt(), new int[] {2, 1, 1}, 1.2, Set.of());
        // the ions sit on a simple-cubic grid of spacing a/2: 5 x 3 x 3 grid points in a 2a x a x a box
        assertEquals(45, g2.atoms().size());
    }

    @Test
    void bondsOnlyCationAnionPairsWithinTheCutoff() {
        CellGeometry g = CellGeometry.build(rockSalt(), new int[] {1, 1, 1}, 1.2, Set.of());
        for (CellGeometry.HalfBond b : g.halfBonds()) {
            assertEquals(4.21 / 4, b.to().minus(b.from()).norm(), 1e-9, "half of the 2.105 Å Mg-O bond");
        }
        // the body-centre O has all 6 Mg neighbours drawn
        CellGeometry.Atom centre = g.atoms().stream().filter(a -> a.frac().minus(new Vec3(0.5, 0.5, 0.5)).norm() < 1e-9).findFirst().orElseThrow();
        long fromCentre = g.halfBonds().stream().filter(b -> b.from().minus(centre.cart()).norm() < 1e-9).count();
        assertEquals(6, fromCentre);
        assertFalse(CellGeometry.bonded(Element.of("Mg"), Element.of("Mn"), 2.0, 1.2), "no cation-cation bonds");
        assertTrue(CellGeometry.bonded(Element.of("Mn"), Element.of("O"), 2.0, 1.2));
    }

    @Test
    void octahedraHaveEightOutwardTriangles() {
        CellGeometry g = CellGeometry.build(rockSalt(), new int[] {1, 1, 1}, 1.2, Set.of(Element.of("Mg")));
        assertEquals(14, g.polyhedra().size(), "one MgO6 per drawn Mg");
        for (CellGeometry.Polyhedron p : g.polyhedra()) {
            assertEquals(8, p.triangles().size());
            Vec3 c = g.atoms().get(p.atom()).cart();
            for (Vec3[] t : p.triangles()) {
                Vec3 n = t[1].minus(t[0]).cross(t[2].minus(t[0]));
                assertTrue(n.dot(t[0].minus(c)) > 0, "triangle faces outwards");
            }
        }
    }

    @Test
    void cellEdgesAndRepeatLimits() {
        CellGeometry g = CellGeometry.build(rockSalt(), new int[] {3, 3, 3}, 1.2, Set.of());
        assertEquals(12, g.cellEdges().size());
        for (Vec3[] e : g.cellEdges()) assertEquals(3 * 4.21, e[1].minus(e[0]).norm(), 1e-9);
        assertEquals(new Vec3(1.5 * 4.21, 1.5 * 4.21, 1.5 * 4.21).minus(g.centre()).norm(), 0, 1e-9);
        assertThrows(IllegalArgumentException.class, () -> CellGeometry.build(rockSalt(), new int[] {4, 1, 1}, 1.2, Set.of()));
    }

    @Test
    void atomDescriptionListsNeighbourDistances() {
        CellGeometry g = CellGeometry.build(rockSalt(), new int[] {1, 1, 1}, 1.2, Set.of());
        CellGeometry.Atom mg = g.atoms().get(0);
        String text = ViewerViewModel.describe(rockSalt(), mg);
        assertTrue(text.startsWith("Mg (site 1)"), text);
        assertTrue(text.contains("O5 2.105"), text);
        // 6 O at 2.105 Å and 12 Mg at 2.977 Å lie within 3.5 Å
        assertEquals(18, text.split("neighbours \\(Å\\): ")[1].split(", ").length, text);
    }

    @Test
    void theSiteTableListsBondedNeighboursByTheViewersRule() {
        List<ViewerViewModel.SiteRow> rows = ViewerViewModel.siteTable(rockSalt(), 1.2);
        assertEquals(8, rows.size());
        ViewerViewModel.SiteRow mg = rows.get(0);
        assertEquals("Mg", mg.element());
        assertEquals(6, mg.coordination());
        assertEquals("6 O 2.105", mg.neighbours());
        assertEquals(2.105, mg.shortest(), 1e-9);
        // Mg-Mg at 2.98 Å is a contact, not a bond: the cation list stays O only
        assertTrue(rows.stream().allMatch(r -> r.coordination() == 6), rows.toString());
        assertEquals(List.of(), ViewerViewModel.siteTable(null, 1.2));
    }
}
