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
    @FXML private LineChart<Number, Number> chart;
    @FXML private NumberAxis yAxis;
    @FXML private Slider smoothingSlider;
    @FXML private CheckBox logCheck;
    @FXML private ProgressBar epochProgress;
    @FXML private ListView<TrainingServices.Checkpoint> checkpointList;
    @FXML private javafx.scene.control.ComboBox<TrainingViewModel.Recipe> recipeBox;
    @FXML private NumberAxis stepAxis;

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
        // whole generator steps with readable labels ("109,204", not "10920" cut off)
        stepAxis.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override public String toString(Number n) {
                double v = n.doubleValue();
                return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(java.util.Locale.ROOT, "%,d", Math.round(v)) : "";
            }
            @Override public Number fromString(String s) { return null; }
        });
        smoothingSlider.valueProperty().bindBidirectional(vm.smoothingProperty());
        logCheck.selectedProperty().bindBidirectional(vm.logScaleProperty());
        yAxis.labelProperty().bind(Bindings.when(vm.logScaleProperty()).then("log10 |loss|").otherwise("Loss"));
        vm.smoothingProperty().addListener(o -> drawnRevision = -1);
        vm.logScaleProperty().addListener(o -> drawnRevision = -1);
        epochProgress.progressProperty().bind(vm.progressProperty());
        progressLabel.textProperty().bind(vm.progressTextProperty());
        pathsLabel.textProperty().bind(Bindings.createStringBinding(() -> "Training set: "
                + (vm.datasetProperty().get() == null ? "(none)" : vm.datasetProperty().get()) + "    Run folder: "
                + (vm.runFolderProperty().get() == null ? "(none)" : vm.runFolderProperty().get()), vm.datasetProperty(), vm.runFolderProperty()));
        checkpointList.setItems(vm.checkpoints());
        for (String name : LossHistory.SERIES) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(name);
            chart.getData().add(s);
        }
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

    private void redraw() {
        redraws++;
        for (int s = 0; s < LossHistory.SERIES.size(); s++) {
            List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
            for (LossHistory.Point p : vm.history().view(s, TrainingViewModel.MAX_CHART_POINTS, vm.smoothingProperty().get(), vm.logScaleProperty().get())) {
                pts.add(new XYChart.Data<>(p.x(), p.y()));
            }
            chart.getData().get(s).getData().setAll(pts);
        }
    }

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
