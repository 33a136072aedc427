package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.viewer.PhaseDiagramPicture;
import org.crystalgan.app.viewer.PhaseDiagramView;
import org.crystalgan.workflow.GenerationService;

/** Binds the Generate pane's view to its {@link GenerateViewModel}. */
public final class GenerateController {
    static final String BUNDLED = "Bundled model";

    private final AppContext ctx;
    private final GenerateViewModel vm;
    private TernaryPicker picker;
    private PhaseDiagramView phaseDiagram;
    private javafx.scene.control.Tab phaseDiagramTab;

    @FXML private BorderPane pickerHolder;
    @FXML private TextField formulaField, seedField, maxTriesField;
    @FXML private Spinner<Integer> countSpinner;
    @FXML private ComboBox<String> modelBox;
    /** The model box's entry for the random-search baseline. */
    static final String RANDOM = "Random cells (baseline)";
    @FXML private Button generateButton, judgeButton;
    @FXML private javafx.scene.control.CheckBox relaxedCheck;
    @FXML private Label formulaErrorLabel, statusLabel;
    @FXML private TableView<GeneratedRow> table;
    @FXML private TableColumn<GeneratedRow, String> nameColumn, formulaColumn, badgeColumn, looseColumn, verdictColumn;
    @FXML private TableColumn<GeneratedRow, Number> minDistColumn, densityColumn, giiColumn, energyColumn, eHullColumn, stepsColumn;

