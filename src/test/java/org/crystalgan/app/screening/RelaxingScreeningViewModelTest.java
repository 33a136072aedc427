package org.crystalgan.app.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.AppSettings;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.TaskRunner;
import org.crystalgan.app.common.Work;
import org.crystalgan.app.common.Workspace;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.CandidateColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Screening pane relaxing with the potential: live curve, cancel, and the raw/relaxed toggle of the viewer (no stage). */
class RelaxingScreeningViewModelTest {
    @TempDir Path dir;
    final RecordingDialogs dialogs = new RecordingDialogs();

    /** Plays a fixed sequence of relaxation events from two interleaved workers, then returns the fake's rows. */
    static final class Scripted extends FakeScreening {
        String relaxedWith;

        @Override public List<String> relaxChoices() { return List.of("m3gnet", "classical", "none"); }

        @Override
        public List<Row> screen(List<StructureEntry> s, List<StructureEntry> known, Energies e, String relax, RelaxationListener l, Work.Progress p) {
            relaxedWith = relax;
            l.started("a");
            l.step("a", 0, -5.0, 1.0);
            l.step("a", 1, -5.5, 0.5);
            l.started("b");
            l.step("b", 0, -7.0, 2.0);
            l.step("a", 2, -5.9, 0.05);
            l.finished("a", "converged", false);
            l.step("b", 1, -7.2, 1.0);
            l.step("b", 2, -7.3, 0.8);
            l.finished("b", "step_limit", false);
            l.finished("c", "converged", true);
            return screen(s, p);
        }
    }

    private AppContext context() {
        AppContext ctx = RecordingDialogs.context(dir.resolve("config"), dialogs);
        ctx.workspace().generated().add(new StructureEntry("x", sample("MgO_periclase.cif"), "generated", null));
        return ctx;
    }

