package org.crystalgan.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.junit.jupiter.api.Test;

class PhaseDiagramPictureTest {
    /** A hand-made hull: Mg, Mn, O, MgO, MnO and MgMn2O4 stable; MgO2 above the MgO-O tie line. */
    static PhaseDiagram toyHull() {
        return new PhaseDiagram(List.of(HullEntry.of("Mg", 0), HullEntry.of("Mn", 0), HullEntry.of("O", 0),
                new HullEntry("MgO", Composition.parse("MgO"), -3.0), new HullEntry("MnO", Composition.parse("MnO"), -2.0),
                new HullEntry("spinel", Composition.parse("MgMn2O4"), -2.6), new HullEntry("MgO2", Composition.parse("MgO2"), -1.0)));
    }

    @Test
    void stablePhasesTieLinesAndColouredCandidates() {
        PhaseDiagramPicture p = new PhaseDiagramPicture(toyHull(), List.of(
                new PhaseDiagramPicture.Input("on-hull", Composition.parse("MgMn2O4"), -2.6),
                new PhaseDiagramPicture.Input("above", Composition.parse("MgMn2O4"), -2.5),
                new PhaseDiagramPicture.Input("unrelaxed", Composition.parse("Mg2MnO4"), Double.NaN)));
        assertEquals(6, p.phases().size(), "MgO2 is not stable");
        Set<String> lines = new TreeSet<>();
        for (var l : p.tieLines()) lines.add(name(l[0]) + "-" + name(l[1]));
        // six stable phases, five of them on the triangle's boundary: a triangulation has 3n - 3 - 5 = 10 edges
        assertEquals(10, p.tieLines().size(), lines.toString());
        assertTrue(lines.contains("(0.000,0.000)-(1.000,0.000)"), "no Mg-Mn phase: Mg and Mn tied directly; " + lines);
        assertTrue(lines.contains("(0.250,0.433)-(0.571,0.495)"), "MgO-spinel; " + lines);
        assertTrue(p.phases().stream().noneMatch(ph -> ph.formula().equals("MgO2")), "MgO2 lies above the MgO-O line");
        var above = p.candidates().get(1);
        assertEquals(0.1, above.eAboveHull(), 1e-9);
        assertEquals(0.1 / PhaseDiagramPicture.COLOUR_SCALE_MAX, PhaseDiagramPicture.colourFraction(above.eAboveHull()), 1e-12);
        assertTrue(Double.isNaN(p.candidates().get(2).eAboveHull()));
        // MgMn2O4: f_Mn 2/7, f_O 4/7
        var at = p.candidates().get(0).at();
        assertEquals(2 / 7.0 + 2 / 7.0, at.x(), 1e-12);
        assertEquals(4 / 7.0 * Math.sqrt(3) / 2, at.y(), 1e-12);
        assertEquals("unrelaxed", p.pick(p.candidates().get(2).at().x() + 0.001, p.candidates().get(2).at().y(), 0.01).key());
        assertNull(p.pick(0.02, 0.8, 0.01));
    }

    @Test
    void aRowsOwnEnergyAboveHullIsWhatItsDotShows() {
        PhaseDiagram hull = toyHull();
        // MgMn2O4 on the hull, Mg2MnO4 between MgO and the spinel, and below the hull (a new stable cell)
        PhaseDiagramPicture p = new PhaseDiagramPicture(hull, List.of(
                PhaseDiagramPicture.Input.atEAboveHull(hull, "a", Composition.parse("MgMn2O4"), 0.042),
                PhaseDiagramPicture.Input.atEAboveHull(hull, "b", Composition.parse("Mg2MnO4"), -0.055),
                PhaseDiagramPicture.Input.atEAboveHull(hull, "c", Composition.parse("Mg2MnO4"), Double.NaN)));
        assertEquals(0.042, p.candidates().get(0).eAboveHull(), 1e-12);
        assertEquals(-0.055, p.candidates().get(1).eAboveHull(), 1e-12);
        assertTrue(Double.isNaN(p.candidates().get(2).eAboveHull()));
        // the energy it carries is the total energy per atom the hull needs: the spinel's -2.6 plus 0.042
        assertEquals(-2.558, PhaseDiagramPicture.Input.atEAboveHull(hull, "a", Composition.parse("MgMn2O4"), 0.042).energyPerAtom(), 1e-12);
    }

    @Test
    void theBundledReferenceHullDraws() {
        PhaseDiagramPicture p = new PhaseDiagramPicture(org.crystalgan.screening.stability.ReferencePhases.bundledM3GNetHull(), List.of());
        assertTrue(p.phases().size() >= 5, "elements and at least two oxides: " + p.phases());
        assertTrue(p.tieLines().size() >= p.phases().size(), "a connected triangulation");
    }

    private static String name(PhaseDiagramPicture.Point q) {
        return String.format(java.util.Locale.ROOT, "(%.3f,%.3f)", q.x(), q.y());
    }
}