    public GenerateController(AppContext ctx, GenerateViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    public GenerateViewModel viewModel() { return vm; }

    public TernaryPicker picker() { return picker; }

    @FXML
    private void initialize() {
        picker = new TernaryPicker(vm);
        pickerHolder.setCenter(leftTabs());
        vm.formulaProperty().addListener((o, a, b) -> { if (!formulaField.getText().equals(b)) formulaField.setText(b); });
        formulaField.setOnAction(e -> vm.typeFormula(formulaField.getText()));
        formulaField.focusedProperty().addListener((o, was, is) -> {
            if (!is && !formulaField.getText().isBlank() && !formulaField.getText().equals(vm.formulaProperty().get())) vm.typeFormula(formulaField.getText());
        });
        formulaErrorLabel.textProperty().bind(vm.formulaErrorProperty());
        SpinnerValueFactory.IntegerSpinnerValueFactory f = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 10_000, vm.countProperty().get());
        countSpinner.setValueFactory(f);
        f.valueProperty().addListener((o, a, b) -> vm.countProperty().set(b));
        seedField.setText(Long.toString(vm.seedProperty().get()));
        seedField.textProperty().addListener((o, a, b) -> {
            try {
                vm.seedProperty().set(Long.parseLong(b.strip()));
                seedField.setStyle("");
            } catch (NumberFormatException e) {
                seedField.setStyle("-fx-border-color: #b00020");
            }
        });
        maxTriesField.setTooltip(new javafx.scene.control.Tooltip(
                "Stop after this many generated structures even if fewer were accepted; empty: max(10,000, 200 × count)"));
        maxTriesField.textProperty().addListener((o, a, b) -> {
            String t = b.strip().replace(",", "").replace("_", "");
            try {
                long v = t.isEmpty() ? 0 : Long.parseLong(t);
                if (v < 0) throw new NumberFormatException();
                vm.maxTriesProperty().set(v);
                maxTriesField.setStyle("");
            } catch (NumberFormatException e) {
                maxTriesField.setStyle("-fx-border-color: #b00020");
            }
        });
        if (vm.hasBundledModel()) modelBox.getItems().add(BUNDLED);
        else modelBox.setPromptText("no bundled model: Checkpoint…");
        modelBox.getItems().add(RANDOM);
        modelBox.getSelectionModel().selectFirst();
        modelBox.setTooltip(new javafx.scene.control.Tooltip("Where the cells come from: the bundled generator, a checkpoint, or random"
                + " cells of the composition (the random-search baseline every generator is measured against)"));
        modelBox.valueProperty().addListener((o, a, b) -> {
            boolean random = RANDOM.equals(b);
            vm.methodProperty().set(random ? GenerationService.Method.RANDOM : GenerationService.Method.GAN);
            vm.checkpointProperty().set(b == null || b.equals(BUNDLED) || random ? null : Path.of(b));
        });
        generateButton.disableProperty().bind(vm.busyProperty());
        judgeButton.disableProperty().bind(vm.busyProperty().or(javafx.beans.binding.Bindings.isEmpty(vm.results())));
        judgeButton.setTooltip(new javafx.scene.control.Tooltip("Relax every generated cell with M3GNet (both cores; Cancel in the status bar)"
                + " and place it on the bundled M3GNet hull: the shares converged, metastable, stable, unique, new and S.U.N."
                + " that model-report --relax gives"));
        relaxedCheck.selectedProperty().bindBidirectional(vm.showRelaxedProperty());
        statusLabel.textProperty().bind(vm.statusProperty());

        org.crystalgan.app.common.TableColumns.fitToText(nameColumn, vm.results(), GeneratedRow::name, 90);
        text(formulaColumn, GeneratedRow::formula);
        text(badgeColumn, GeneratedRow::badge);
        badgeColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setStyle(empty || v == null ? "" : v.startsWith("✔") ? "-fx-text-fill: #1b7a1b" : "-fx-text-fill: #b00020");
                GeneratedRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(row == null ? null : new javafx.scene.control.Tooltip(row.badgeDetails()));
            }
        });
        badgeColumn.setGraphic(headerTip("Chemically plausible: every contact at least the training structures' share of the ionic-radius"
                + " sum, every bond-valence sum (Brese & O'Keeffe 1991) and the global instability index within their bounds."
                + " Hover a cell for every reason."));
        text(looseColumn, GeneratedRow::looseTest);
        looseColumn.setGraphic(headerTip("The loose test of the generative-model literature: all distances at least 0.5 Å and a"
                + " charge-balanced composition. A cell can pass it with absurd contacts."));
        number(minDistColumn, r -> r.validity().minDistance(), "%.3f");
        number(densityColumn, r -> r.validity().density(), "%.3f");
        number(giiColumn, r -> r.validity().globalInstabilityIndex(), "%.3f");
        number(energyColumn, GeneratedRow::relaxedEnergyPerAtom, "%.4f");
        number(eHullColumn, GeneratedRow::eAboveHull, "%.4f");
        eHullColumn.setGraphic(headerTip("Energy above the bundled M3GNet hull (MP2020-corrected reference phases), eV/atom:"
                + " ≤ 0.2 metastable, ≤ 0.08 stable for screening. Empty until Relax & judge, or when the relaxation exploded or failed."));
        text(verdictColumn, GeneratedRow::verdict);
        number(stepsColumn, GeneratedRow::steps, "%.0f");
        table.setItems(vm.results());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) vm.selectedProperty().set(b); });
        // Relax & judge replaces the rows: keep the judged copy of the selected row highlighted
        vm.selectedProperty().addListener((o, a, b) -> { if (b != null && table.getSelectionModel().getSelectedItem() != b) table.getSelectionModel().select(b); });
    }

    // composition picker and phase diagram share the left half: both are the Mg-Mn-O triangle
    private javafx.scene.control.TabPane leftTabs() {
        phaseDiagram = new PhaseDiagramView();
        javafx.scene.control.Label note = new javafx.scene.control.Label(
                "Stable phases and tie lines of the bundled reference hull (M3GNet energies of the eleven reference phases);"
                + " generated cells as hollow dots until Relax & judge gives them energies, then coloured by E above hull. Click a dot to show the cell.");
        note.setWrapText(true);
        note.setPadding(new javafx.geometry.Insets(4));
        BorderPane pdPane = new BorderPane(phaseDiagram, null, null, note, null);
        javafx.scene.control.Tab pick = new javafx.scene.control.Tab("Composition", picker);
        javafx.scene.control.Tab pd = new javafx.scene.control.Tab("Phase diagram", pdPane);
        pd.setId("phaseDiagramTab");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(pick, pd);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        phaseDiagramTab = pd;
        org.crystalgan.screening.hull.PhaseDiagram hull;
        try {
            hull = org.crystalgan.screening.stability.ReferencePhases.bundledM3GNetHull();
        } catch (RuntimeException e) {
            hull = null; // a build without the reference table still shows where the generated compositions lie
            note.setText("No reference hull in this build (" + e.getMessage() + "): generated compositions only.");
        }
        final org.crystalgan.screening.hull.PhaseDiagram referenceHull = hull;
        Runnable redraw = () -> phaseDiagram.show(referenceHull, phaseDiagramInputs(referenceHull, vm.results()));
        vm.results().addListener((javafx.collections.ListChangeListener<GeneratedRow>) c -> redraw.run());
        redraw.run();
        phaseDiagram.setOnPick(key -> vm.results().stream().filter(r -> r.name().equals(key)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r)));
        return tabs;
    }

    public PhaseDiagramView phaseDiagram() { return phaseDiagram; }

    /**
     * The phase diagram's dots: a judged cell is drawn at its E above the bundled M3GNet hull (the colour is that
     * number); unjudged cells stay hollow (NaN).
     */
    static java.util.List<PhaseDiagramPicture.Input> phaseDiagramInputs(org.crystalgan.screening.hull.PhaseDiagram hull,
                                                                        java.util.List<GeneratedRow> rows) {
        return rows.stream().map(r -> PhaseDiagramPicture.Input.atEAboveHull(hull, r.name(),
                r.entry().structure().composition(), r.eAboveHull())).toList();
    }

    /** Brings the phase diagram to the front of the left half. */
    public void showPhaseDiagram() { phaseDiagramTab.getTabPane().getSelectionModel().select(phaseDiagramTab); }

    private static javafx.scene.control.Label headerTip(String text) {
        // a plain "i" in a drawn circle: the circled-i character is missing from common Linux fonts and showed as a box
        javafx.scene.control.Label l = new javafx.scene.control.Label("i");
        l.setStyle("-fx-background-color: #4a6f9f; -fx-background-radius: 7; -fx-text-fill: white; -fx-font-weight: bold;"
                + " -fx-font-size: 9px; -fx-padding: 0 4 0 4;");
        l.setTooltip(new javafx.scene.control.Tooltip(text));
        return l;
    }

    static <R> void text(TableColumn<R, String> col, Function<R, String> f) {
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    }

    static <R> void number(TableColumn<R, Number> col, Function<R, Double> f, String format) {
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : Double.isNaN(v.doubleValue()) ? "–" : String.format(Locale.ROOT, format, v.doubleValue()));
            }
        });
    }

    @FXML void chooseCheckpoint() {
        ctx.dialogs().chooseFolder("Choose a training run folder (checkpoint) or an exported model folder", ctx.settings().getFolder("lastCheckpointFolder").orElse(null)).ifPresent(p -> {
            ctx.settings().putFolder("lastCheckpointFolder", p.getParent());
            String s = p.toString();
            if (!modelBox.getItems().contains(s)) modelBox.getItems().add(s);
            modelBox.getSelectionModel().select(s);
        });
    }

    @FXML public void generate() {
        if (!formulaField.getText().equals(vm.formulaProperty().get()) && !vm.typeFormula(formulaField.getText())) return;
        vm.generate();
    }

    @FXML public void judge() { vm.judge(); }

    /** The table of generated structures (for the window tests). */
    public TableView<GeneratedRow> table() { return table; }
}
