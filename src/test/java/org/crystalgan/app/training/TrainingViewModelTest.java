package org.crystalgan.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.training.TrainingViewModel.State;
import org.crystalgan.gan.GanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingViewModelTest {
    @TempDir Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();

    @Test
    void defaultsAreTheBundledModelsRecipeAndThePapersIsAPreset() {
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1));
        GanConfig hp = vm.hyperParameters();
        // TRAINING.md: the reference values, classifier on real matrices only, row loss on generated ones at 0.3
        assertEquals(GanConfig.defaults().withRealOnlyClassifier(true).withFakeRowLossWeight(0.3), hp);
        assertEquals(TrainingViewModel.Recipe.BUNDLED_MODEL, vm.recipeProperty().get());
        vm.applyRecipe(TrainingViewModel.Recipe.PAPER);
        assertEquals(GanConfig.defaults(), vm.hyperParameters());
        vm.applyRecipe(TrainingViewModel.Recipe.BUNDLED_MODEL);
        hp = vm.hyperParameters();
        assertEquals(501, hp.epochs());
        assertEquals(10, hp.lambdaGp());
        assertEquals(5, hp.criticSteps());
        vm.parameters().get("batchSize").set("x");
        vm.start();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("batchSize") && dialogs.errors.get(0).contains("whole number"), dialogs.errors.get(0));
        vm.resetToPaperDefaults();
        assertEquals(GanConfig.defaults(), vm.hyperParameters());
        vm.parameters().get("batchSize").set("1");
        vm.start();
        assertTrue(dialogs.errors.get(1).contains("batch size must be at least 2"), dialogs.errors.get(1));
    }

    @Test
    void runsToTheEndTakingEventsInOnlyWhenFlushed() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        AtomicLong clock = new AtomicLong();
        TrainingViewModel vm = new TrainingViewModel(ctx, new FakeTrainer(50), clock::get);
        vm.parameters().get("epochs").set("4");
        vm.datasetProperty().set(dir.resolve("train.npy"));
        vm.runFolderProperty().set(dir);
        vm.start();
        assertEquals(State.RUNNING, vm.stateProperty().get());
        for (int i = 0; i < 200 && vm.stateProperty().get() != State.IDLE; i++) {
            Thread.sleep(20);
            clock.addAndGet(1_000_000_000L);
            vm.flush();
        }
        assertEquals(State.IDLE, vm.stateProperty().get());
        assertEquals(List.of(), dialogs.errors);
        assertEquals(200, vm.history().size());
        assertEquals(1, vm.checkpoints().size(), "one run folder, one (the newest) checkpoint");
        assertEquals(4, vm.checkpoints().get(0).epoch());
        assertEquals(1.0, vm.progressProperty().get(), 1e-12);
        assertTrue(vm.progressTextProperty().get().startsWith("Training finished after epoch 4 of 4"), vm.progressTextProperty().get());
    }

    @Test
    void pauseResumeAndStop() throws Exception {
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1000));
        vm.parameters().get("epochs").set("100000");
        vm.datasetProperty().set(dir.resolve("train.npy"));
        vm.runFolderProperty().set(dir);
        vm.start();
        vm.pause();
        assertEquals(State.PAUSED, vm.stateProperty().get());
        Thread.sleep(50);
        vm.flush();
        int atPause = vm.history().size();
        Thread.sleep(100);
        vm.flush();
        assertTrue(vm.history().size() - atPause <= 1, "no steps while paused");
        vm.resume();
        assertEquals(State.RUNNING, vm.stateProperty().get());
        vm.stop();
        assertEquals(State.STOPPING, vm.stateProperty().get());
        for (int i = 0; i < 100 && vm.stateProperty().get() != State.IDLE; i++) { Thread.sleep(20); vm.flush(); }
        assertEquals(State.IDLE, vm.stateProperty().get());
        assertTrue(vm.progressTextProperty().get().startsWith("Training stopped"), vm.progressTextProperty().get());
    }

    @Test
    void etaFollowsTheMeasuredEpochTime() {
        AtomicLong clock = new AtomicLong();
        TrainingServices.Listener[] listener = new TrainingServices.Listener[1];
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1) {
            @Override public Run start(GanConfig hp, Path d, Path r, Path from, Listener l) {
                listener[0] = l;
                return new Run() {
                    @Override public void pause() { }
                    @Override public void resume() { }
                    @Override public void stop() { }
                };
            }
        }, clock::get);
        vm.parameters().get("epochs").set("10");
        vm.datasetProperty().set(dir);
        vm.runFolderProperty().set(dir);
        vm.start();
        listener[0].onEpoch(0, 10);
        vm.flush();
        // 2 epochs in 60 s: 30 s each, 8 left: 4 minutes
        clock.set(60_000_000_000L);
        listener[0].onEpoch(2, 10);
        vm.flush();
        assertEquals("Epoch 2 of 10, about 0:04:00 left", vm.progressTextProperty().get());
        assertEquals(0.2, vm.progressProperty().get(), 1e-12);
    }

    @Test
    void everyParameterHasWordsAChemistReadsAndATooltip() {
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1));
        for (String name : vm.parameters().keySet()) {
            TrainingViewModel.Describe d = TrainingViewModel.describe(name);
            assertTrue(!d.label().equals(name) && !d.tooltip().equals(name), name + " has no words of its own");
        }
        assertEquals("Checkpoint every (minutes)", TrainingViewModel.describe("checkpointMinutes").label());
    }

    @Test
    void progressMovesWithinAnEpochAndStopSaysWhereTheRunStands() {
        AtomicLong clock = new AtomicLong();
        TrainingServices.Listener[] listener = new TrainingServices.Listener[1];
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1) {
            @Override public Run start(GanConfig hp, Path d, Path r, Path from, Listener l) {
                listener[0] = l;
                return new Run() {
                    @Override public void pause() { }
                    @Override public void resume() { }
                    @Override public void stop() { }
                };
            }
        }, clock::get);
        vm.parameters().get("epochs").set("3");
        vm.datasetProperty().set(dir);
        vm.runFolderProperty().set(dir);
        vm.start();
        listener[0].onBatch(1, 1, 100, 3);
        vm.flush();
        assertEquals("Epoch 1 of 3 (batch 1 of 100)", vm.progressTextProperty().get());
        // 50 more batches in 100 s: 0.5 of an epoch per 100 s, 2.49 epochs left
        clock.set(100_000_000_000L);
        listener[0].onBatch(1, 51, 100, 3);
        vm.flush();
        assertEquals((0.51) / 3, vm.progressProperty().get(), 1e-12);
        assertEquals("Epoch 1 of 3 (batch 51 of 100), about 0:08:18 left", vm.progressTextProperty().get());
        vm.pause();
        vm.flush();
        assertEquals("Paused: Epoch 1 of 3 (batch 51 of 100)", vm.progressTextProperty().get());
        vm.resume();
        vm.stop();
        listener[0].onFinished(true);
        vm.flush();
        assertEquals("Training stopped in epoch 1 of 3 at batch 51 of 100. The checkpoint keeps this point; resume from it.",
                vm.progressTextProperty().get());
    }

    @Test
    void lossHistoryIsDownsampledSmoothedAndLogged() {
        LossHistory h = new LossHistory();
        for (int i = 1; i <= 10_000; i++) h.add(i, -i, 100, 0, 1, 1);
        List<LossHistory.Point> pts = h.view(0, 400, 0, false);
        assertTrue(pts.size() <= 400 + 1, "points: " + pts.size());
        assertEquals(-13, pts.get(0).y(), 1e-9, "mean of the first bucket of 25 values -1..-25");
        List<LossHistory.Point> log = h.view(1, 100, 0.9, true);
        log.forEach(p -> assertEquals(2, p.y(), 1e-9));
        assertTrue(h.view(2, 100, 0, true).isEmpty(), "zeros have no logarithm and are left out");
        LossHistory step = new LossHistory();
        step.add(1, 0, 0, 0, 0, 0);
        step.add(2, 10, 0, 0, 0, 0);
        assertEquals(5, step.view(0, 10, 0.5, false).get(1).y(), 1e-12, "EMA 0.5: 0.5·0 + 0.5·10");
    }

    @Test
    void criticAndGeneratorLossesEachHaveAPanelOverWholeIterations() {
        TrainingViewModel vm = new TrainingViewModel(RecordingDialogs.context(dir, dialogs), new FakeTrainer(1));
        vm.smoothingProperty().set(0);
        assertEquals(new TrainingViewModel.WholeAxis(0, 1, 1), vm.iterationAxis(), "an empty run still has a whole axis");
        // the scales of a real tiny run (TrainingChartTest): critic = penalty - estimate, estimate ~1e-3, generator ~-0.01
        for (int i = 0; i < 37; i++) vm.history().add(i, 8.6 - 0.4 * i - 1e-3, 1e-3, 8.6 - 0.4 * i, -0.008 - 0.003 * i, 7.27);
        List<TrainingViewModel.Curve> curves = vm.curves();
        assertEquals(List.of("Critic loss", "Generator loss"), curves.stream().map(TrainingViewModel.Curve::name).toList());
        assertEquals(37, curves.get(0).points().size());
        assertEquals(8.6 - 1e-3, curves.get(0).points().get(0).y(), 1e-12);
        assertEquals(-0.008 - 0.003 * 36, curves.get(1).points().get(36).y(), 1e-12);
        vm.shownProperty(2).set(true);
        vm.shownProperty(TrainingViewModel.GENERATOR).set(false);
        assertEquals(List.of(0, 2), vm.curves().stream().map(TrainingViewModel.Curve::series).toList());
        // iterations 0..36: ticks of 5 up to 40
        assertEquals(new TrainingViewModel.WholeAxis(0, 40, 5), vm.iterationAxis());
        vm.history().clear();
        for (int i = 109_000; i <= 109_204; i++) vm.history().add(i, 1, 1, 1, 1, 1);
        assertEquals(new TrainingViewModel.WholeAxis(109_000, 109_250, 50), vm.iterationAxis());
    }
}
