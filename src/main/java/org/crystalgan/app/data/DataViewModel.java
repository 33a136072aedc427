package org.crystalgan.app.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.app.common.ReadOnlyList;
import org.crystalgan.app.common.StructureEntry;

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
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No structures loaded.");
    private final StringProperty chemicalSystem = new SimpleStringProperty(this, "chemicalSystem", "Mg-Mn-O");
    private final IntegerProperty augmentation = new SimpleIntegerProperty(this, "augmentation", PAPER_AUGMENTATION);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper trainability = new ReadOnlyStringWrapper(this, "trainability", "");

    public DataViewModel(AppContext ctx, DataServices services) {
        this.ctx = ctx;
        this.services = services;
        selected.addListener((o, a, row) -> {
            if (row != null) ctx.viewer().show(row.name(), row.entry().structure());
        });
        updateTrainability();
    }

    private final ReadOnlyList<DataRow> rowsView = new ReadOnlyList<>(rows);
    public ReadOnlyList<DataRow> rows() { return rowsView; }
    private final ReadOnlyList<CompositionCount> statisticsView = new ReadOnlyList<>(statistics);
    public ReadOnlyList<CompositionCount> statistics() { return statisticsView; }
    @BoundInput public ObjectProperty<DataRow> selectedProperty() { return selected; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    @BoundInput public StringProperty chemicalSystemProperty() { return chemicalSystem; }
    @BoundInput public IntegerProperty augmentationProperty() { return augmentation; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** What a training set needs and how many loaded structures qualify: shown before anything is built. */
    public ReadOnlyStringProperty trainabilityProperty() { return trainability.getReadOnlyProperty(); }


    public void loadSamples() {
        run("Loading bundled samples", p -> rowsOf(services.readSamples(p)), r -> added(r, "bundled samples"));
    }

    public void openFiles(List<Path> files) {
        if (files.isEmpty()) return;
        ctx.settings().putFolder("lastOpenFolder", files.get(0).toAbsolutePath().getParent());
        run("Reading " + files.size() + " file(s)", p -> rowsOf(new DataServices.FolderResult(services.readFiles(files, p), List.of())),
                r -> added(r, files.size() + " file(s)"));
    }

    public void openFolder(Path folder) {
        if (folder == null) return;
        ctx.settings().putFolder("lastOpenFolder", folder);
        run("Reading folder " + folder.getFileName(), p -> rowsOf(services.readFolder(folder, p)),
                r -> added(r, "folder " + folder.getFileName()));
    }

    public void fetchMaterialsProject() {
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
        run("Checking the Materials Project API key", p -> { services.checkApiKey(key, p); return Boolean.TRUE; },
                ok -> ctx.dialogs().showInformation("Materials Project", "The API key works."));
    }

    public void buildTrainingSet(Path output) {
        if (output == null) return;
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
        List<DataRow> usable = rows.stream().filter(r -> r.training().usable()).toList();
        if (usable.isEmpty()) {
            ctx.dialogs().showError("Build training set", "None of the " + rows.size() + " loaded structures can train the GAN.",
                    services.trainingRequirements() + " Load Mg-Mn-O ternaries (files, a folder or the Materials Project).");
            return;
        }
        long compositions = usable.stream().map(DataRow::formula).distinct().count();
        int min = services.minimumTrainingSetSize();
        if (compositions * n < min) {
            ctx.dialogs().showError("Build training set", compositions + " composition(s) × " + n + " per composition = " + compositions * n
                            + " matrices, fewer than one training batch of " + min + ".",
                    "Set \"Per composition\" to at least " + (min + compositions - 1) / compositions + ".");
            return;
        }
        List<StructureEntry> entries = rows.stream().map(DataRow::entry).toList();
        run("Building the training set", p -> services.buildTrainingSet(entries, n, output, p), msg -> {
            status.set(msg);
            ctx.workspace().trainingSetProperty().set(output);
        });
    }

    public void clear() {
        rows.clear();
        ctx.workspace().loaded().clear();
        selected.set(null);
        ctx.viewer().show(null, null);
        updateStatistics();
        status.set("No structures loaded.");
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
        for (StructureEntry e : r.structures()) out.add(DataRow.of(e, services.spaceGroup(e.structure()), services.trainingFit(e.structure())));
        return new Loaded(out, r.skipped());
    }

    private void added(Loaded loaded, String from) {
        // the same structure under the same name (a file opened twice) is listed once
        java.util.Set<List<Object>> have = new java.util.HashSet<>();
        for (DataRow r : rows) have.add(List.of(r.name(), r.entry().structure()));
        List<DataRow> fresh = loaded.rows().stream().filter(r -> have.add(List.of(r.name(), r.entry().structure()))).toList();
        int again = loaded.rows().size() - fresh.size();
        rows.addAll(fresh);
        ctx.workspace().loaded().addAll(fresh.stream().map(DataRow::entry).toList());
        updateStatistics();
        List<String> skipped = loaded.skipped();
        String msg = "Loaded " + fresh.size() + " structure(s) from " + from
                + (again > 0 ? " (" + again + " already in the table, not added again)" : "") + "; " + rows.size() + " in the table.";
        if (!skipped.isEmpty()) {
            msg += " Skipped " + skipped.size() + ": " + String.join("; ", skipped.subList(0, Math.min(3, skipped.size())))
                    + (skipped.size() > 3 ? "; …" : "");
        }
        status.set(msg);
        if (selected.get() == null && !rows.isEmpty()) selected.set(rows.get(0));
    }

    private void updateTrainability() {
        long ok = rows.stream().filter(r -> r.training().usable()).count();
        long reduced = rows.stream().filter(r -> r.training().usable() && !r.training().note().isEmpty()).count();
        long comps = rows.stream().filter(r -> r.training().usable()).map(DataRow::formula).distinct().count();
        String now = rows.isEmpty() ? "" : " Of the " + rows.size() + " structures in the table, " + ok + " qualify"
                + (ok == 0 ? ": building is refused until some do." : " (" + comps + " composition(s)"
                + (reduced > 0 ? ", " + reduced + " as their primitive cell" : "") + ").");
        trainability.set(services.trainingRequirements() + now);
    }

    private void updateStatistics() {
        updateTrainability();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DataRow r : rows) counts.merge(r.formula(), 1, Integer::sum);
        List<CompositionCount> list = new ArrayList<>();
        counts.forEach((f, c) -> list.add(new CompositionCount(f, c)));
        list.sort(Comparator.comparingInt(CompositionCount::count).reversed().thenComparing(CompositionCount::formula));
        statistics.setAll(list);
    }
}
