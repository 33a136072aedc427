package org.crystalgan.screening.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class SymmetryBatchTest {
    private static final Structure OVERLAP = new Structure(Lattice.cubic(4),
            List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), 0.01, 0, 0)));

    @Test
    void reportsProgressAndKeepsOrderAndProblems() {
        List<Structure> in = List.of(SpaceGroupFinderTest.rutile(), OVERLAP, SpaceGroupFinderTest.spinel(), SpaceGroupFinderTest.corundum());
        AtomicInteger last = new AtomicInteger();
        List<SymmetryBatch.Outcome> out = SymmetryBatch.analyzeAll(in, 0.1, true, (done, total, stage) -> {
            assertEquals(4, total);
            last.accumulateAndGet((int) done, Math::max);
        });
        assertEquals(4, last.get());
        assertEquals(136, out.get(0).dataset().number());
        assertFalse(out.get(1).ok());
        assertTrue(out.get(1).problem().contains("overlap"), out.get(1).problem());
        assertEquals(227, out.get(2).dataset().number());
        assertEquals(167, out.get(3).dataset().number());
    }

    @Test
    void stopsWhenCancelled() {
        List<Structure> in = List.of(SpaceGroupFinderTest.rutile(), SpaceGroupFinderTest.rutile());
        assertThrows(CancellationException.class, () -> SymmetryBatch.analyzeAll(in, 0.1, false, new Progress() {
            @Override
            public void update(long done, long total, String stage) { }

            @Override
            public boolean isCancelled() { return true; }
        }));
    }
}
