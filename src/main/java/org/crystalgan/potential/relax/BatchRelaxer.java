package org.crystalgan.potential.relax;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.crystalgan.base.Progress;
import org.crystalgan.base.ResidentMemory;
import org.crystalgan.crystal.Structure;

/**
 * Relaxes many structures on a pool of worker threads (one relaxation per thread at a time; the
 * potential is shared, as {@link org.crystalgan.potential.Potential} promises thread safety).
 * Results come back in input order; a structure whose relaxation throws anything becomes a
 * {@link Verdict#FAILED} result and the others go on.
 */
public final class BatchRelaxer {
    /** Hears a batch; called on the worker threads, so implementations must be thread-safe. */
    public interface Listener {
        /** Structure {@code index} (0-based, input order) begins on a worker. */
        default void started(int index) { }

        /** A step of structure {@code index}. */
        default void step(int index, int step, double energy, double maxForce) { }

        /** Structure {@code index} is done; {@code done} of {@code total} are finished now. */
        default void finished(int index, RelaxResult result, int done, int total) { }
    }

    private final Relaxer relaxer;
    private final int workers;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();

    /** @param workers threads; the number of available processors when below 1 */
    public BatchRelaxer(Relaxer relaxer, int workers) {
        this.relaxer = relaxer;
        this.workers = workers >= 1 ? workers : Runtime.getRuntime().availableProcessors();
    }

    public BatchRelaxer(Relaxer relaxer) { this(relaxer, 0); }

    public int workers() { return workers; }

    /**
     * Stops the batch: running relaxations end within one evaluation, queued ones are not started. It
     * stays cancelled (a later {@link #relaxAll} returns at once), so use one instance per batch.
     */
    public void cancel() { cancelRequested.set(true); }

    public List<RelaxResult> relaxAll(List<Structure> structures, Listener listener) throws InterruptedException {
        return relaxAll(structures, listener, Progress.NONE);
    }

    /**
     * Relaxes every structure and waits for all of them. Cancelling {@code progress} (polled on the
     * workers; it hears no counts: the listener does) or {@link #cancel()} makes the running ones return
     * {@link Verdict#CANCELLED} with their state so far and the queued ones return it unstarted; nothing
     * is thrown for it. An interrupt of the calling thread cancels too, then rethrows.
     */
    public List<RelaxResult> relaxAll(List<Structure> structures, Listener listener, Progress progress) throws InterruptedException {
        int total = structures.size();
        if (total == 0) return List.of();
        Progress stop = Progress.cancelledWhen(() -> cancelRequested.get() || progress.isCancelled());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, total), daemonThreads());
        try {
            List<Future<RelaxResult>> futures = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                int index = i;
                Structure s = structures.get(i);
                futures.add(pool.submit(() -> {
                    RelaxResult r = relaxOne(s, index, listener, stop);
                    listener.finished(index, r, done.incrementAndGet(), total);
                    return r;
                }));
            }
            List<RelaxResult> out = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException ex) {
                    // only the listener can throw here (relaxOne catches everything): keep the batch going
                    out.add(RelaxResult.notRun(structures.get(i), Verdict.FAILED, describe(ex.getCause())));
                }
            }
            return out;
        } catch (InterruptedException ex) {
            cancelRequested.set(true);
            throw ex;
        } finally {
            pool.shutdown();
        }
    }

    private RelaxResult relaxOne(Structure s, int index, Listener listener, Progress stop) {
        if (stop.isCancelled()) return RelaxResult.notRun(s, Verdict.CANCELLED, "cancelled before it started");
        listener.started(index);
        try {
            return relaxer.relax(s, (step, energy, fmax) -> {
                ResidentMemory.collectIfAbove(ResidentMemory.RELAXATION_LIMIT_BYTES);
                listener.step(index, step, energy, fmax);
            }, stop);
        } catch (RuntimeException | StackOverflowError ex) {
            return RelaxResult.notRun(s, Verdict.FAILED, describe(ex));
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return "internal error in the potential: " + t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "relax-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
