package org.crystalgan.screening.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class RawGeometryTest {
    /** Mg and O on the x axis of a 10 Å cube, {@code d} Å apart. */
    private static Structure pair(double d) {
        return new Structure(Lattice.cubic(10), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), d / 10, 0, 0)));
    }

    @Test
    void wassersteinMatchesHandComputedCases() {
        // a shift moves every unit of mass by the shift
        assertEquals(5.0, RawGeometry.wasserstein1(new double[] {0, 1, 3}, new double[] {5, 6, 8}), 1e-12);
        // half the mass moves by one
        assertEquals(0.5, RawGeometry.wasserstein1(new double[] {0, 1}, new double[] {0}), 1e-12);
        // against one point it is the mean distance to it: (0.5 + 0.5 + 1.5) / 3, whatever the order or side
        assertEquals(5.0 / 6, RawGeometry.wasserstein1(new double[] {3, 1, 2}, new double[] {1.5}), 1e-12);
        assertEquals(5.0 / 6, RawGeometry.wasserstein1(new double[] {1.5}, new double[] {2, 3, 1}), 1e-12);
        assertEquals(0.0, RawGeometry.wasserstein1(new double[] {2, 2, 7}, new double[] {7, 2, 2}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RawGeometry.wasserstein1(new double[0], new double[] {1}));
    }

    @Test
    void rawSharesCountEveryDrawIncludingThoseNeverDecoded() {
        RawGeometry.Tally t = new RawGeometry.Tally();
        t.decoded(pair(1.0), true);
        t.decoded(pair(1.31), false);
        t.decoded(pair(2.0), true);
        t.decoded(pair(1.29), false);
        assertEquals(4, t.decodedCount());
        // 6 drawn: the two the classifier turned away never reached the tally and count as failing the floor
        RawGeometry.Summary s = t.summarize(6, List.of(pair(1.31), pair(2.0)), null);
        assertEquals(6, s.drawn());
        assertEquals(2.0 / 6, s.rawShareMinDistance(), 1e-12);
        assertEquals(2.0 / 6, s.exactCompositionShare(), 1e-12);
        assertEquals((1.29 + 1.31) / 2, s.rawMedianMinDistance(), 1e-9);
        assertEquals((1.31 + 2.0) / 2, s.keptMinDistanceQ50(), 1e-9);
        assertEquals(1.31 + 0.1 * 0.69, s.keptMinDistanceQ10(), 1e-9);
        assertTrue(Double.isNaN(s.densityW1()) && s.referenceSource().isEmpty(), "no reference, no W1");
        assertEquals(RawGeometry.HEADER.split(",").length, s.toCsv().split(",", -1).length);
        assertEquals(RawGeometry.HEADER.split(",").length, RawGeometry.Summary.emptyCsv().split(",", -1).length);
        assertThrows(IllegalArgumentException.class, () -> t.summarize(3, List.of(), null));
    }

    @Test
    void densityAndVolumeDistancesAgainstTheReference() {
        Structure ref = new Structure(Lattice.cubic(5), List.of(new Site(Element.of("Mg"), 0, 0, 0)));
        RawGeometry.Reference reference = RawGeometry.Reference.of("ref", List.of(ref));
        RawGeometry.Tally t = new RawGeometry.Tally();
        Structure kept = pair(2.0);
        t.decoded(kept, true);
        RawGeometry.Summary s = t.summarize(1, List.of(kept), reference);
        assertEquals(1000.0 / 2 - 125.0, s.volumePerAtomW1(), 1e-9);
        assertEquals(Math.abs(kept.density() - ref.density()), s.densityW1(), 1e-12);
        assertEquals("ref", s.referenceSource());
    }

    @Test
    void spaceGroupsAboveP1AreCounted() {
        Structure generic = new Structure(Lattice.fromParameters(4.1, 5.3, 6.7, 71, 83, 97), List.of(new Site(Element.of("Mg"), 0, 0, 0),
                new Site(Element.of("Mn"), 0.31, 0.17, 0.52), new Site(Element.of("O"), 0.63, 0.71, 0.19)));
        assertEquals(1, RawGeometry.spaceGroup(generic, 0.1).number());
        assertTrue(RawGeometry.spaceGroup(pair(2.0), 0.1).number() > 1);
        assertEquals(0.5, RawGeometry.nonP1Share(List.of(generic, pair(2.0)), 0.1), 1e-12);
        assertTrue(Double.isNaN(RawGeometry.nonP1Share(List.of(), 0.1)));
    }
}
