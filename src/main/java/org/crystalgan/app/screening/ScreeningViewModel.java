package org.crystalgan.app.screening;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.app.common.ReadOnlyList;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.app.screening.ScreeningServices.Column;
import org.crystalgan.app.screening.ScreeningServices.Energies;
import org.crystalgan.app.screening.ScreeningServices.Row;
import org.crystalgan.app.screening.ScreeningServices.Threshold;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.base.Csv;
import org.crystalgan.base.SafeNames;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.export.CandidateExporter;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.workflow.ScreeningService;

/**
 * The Screening pane's state: which set to screen, the reference entries and DFT runs that feed the
 * energy columns, the ranked rows, the thresholds (the paper's preset or the user's), the two columns
 * of the scatter plot, the selection (shown in the 3-D viewer) and exports of selected rows.
 */
public final class ScreeningViewModel {
    public enum Source { GENERATED, LOADED }

    /** CIF files (with ranked.csv for pipeline rows), a CSV table, or DFT inputs (POSCAR; VASP inputs and CIFs for pipeline rows). */
    public enum ExportFormat { CIF, CSV, POSCAR }

    private final AppContext ctx;
    private final ScreeningServices services;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final FilteredList<Row> shown = new FilteredList<>(rows, r -> true);
    private final ObservableList<Threshold> thresholds = FXCollections.observableArrayList();
    private final BooleanProperty applyThresholds = new SimpleBooleanProperty(this, "applyThresholds", false);
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source", Source.GENERATED);
    private final StringProperty scatterX = new SimpleStringProperty(this, "scatterX");
    private final StringProperty scatterY = new SimpleStringProperty(this, "scatterY");
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Energies> energies = new ReadOnlyObjectWrapper<>(this, "energies", Energies.NONE);
    private final StringProperty relaxWith = new SimpleStringProperty(this, "relaxWith");
    private final BooleanProperty showRelaxed = new SimpleBooleanProperty(this, "showRelaxed", true);
    private final ObservableList<CurvePoint> curve = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper curveTitle = new ReadOnlyStringWrapper(this, "curveTitle", "");
    private final ReadOnlyStringWrapper relaxationText = new ReadOnlyStringWrapper(this, "relaxationText", "");
    // relaxation events from the worker threads, drained on the UI thread in batches (see flush)
    private final java.util.concurrent.ConcurrentLinkedQueue<Object> relaxEvents = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushPending = new java.util.concurrent.atomic.AtomicBoolean();
    private java.util.concurrent.Executor ui = javafx.application.Platform::runLater;
    private org.crystalgan.app.common.TaskRunner.Handle running;
    private String followed;
    private int relaxationsDone, fromJournal;
    private final ReadOnlyStringWrapper energiesText = new ReadOnlyStringWrapper(this, "energiesText");

    public ScreeningViewModel(AppContext ctx, ScreeningServices services) {
        this.ctx = ctx;
        this.services = services;
        List<Column> cols = services.columns();
        if (!cols.isEmpty()) scatterX.set(cols.get(0).key());
        if (cols.size() > 1) scatterY.set(cols.get(1).key());
        thresholds.addListener((ListChangeListener<Threshold>) c -> refilter());
        applyThresholds.addListener(o -> refilter());
        selected.addListener((o, a, r) -> showSelected());
        showRelaxed.addListener(o -> showSelected());
        List<String> choices = services.relaxChoices();
        relaxWith.set(choices.isEmpty() ? null : choices.get(0));
        energies.addListener(o -> energiesText.set(describe(energies.get())));
        energiesText.set(describe(energies.get()));
    }

