package org.crystalgan.app.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.table.TableFilter;
import org.crystalgan.app.common.AppContext;

/** Binds the Data pane's view to its {@link DataViewModel}. */
public final class DataController {
    /** The chart shows at most this many compositions (the most frequent). */
    private static final int CHART_BARS = 40;

    private final AppContext ctx;
    private final DataViewModel vm;

    @FXML private TableView<DataRow> table;
    @FXML private TableColumn<DataRow, String> nameColumn, formulaColumn, spaceGroupColumn, sourceColumn, trainingColumn;
    @FXML private TableColumn<DataRow, Number> aColumn, bColumn, cColumn, alphaColumn, betaColumn, gammaColumn, volumeColumn, densityColumn;
    @FXML private BarChart<String, Number> chart;
    @FXML private Label statusLabel, trainabilityLabel;
    @FXML private TextField chemicalSystemField;
    private TextField filterField;
    @FXML private javafx.scene.layout.BorderPane root;
    @FXML private Spinner<Integer> augmentationSpinner;
    @FXML private Button fetchButton, buildButton, samplesButton;

    public DataController(AppContext ctx, DataViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    public DataViewModel viewModel() { return vm; }

    public TableView<DataRow> table() { return table; }

    @FXML
    private void initialize() {
        text(nameColumn, DataRow::name);
        text(formulaColumn, DataRow::formula);
        text(spaceGroupColumn, DataRow::spaceGroup);
        text(sourceColumn, DataRow::source);
        text(trainingColumn, DataRow::trainingText);
        number(aColumn, DataRow::a, "%.3f");
        number(bColumn, DataRow::b, "%.3f");
        number(cColumn, DataRow::c, "%.3f");
        number(alphaColumn, DataRow::alpha, "%.2f");
        number(betaColumn, DataRow::beta, "%.2f");
        number(gammaColumn, DataRow::gamma, "%.2f");
        number(volumeColumn, DataRow::volume, "%.2f");
        number(densityColumn, DataRow::density, "%.3f");
        // the filter field is the discoverable way; the column menus (right-click a header) stay for value lists
        javafx.collections.transformation.FilteredList<DataRow> shown = new javafx.collections.transformation.FilteredList<>(vm.rows());
        filterField = new TextField();
        filterField.setId("dataFilter");
        filterField.setPromptText("Filter: name, formula, space group, source… (all words must match)");
        filterField.textProperty().addListener((o, a, b) -> shown.setPredicate(RowFilter.of(b)));
        Label shownCount = new Label();
        shownCount.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> shown.size() == vm.rows().size() ? "" : shown.size() + " of " + vm.rows().size() + " shown", shown, vm.rows()));
        javafx.scene.layout.HBox filterRow = new javafx.scene.layout.HBox(6, new Label("Filter"), filterField, shownCount);
        filterRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        javafx.scene.layout.HBox.setHgrow(filterField, javafx.scene.layout.Priority.ALWAYS);
        filterRow.setPadding(new javafx.geometry.Insets(2, 6, 2, 6));
        javafx.scene.control.SplitPane split = (javafx.scene.control.SplitPane) root.getCenter();
        int at = split.getItems().indexOf(table);
        javafx.scene.layout.VBox tableBox = new javafx.scene.layout.VBox(filterRow, table);
        javafx.scene.layout.VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        split.getItems().set(at, tableBox);
        table.setItems(shown);
        TableFilter.forTableView(table).lazy(true).apply();
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) vm.selectedProperty().set(b); });
        vm.selectedProperty().addListener((o, a, b) -> { if (b != null && table.getSelectionModel().getSelectedItem() != b) table.getSelectionModel().select(b); });

        statusLabel.textProperty().bind(vm.statusProperty());
        trainabilityLabel.textProperty().bind(vm.trainabilityProperty());
        chemicalSystemField.textProperty().bindBidirectional(vm.chemicalSystemProperty());
        SpinnerValueFactory.IntegerSpinnerValueFactory f = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100_000, vm.augmentationProperty().get(), 100);
        augmentationSpinner.setValueFactory(f);
        f.valueProperty().addListener((o, a, b) -> vm.augmentationProperty().set(b));
        augmentationSpinner.setTooltip(new Tooltip("Structures per composition after augmentation (the paper: 1,000)"));

        fetchButton.disableProperty().bind(vm.busyProperty());

        chart.getXAxis().setTickLabelRotation(-60);
        vm.statistics().addListener((ListChangeListener<DataViewModel.CompositionCount>) c -> redrawChart());
    }

    private static Label tip(String text) {
        Label l = new Label("(?)");
        l.setTooltip(new Tooltip(text));
        return l;
    }

    private void redrawChart() {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        vm.statistics().stream().limit(CHART_BARS).forEach(cc -> s.getData().add(new XYChart.Data<>(cc.formula(), cc.count())));
        chart.getData().setAll(List.of(s));
        org.crystalgan.app.common.ChartAxes.counts((javafx.scene.chart.NumberAxis) chart.getYAxis(),
                vm.statistics().stream().limit(CHART_BARS).mapToDouble(DataViewModel.CompositionCount::count).max().orElse(1));
        int n = vm.statistics().size();
        chart.setTitle(n > CHART_BARS ? "Structures per composition (the " + CHART_BARS + " most frequent of " + n + ")" : "Structures per composition");
    }

    private static void text(TableColumn<DataRow, String> col, Function<DataRow, String> f) {
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    }

    private static void number(TableColumn<DataRow, Number> col, Function<DataRow, Double> f, String format) {
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, format, v.doubleValue()));
            }
        });
    }

    @FXML public void loadSamples() { vm.loadSamples(); }

    @FXML public void openFiles() {
        vm.openFiles(ctx.dialogs().chooseFilesToOpen("Open structure files", ctx.settings().getFolder("lastOpenFolder").orElse(null)));
    }

    @FXML public void openFolder() {
        ctx.dialogs().chooseFolder("Open a folder of structures", ctx.settings().getFolder("lastOpenFolder").orElse(null)).ifPresent(vm::openFolder);
    }

    @FXML void fetch() { vm.fetchMaterialsProject(); }

    @FXML void buildTrainingSet() {
        Path start = ctx.settings().getFolder("lastExportFolder").orElse(null);
        ctx.dialogs().chooseFileToSave("Save the training set", start, "training-set.npy").ifPresent(p -> {
            ctx.settings().putFolder("lastExportFolder", p.toAbsolutePath().getParent());
            vm.buildTrainingSet(p);
        });
    }

    @FXML void clear() {
        vm.clear();
        filterField.clear();
    }

    /** The filter field above the table (for tests). */
    public TextField filterField() { return filterField; }
}