    static Structure sample(String file) {
        try {
            return StructureFiles.read(Path.of("samples", file)).get(0).structure();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCurveFollowsOneRelaxationAtATimeAndSaysHowItEnded() {
        Scripted services = new Scripted();
        ScreeningViewModel vm = new ScreeningViewModel(context(), services);
        List<List<ScreeningViewModel.CurvePoint>> seen = new ArrayList<>();
        vm.uiExecutor(r -> { r.run(); seen.add(List.copyOf(vm.curve())); });
        assertEquals("m3gnet", vm.relaxWithProperty().get(), "M3GNet is the default");
        vm.run();
        assertEquals("m3gnet", services.relaxedWith);
        assertEquals(List.of(), dialogs.errors);
        // a was followed while it ran (b's first step was not mixed in), then b once a had finished
        assertTrue(seen.contains(List.of(new ScreeningViewModel.CurvePoint(0, -5.0), new ScreeningViewModel.CurvePoint(1, -5.5),
                new ScreeningViewModel.CurvePoint(2, -5.9))), seen.toString());
        assertEquals(List.of(new ScreeningViewModel.CurvePoint(1, -7.2), new ScreeningViewModel.CurvePoint(2, -7.3)), vm.curve());
        assertEquals("b: step limit", vm.curveTitleProperty().get());
        assertEquals("3 relaxations finished (1 from the journal)", vm.relaxationTextProperty().get());
    }

    @Test
    void updatesFromTheWorkersReachTheUiInBatches() {
        Scripted services = new Scripted();
        ScreeningViewModel vm = new ScreeningViewModel(context(), services);
        List<Runnable> queued = new ArrayList<>();
        vm.uiExecutor(queued::add);
        vm.relaxWithProperty().set("classical");
        vm.run();
        assertEquals("classical", services.relaxedWith);
        // eleven events while the UI thread was busy: one flush was asked for, and the end of the run flushed them all
        assertEquals(1, queued.size());
        assertEquals("3 relaxations finished (1 from the journal)", vm.relaxationTextProperty().get());
        queued.get(0).run();
        assertEquals("b: step limit", vm.curveTitleProperty().get());
    }

    @Test
    void cancelStopsTheScreeningAndSaysTheFinishedRelaxationsAreKept() throws Exception {
        // a runner that runs the work on a thread and its callbacks on the test thread, as the window does on the FX thread
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Runnable> callback = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        TaskRunner threaded = new TaskRunner() {
            @Override
            public <T> Handle submit(String title, Work<T> work, Consumer<? super T> ok, Consumer<? super Throwable> failed) {
                Thread t = new Thread(() -> {
                    try {
                        T r = work.run(new Work.Progress() {
                            @Override public void update(double done, double total, String message) { }

                            @Override public boolean isCancelled() { return cancelled.get(); }
                        });
                        callback.set(() -> ok.accept(r));
                    } catch (Exception e) {
                        callback.set(() -> failed.accept(e));
                    }
                    ended.countDown();
                });
                t.start();
                return new Handle() {
                    @Override public void cancel() { cancelled.set(true); }

                    @Override public boolean isDone() { return ended.getCount() == 0; }
                };
            }
        };
        CountDownLatch relaxing = new CountDownLatch(1);
        FakeScreening endless = new FakeScreening() {
            @Override
            public List<Row> screen(List<StructureEntry> s, List<StructureEntry> k, Energies e, String relax, RelaxationListener l, Work.Progress p) {
                l.started("a");
                l.finished("a", "converged", false);
                for (int step = 0; ; step++) {
                    if (p.isCancelled()) throw new CancellationException("screening cancelled");
                    l.step("b", step, -7, 1);
                    relaxing.countDown();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ex) {
                        throw new CancellationException();
                    }
                }
            }
        };
        AppContext base = context();
        AppContext ctx = new AppContext(new AppSettings(dir.resolve("config2")), threaded, dialogs, base.workspace(), base.viewer());
        ScreeningViewModel vm = new ScreeningViewModel(ctx, endless);
        vm.uiExecutor(r -> { });
        vm.run();
        assertTrue(vm.busyProperty().get());
        assertTrue(relaxing.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        vm.cancel();
        assertTrue(ended.await(1, TimeUnit.SECONDS), "the screening stops within a second of the cancel");
        assertTrue((System.nanoTime() - t0) / 1e9 < 1.0);
        callback.get().run();
        assertFalse(vm.busyProperty().get());
        assertEquals(List.of(), dialogs.errors, "a cancel is not an error");
        assertTrue(vm.statusProperty().get().startsWith("Screening cancelled.") && vm.statusProperty().get().contains("1 finished relaxation"),
                vm.statusProperty().get());
    }

    @Test
    void theViewerShowsTheRelaxedCellOrTheCellAsGenerated() throws Exception {
        // periclase with one atom pushed 0.2 Å off its site: M3GNet puts it back
        Structure mgo = sample("MgO_periclase.cif");
        List<Site> sites = new ArrayList<>(mgo.sites());
        sites.set(0, sites.get(0).withFrac(sites.get(0).frac().plus(new Vec3(0.05, 0, 0))));
        Structure pushed = mgo.withSites(sites);
        AppContext ctx = RecordingDialogs.context(dir.resolve("config"), dialogs);
        ctx.workspace().generated().add(new StructureEntry("pushed", pushed, "generated", null));
        Path journal = dir.resolve("relaxations");
        ScreeningViewModel vm = new ScreeningViewModel(ctx, new WorkbenchScreeningServices(journal, 1));
        vm.uiExecutor(Runnable::run);
        vm.run();
        assertEquals(List.of(), dialogs.errors);
        ScreeningServices.Row row = vm.rows().get(0);
        assertNotNull(row.candidate().relaxation());
        assertEquals("converged", row.candidate().relaxation().verdict());
        assertFalse(Double.isNaN(row.value(CandidateColumn.E_ABOVE_HULL.key())), "energy above the m3gnet hull: " + row.note());
        assertTrue(row.note().contains("E_hull vs the m3gnet hull"), row.note());
        assertTrue(vm.curve().size() >= 2, "the relaxation's steps reached the curve");
        assertTrue(Files.exists(journal.resolve("journal.csv")), "the window journals its relaxations too");

        vm.selectedProperty().set(row);
        assertSame(row.candidate().structure(), ctx.viewer().structureProperty().get(), "relaxed cell by default");
        assertTrue(ctx.viewer().titleProperty().get().contains("relaxed"), ctx.viewer().titleProperty().get());
        vm.showRelaxedProperty().set(false);
        assertSame(pushed, ctx.viewer().structureProperty().get(), "the cell as generated");
        vm.showRelaxedProperty().set(true);
        assertSame(row.candidate().structure(), ctx.viewer().structureProperty().get());

        // a second run takes the relaxation from the journal
        vm.run();
        assertEquals("1 relaxation finished (1 from the journal)", vm.relaxationTextProperty().get());
    }
}
