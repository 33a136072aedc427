package org.crystalgan.screening.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing of the space-group search on 10,000 generated-like Mg-Mn-O cells (the 2,627 training rows,
 * up to 24 atoms, with random displacements, repeated). Not part of the normal build: run with
 * {@code mvn -o -q test -Dtest=SymmetryBenchmarkTest -Dcrystalgan.bench=true}.
 */
class SymmetryBenchmarkTest {
    @Test
    void tenThousandGeneratedLikeCells() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("crystalgan.bench"), "benchmark: run with -Dcrystalgan.bench=true");
        Path dir = SharedStructures.dataDir();
        Assumptions.assumeTrue(dir != null, "../shared/data/mgmno/structures.csv is absent");
        List<SharedStructures.Row> rows = SharedStructures.read(dir, 2627);
        List<Structure> base = SharedStructures.perturbed(rows);
        List<Structure> cells = new ArrayList<>();
        while (cells.size() < 10_000) cells.add(base.get(cells.size() % base.size()));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // warm-up (JIT) on the parents
        for (SharedStructures.Row r : rows.subList(0, 1253)) SpaceGroupFinder.analyze(r.structure(), 0.1);
        long cpu0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        int ok = 0;
        for (Structure s : cells) {
            try {
                SpaceGroupFinder.analyze(s, 0.1);
                ok++;
            } catch (SymmetryException e) {
                // overlapping atoms: reported, counted as done
            }
        }
        long t1 = System.nanoTime(), cpu1 = mx.getCurrentThreadCpuTime();
        System.out.printf("sequential: %d cells in %.2f s wall (%.3f ms/cell), %.2f s CPU (%.3f ms/cell), %d with a space group%n",
                cells.size(), (t1 - t0) / 1e9, (t1 - t0) / 1e6 / cells.size(), (cpu1 - cpu0) / 1e9, (cpu1 - cpu0) / 1e6 / cells.size(), ok);
        long t2 = System.nanoTime();
        List<SymmetryBatch.Outcome> out = SymmetryBatch.analyzeAll(cells, 0.1, true, Progress.NONE);
        long t3 = System.nanoTime();
        System.out.printf("parallel (%d cores): %.2f s wall (%.3f ms/cell)%n", Runtime.getRuntime().availableProcessors(),
                (t3 - t2) / 1e9, (t3 - t2) / 1e6 / cells.size());
        assertEquals(cells.size(), out.size());
    }
}
