package org.crystalgan.app.common;

/**
 * A piece of long work run off the JavaFX thread. It reports progress through the sink and should
 * return early (or throw {@link java.util.concurrent.CancellationException}) once the sink says the
 * user cancelled.
 */
@FunctionalInterface
public interface Work<T> {
    T run(Progress progress) throws Exception;

    /** Where running work reports; safe to call from any thread and as often as it likes. */
    interface Progress {
        /** done out of total (total &le; 0: indeterminate), with a short line for the status bar. */
        void update(double done, double total, String message);

        boolean isCancelled();

        Progress NONE = new Progress() {
            @Override public void update(double done, double total, String message) { }
            @Override public boolean isCancelled() { return false; }
        };
    }
}
