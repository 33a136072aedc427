package org.crystalgan.base;

import java.util.concurrent.CancellationException;

/**
 * The one progress and cancellation type of every long operation below the two faces (dataset
 * building, augmentation, Materials Project downloads, symmetry batches, de-duplication, the
 * screening pipeline), so the same service serves the command line, the app (which adapts its
 * background-task sink to this) and tests.
 *
 * <p>Implementations must be thread-safe: several services report from worker threads.
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
}
