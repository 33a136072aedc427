package org.crystalgan.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.Work;
import org.crystalgan.encoding.Dataset;
import org.crystalgan.encoding.Representation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Data pane's ViewModel with the real services, without a stage. */
class DataViewModelTest {
    @TempDir Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();

    private DataViewModel vm(AppContext ctx) { return new DataViewModel(ctx, new WorkbenchDataServices()); }

    @Test
    void loadsTheBundledSamplesWithSpaceGroupsAndStatistics() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        DataViewModel vm = vm(ctx);
        vm.loadSamples();
        assertEquals(List.of(), dialogs.errors);
        assertTrue(vm.rows().size() >= 8, "rows: " + vm.rows().size());
        assertEquals(vm.rows().size(), ctx.workspace().loaded().size());
        DataRow periclase = vm.rows().stream().filter(r -> r.formula().equals("MgO")).findFirst().orElseThrow();
        assertEquals("Fm-3m (225)", periclase.spaceGroup());
        assertEquals(90, periclase.alpha(), 1e-6);
        assertEquals(vm.rows().size(), vm.statistics().stream().mapToInt(DataViewModel.CompositionCount::count).sum());
        // the first row is selected and shown in the viewer
        assertEquals(vm.rows().get(0).name(), ctx.viewer().titleProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Loaded " + vm.rows().size()), vm.statusProperty().get());
    }

    @Test
    void aFolderWithABadFileLoadsTheRestAndSaysWhatWasSkipped() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("in"));
        Files.copy(Path.of("samples/MgO_periclase.cif"), folder.resolve("MgO.cif"));
        Files.writeString(folder.resolve("broken.cif"), "data_x\n_cell_length_a 3\n");
        DataViewModel vm = vm(RecordingDialogs.context(dir, dialogs));
        vm.openFolder(folder);
        assertEquals(1, vm.rows().size());
        assertTrue(vm.statusProperty().get().contains("Skipped 1: broken.cif"), vm.statusProperty().get());
    }

    @Test
    void aMissingFileIsReportedInADialog() {
        DataViewModel vm = vm(RecordingDialogs.context(dir, dialogs));
        vm.openFiles(List.of(dir.resolve("nope.cif")));
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("nope.cif"), dialogs.errors.get(0));
        assertEquals(0, vm.rows().size());
    }

    @Test
    void buildsATrainingSetWithTheAugmentationCount() throws Exception {
        DataViewModel vm = vm(RecordingDialogs.context(dir, dialogs));
        vm.loadSamples();
        vm.augmentationProperty().set(5);
        Path out = dir.resolve("train.npy");
        vm.buildTrainingSet(out);
        assertEquals(List.of(), dialogs.errors);
        Dataset ds = Dataset.load(out, Representation.MG_MN_O);
        // every composition that fits the representation is augmented to exactly 5
        ds.statistics().perComposition().values().forEach(n -> assertEquals(5, n));
        assertTrue(vm.statusProperty().get().startsWith("Wrote " + ds.count()), vm.statusProperty().get());
    }

    @Test
    void fetchingWithoutAKeySaysWhereToGetOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MP_API_KEY") == null, "MP_API_KEY is set in this environment");
        DataViewModel vm = vm(RecordingDialogs.context(dir, dialogs));
        vm.fetchMaterialsProject();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("Settings → Materials Project API key"), dialogs.errors.get(0));
    }

    @Test
    void cancellationIsReportedInTheStatusNotAsAnError() {
        AppContext base = RecordingDialogs.context(dir, dialogs);
        org.crystalgan.app.common.TaskRunner cancelling = new org.crystalgan.app.common.TaskRunner() {
            @Override
            public <T> Handle submit(String title, Work<T> work, java.util.function.Consumer<? super T> ok, java.util.function.Consumer<? super Throwable> fail) {
                fail.accept(new java.util.concurrent.CancellationException());
                return null;
            }
        };
        AppContext ctx = new AppContext(base.settings(), cancelling, dialogs, base.workspace(), base.viewer());
        DataViewModel vm = vm(ctx);
        vm.loadSamples();
        assertEquals(List.of(), dialogs.errors);
        assertTrue(vm.statusProperty().get().endsWith("cancelled."), vm.statusProperty().get());
    }
}
