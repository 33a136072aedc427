package org.crystalgan.app.screening;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.StringConverter;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.screening.ScreeningServices.Column;
import org.crystalgan.app.screening.ScreeningServices.Row;
import org.crystalgan.app.screening.ScreeningViewModel.ExportFormat;
import org.crystalgan.app.screening.ScreeningViewModel.Source;

/**
 * Binds the Screening pane: the ranked table (sortable by any header, filterable through the
 * thresholds, columns chosen with the table's "+" menu), the scatter plot of two columns linked both
 * ways to the table selection, and exports.
 */
public final class ScreeningController {
    private final AppContext ctx;
    private final ScreeningViewModel vm;
    private final Map<XYChart.Data<Number, Number>, Row> pointRows = new IdentityHashMap<>();

    @FXML private ComboBox<Source> sourceBox;
    @FXML private ComboBox<String> xBox, yBox;
    @FXML private Button runButton, presetButton, entriesButton, dftButton, clearEnergiesButton;
    @FXML private CheckBox thresholdCheck;
    @FXML private MenuButton exportButton;
    @FXML private Label thresholdLabel, statusLabel, energiesLabel;
    @FXML private TableView<Row> table;
    @FXML private ScatterChart<Number, Number> scatter;
    @FXML private NumberAxis xAxis, yAxis;
    @FXML private ComboBox<String> relaxBox;
    @FXML private Button cancelButton;
    @FXML private CheckBox relaxedCheck;
    @FXML private Label curveLabel;
    @FXML private javafx.scene.chart.LineChart<Number, Number> curveChart;
    @FXML private javafx.scene.control.SplitPane chartSplit;
    private final org.crystalgan.app.viewer.PhaseDiagramView phaseDiagram = new org.crystalgan.app.viewer.PhaseDiagramView();
    @FXML private NumberAxis stepAxis;
    private final XYChart.Series<Number, Number> curveSeries = new XYChart.Series<>();