    private final ReadOnlyList<Row> rowsView = new ReadOnlyList<>(rows);
    public ReadOnlyList<Row> rows() { return rowsView; }
    /** Rows that pass the thresholds (all rows when thresholds are off). */
    private final ReadOnlyList<Row> shownView = new ReadOnlyList<>(shown);
    public ReadOnlyList<Row> shownRows() { return shownView; }
    private final ReadOnlyList<Threshold> thresholdsView = new ReadOnlyList<>(thresholds);
    public ReadOnlyList<Threshold> thresholds() { return thresholdsView; }
    @BoundInput public BooleanProperty applyThresholdsProperty() { return applyThresholds; }
    @BoundInput public ObjectProperty<Source> sourceProperty() { return source; }
    @BoundInput public StringProperty scatterXProperty() { return scatterX; }
    @BoundInput public StringProperty scatterYProperty() { return scatterY; }
    @BoundInput public ObjectProperty<Row> selectedProperty() { return selected; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** The reference entries and DFT runs the next screening uses. */
    public ReadOnlyObjectProperty<Energies> energiesProperty() { return energies.getReadOnlyProperty(); }
    /** One line saying which entries and runs are in use, for the pane. */
    public ReadOnlyStringProperty energiesTextProperty() { return energiesText.getReadOnlyProperty(); }
    public List<Column> columns() { return services.columns(); }
    /** What valid cells are relaxed with: one of {@link #relaxChoices()}. */
    @BoundInput public StringProperty relaxWithProperty() { return relaxWith; }
    public List<String> relaxChoices() { return services.relaxChoices(); }
    /** Whether the viewer shows the selected candidate's relaxed cell (true) or the cell as generated (false). */
    @BoundInput public BooleanProperty showRelaxedProperty() { return showRelaxed; }
    /** Energy per atom against step of the relaxation in progress (the one followed), for the live curve. */
    private final ReadOnlyList<CurvePoint> curveView = new ReadOnlyList<>(curve);
    public ReadOnlyList<CurvePoint> curve() { return curveView; }
    /** Which relaxation the curve shows and how it ended. */
    public ReadOnlyStringProperty curveTitleProperty() { return curveTitle.getReadOnlyProperty(); }
    /** "12 of 40 relaxations finished (3 from the journal)". */
    public ReadOnlyStringProperty relaxationTextProperty() { return relaxationText.getReadOnlyProperty(); }

    /** One point of the live relaxation curve: FIRE step and energy per atom, eV/atom. */
    public record CurvePoint(int step, double energyPerAtom) {}

    /**
     * Where relaxation updates are applied: the JavaFX thread in the window ({@code Platform::runLater}); the calling
     * thread in tests.
     */
    public void uiExecutor(java.util.concurrent.Executor executor) { this.ui = executor; }

    /** Stops the screening in progress; finished relaxations stay journalled and the next run reuses them. */
    public void cancel() {
        var h = running;
        if (h != null && busy.get()) {
            h.cancel();
            status.set("Cancelling the screening…");
        }
    }

    /** The selected row's cell in the viewer: relaxed or as generated, as {@link #showRelaxedProperty()} says. */
    private void showSelected() {
        Row r = selected.get();
        if (r == null) return;
        boolean relaxed = showRelaxed.get() && r.candidate() != null && r.candidate().structure() != r.candidate().input();
        ctx.viewer().show(r.entry().name() + (relaxed ? " (relaxed)" : r.candidate() != null && r.candidate().relaxation() != null ? " (as generated)" : ""),
                relaxed ? r.candidate().structure() : r.entry().structure());
    }

    private record Started(String name) {}

    private record Step(String name, int step, double energyPerAtom) {}

    private record Finished(String name, String verdict, boolean journal) {}

    private ScreeningServices.RelaxationListener relaxationListener() {
        return new ScreeningServices.RelaxationListener() {
            @Override public void started(String name) { post(new Started(name)); }

            @Override public void step(String name, int step, double energyPerAtom, double maxForce) { post(new Step(name, step, energyPerAtom)); }

            @Override public void finished(String name, String verdict, boolean journal) { post(new Finished(name, verdict, journal)); }
        };
    }

    // one pending flush at a time: events that arrive while it waits for the UI thread ride along in its batch, so the
    // UI sees a few updates a second however fast two workers step
    private void post(Object event) {
        relaxEvents.add(event);
        if (flushPending.compareAndSet(false, true)) ui.execute(this::flush);
    }

    /** Applies the queued relaxation events (on the UI thread). */
    void flush() {
        flushPending.set(false);
        List<CurvePoint> points = new ArrayList<>();
        Object e;
        while ((e = relaxEvents.poll()) != null) {
            if (e instanceof Started st) {
                if (followed == null) follow(st.name(), points);
            } else if (e instanceof Step sp) {
                if (followed == null) follow(sp.name(), points);
                if (sp.name().equals(followed)) points.add(new CurvePoint(sp.step(), sp.energyPerAtom()));
            } else if (e instanceof Finished f) {
                relaxationsDone++;
                if (f.journal()) fromJournal++;
                if (f.name().equals(followed)) {
                    curveTitle.set(f.name() + ": " + f.verdict().replace('_', ' '));
                    followed = null;
                }
            }
        }
        if (!points.isEmpty()) curve.addAll(points);
        relaxationText.set(relaxationsDone + " relaxation" + (relaxationsDone == 1 ? "" : "s") + " finished"
                + (fromJournal > 0 ? " (" + fromJournal + " from the journal)" : ""));
    }

    private void follow(String name, List<CurvePoint> pending) {
        followed = name;
        curve.clear();
        pending.clear();
        curveTitle.set("Relaxing " + name);
    }

    public String label(String key) {
        return services.columns().stream().filter(c -> c.key().equals(key)).map(Column::label).findFirst().orElse(key);
    }

    /** Sets the paper's thresholds and turns filtering on. */
    public void applyPaperPreset() {
        thresholds.setAll(services.paperThresholds());
        applyThresholds.set(true);
    }

    private void refilter() {
        List<Threshold> ts = List.copyOf(thresholds);
        boolean on = applyThresholds.get();
        shown.setPredicate(r -> !on || ts.stream().allMatch(t -> t.accepts(r.value(t.key()))));
        status.set(rows.isEmpty() ? status.get() : shown.size() + " of " + rows.size() + " structures shown" + (on && !ts.isEmpty() ? " (thresholds on)" : ""));
    }

    public void run() {
        List<StructureEntry> input = List.copyOf(source.get() == Source.GENERATED ? ctx.workspace().generated() : ctx.workspace().loaded());
        if (input.isEmpty()) {
            ctx.dialogs().showError("Screening", "The " + (source.get() == Source.GENERATED ? "generated" : "loaded") + " set is empty.",
                    source.get() == Source.GENERATED ? "Generate structures in the Generate pane, or choose the loaded data set."
                            : "Load structures in the Data pane, or choose the generated set.");
            return;
        }
        // generated structures are checked for novelty against the loaded data set
        List<StructureEntry> known = source.get() == Source.GENERATED ? List.copyOf(ctx.workspace().loaded()) : List.of();
        Energies with = energies.get();
        String relax = relaxWith.get();
        busy.set(true);
        relaxEvents.clear();
        curve.clear();
        curveTitle.set("");
        relaxationText.set("");
        followed = null;
        relaxationsDone = 0;
        fromJournal = 0;
        ScreeningServices.RelaxationListener listener = relaxationListener();
        running = ctx.tasks().submit("Screening " + input.size() + " structures" + (relax == null ? "" : ", relaxing with " + relax),
                p -> services.screen(input, known, with, relax, listener, p), result -> {
            busy.set(false);
            flush();
            rows.setAll(result);
            refilter();
            long pass = result.stream().filter(Row::passes).count();
            long incomplete = result.stream().filter(r -> r.candidate() != null
                    && r.candidate().verdict() == org.crystalgan.screening.Thresholds.Verdict.INCOMPLETE).count();
            status.set("Screened " + result.size() + " structures; " + pass + " pass the pipeline's filters. " + shown.size() + " shown."
                    + (ranked(result) ? "" : " Nothing is ranked yet: the rank is by energy above hull, which no structure has (rows are"
                    + " in name order, rank shown as —).")
                    + (incomplete > 0 ? " " + incomplete + " are incomplete: " + missing(with) : ""));
        }, e -> {
            busy.set(false);
            flush();
            if (e instanceof CancellationException) {
                status.set("Screening cancelled. " + (relaxationsDone > 0 ? "The " + relaxationsDone + " finished relaxation(s) are kept: running it again"
                        + " resumes from them." : ""));
            } else {
                ctx.dialogs().showError("Screening", e);
            }
        });
    }

    /** The column the pipeline ranks by (the paper's order: energy above hull, lowest first). */
    public static final String RANK_KEY = org.crystalgan.screening.CandidateColumn.E_ABOVE_HULL.key();

    /** Whether any row has a value to be ranked by. */
    static boolean ranked(List<Row> rows) { return rows.stream().anyMatch(r -> !Double.isNaN(r.value(RANK_KEY))); }

    /** The rank as shown: "—" for a row without the value it would be ranked by. */
    public static String rankText(Row r) { return Double.isNaN(r.value(RANK_KEY)) ? "—" : String.valueOf(r.rank()); }

    /**
     * A value as a chemist reads it, by the kind of column: the space group as its symbol and number ("Cm (8)"),
     * energies in eV/atom to 3 decimals (meV resolution), band gaps to 2, anything else to 4 significant digits;
     * "—" for a missing value.
     */
    public static String format(String key, double v) {
        if (Double.isNaN(v)) return "—";
        if (key.equals(org.crystalgan.screening.CandidateColumn.SPACE_GROUP.key())) return spaceGroupText(v);
        if (key.startsWith("band_gap")) return String.format(Locale.ROOT, "%.2f", v);
        if (key.contains("eV_per_atom") || key.contains("per_atom_eV")) return String.format(Locale.ROOT, "%.3f", v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** "Cm (8)" for 8; the bare number when it is not one of the 230. */
    public static String spaceGroupText(double number) {
        int n = (int) Math.rint(number);
        if (n < 1 || n > 230 || Math.abs(number - n) > 1e-9) return String.format(Locale.ROOT, "%.4g", number);
        return org.crystalgan.crystal.SpaceGroups.byNumber(n).symbol() + " (" + n + ")";
    }

    /** "duplicate of NAME" of the pipeline's candidate, or "" (also for services without candidates). */
    public static String duplicateOf(Row r) {
        return r.candidate() == null || r.candidate().duplicateOf() == null ? "" : r.candidate().duplicateOf();
    }

    /** Why values are missing, and what brings them in. */
    private static String missing(Energies e) {
        if (!e.hasEntries() && !e.hasDftRuns()) {
            return "energy above hull and Pourbaix energy need reference entries and each candidate's DFT run, the band gap an HSE06 run; "
                    + "bring them in with \"Reference entries…\" and \"DFT runs…\".";
        }
        if (!e.hasDftRuns()) {
            return "the reference entries give the hull, but each candidate needs its own DFT energy: export \"DFT inputs\", run them, "
                    + "and import the finished folder with \"DFT runs…\".";
        }
        if (!e.hasEntries()) {
            return "energy above hull and Pourbaix energy need reference entries (\"Reference entries…\"); the notes say which DFT runs were used.";
        }
        return "the notes say which DFT runs or values are missing (runs are matched by folder: NAME/relax and NAME/hse06, "
                + "or an export's candidates/RANK_NAME/dft/relax and dft/hse06).";
    }

    /** Reads reference entries in the background; a screening already shown is run again with them. */
    public void loadEntries(Path csv) {
        if (csv == null || busy.get()) return;
        ctx.settings().putFolder("lastEntriesFolder", csv.toAbsolutePath().getParent());
        busy.set(true);
        ctx.tasks().submit("Reading reference entries " + csv.getFileName(), p -> services.readEntries(csv, p), entries -> {
            busy.set(false);
            energies.set(energies.get().withEntries(csv, entries));
            rescreen("Read " + entries.size() + " reference entries from " + csv.getFileName() + ".", " The next screening uses them.");
        }, e -> failed("Reference entries", e));
    }

    /** Imports the DFT runs under a folder in the background; a screening already shown is run again with them. */
    public void importDft(Path folder) {
        if (folder == null || busy.get()) return;
        ctx.settings().putFolder("lastDftFolder", folder);
        busy.set(true);
        ctx.tasks().submit("Importing DFT runs under " + folder.getFileName(), p -> services.importDft(folder, p), runs -> {
            busy.set(false);
            energies.set(energies.get().withDftRuns(folder, runs));
            long usable = runs.stream().filter(r -> r.correctedEnergyPerAtom().isPresent() || (r.run().hse() && r.bandGap().isPresent())).count();
            rescreen("Imported " + runs.size() + " DFT run(s) from " + folder.getFileName() + ", " + usable + " usable.", " The next screening uses them.");
        }, e -> failed("DFT runs", e));
    }

    /** Forgets the entries and DFT runs; the next screening leaves the energy columns blank. */
    public void clearEnergies() {
        if (busy.get()) return;
        energies.set(Energies.NONE);
        rescreen("Reference entries and DFT runs cleared.", "");
    }

    /** A table already on screen is screened again, so that it never shows values from other energies than those listed. */
    private void rescreen(String what, String ifNothingShown) {
        status.set(what + (rows.isEmpty() ? ifNothingShown : " Screening again…"));
        if (!rows.isEmpty()) run();
    }

    private void failed(String title, Throwable e) {
        busy.set(false);
        if (e instanceof CancellationException) status.set(title + ": cancelled.");
        else ctx.dialogs().showError(title, e);
    }

    static String describe(Energies e) {
        String entries = e.hasEntries() ? e.entries().size() + " reference entries from " + e.entriesFile().getFileName()
                + " (" + e.entries().stream().flatMap(h -> h.composition().elements().stream()).distinct()
                        .map(el -> el.symbol()).sorted().collect(java.util.stream.Collectors.joining("-")) + ")"
                : "no reference entries";
        String dft = e.hasDftRuns() ? e.dftRuns().size() + " DFT run(s) from " + e.dftFolder().getFileName() : "no DFT runs";
        return "Energies: " + entries + "; " + dft + ".";
    }

    /**
     * Writes the rows into a folder in the background. Rows from the real pipeline go through the workflow's
     * {@link ScreeningService#export} (the writer of {@code screen}): CIF writes ranked.csv and a CIF folder per valid, unique
     * candidate; POSCAR ("DFT inputs") adds the VASP inputs to those folders; CSV writes ranked.csv
     * alone. Files already there are replaced only after the user says yes.
     */
    public void export(List<Row> selection, Path folder, ExportFormat format) {
        if (selection.isEmpty()) {
            ctx.dialogs().showError("Export", "No rows are selected.", "Select one or more rows of the table (Ctrl/Shift-click) first.");
            return;
        }
        List<Row> chosen = new ArrayList<>(selection);
        chosen.sort(java.util.Comparator.comparingInt(Row::rank));
        List<Column> cols = services.columns();
        List<Path> existing = existing(chosen, folder, format);
        boolean overwrite = false;
        if (!existing.isEmpty()) {
            String names = existing.stream().limit(3).map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.joining(", "))
                    + (existing.size() > 3 ? " and " + (existing.size() - 3) + " more" : "");
            if (!ctx.dialogs().confirm("Export", folder + " already holds " + names + ". Replace them?")) {
                status.set("Export cancelled: nothing was replaced in " + folder + ".");
                return;
            }
            overwrite = true;
        }
        boolean replace = overwrite;
        ctx.settings().putFolder("lastExportFolder", folder);
        ctx.tasks().submit("Exporting " + chosen.size() + " rows as " + format, p -> {
            List<Path> written = writeExport(chosen, cols, folder, format, replace, p);
            return written.size();
        }, n -> status.set("Wrote " + n + " file(s) or folder(s) to " + folder + "." + notExported(chosen, format)), e -> {
            if (!(e instanceof CancellationException)) ctx.dialogs().showError("Export", e);
        });
    }

    /** Why some pipeline rows got a line in ranked.csv but no structure folder: duplicates and invalid cells. */
    static String notExported(List<Row> rows, ExportFormat format) {
        if (format == ExportFormat.CSV) return "";
        List<String> why = new ArrayList<>();
        for (Row r : rows) {
            Candidate c = r.candidate();
            if (c == null) continue;
            if (c.duplicateOf() != null) why.add(c.name() + " is a duplicate of " + c.duplicateOf());
            else if (!c.valid()) why.add(c.name() + " failed validity (" + (c.problems().isEmpty() ? "invalid" : c.problems().get(0)) + ")");
        }
        if (why.isEmpty()) return "";
        return " " + why.size() + " row(s) are only in ranked.csv, with no " + format + " folder: " + String.join("; ", why.subList(0, Math.min(3, why.size())))
                + (why.size() > 3 ? "; …" : "") + ".";
    }

    /** The files or folders an export of these rows would replace. */
    static List<Path> existing(List<Row> rows, Path folder, ExportFormat format) {
        List<Path> out = new ArrayList<>();
        if (rows.stream().allMatch(r -> r.candidate() != null)) {
            Path table = folder.resolve("ranked.csv"), candidates = folder.resolve("candidates");
            if (java.nio.file.Files.exists(table)) out.add(table);
            if (format != ExportFormat.CSV && java.nio.file.Files.exists(candidates)) out.add(candidates);
            return out;
        }
        if (format == ExportFormat.CSV) {
            if (java.nio.file.Files.exists(folder.resolve("screening.csv"))) out.add(folder.resolve("screening.csv"));
            return out;
        }
        Set<String> used = new HashSet<>();
        for (Row r : rows) {
            Path f = format == ExportFormat.CIF ? folder.resolve(baseName(used, r) + ".cif") : folder.resolve(baseName(used, r));
            if (java.nio.file.Files.exists(f)) out.add(f);
        }
        return out;
    }

    /** As {@link #writeExport(List, List, Path, ExportFormat, boolean, Work.Progress)}, never replacing files. */
    public static List<Path> writeExport(List<Row> rows, List<Column> cols, Path folder, ExportFormat format,
                                         org.crystalgan.app.common.Work.Progress p) throws java.io.IOException {
        return writeExport(rows, cols, folder, format, false, p);
    }

    /**
     * The export itself (no UI): returns the files (or candidate folders) written. Refuses to replace
     * existing files unless {@code overwrite}.
     */
    public static List<Path> writeExport(List<Row> rows, List<Column> cols, Path folder, ExportFormat format, boolean overwrite,
                                         org.crystalgan.app.common.Work.Progress p) throws java.io.IOException {
        if (!overwrite && !existing(rows, folder, format).isEmpty()) {
            throw new org.crystalgan.crystal.InputException(folder + " already holds " + existing(rows, folder, format).get(0).getFileName()
                    + "; choose another folder or agree to replace it");
        }
        java.nio.file.Files.createDirectories(folder);
        if (rows.stream().allMatch(r -> r.candidate() != null)) {
            List<Candidate> cands = rows.stream().map(Row::candidate).toList();
            // the workflow's writer, the one behind `screen`: the window and the CLI write the same files
            if (format == ExportFormat.CSV) return List.of(ScreeningService.exportTable(folder, cands));
            p.update(-1, -1, "Writing " + cands.size() + " candidates");
            CandidateExporter.Written w = ScreeningService.export(folder, cands, format == ExportFormat.POSCAR, overwrite);
            List<Path> out = new ArrayList<>();
            out.add(w.table());
            out.addAll(w.folders());
            return out;
        }
        List<Path> written = new ArrayList<>();
        if (format == ExportFormat.CSV) {
            StringBuilder sb = new StringBuilder("rank,name,formula");
            for (Column c : cols) sb.append(',').append(Csv.field(c.label()));
            sb.append(",passes\n");
            for (Row r : rows) {
                sb.append(r.rank()).append(',').append(Csv.field(r.entry().name())).append(',').append(r.entry().formula());
                for (Column c : cols) {
                    double v = r.value(c.key());
                    sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v));
                }
                sb.append(',').append(r.passes()).append('\n');
            }
            Path f = folder.resolve("screening.csv");
            AtomicFiles.writeString(f, sb.toString());
            written.add(f);
            return written;
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (p.isCancelled()) throw new CancellationException();
            p.update(i, rows.size(), "Writing " + rows.get(i).entry().name());
            Row r = rows.get(i);
            String base = baseName(used, r);
            Path f;
            if (format == ExportFormat.CIF) {
                f = folder.resolve(base + ".cif");
                AtomicFiles.writeString(f, CifWriter.write(r.entry().structure(), base));
            } else {
                f = folder.resolve(base).resolve("POSCAR");
                java.nio.file.Files.createDirectories(f.getParent());
                StructureFiles.write(f, r.entry().structure(), base);
            }
            written.add(f);
        }
        return written;
    }

    private static String baseName(Set<String> used, Row r) {
        return unique(used, String.format(Locale.ROOT, "%03d_%s", r.rank(), SafeNames.of(r.entry().name())));
    }

    private static String unique(Set<String> used, String base) {
        String s = base;
        for (int k = 2; !used.add(s); k++) s = base + "_" + k;
        return s;
    }
}
