package org.crystalgan.app.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.util.Duration;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.training.TrainingViewModel.State;

/**
 * Binds the Training pane. A 10 Hz timeline takes in queued training events and redraws the curves
 * only when they changed, so redraws never exceed ten a second.
 */
public final class TrainingController {
    private final AppContext ctx;
    private final TrainingViewModel vm;
    private Timeline ticker;
    private int drawnRevision = -1;

    @FXML private GridPane parameterGrid;
    @FXML private Button startButton, pauseButton, resumeButton, stopButton, resumeCheckpointButton;
    @FXML private Label progressLabel, pathsLabel;
    @FXML private javafx.scene.layout.FlowPane seriesToggles;
    @FXML private javafx.scene.layout.VBox lossPanels;
    @FXML private Label iterationLabel;
    @FXML private Slider smoothingSlider;
    @FXML private CheckBox logCheck;
    @FXML private ProgressBar epochProgress;
    @FXML private ListView<TrainingServices.Checkpoint> checkpointList;
    @FXML private javafx.scene.control.ComboBox<TrainingViewModel.Recipe> recipeBox;
    /** One chart per loss, in {@link LossHistory#SERIES} order; only the shown ones are in the layout. */
    private final List<LineChart<Number, Number>> panels = new ArrayList<>();

    /** Line colours of the losses (colour-blind-safe, Okabe-Ito), the same in the chart and its toggle. */
    static final List<String> COLOURS = List.of("#0072B2", "#009E73", "#CC79A7", "#D55E00", "#7F7F7F");

