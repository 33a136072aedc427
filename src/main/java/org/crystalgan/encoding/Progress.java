package org.crystalgan.encoding;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation for long encoding work (augmentation, dataset building), so the same
 * service serves the command line, the app (which wraps it in a background task) and tests.
 */
public interface Progress {
    // Augmentation works on several compositions at once: implementations must be thread-safe.

    /** Called now and then with work done so far out of total (total may grow); message for a status line. */
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
