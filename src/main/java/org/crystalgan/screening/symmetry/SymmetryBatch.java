package org.crystalgan.screening.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Structure;

/**
 * Space groups of many structures (a generated set, a folder), with progress and cancellation, for
 * the command line, the app and the screening pipeline. Structures whose symmetry is undefined
 * (disordered, overlapping atoms) come back with the problem in words instead of a dataset.
 */
public final class SymmetryBatch {
    private SymmetryBatch() {}

    /** The result for structure {@code index}: a dataset, or the reason there is none. */
    public record Outcome(int index, SymmetryDataset dataset, String problem) {
        public boolean ok() { return dataset != null; }
    }

    /**
     * @param tolerance distance tolerance in Å
     * @param parallel spread the structures over the available cores
     * @param listener progress (called from worker threads) and a cancellation flag polled between structures
     * @throws CancellationException when the listener asks to stop
     */
    public static List<Outcome> analyzeAll(List<Structure> structures, double tolerance, boolean parallel, Progress listener) {
        int n = structures.size();
        Outcome[] out = new Outcome[n];
        AtomicInteger done = new AtomicInteger();
        IntStream range = IntStream.range(0, n);
        (parallel ? range.parallel() : range).forEach(i -> {
            if (listener.isCancelled()) throw new CancellationException("symmetry analysis cancelled");
            Outcome o;
            try {
                o = new Outcome(i, SpaceGroupFinder.analyze(structures.get(i), tolerance), null);
            } catch (SymmetryException e) {
                o = new Outcome(i, null, e.getMessage());
            }
            out[i] = o;
            listener.update(done.incrementAndGet(), n, "symmetry");
        });
        return new ArrayList<>(Arrays.asList(out));
    }
}