    public TrainingController(AppContext ctx, TrainingViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    public TrainingViewModel viewModel() { return vm; }

    /** Redraws performed so far (for the responsiveness test). */
    int redraws;

    @FXML
    private void initialize() {
        int row = 0;
        for (Map.Entry<String, StringProperty> e : vm.parameters().entrySet()) {
            TextField f = new TextField();
            f.setId("param-" + e.getKey());
            f.setPrefColumnCount(8);
            // the label wraps instead: a field narrower than its value showed "5.0E-" for 5.0E-5
            f.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            f.textProperty().bindBidirectional(e.getValue());
            TrainingViewModel.Describe d = TrainingViewModel.describe(e.getKey());
            Label l = new Label(d.label());
            l.setWrapText(true);
            javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(d.tooltip() + " (" + e.getKey() + ")");
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            l.setTooltip(tip);
            f.setTooltip(tip);
            parameterGrid.addRow(row++, l, f);
        }
        recipeBox.getItems().setAll(TrainingViewModel.Recipe.values());
        recipeBox.setValue(vm.recipeProperty().get());
        recipeBox.setOnAction(e -> { if (recipeBox.getValue() != null) vm.applyRecipe(recipeBox.getValue()); });
        recipeBox.setTooltip(new javafx.scene.control.Tooltip("The bundled model's recipe (default) or the paper's code; choosing one fills every field."));
        smoothingSlider.valueProperty().bindBidirectional(vm.smoothingProperty());
        logCheck.selectedProperty().bindBidirectional(vm.logScaleProperty());
        vm.smoothingProperty().addListener(o -> drawnRevision = -1);
        vm.logScaleProperty().addListener(o -> drawnRevision = -1);
        epochProgress.progressProperty().bind(vm.progressProperty());
        progressLabel.textProperty().bind(vm.progressTextProperty());
        pathsLabel.textProperty().bind(Bindings.createStringBinding(() -> "Training set: "
                + (vm.datasetProperty().get() == null ? "(none)" : vm.datasetProperty().get()) + "    Run folder: "
                + (vm.runFolderProperty().get() == null ? "(none)" : vm.runFolderProperty().get()), vm.datasetProperty(), vm.runFolderProperty()));
        checkpointList.setItems(vm.checkpoints());
        buildPanels();
        startButton.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.IDLE));
        resumeCheckpointButton.disableProperty().bind(startButton.disableProperty());
        pauseButton.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.RUNNING));
        resumeButton.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.PAUSED));
        stopButton.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.RUNNING).and(vm.stateProperty().isNotEqualTo(State.PAUSED)));
        ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        vm.refreshCheckpoints();
    }

    private void tick() {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        vm.flush();
        if (drawnRevision != vm.revisionProperty().get()) {
            drawnRevision = vm.revisionProperty().get();
            redraw();
        }
        longestTickCpuNanos = Math.max(longestTickCpuNanos, THREADS.getCurrentThreadCpuTime() - cpu0);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The most FX-thread CPU time one tick (taking in events and redrawing) has used, ns. */
    long longestTickCpuNanos;

    // each loss in a chart of its own (see TrainingViewModel.curves for why), toggled by a check box that is its legend
    private void buildPanels() {
        for (int s = 0; s < LossHistory.SERIES.size(); s++) {
            String name = LossHistory.SERIES.get(s);
            NumberAxis x = new NumberAxis();
            x.setMinorTickVisible(false);
            x.setTickLabelFormatter(org.crystalgan.app.common.ChartAxes.WHOLE);
            x.setAutoRanging(false);
            NumberAxis y = new NumberAxis();
            y.setForceZeroInRange(false);
            y.labelProperty().bind(Bindings.when(vm.logScaleProperty()).then("log10 |value|").otherwise(""));
            LineChart<Number, Number> c = new LineChart<>(x, y);
            c.setId("loss-" + s);
            c.setCreateSymbols(false);
            c.setAnimated(false);
            c.setLegendVisible(false);
            c.setTitle(name);
            c.setMinHeight(90);
            c.setPrefHeight(200);
            c.setStyle("CHART_COLOR_1: " + COLOURS.get(s) + "; -fx-padding: 2 6 0 2;");
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(name);
            c.getData().add(series);
            javafx.scene.layout.VBox.setVgrow(c, javafx.scene.layout.Priority.ALWAYS);
            panels.add(c);

            javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(18, 4, javafx.scene.paint.Color.web(COLOURS.get(s)));
            CheckBox toggle = new CheckBox(name);
            toggle.setGraphic(swatch);
            toggle.setId("show-" + s);
            toggle.selectedProperty().bindBidirectional(vm.shownProperty(s));
            toggle.setTooltip(new javafx.scene.control.Tooltip(TOGGLE_TIPS.get(s)));
            seriesToggles.getChildren().add(toggle);
            vm.shownProperty(s).addListener(o -> {
                layoutPanels();
                drawnRevision = -1;
            });
        }
        layoutPanels();
        iterationLabel.textProperty().bind(Bindings.createStringBinding(() -> "Iteration (each is one critic step; the generator learns once every "
                + vm.parameters().get("criticSteps").get().strip() + ")", vm.parameters().get("criticSteps")));
    }

    private static final List<String> TOGGLE_TIPS = List.of(
            "Critic loss: E[D(generated)] − E[D(real)] + gradient penalty; it follows the penalty closely while the Wasserstein estimate is small.",
            "Wasserstein estimate: E[D(real)] − E[D(generated)], how far the critic tells real from generated structures apart.",
            "Gradient penalty: λ·E[(‖∇D‖ − 1)²], which keeps the critic smooth.",
            "Generator loss: −E[D(generated)] at the last generator step.",
            "Classifier loss on real structures: atom rows, Mg/Mn/O counts and cell size, weighted as the trainer weighs them.");

    private void layoutPanels() {
        List<javafx.scene.Node> shownPanels = new ArrayList<>();
        for (int s = 0; s < panels.size(); s++) if (vm.shownProperty(s).get()) shownPanels.add(panels.get(s));
        lossPanels.getChildren().setAll(shownPanels);
    }

    private void redraw() {
        redraws++;
        TrainingViewModel.WholeAxis steps = vm.iterationAxis();
        for (TrainingViewModel.Curve curve : vm.curves()) {
            List<XYChart.Data<Number, Number>> pts = new ArrayList<>(curve.points().size());
            for (LossHistory.Point p : curve.points()) pts.add(new XYChart.Data<>(p.x(), p.y()));
            LineChart<Number, Number> c = panels.get(curve.series());
            NumberAxis x = (NumberAxis) c.getXAxis();
            x.setLowerBound(steps.lower());
            x.setUpperBound(steps.upper());
            x.setTickUnit(steps.tick());
            c.getData().get(0).getData().setAll(pts);
        }
    }

    /** The chart of a loss (an index into {@link LossHistory#SERIES}), shown or not. */
    LineChart<Number, Number> panel(int series) { return panels.get(series); }

    @FXML void chooseDataset() {
        Path start = ctx.settings().getFolder("lastExportFolder").orElse(null);
        List<Path> f = ctx.dialogs().chooseFilesToOpen("Choose the training set", start,
                "Training sets (.npy, built in the Data pane)", "*.npy");
        if (!f.isEmpty()) vm.datasetProperty().set(f.get(0));
    }

    @FXML void chooseRunFolder() {
        ctx.dialogs().chooseFolder("Folder for checkpoints", vm.runFolderProperty().get()).ifPresent(p -> {
            vm.runFolderProperty().set(p);
            vm.refreshCheckpoints();
        });
    }

    @FXML public void start() { vm.start(); }

    @FXML void pause() { vm.pause(); }

    @FXML void resume() { vm.resume(); }

    @FXML void stop() { vm.stop(); }

    @FXML void resumeFromCheckpoint() {
        TrainingServices.Checkpoint cp = checkpointList.getSelectionModel().getSelectedItem();
        if (cp == null) {
            ctx.dialogs().showError("Resume from checkpoint", "No checkpoint is selected.", "Choose the run folder, then select a checkpoint in the list.");
            return;
        }
        vm.start(cp.folder());
    }

}
