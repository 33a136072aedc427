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
        vm.augmentationProperty().set(20);
        Path out = dir.resolve("train.npy");
        vm.buildTrainingSet(out);
        assertEquals(List.of(), dialogs.errors);
        Dataset ds = Dataset.load(out, Representation.MG_MN_O);
        // every composition that fits the representation is augmented to exactly 20
        ds.statistics().perComposition().values().forEach(n -> assertEquals(20, n));
        assertTrue(vm.statusProperty().get().startsWith("Wrote " + ds.count()), vm.statusProperty().get());
    }

    @Test
    void theSamplesBuildASetTheTrainingPaneAcceptsAndTakes() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        DataViewModel vm = vm(ctx);
        org.crystalgan.app.training.TrainingViewModel training =
                new org.crystalgan.app.training.TrainingViewModel(ctx, new org.crystalgan.app.training.WorkbenchTrainingServices(() -> 0));
        // before building, the pane says what a set needs and how many loaded structures qualify
        vm.loadSamples();
        String t = vm.trainabilityProperty().get();
        assertTrue(t.contains("Mg, Mn and O together") && t.contains("at most 8 Mg, 8 Mn and 12 O"), t);
        assertTrue(t.contains("2 qualify") && t.contains("2 as their primitive cell"), t);
        DataRow spinel = vm.rows().stream().filter(r -> r.name().contains("MgMn2O4")).findFirst().orElseThrow();
        assertEquals("yes: as its 14-atom primitive cell", spinel.trainingText());
        DataRow mgo = vm.rows().stream().filter(r -> r.formula().equals("MgO")).findFirst().orElseThrow();
        assertTrue(mgo.trainingText().startsWith("no: ") && mgo.trainingText().contains("has no Mn"), mgo.trainingText());

        vm.augmentationProperty().set(50);
        Path out = dir.resolve("samples-set.npy");
        vm.buildTrainingSet(out);
        assertEquals(List.of(), dialogs.errors);
        assertEquals(out, training.datasetProperty().get());
        // what the Training pane does with the file: every row holds Mg, Mn and O
        org.crystalgan.gan.TrainingSet set = new org.crystalgan.gan.TrainingSet(Dataset.load(out, Representation.MG_MN_O).matrices(), out.toString());
        assertEquals(0, set.dropped());
        assertTrue(set.size() >= 100, "size " + set.size());
        assertTrue(vm.statusProperty().get().contains("2 cell(s) used as their primitive cell"), vm.statusProperty().get());
    }

    @Test
    void aBuildTheTrainingPaneWouldRefuseIsRefusedBeforehand() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        DataViewModel vm = vm(ctx);
        vm.openFiles(List.of(Path.of("samples/MgO_periclase.cif"), Path.of("samples/MnO_manganosite.cif")));
        assertTrue(vm.trainabilityProperty().get().contains("0 qualify"), vm.trainabilityProperty().get());
        Path out = dir.resolve("binaries.npy");
        vm.buildTrainingSet(out);
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("None of the 2 loaded structures can train the GAN"), dialogs.errors.get(0));
        assertTrue(Files.notExists(out));

        dialogs.errors.clear();
        vm.openFiles(List.of(Path.of("samples/MgMn2O4_spinel.cif")));
        vm.augmentationProperty().set(3);
        vm.buildTrainingSet(out);
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("fewer than one training batch of 32"), dialogs.errors.get(0));
        assertTrue(Files.notExists(out));
        assertEquals(null, ctx.workspace().trainingSetProperty().get());
    }

    @Test
    void openingTheSameFileTwiceDoesNotDoubleTheTableAndClearEmptiesTheViewer() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        DataViewModel vm = vm(ctx);
        vm.openFiles(List.of(Path.of("samples/MgO_periclase.cif")));
        vm.openFiles(List.of(Path.of("samples/MgO_periclase.cif")));
        assertEquals(1, vm.rows().size());
        assertEquals(1, ctx.workspace().loaded().size());
        assertTrue(vm.statusProperty().get().contains("1 already in the table, not added again"), vm.statusProperty().get());
        assertTrue(ctx.viewer().structureProperty().get() != null);
        vm.clear();
        assertEquals(null, ctx.viewer().structureProperty().get());
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
