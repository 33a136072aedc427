package org.crystalgan.base;

import java.util.concurrent.CancellationException;

/**
 * The one progress and cancellation type of every long operation below the two faces (dataset
 * building, augmentation, Materials Project downloads, symmetry batches, de-duplication, the
 * screening pipeline), so the same service serves the command line, the app (which adapts its
 * background-task sink to this) and tests.
 *
 * <p>Cancellation is polled, never pushed. What a service does once {@link #isCancelled()} turns true is part of its
 * contract and stated in its Javadoc; there are two: most services throw {@link CancellationException} (the work is
 * lost, {@link #checkCancelled()}), while producers whose partial result is worth having stop early and return it
 * without an exception (the sampler and the random-structure generator return the cells made so far, a relaxation
 * returns its state so far with the verdict {@code CANCELLED}).
 *
 * <p>Implementations must be thread-safe: several services report from worker threads and poll
 * {@link #isCancelled()} there.
 */
@FunctionalInterface
public interface Progress {
    /**
     * Work done so far out of total (total may grow); a negative done or total means "no count,
     * only news" (a download's retry, say). The message names the stage or says what happens.
     */
    void update(long done, long total, String message);

    /** True when the caller wants the work stopped; the service then throws {@link CancellationException}. */
    default boolean isCancelled() { return false; }

    /** Throws {@link CancellationException} when cancelled. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancellationException("cancelled");
    }

    /** Reports nothing, never cancels. */
    Progress NONE = (done, total, message) -> { };

    /**
     * Reports nothing; cancelled whenever {@code cancelled} says so, evaluated on the thread that polls (so
     * {@code () -> Thread.currentThread().isInterrupted()} asks the polling thread).
     */
    static Progress cancelledWhen(java.util.function.BooleanSupplier cancelled) {
        java.util.Objects.requireNonNull(cancelled, "cancelled");
        return new Progress() {
            @Override public void update(long done, long total, String message) { }

            @Override public boolean isCancelled() { return cancelled.getAsBoolean(); }
        };
    }
}
