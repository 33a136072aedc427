package org.crystalgan.app.training;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.crystalgan.app.FxTestSupport;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.training.TrainingViewModel.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Training pane stays responsive during a short real training run (gan's trainer on a small set
 * built from the samples): a probe posts a task to the FX thread every 5 ms and records the longest
 * delay before it runs; above 100 ms fails.
 *
 * <p>The wall-clock delay holds the pane's own work and everything the OS scheduler adds: the FX
 * thread, the render thread it waits for and the GC threads all queue for a core when other
 * processes keep the machine busy (measured here, beside another developer's training run: delays of
 * 200-310 ms at a load average of 11 on two cores, with at most 25 ms of FX- and render-thread CPU in
 * any of them). So the test asserts, always, the CPU time the FX and
 * render threads spent inside each delay, which no scheduler can lengthen; and it asserts the
 * wall-clock delay too when other processes left the cores to us, where it also catches what CPU time
 * cannot see (the FX thread blocked on a lock or on I/O, long GC pauses, our own training threads
 * crowding it out). "Other processes" are measured (machine busy time less this JVM's) rather than
 * read off the load average as before: that counts our own training threads too, two of them on a
 * two-core machine since training uses two threads, so it skipped on an idle machine and measured nothing.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingResponsivenessTest {
    @TempDir static Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private TrainingController controller;
    private Parent root;

    @Start
    void start(Stage stage) throws Exception {
        AppContext base = RecordingDialogs.context(dir, dialogs);
        // the window's background runner, as in the app (the direct runner would start training on the FX thread)
        AppContext ctx = new AppContext(base.settings(), new org.crystalgan.app.common.BackgroundTasks(), dialogs, base.workspace(), base.viewer());
        FXMLLoader loader = new FXMLLoader(TrainingController.class.getResource("/org/crystalgan/app/training/TrainingPane.fxml"));
        loader.setControllerFactory(t -> new TrainingController(ctx, new TrainingViewModel(ctx, new WorkbenchTrainingServices(() -> 0))));
        root = loader.load();
        controller = loader.getController();
        stage.setScene(new Scene(root, 1100, 700));
        stage.show();
    }

    @Test
    void longestFxThreadStallDuringTrainingIsUnder100ms() throws Exception {
        TrainingViewModel vm = controller.viewModel();
        // 64 matrices of the paper's training data (../shared/data), as a training set file
        Path shared = Path.of(System.getProperty("crystalgan.shared.data", "../shared/data"), "mgmno", "unique_sc_mgmno_fixed.npy");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(shared), "shared training data absent: " + shared);
        org.crystalgan.encoding.Npy.Array all = org.crystalgan.encoding.Npy.read(shared);
        float[] first = java.util.Arrays.copyOf(all.floats(), 64 * 90);
        Path npy = dir.resolve("train.npy");
        org.crystalgan.encoding.Npy.writeFloat32(npy, new int[] {64, 30, 3}, first);
        Path run = java.nio.file.Files.createDirectories(dir.resolve("run"));
        runFx(() -> {
            vm.parameters().get("epochs").set("2");
            vm.parameters().get("batchSize").set("8");
            vm.datasetProperty().set(npy);
            vm.runFolderProperty().set(run);
        });
        AtomicLong worst = new AtomicLong();
        AtomicLong worstAt = new AtomicLong();
        AtomicLong worstCpu = new AtomicLong();
        AtomicLong worstCpuAt = new AtomicLong();
        AtomicBoolean probing = new AtomicBoolean(true);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long fxId = onFx(() -> Thread.currentThread().getId());
        // Prism's render thread paints what the FX thread laid out; a pulse waits for the previous frame
        long renderId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        java.util.function.LongSupplier uiCpu = () -> threads.getThreadCpuTime(fxId) + (renderId < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(renderId)));
        Thread probe = new Thread(() -> {
            while (probing.get()) {
                long cpu = uiCpu.getAsLong();
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    long d = System.nanoTime() - posted;
                    if (d > worst.get()) { worst.set(d); worstAt.set(posted); }
                    long c = Math.min(d, uiCpu.getAsLong() - cpu);
                    if (c > worstCpu.get()) { worstCpu.set(c); worstCpuAt.set(posted); }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stall-probe");
        probe.setDaemon(true);
        probe.start();
        Thread.sleep(500); // the pane's first layout and CSS pass are not training
        settle();
        worst.set(0);
        worstCpu.set(0);
        OtherProcesses others = OtherProcesses.start();
        long t0 = System.nanoTime();
        runFx(vm::start);
        FxTestSupport.waitFor("training to finish", 300_000, () -> vm.stateProperty().get() == State.IDLE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(300);
        probing.set(false);
        probe.join();
        double otherCores = others.cores();
        int redraws = onFx(() -> controller.redraws);
        double tickCpuMs = onFx(() -> controller.longestTickCpuNanos) / 1e6;
        double stallMs = worst.get() / 1e6, stallCpuMs = worstCpu.get() / 1e6;
        int steps = onFx(() -> vm.history().size());
        System.out.printf(java.util.Locale.ROOT, "training pane: %d steps in %.1f s, %d redraws (%.1f/s), longest FX-thread stall %.1f ms "
                + "(%.2f s after the start); most UI-thread CPU in one stall %.1f ms (%.2f s after the start)%n", steps, seconds, redraws,
                redraws / seconds, stallMs, (worstAt.get() - t0) / 1e9, stallCpuMs, (worstCpuAt.get() - t0) / 1e9);
        System.out.printf(java.util.Locale.ROOT, "  longest tick %.1f ms of FX-thread CPU; other processes kept %s cores busy%n", tickCpuMs,
                Double.isNaN(otherCores) ? "an unknown number of" : String.format(java.util.Locale.ROOT, "%.2f of %d", otherCores,
                        Runtime.getRuntime().availableProcessors()));
        assertTrue(dialogs.errors.isEmpty(), "errors: " + dialogs.errors);
        assertTrue(steps >= 2, "the run made steps: " + steps);
        assertTrue(onFx(() -> vm.progressTextProperty().get()).startsWith("Training finished after epoch 2 of 2"),
                onFx(() -> vm.progressTextProperty().get()));
        assertTrue(redraws / seconds <= 11, "at most about 10 redraws a second: " + redraws + " in " + seconds + " s");
        FxTestSupport.screenshot(root, "training-fake-run");
        // the pane's own work, in CPU time, holds whatever the machine's load: per tick, and per stall on the
        // FX and render threads together
        assertTrue(tickCpuMs < 100, "one tick used " + tickCpuMs + " ms of FX-thread CPU");
        assertTrue(stallCpuMs < 100, "the FX and render threads worked " + stallCpuMs + " ms (CPU) while one probe waited");
        // without /proc (not Linux) the load average is the only measure, our own threads included
        double loadPerCore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                / Runtime.getRuntime().availableProcessors();
        // a quarter of a core: a desktop's background, not a second job competing for the cores
        boolean quiet = Double.isNaN(otherCores) ? loadPerCore < 1.5 : otherCores < 0.25;
        org.junit.jupiter.api.Assumptions.assumeTrue(quiet, String.format(java.util.Locale.ROOT,
                "other processes kept %.2f cores busy (load %.1f per core): the wall-clock stall (%.0f ms) is not checked, only the "
                        + "UI threads' CPU time in it (%.0f ms)", otherCores, loadPerCore, stallMs, stallCpuMs));
        assertTrue(stallMs < 100, "longest FX-thread stall " + stallMs + " ms");
    }

    /**
     * Waits until three FX round trips in a row come back within 20 ms (at most 20 s): the first layout can take far
     * longer than 500 ms where the font cache is cold (530-640 ms of FX-thread CPU measured for a new user), and a
     * probe posted then would be charged to training.
     */
    private static void settle() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int prompt = 0;
        while (prompt < 3 && System.nanoTime() < deadline) {
            long t = System.nanoTime();
            onFx(() -> null);
            prompt = System.nanoTime() - t < 20_000_000L ? prompt + 1 : 0;
            Thread.sleep(10);
        }
    }

    /** How busy other processes kept the machine's cores: its busy time (/proc/stat) less this JVM's CPU time. */
    record OtherProcesses(long machineTicks, long ownNanos, long startNanos) {
        static OtherProcesses start() { return new OtherProcesses(machineBusyTicks(), ownCpuNanos(), System.nanoTime()); }

        /** Average cores other processes used since {@link #start()}; NaN where unknown. */
        double cores() {
            long m = machineBusyTicks(), own = ownCpuNanos();
            if (m < 0 || machineTicks < 0 || own < 0 || ownNanos < 0) return Double.NaN;
            // /proc/stat counts in USER_HZ, 100 per second on every architecture Java runs on
            double busy = (m - machineTicks) / 100.0, mine = (own - ownNanos) / 1e9, wall = (System.nanoTime() - startNanos) / 1e9;
            return Math.max(0, busy - mine) / wall;
        }

        /** user + nice + system + irq + softirq + steal of /proc/stat's "cpu" line, or -1. */
        static long machineBusyTicks() {
            try {
                String[] f = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).strip().split("\\s+");
                return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }

        static long ownCpuNanos() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }
}
