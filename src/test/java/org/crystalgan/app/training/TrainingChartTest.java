package org.crystalgan.app.training;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.crystalgan.app.FxTestSupport;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BackgroundTasks;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.training.TrainingViewModel.State;
import org.crystalgan.workflow.TinyTrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A real tiny training run (the gan trainer on 64 matrices, three epochs of two batches) from the Training pane: the
 * critic and generator curves are both drawn, each filling its own panel, over a whole-number iteration axis.
 *
 * <p>Why the critic curve used to be invisible, as this run shows: the critic loss is the gradient penalty less the
 * Wasserstein estimate, and the estimate is about 1e-3 here against a penalty near 8, so on the one shared axis the
 * critic line lay under the penalty's (drawn after it), and the generator loss (about -0.01) lay flat at zero.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingChartTest {
    @TempDir static Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private TrainingController controller;
    private Parent root;

    @Start
    void start(Stage stage) throws Exception {
        AppContext base = RecordingDialogs.context(dir, dialogs);
        // the window's background runner: the direct one would load the set and build the networks on the FX thread
        AppContext ctx = new AppContext(base.settings(), new BackgroundTasks(), dialogs, base.workspace(), base.viewer());
        FXMLLoader loader = new FXMLLoader(TrainingController.class.getResource("/org/crystalgan/app/training/TrainingPane.fxml"));
        loader.setControllerFactory(t -> new TrainingController(ctx, new TrainingViewModel(ctx, new WorkbenchTrainingServices(() -> 1))));
        root = loader.load();
        controller = loader.getController();
        stage.setScene(new Scene(root, 1100, 700));
        stage.show();
    }

    @Test
    void criticAndGeneratorCurvesAreBothDrawnAndNeitherIsFlattened() throws Exception {
        TrainingViewModel vm = controller.viewModel();
        Path npy = TinyTrainingSet.write(dir.resolve("tiny.npy"));
        Path run = Files.createDirectories(dir.resolve("run"));
        runFx(() -> {
            vm.parameters().get("epochs").set("3");
            vm.datasetProperty().set(npy);
            vm.runFolderProperty().set(run);
            vm.start();
        });
        FxTestSupport.waitFor("the tiny run to finish", 300_000, () -> vm.stateProperty().get() == State.IDLE);
        assertEquals(List.of(), dialogs.errors);
        int iterations = onFx(() -> vm.history().size());
        assertEquals(6, iterations, "3 epochs of 64 matrices in batches of 32");

        // the cause, on the real numbers: critic loss = penalty - estimate, with the estimate a thousandth of the penalty
        List<LossHistory.Point> critic = onFx(() -> vm.history().view(TrainingViewModel.CRITIC, 400, 0, false));
        List<LossHistory.Point> penalty = onFx(() -> vm.history().view(2, 400, 0, false));
        List<LossHistory.Point> generator = onFx(() -> vm.history().view(TrainingViewModel.GENERATOR, 400, 0, false));
        for (int i = 0; i < iterations; i++) {
            assertTrue(Math.abs(critic.get(i).y() - penalty.get(i).y()) < 0.01 * Math.abs(penalty.get(i).y()),
                    "critic loss " + critic.get(i).y() + " vs penalty " + penalty.get(i).y());
        }
        double all = span(critic, generator), gen = span(generator);
        assertTrue(gen < 0.05 * all, "on one axis the generator's curve would take " + gen / all + " of the height");

        // at the pane's next tick the charts show what the ViewModel holds
        FxTestSupport.waitFor("the curves drawn", 5_000, () -> controller.panel(TrainingViewModel.GENERATOR).getData().get(0).getData().size() == iterations);
        List<TrainingViewModel.Curve> curves = onFx(vm::curves);
        assertEquals(List.of("Critic loss", "Generator loss"), curves.stream().map(TrainingViewModel.Curve::name).toList());
        for (TrainingViewModel.Curve c : curves) {
            assertEquals(iterations, c.points().size(), c.name());
            for (int i = 0; i < iterations; i++) assertEquals(i, c.points().get(i).x(), 1e-12, c.name() + ": whole iterations");
        }
        assertEquals(new TrainingViewModel.WholeAxis(0, 5, 1), onFx(vm::iterationAxis));

        onFx(() -> {
            assertEquals(List.of(controller.panel(TrainingViewModel.CRITIC), controller.panel(TrainingViewModel.GENERATOR)),
                    List.copyOf(((javafx.scene.layout.VBox) root.lookup("#lossPanels")).getChildren()));
            for (int s : new int[] {TrainingViewModel.CRITIC, TrainingViewModel.GENERATOR}) {
                LineChart<Number, Number> chart = controller.panel(s);
                assertEquals(LossHistory.SERIES.get(s), chart.getTitle());
                assertEquals(iterations, chart.getData().get(0).getData().size(), chart.getTitle());
                Node line = chart.getData().get(0).getNode();
                double plot = chart.lookup(".chart-plot-background").getBoundsInLocal().getHeight();
                double drawn = line.getBoundsInLocal().getHeight();
                assertTrue(plot > 40, chart.getTitle() + ": plot area " + plot + " px high");
                assertTrue(line.isVisible() && drawn > 0.3 * plot, chart.getTitle() + ": the line spans " + drawn + " of " + plot + " px");
                NumberAxis x = (NumberAxis) chart.getXAxis();
                assertEquals(0, x.getLowerBound());
                assertEquals(5, x.getUpperBound());
                for (javafx.scene.chart.Axis.TickMark<Number> t : x.getTickMarks()) {
                    double v = t.getValue().doubleValue();
                    assertEquals(Math.rint(v), v, 1e-9, "tick at " + v);
                    assertEquals(String.format(java.util.Locale.ROOT, "%,d", Math.round(v)), x.getTickLabelFormatter().toString(v));
                }
            }
            // the legend: a check box per loss with the line's colour; the two drawn ones ticked
            for (int s = 0; s < LossHistory.SERIES.size(); s++) {
                CheckBox box = (CheckBox) root.lookup("#show-" + s);
                assertEquals(LossHistory.SERIES.get(s), box.getText());
                assertEquals(s == TrainingViewModel.CRITIC || s == TrainingViewModel.GENERATOR, box.isSelected(), box.getText());
                assertEquals(javafx.scene.paint.Color.web(TrainingController.COLOURS.get(s)),
                        ((javafx.scene.shape.Rectangle) box.getGraphic()).getFill());
            }
            return null;
        });

        // ticking the penalty adds its own panel at the next tick, with its own scale
        runFx(() -> ((CheckBox) root.lookup("#show-2")).setSelected(true));
        FxTestSupport.waitFor("the penalty's panel", 5_000, () -> !controller.panel(2).getData().get(0).getData().isEmpty());
        onFx(() -> {
            assertEquals(3, ((javafx.scene.layout.VBox) root.lookup("#lossPanels")).getChildren().size());
            assertEquals(iterations, controller.panel(2).getData().get(0).getData().size());
            return null;
        });
        FxTestSupport.screenshot(root, "training-curves");
    }

    @SafeVarargs
    private static double span(List<LossHistory.Point>... curves) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<LossHistory.Point> c : curves) for (LossHistory.Point p : c) { lo = Math.min(lo, p.y()); hi = Math.max(hi, p.y()); }
        return hi - lo;
    }
}
