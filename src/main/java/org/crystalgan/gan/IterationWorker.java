package org.crystalgan.gan;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A second thread for the parts of a training iteration that do not depend on each other (the classifier's passes
 * beside the critic's, the generator step's forward pass beside the critic step). Each native op stays
 * single-threaded; two independent streams of matrix products use two cores far better than two-thread BLAS calls
 * on matrices this small, which were slower than one thread here.
 *
 * <p>Tasks run in the order they are forked, on one thread, so results do not depend on timing: a run with the
 * worker equals a run without it bit for bit (GanTrainerTest). Arrays a task makes live in the worker's own
 * workspace, which stays open from {@link #begin} to {@link #end}: the main thread may read them until then.
 * Without a thread ({@code threaded = false}) every task runs at once on the caller's thread.
 */
final class IterationWorker implements AutoCloseable {
    private static final Runnable END = () -> { };
    private final ExecutorService exec;
    private final WorkspaceConfiguration workspace;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private Future<?> session;
    private volatile Thread thread;

    IterationWorker(boolean threaded, WorkspaceConfiguration workspace) {
        this.workspace = workspace;
        this.exec = threaded ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crystalgan-train-worker");
            t.setDaemon(true);
            thread = t;
            return t;
        }) : null;
    }

    boolean threaded() {
        return exec != null;
    }

    /** Opens the worker's workspace for one iteration. */
    void begin() {
        if (exec != null) session = exec.submit(this::loop);
    }

    /**
     * Runs {@code task} on the worker (after the tasks forked before it); the supplier waits for its result. A task
     * forked from the worker itself runs at once (queuing it behind the running task would deadlock).
     */
    <T> Supplier<T> fork(Callable<T> task) {
        if (exec == null || Thread.currentThread() == thread) {
            T v = call(task);
            return () -> v;
        }
        FutureTask<T> f = new FutureTask<>(task);
        queue.add(f);
        return () -> get(f);
    }

    /** Waits for the forked tasks and closes the worker's workspace; its arrays are invalid afterwards. */
    void end() {
        if (exec == null || session == null) return;
        queue.add(END);
        get(session);
        session = null;
    }

    private void loop() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(workspace, "crystalgan-train-worker")) {
            for (;;) {
                Runnable r = queue.take();
                if (r == END) return;
                r.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T call(Callable<T> c) {
        try {
            return c.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T get(Future<T> f) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // the iteration must finish (the worker may still hold its arrays); a stop takes effect after it
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (exec != null) exec.shutdownNow();
    }
}