    /** @param vm the pane's ViewModel, built by {@code app.ViewModels} */
    public ScreeningController(AppContext ctx, ScreeningViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    public ScreeningViewModel viewModel() { return vm; }

    public TableView<Row> table() { return table; }

    public org.crystalgan.app.viewer.PhaseDiagramView phaseDiagram() { return phaseDiagram; }

    // The Mg-Mn-O triangle beside the charts: the bundled reference hull's stable phases and tie lines, and every
    // screened candidate coloured by its own energy above hull (whatever hull the screening used: the dot is placed
    // that far above the drawn hull, so the colour is the table's number). Click a dot to select it.
    private void phaseDiagramPanel() {
        org.crystalgan.screening.hull.PhaseDiagram hull;
        try {
            hull = org.crystalgan.screening.stability.ReferencePhases.bundledM3GNetHull();
        } catch (RuntimeException e) {
            return; // a build without the reference table has no triangle to draw
        }
        final org.crystalgan.screening.hull.PhaseDiagram reference = hull;
        Label note = new Label("Stable phases of the bundled M3GNet reference hull; candidates coloured by E above hull"
                + " (0 to ≥ 0.16 eV/atom), hollow until screened with energies. Click a dot to select the row.");
        note.setWrapText(true);
        chartSplit.getItems().add(new javafx.scene.layout.BorderPane(phaseDiagram, null, null, note, null));
        Runnable redraw = () -> {
            List<org.crystalgan.app.viewer.PhaseDiagramPicture.Input> in = new ArrayList<>();
            for (Row r : vm.rows()) {
                org.crystalgan.crystal.Composition c = r.entry().structure().composition();
                double e = r.value(org.crystalgan.screening.CandidateColumn.E_ABOVE_HULL.key());
                in.add(org.crystalgan.app.viewer.PhaseDiagramPicture.Input.atEAboveHull(reference, r.entry().name(), c, e));
            }
            phaseDiagram.show(reference, in);
        };
        vm.rows().addListener((ListChangeListener<Row>) c -> redraw.run());
        redraw.run();
        phaseDiagram.setOnPick(key -> vm.rows().stream().filter(r -> r.entry().name().equals(key)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
    }

    @FXML
    private void initialize() {
        sourceBox.getItems().setAll(Source.values());
        sourceBox.setConverter(new StringConverter<>() {
            @Override public String toString(Source s) { return s == null ? "" : s == Source.GENERATED ? "generated structures" : "loaded data set"; }
            @Override public Source fromString(String s) { return null; }
        });
        sourceBox.valueProperty().bindBidirectional(vm.sourceProperty());
        thresholdCheck.selectedProperty().bindBidirectional(vm.applyThresholdsProperty());
        statusLabel.textProperty().bind(vm.statusProperty());
        vm.thresholds().addListener((ListChangeListener<ScreeningServices.Threshold>) c -> showThresholds());
        runButton.disableProperty().bind(vm.busyProperty());
        energiesLabel.textProperty().bind(vm.energiesTextProperty());
        relaxBox.getItems().setAll(vm.relaxChoices());
        relaxBox.valueProperty().bindBidirectional(vm.relaxWithProperty());
        relaxBox.disableProperty().bind(vm.busyProperty());
        cancelButton.disableProperty().bind(vm.busyProperty().not());
        relaxedCheck.selectedProperty().bindBidirectional(vm.showRelaxedProperty());
        curveLabel.textProperty().bind(javafx.beans.binding.Bindings.concat(vm.curveTitleProperty(), "   ", vm.relaxationTextProperty()));
        curveChart.getData().add(curveSeries);
        stepAxis.setTickLabelFormatter(new StringConverter<>() {
            // steps are whole numbers: no tick at 2.5 steps
            @Override public String toString(Number n) {
                double d = n.doubleValue();
                return Math.abs(d - Math.rint(d)) < 1e-9 ? String.valueOf((long) Math.rint(d)) : "";
            }
            @Override public Number fromString(String s) { return null; }
        });
        vm.curve().addListener((ListChangeListener<ScreeningViewModel.CurvePoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && vm.curve().isEmpty()) curveSeries.getData().clear();
                if (c.wasAdded()) {
                    List<XYChart.Data<Number, Number>> add = new ArrayList<>();
                    for (ScreeningViewModel.CurvePoint p : c.getAddedSubList()) add.add(new XYChart.Data<>(p.step(), p.energyPerAtom()));
                    curveSeries.getData().addAll(add);
                }
            }
        });
        for (Button b : List.of(entriesButton, dftButton, clearEnergiesButton)) b.disableProperty().bind(vm.busyProperty());
        phaseDiagramPanel();

        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<Row, Number> rank = new TableColumn<>("Rank");
        rank.setId("rankColumn");
        rank.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().rank()));
        // a row without an energy above hull has no rank, only a place in name order
        rank.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                Row r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(r == null ? null : ScreeningViewModel.rankText(r));
            }
        });
        TableColumn<Row, String> name = new TableColumn<>("Name");
        name.setId("nameColumn");
        org.crystalgan.app.common.TableColumns.fitToText(name, vm.shownRows(), r -> r.entry().name(), 120);
        TableColumn<Row, String> formula = new TableColumn<>("Formula");
        formula.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().entry().formula()));
        table.getColumns().add(rank);
        table.getColumns().add(name);
        table.getColumns().add(formula);
        for (Column c : vm.columns()) {
            TableColumn<Row, Number> col = new TableColumn<>(c.label());
            col.setId("col-" + c.key());
            col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().value(c.key())));
            col.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(Number v, boolean empty) {
                    super.updateItem(v, empty);
                    setText(empty || v == null ? null : ScreeningViewModel.format(c.key(), v.doubleValue()));
                }
            });
            table.getColumns().add(col);
        }
        TableColumn<Row, String> dup = new TableColumn<>("Duplicate of");
        dup.setId("duplicateColumn");
        dup.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(ScreeningViewModel.duplicateOf(cd.getValue())));
        dup.setPrefWidth(130);
        table.getColumns().add(dup);
        TableColumn<Row, String> pass = new TableColumn<>("Passes");
        pass.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().passes() ? "yes" : "no"));
        TableColumn<Row, String> note = new TableColumn<>("Note");
        note.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().note()));
        table.getColumns().add(pass);
        table.getColumns().add(note);
        javafx.collections.transformation.SortedList<Row> sorted = new javafx.collections.transformation.SortedList<>(vm.shownRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) vm.selectedProperty().set(b);
            redrawScatter();
        });

        List<String> keys = vm.columns().stream().map(Column::key).toList();
        StringConverter<String> labels = new StringConverter<>() {
            @Override public String toString(String k) { return k == null ? "" : vm.label(k); }
            @Override public String fromString(String s) { return null; }
        };
        xBox.getItems().setAll(keys);
        yBox.getItems().setAll(keys);
        xBox.setConverter(labels);
        yBox.setConverter(labels);
        xBox.valueProperty().bindBidirectional(vm.scatterXProperty());
        yBox.valueProperty().bindBidirectional(vm.scatterYProperty());
        vm.scatterXProperty().addListener(o -> redrawScatter());
        vm.scatterYProperty().addListener(o -> redrawScatter());
        vm.shownRows().addListener((ListChangeListener<Row>) c -> redrawScatter());
        showThresholds();
    }

    private void showThresholds() {
        if (vm.thresholds().isEmpty()) {
            thresholdLabel.setText("No thresholds set.");
            return;
        }
        thresholdLabel.setText("Thresholds: " + vm.thresholds().stream().map(t -> {
            String l = vm.label(t.key());
            if (Double.isNaN(t.min())) return l + " ≤ " + t.max();
            if (Double.isNaN(t.max())) return l + " ≥ " + t.min();
            return t.min() + " ≤ " + l + " ≤ " + t.max();
        }).collect(Collectors.joining(";  ")));
    }

    private void redrawScatter() {
        String xk = vm.scatterXProperty().get(), yk = vm.scatterYProperty().get();
        pointRows.clear();
        if (xk == null || yk == null) {
            scatter.getData().clear();
            return;
        }
        xAxis.setLabel(vm.label(xk));
        yAxis.setLabel(vm.label(yk));
        java.util.function.DoubleUnaryOperator fx = axis(xAxis, xk), fy = axis(yAxis, yk);
        XYChart.Series<Number, Number> all = new XYChart.Series<>();
        XYChart.Series<Number, Number> sel = new XYChart.Series<>();
        List<Row> selected = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        for (Row r : vm.shownRows()) {
            double x = fx.applyAsDouble(r.value(xk)), y = fy.applyAsDouble(r.value(yk));
            if (Double.isNaN(x) || Double.isNaN(y)) continue;
            XYChart.Data<Number, Number> d = new XYChart.Data<>(x, y);
            pointRows.put(d, r);
            (selected.contains(r) ? sel : all).getData().add(d);
        }
        scatter.getData().setAll(List.of(all, sel));
        for (XYChart.Series<Number, Number> s : scatter.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                if (d.getNode() == null) continue;
                Row r = pointRows.get(d);
                if (s == sel) d.getNode().setStyle("-fx-background-color: #ff6600; -fx-background-radius: 6; -fx-padding: 6;");
                d.getNode().setOnMouseClicked(e -> {
                    table.getSelectionModel().clearSelection();
                    table.getSelectionModel().select(r);
                    table.scrollTo(r);
                });
            }
        }
    }

    /**
     * Sets up an axis for a column: space groups become categories (one tick per group present, labelled "Cm (8)",
     * in order of number), other columns a plain numeric axis. Returns the map from a value to its position.
     */
    private java.util.function.DoubleUnaryOperator axis(NumberAxis axis, String key) {
        if (!key.equals(org.crystalgan.screening.CandidateColumn.SPACE_GROUP.key())) {
            axis.setAutoRanging(true);
            axis.setMinorTickVisible(true);
            axis.setTickLabelFormatter(new NumberAxis.DefaultFormatter(axis));
            return v -> v;
        }
        List<Integer> groups = vm.shownRows().stream().map(r -> r.value(key)).filter(v -> !Double.isNaN(v))
                .map(v -> (int) Math.rint(v)).distinct().sorted().toList();
        axis.setAutoRanging(false);
        axis.setLowerBound(-0.5);
        axis.setUpperBound(Math.max(0.5, groups.size() - 0.5));
        axis.setTickUnit(1);
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override public String toString(Number n) {
                double d = n.doubleValue();
                int i = (int) Math.rint(d);
                return Math.abs(d - i) < 1e-9 && i >= 0 && i < groups.size() ? ScreeningViewModel.spaceGroupText(groups.get(i)) : "";
            }
            @Override public Number fromString(String s) { return null; }
        });
        return v -> Double.isNaN(v) ? Double.NaN : groups.indexOf((int) Math.rint(v));
    }

    @FXML void run() { vm.run(); }

    @FXML void cancel() { vm.cancel(); }

    @FXML void preset() { vm.applyPaperPreset(); }

    @FXML void chooseEntries() {
        List<java.nio.file.Path> files = ctx.dialogs().chooseFilesToOpen("Reference entries (formula, energy_per_atom_eV)",
                ctx.settings().getFolder("lastEntriesFolder").orElse(null), "Entries (.csv)", "*.csv");
        if (!files.isEmpty()) vm.loadEntries(files.get(0));
    }

    @FXML void chooseDft() {
        ctx.dialogs().chooseFolder("Folder of finished DFT runs (an export with dft/relax, dft/hse06 run; or NAME/relax, NAME/hse06)", ctx.settings().getFolder("lastDftFolder").orElse(null))
                .ifPresent(vm::importDft);
    }

    @FXML void clearEnergies() { vm.clearEnergies(); }

    @FXML void exportCif() { export(ExportFormat.CIF); }

    @FXML void exportCsv() { export(ExportFormat.CSV); }

    @FXML void exportPoscar() { export(ExportFormat.POSCAR); }

    private void export(ExportFormat f) {
        List<Row> sel = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (sel.isEmpty()) {
            vm.export(sel, null, f);
            return;
        }
        ctx.dialogs().chooseFolder("Export " + sel.size() + " row(s) as " + f + " into", ctx.settings().getFolder("lastExportFolder").orElse(null))
                .ifPresent(folder -> vm.export(sel, folder, f));
    }

    @FXML void openStructure() {
        Row r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            ctx.dialogs().showError("Open structure", "No row is selected.", "Select a row of the ranked table first.");
            return;
        }
        ctx.viewer().show(r.entry().name(), r.entry().structure());
    }
}
