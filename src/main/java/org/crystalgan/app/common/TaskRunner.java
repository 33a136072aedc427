package org.crystalgan.app.common;

import java.util.function.Consumer;

/**
 * Runs long work for a ViewModel. The window's runner ({@link BackgroundTasks}) uses a background
 * thread and shows the task in the status bar; ViewModel tests use {@link #direct()} so they need no
 * JavaFX toolkit. The callbacks always run on the thread that owns the UI state (the FX thread in
 * the app, the calling thread in tests).
 */
public interface TaskRunner {
    /** A handle on submitted work. */
    interface Handle {
        void cancel();

        boolean isDone();
    }

    /** onFailure also receives a {@link java.util.concurrent.CancellationException} when the user cancels. */
    <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs the work at once on the caller's thread: for tests and for trivially short work. */
    static TaskRunner direct() {
        return new TaskRunner() {
            @Override
            public <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
                try {
                    T result = work.run(Work.Progress.NONE);
                    onSuccess.accept(result);
                } catch (Exception | LinkageError e) {
                    onFailure.accept(e);
                }
                return new Handle() {
                    @Override public void cancel() { }
                    @Override public boolean isDone() { return true; }
                };
            }
        };
    }
}
