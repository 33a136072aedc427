package org.crystalgan.app.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.xrd.ExperimentalPattern;
import org.crystalgan.screening.xrd.XrdCalculator;
import org.crystalgan.screening.xrd.XrdPeak;

/**
 * The viewer's powder-pattern tab: the simulated pattern of the shown structure (broadened profile and line
 * positions), a measured pattern overlaid on request, the list of lines, CSV and PNG export. The pattern is
 * computed on a background thread whenever the structure or a setting changes; only the newest result is shown.
 */
public final class XrdPanel extends BorderPane {
    /** At most this many points of a measured pattern are drawn (the highest in each bin, so no peak is lost). */
    static final int MAX_DRAWN = 3000;

    private final ViewerViewModel viewer;
    private final XrdViewModel vm;
    private final LineChart<Number, Number> chart;
    private final TableView<XrdPeak> table = new TableView<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "xrd-pattern");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();

    public XrdPanel(ViewerViewModel viewer, XrdViewModel vm) {
        this.viewer = viewer;
        this.vm = vm;
        setId("xrdPanel");
        NumberAxis x = new NumberAxis("2θ (degrees)", XrdViewModel.FROM, XrdViewModel.TO, 10);
        NumberAxis y = new NumberAxis("Intensity (strongest = 100)", 0, 105, 20);
        x.setMinorTickCount(2);
        y.setMinorTickCount(0);
        x.setTickLabelFormatter(integerLabels());
        // headroom to 105 so the strongest line's tip shows, but no "105" label
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override public String toString(Number n) { return n.doubleValue() > 100.5 ? "" : integerLabels().toString(n); }
            @Override public Number fromString(String t) { return Double.parseDouble(t); }
        });
        chart = new LineChart<>(x, y);
        chart.setId("xrdChart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        chart.setLegendVisible(true);

        ComboBox<String> wl = new ComboBox<>();
        wl.setId("xrdWavelength");
        wl.setEditable(true);
        wl.getItems().addAll(XrdCalculator.WAVELENGTHS.keySet());
        wl.setValue(vm.wavelengthProperty().get());
        wl.setPrefWidth(95);
        wl.setTooltip(new Tooltip("X-ray tube line, or a wavelength in Å (e.g. 1.5406)"));
        wl.valueProperty().addListener((o, a, b) -> { if (b != null && !b.isBlank()) vm.wavelengthProperty().set(b); });
        Spinner<Double> fw = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.02, 2.0, vm.fwhmProperty().get(), 0.02));
        fw.setPrefWidth(80);
        fw.setEditable(true);
        fw.setTooltip(new Tooltip("Line width: full width at half maximum in degrees 2θ (pseudo-Voigt, half Gaussian, half Lorentzian)"));
        fw.valueProperty().addListener((o, a, b) -> vm.fwhmProperty().set(b));
        Button overlay = new Button("Overlay measured…");
        overlay.setId("xrdOverlay");
        overlay.setTooltip(new Tooltip("A two-column text file (2θ in degrees, intensity): .xy, .xye, .dat, .csv, .txt"));
        overlay.setOnAction(e -> chooseExperimental());
        Button clear = new Button("Remove overlay");
        clear.disableProperty().bind(vm.experimentalProperty().isNull());
        clear.setOnAction(e -> vm.experimentalProperty().set(null));
        Button csv = new Button("Export CSV…");
        csv.setId("xrdCsv");
        csv.disableProperty().bind(vm.resultProperty().isNull());
        csv.setOnAction(e -> chooseAndSave("Save the pattern as CSV", "xrd.csv", "CSV", "*.csv", p -> vm.exportCsv(p)));
        Button png = new Button("Save PNG…");
        png.disableProperty().bind(vm.resultProperty().isNull());
        png.setOnAction(e -> chooseAndSave("Save the pattern as PNG", "xrd.png", "PNG images", "*.png", this::savePng));
        FlowPane bar = new FlowPane(6, 4, new Label("Radiation"), wl, new Label("FWHM °"), fw, overlay, clear, csv, png);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        setTop(bar);

        table.setId("xrdPeaks");
        table.setPlaceholder(new Label("No pattern."));
        table.getColumns().add(col("2θ (°)", 70, p -> String.format(Locale.ROOT, "%.3f", p.twoTheta())));
        table.getColumns().add(col("Intensity", 70, p -> String.format(Locale.ROOT, "%.1f", p.intensity())));
        table.getColumns().add(col("d (Å)", 70, p -> String.format(Locale.ROOT, "%.4f", p.dSpacing())));
        table.getColumns().add(col("hkl × multiplicity", 200, XrdPeak::hklText));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        SplitPane split = new SplitPane(chart, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.65);
        setCenter(split);
        Label status = new Label();
        status.setId("xrdStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        VBox bottom = new VBox(status);
        bottom.setPadding(new Insets(4, 6, 4, 6));
        setBottom(bottom);

        viewer.structureProperty().addListener(o -> recompute());
        vm.wavelengthProperty().addListener(o -> recompute());
        vm.fwhmProperty().addListener(o -> recompute());
        vm.resultProperty().addListener(o -> redraw());
        vm.experimentalProperty().addListener(o -> redraw());
        recompute();
    }

    public XrdViewModel viewModel() { return vm; }

    public LineChart<Number, Number> chart() { return chart; }

    private void recompute() {
        long g = generation.incrementAndGet();
        Structure s = viewer.structureProperty().get();
        if (s == null) {
            vm.accept(null);
            return;
        }
        String w = vm.wavelengthProperty().get();
        double f = vm.fwhmProperty().get();
        vm.statusProperty().set("Computing the powder pattern…");
        worker.submit(() -> {
            try {
                XrdViewModel.Result r = XrdViewModel.compute(s, w, f);
                Platform.runLater(() -> { if (generation.get() == g) vm.accept(r); });
            } catch (RuntimeException e) {
                String msg = e instanceof org.crystalgan.crystal.InputException ? e.getMessage() : "could not compute the pattern: " + e;
                Platform.runLater(() -> { if (generation.get() == g) vm.fail(msg); });
            }
        });
    }

    private void redraw() {
        chart.getData().clear();
        XrdViewModel.Result r = vm.resultProperty().get();
        table.getItems().setAll(r == null ? List.of() : r.peaks());
        if (r == null) return;
        XYChart.Series<Number, Number> profile = new XYChart.Series<>();
        profile.setName("simulated (FWHM " + String.format(Locale.ROOT, "%.2f", r.fwhm()) + "°)");
        double[] px = r.profile().twoTheta(), py = r.profile().intensity();
        for (int i = 0; i < px.length; i++) profile.getData().add(new XYChart.Data<>(px[i], py[i]));
        XYChart.Series<Number, Number> sticks = new XYChart.Series<>();
        sticks.setName("line positions");
        for (XrdPeak p : r.peaks()) {
            sticks.getData().add(new XYChart.Data<>(p.twoTheta(), 0));
            sticks.getData().add(new XYChart.Data<>(p.twoTheta(), p.intensity()));
            sticks.getData().add(new XYChart.Data<>(p.twoTheta(), 0));
        }
        chart.getData().add(profile);
        chart.getData().add(sticks);
        ExperimentalPattern e = vm.experimentalProperty().get();
        if (e != null) {
            XYChart.Series<Number, Number> measured = new XYChart.Series<>();
            measured.setName("measured: " + e.name());
            double[][] d = decimate(e.twoTheta(), e.intensity(), MAX_DRAWN);
            for (int i = 0; i < d[0].length; i++) {
                if (d[0][i] >= XrdViewModel.FROM && d[0][i] <= XrdViewModel.TO) measured.getData().add(new XYChart.Data<>(d[0][i], d[1][i]));
            }
            chart.getData().add(measured);
        }
        sticks.getNode().setStyle("-fx-stroke-width: 1px; -fx-stroke: #888888;");
        profile.getNode().setStyle("-fx-stroke-width: 1.5px;");
    }

    /** At most {@code max} points: the highest point of each of max/2 bins and the lowest, in order. */
    static double[][] decimate(double[] x, double[] y, int max) {
        if (x.length <= max) return new double[][] {x, y};
        int bins = max / 2;
        double[] ox = new double[2 * bins], oy = new double[2 * bins];
        int n = 0;
        for (int b = 0; b < bins; b++) {
            int lo = (int) ((long) b * x.length / bins), hi = (int) ((long) (b + 1) * x.length / bins);
            if (hi <= lo) continue;
            int iMax = lo, iMin = lo;
            for (int i = lo; i < hi; i++) {
                if (y[i] > y[iMax]) iMax = i;
                if (y[i] < y[iMin]) iMin = i;
            }
            int first = Math.min(iMax, iMin), second = Math.max(iMax, iMin);
            ox[n] = x[first];
            oy[n++] = y[first];
            ox[n] = x[second];
            oy[n++] = y[second];
        }
        return new double[][] {java.util.Arrays.copyOf(ox, n), java.util.Arrays.copyOf(oy, n)};
    }

    /** The chart as PNG (FX thread). */
    public void savePng(Path file) throws IOException {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.WHITE);
        WritableImage img = chart.snapshot(p, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
        AtomicFiles.write(file, out.toByteArray());
    }

    private interface Saver { void save(Path p) throws IOException; }

    private void chooseAndSave(String title, String initial, String kind, String glob, Saver saver) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        String base = viewer.titleProperty().get() == null || viewer.titleProperty().get().isBlank() ? "" : org.crystalgan.base.SafeNames.of(viewer.titleProperty().get()) + "_";
        fc.setInitialFileName(base + initial);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, glob));
        var f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        try {
            saver.save(f.toPath());
            vm.statusProperty().set("Saved " + f.toPath());
        } catch (IOException | RuntimeException ex) {
            vm.statusProperty().set("Could not save " + f.toPath() + ": " + ex.getMessage());
        }
    }

    private void chooseExperimental() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Overlay a measured powder pattern (two columns: 2θ, intensity)");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Powder patterns", "*.xy", "*.xye", "*.dat", "*.csv", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        var f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        Path p = f.toPath();
        worker.submit(() -> {
            try {
                ExperimentalPattern e = ExperimentalPattern.read(p);
                Platform.runLater(() -> vm.experimentalProperty().set(e));
            } catch (IOException | RuntimeException ex) {
                String msg = ex instanceof org.crystalgan.crystal.InputException ? ex.getMessage() : p + ": " + ex.getMessage();
                Platform.runLater(() -> vm.statusProperty().set(msg));
            }
        });
    }

    private static TableColumn<XrdPeak, String> col(String title, double width, java.util.function.Function<XrdPeak, String> f) {
        TableColumn<XrdPeak, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    /** Tick labels without decimals: the axes here have integer ticks. */
    static javafx.util.StringConverter<Number> integerLabels() {
        return new javafx.util.StringConverter<>() {
            @Override public String toString(Number n) { return String.format(Locale.ROOT, "%d", Math.round(n.doubleValue())); }
            @Override public Number fromString(String s) { return Double.parseDouble(s); }
        };
    }
}
