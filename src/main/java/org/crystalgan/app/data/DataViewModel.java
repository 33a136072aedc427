package org.crystalgan.app.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.data.DataServices.Feature;

/**
 * The Data pane's state: the table of loaded structures, the selection (shown in the 3-D viewer),
 * structures per composition for the chart, and the actions: bundled samples, files, a folder, the
 * Materials Project, building a training set.
 */
public final class DataViewModel {
    /** Structures per composition after augmentation: the paper's 1,000 (its code uses 2,000). */
    public static final int PAPER_AUGMENTATION = 1000;

    public record CompositionCount(String formula, int count) {}

    private final AppContext ctx;
    private final DataServices services;
    private final ObservableList<DataRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CompositionCount> statistics = FXCollections.observableArrayList();
    private final ObjectProperty<DataRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty status = new SimpleStringProperty(this, "status", "No structures loaded.");
    private final StringProperty chemicalSystem = new SimpleStringProperty(this, "chemicalSystem", "Mg-Mn-O");
    private final IntegerProperty augmentation = new SimpleIntegerProperty(this, "augmentation", PAPER_AUGMENTATION);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    public DataViewModel(AppContext ctx, DataServices services) {
        this.ctx = ctx;
        this.services = services;
        selected.addListener((o, a, row) -> {
            if (row != null) ctx.viewer().show(row.name(), row.entry().structure());
        });
    }

    public ObservableList<DataRow> rows() { return rows; }
    public ObservableList<CompositionCount> statistics() { return statistics; }
    public ObjectProperty<DataRow> selectedProperty() { return selected; }
    public StringProperty statusProperty() { return status; }
    public StringProperty chemicalSystemProperty() { return chemicalSystem; }
    public IntegerProperty augmentationProperty() { return augmentation; }
    public BooleanProperty busyProperty() { return busy; }

    public Optional<String> unavailable(Feature f) { return services.unavailable(f); }

    public void loadSamples() {
        if (refuse(Feature.READ_FILES, "Load samples")) return;
        run("Loading bundled samples", p -> rowsOf(services.readSamples(p)), r -> added(r, "bundled samples"));
    }

    public void openFiles(List<Path> files) {
        if (files.isEmpty() || refuse(Feature.READ_FILES, "Open structures")) return;
        ctx.settings().putFolder("lastOpenFolder", files.get(0).toAbsolutePath().getParent());
        run("Reading " + files.size() + " file(s)", p -> rowsOf(new DataServices.FolderResult(services.readFiles(files, p), List.of())),
                r -> added(r, files.size() + " file(s)"));
    }

    public void openFolder(Path folder) {
        if (folder == null || refuse(Feature.READ_FILES, "Open folder")) return;
        ctx.settings().putFolder("lastOpenFolder", folder);
        run("Reading folder " + folder.getFileName(), p -> rowsOf(services.readFolder(folder, p)),
                r -> added(r, "folder " + folder.getFileName()));
    }

    public void fetchMaterialsProject() {
        if (refuse(Feature.MATERIALS_PROJECT, "Materials Project")) return;
        Optional<String> key = ctx.settings().apiKey();
        if (key.isEmpty()) {
            ctx.dialogs().showError("Materials Project", "No Materials Project API key is set.",
                    "Get a key at https://next-gen.materialsproject.org/api and enter it under Settings → Materials Project API key.");
            return;
        }
        String sys = chemicalSystem.get().strip();
        run("Fetching " + sys + " from the Materials Project",
                p -> rowsOf(new DataServices.FolderResult(services.fetchMaterialsProject(sys, key.get(), p), List.of())),
                r -> added(r, "the Materials Project (" + sys + ")"));
    }

    /** Checks a key (Settings dialog), reporting the outcome in a dialog. */
    public void checkApiKey(String key) {
        if (refuse(Feature.MATERIALS_PROJECT, "Materials Project")) return;
        run("Checking the Materials Project API key", p -> { services.checkApiKey(key, p); return Boolean.TRUE; },
                ok -> ctx.dialogs().showInformation("Materials Project", "The API key works."));
    }

    public void buildTrainingSet(Path output) {
        if (output == null || refuse(Feature.TRAINING_SET, "Build training set")) return;
        if (rows.isEmpty()) {
            ctx.dialogs().showError("Build training set", "There are no structures to build a training set from.",
                    "Load structures first (samples, files, a folder or the Materials Project).");
            return;
        }
        int n = augmentation.get();
        if (n < 1) {
            ctx.dialogs().showError("Build training set", "The augmentation count must be at least 1 (it is " + n + ").",
                    "Enter the number of structures per composition, for example the paper's 1000.");
            return;
        }
        List<StructureEntry> entries = rows.stream().map(DataRow::entry).toList();
        run("Building the training set", p -> services.buildTrainingSet(entries, n, output, p), status::set);
    }

    public void clear() {
        rows.clear();
        ctx.workspace().loaded().clear();
        selected.set(null);
        updateStatistics();
        status.set("No structures loaded.");
    }

    private boolean refuse(Feature f, String title) {
        Optional<String> why = services.unavailable(f);
        why.ifPresent(w -> ctx.dialogs().showError(title, w, "This part of the workbench is not built yet; use the other features meanwhile."));
        return why.isPresent();
    }

    private <T> void run(String title, org.crystalgan.app.common.Work<T> work, java.util.function.Consumer<T> done) {
        busy.set(true);
        ctx.tasks().submit(title, work, r -> { busy.set(false); done.accept(r); }, t -> {
            busy.set(false);
            if (t instanceof CancellationException) status.set(title + ": cancelled.");
            else ctx.dialogs().showError(title, t);
        });
    }

    private record Loaded(List<DataRow> rows, List<String> skipped) {}

    // runs in the background: the space group (symmetry search) is the slow part for large sets
    private Loaded rowsOf(DataServices.FolderResult r) {
        List<DataRow> out = new ArrayList<>(r.structures().size());
        for (StructureEntry e : r.structures()) out.add(DataRow.of(e, services.spaceGroup(e.structure())));
        return new Loaded(out, r.skipped());
    }

    private void added(Loaded loaded, String from) {
        rows.addAll(loaded.rows());
        ctx.workspace().loaded().addAll(loaded.rows().stream().map(DataRow::entry).toList());
        updateStatistics();
        List<String> skipped = loaded.skipped();
        String msg = "Loaded " + loaded.rows().size() + " structure(s) from " + from + "; " + rows.size() + " in the table.";
        if (!skipped.isEmpty()) {
            msg += " Skipped " + skipped.size() + ": " + String.join("; ", skipped.subList(0, Math.min(3, skipped.size())))
                    + (skipped.size() > 3 ? "; …" : "");
        }
        status.set(msg);
        if (selected.get() == null && !rows.isEmpty()) selected.set(rows.get(0));
    }

    private void updateStatistics() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DataRow r : rows) counts.merge(r.formula(), 1, Integer::sum);
        List<CompositionCount> list = new ArrayList<>();
        counts.forEach((f, c) -> list.add(new CompositionCount(f, c)));
        list.sort(Comparator.comparingInt(CompositionCount::count).reversed().thenComparing(CompositionCount::formula));
        statistics.setAll(list);
    }
}
