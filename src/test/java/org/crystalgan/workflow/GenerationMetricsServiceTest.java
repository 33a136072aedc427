package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.stability.GenerativeMetrics;
import org.crystalgan.base.Progress;
import org.junit.jupiter.api.Test;

class GenerationMetricsServiceTest {
    private static Structure spinel() throws Exception {
        return StructureFiles.read(Path.of("samples/MgMn2O4_spinel.cif")).get(0).structure();
    }

    @Test
    void theKnownSpinelRelaxesOntoTheHullAndIsARediscoveryNotNew() throws Exception {
        GenerationMetricsService service = GenerationMetricsService.bundledM3GNet(new RelaxOptions(0.1, 60, true));
        Structure s = spinel();
        GenerationMetricsService.Outcome o = service.judge("Mg4Mn8O16", "gan", List.of(s), List.of(true),
                GenerationMetricsService.knownStructures(List.of()), null, new BatchRelaxer.Listener() { }, Progress.NONE);
        assertEquals(1, o.cells().size());
        GenerationMetricsService.Judged j = o.cells().get(0);
        // the bundled hull holds the spinel relaxed by the same potential: the known stable phase lies within 30 meV/atom of it
        assertTrue(j.judged() && Math.abs(j.eAboveHull()) <= 0.03, "E above hull " + j.eAboveHull() + " (" + j.relaxation().verdict() + ")");
        GenerativeMetrics.Row row = o.row();
        assertEquals(j.eAboveHull(), row.medianEAboveHull(), 1e-12, "the row and the per-cell value are the same number");
        assertEquals(1.0, row.stable(), 1e-12);
        assertEquals(0.0, row.novel(), 1e-12, "a reference phase is not new");
        assertEquals(1, row.rediscovered());
        assertEquals(0.0, row.sun(), 1e-12);
    }

    @Test
    void aCancelledBatchReturnsAtOnceWithEveryCellCancelledAndNoShares() throws Exception {
        GenerationMetricsService service = GenerationMetricsService.bundledM3GNet(new RelaxOptions(0.1, 300, true));
        Structure s = spinel();
        long t0 = System.nanoTime();
        GenerationMetricsService.Outcome o = service.judge("Mg4Mn8O16", "random", List.of(s, s, s), List.of(true, true, false),
                GenerationMetricsService.knownStructures(List.of()), null, new BatchRelaxer.Listener() { }, Progress.cancelledWhen(() -> true));
        assertTrue((System.nanoTime() - t0) / 1e9 < 1.0, "a cancelled judgement returns within a second");
        assertTrue(o.cancelled());
        assertTrue(o.cells().stream().allMatch(c -> c.relaxation().verdict() == Verdict.CANCELLED && !c.judged()));
        assertEquals(2.0 / 3, o.row().exactComposition(), 1e-12);
        assertEquals(0.0, o.row().converged(), 1e-12);
        assertEquals(0.0, o.row().metastable(), 1e-12);
    }

    @Test
    void mismatchedCompositionFlagsAreRefused() throws Exception {
        GenerationMetricsService service = GenerationMetricsService.bundledM3GNet(RelaxOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> service.judge("Mg4Mn8O16", "gan", List.of(spinel()), List.of(),
                List.of(), null, new BatchRelaxer.Listener() { }, Progress.NONE));
    }
}
