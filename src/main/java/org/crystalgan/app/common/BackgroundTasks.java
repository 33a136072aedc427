package org.crystalgan.app.common;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;

/**
 * The window's {@link TaskRunner}: work runs on daemon background threads as a {@link Task}; the
 * most recently started task that is still running is what the status bar shows (with progress and a
 * cancel button). Task progress and message updates are coalesced by JavaFX itself (one pending
 * runLater at a time) and we additionally drop updates closer than 100 ms apart, so a chatty service
 * cannot flood the FX thread.
 */
public final class BackgroundTasks implements TaskRunner {
    private static final long MIN_UPDATE_NANOS = 100_000_000L;
    private final AtomicInteger counter = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crystalgan-work-" + counter.incrementAndGet());
        t.setDaemon(true);
        // below the FX thread (nice 3 on Linux with ThreadPriorityPolicy=1) but above training (MIN_PRIORITY): work the
        // user is waiting for should not queue behind a training run
        t.setPriority(Thread.MIN_PRIORITY + 1);
        return t;
    });
    private final ObjectProperty<Task<?>> current = new SimpleObjectProperty<>(this, "current");

    /** The task the status bar shows; null when idle. Read on the FX thread. */
    public ReadOnlyObjectProperty<Task<?>> currentProperty() { return current; }

    @Override
    public <T> Handle submit(String title, Work<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Task<T> task = new Task<>() {
            private long lastUpdate;

            @Override
            protected T call() throws Exception {
                updateTitle(title);
                updateMessage(title + "…");
                Work.Progress p = new Work.Progress() {
                    @Override
                    public void update(double done, double total, String message) {
                        long now = System.nanoTime();
                        if (now - lastUpdate < MIN_UPDATE_NANOS && done < total) return;
                        lastUpdate = now;
                        if (total > 0) updateProgress(done, total); else updateProgress(-1, 1);
                        if (message != null) updateMessage(message);
                    }

                    @Override
                    public boolean isCancelled() { return isCancelled0(); }
                };
                T result = work.run(p);
                if (isCancelled()) throw new CancellationException();
                return result;
            }

            private boolean isCancelled0() { return isCancelled(); }
        };
        task.setOnSucceeded(e -> { finished(task); onSuccess.accept(task.getValue()); });
        task.setOnFailed(e -> { finished(task); onFailure.accept(task.getException()); });
        task.setOnCancelled(e -> { finished(task); onFailure.accept(new CancellationException(title + " cancelled")); });
        Runnable show = () -> current.set(task);
        if (Platform.isFxApplicationThread()) show.run(); else Platform.runLater(show);
        executor.execute(task);
        return new Handle() {
            @Override public void cancel() { task.cancel(true); }
            @Override public boolean isDone() { return task.isDone(); }
        };
    }

    private void finished(Task<?> task) {
        if (current.get() == task) current.set(null);
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
