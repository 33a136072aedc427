package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.app.common.ReadOnlyList;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.composition.CandidateComposition;
import org.crystalgan.screening.composition.CompositionSpace;
import org.crystalgan.workflow.GenerationService;

/**
 * The Generate pane's state: the composition triangle (every composition the representation holds,
 * from screening's CompositionSpace), the chosen target cell, count, seed, model, and the generated
 * structures with their validity.
 */
public final class GenerateViewModel {
    /** The paper's rule for candidate compositions: mean Mn oxidation state from 2 to 4. */
    public static final double MIN_MN_OS = 2, MAX_MN_OS = 4;

    private final AppContext ctx;
    private final GenerateServices services;
    private final List<TernaryPoint> basePoints;
    private final ObservableList<TernaryPoint> points = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyObjectWrapper<CandidateComposition> target = new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "target");
    private final StringProperty formula = new SimpleStringProperty(this, "formula", "");
    private final ReadOnlyStringWrapper formulaError = new ReadOnlyStringWrapper(this, "formulaError", "");
    private final IntegerProperty count = new SimpleIntegerProperty(this, "count", 20);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 1);
    /** Bound on generated matrices per run; 0: the CLI's default, max(10,000, 200 × count). */
    private final LongProperty maxTries = new SimpleLongProperty(this, "maxTries", 0);
    private final ObjectProperty<GenerationService.Method> method = new SimpleObjectProperty<>(this, "method", GenerationService.Method.GAN);
    private final ReadOnlyObjectWrapper<GenerateServices.Generation> lastGeneration = new ReadOnlyObjectWrapper<>(this, "lastGeneration");
    private final ObjectProperty<Path> checkpoint = new SimpleObjectProperty<>(this, "checkpoint");
    private final ObservableList<GeneratedRow> results = FXCollections.observableArrayList();
    private final ObjectProperty<GeneratedRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    /** The viewer shows a judged row's relaxed cell (true) or the cell as generated. */
    private final javafx.beans.property.BooleanProperty showRelaxed = new javafx.beans.property.SimpleBooleanProperty(this, "showRelaxed", true);
    private final ReadOnlyObjectWrapper<org.crystalgan.screening.stability.GenerativeMetrics.Row> lastJudgement =
            new ReadOnlyObjectWrapper<>(this, "lastJudgement");

    public GenerateViewModel(AppContext ctx, GenerateServices services) {
        this.ctx = ctx;
        this.services = services;
        Set<String> balanced = new HashSet<>();
        for (CompositionSpace.ReducedComposition rc : CompositionSpace.reduced(CompositionSpace.enumerate(MIN_MN_OS, MAX_MN_OS))) {
            balanced.add(rc.reducedFormula());
        }
        List<TernaryPoint> pts = new ArrayList<>();
        for (CompositionSpace.ReducedComposition rc : CompositionSpace.reduced(
                CompositionSpace.enumerate(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))) {
            CandidateComposition c = rc.cells().get(0);
            double n = c.numAtoms();
            pts.add(new TernaryPoint(rc.reducedFormula(), c, c.mg() / n, c.mn() / n, c.o() / n,
                    balanced.contains(rc.reducedFormula()), rc.mnOxidationState(), 0));
        }
        basePoints = List.copyOf(pts);
        refreshDataSetMarks();
        ctx.workspace().loaded().addListener((ListChangeListener<StructureEntry>) c -> refreshDataSetMarks());
        selected.addListener((o, a, r) -> showSelected());
        showRelaxed.addListener(o -> showSelected());
    }

    private final ReadOnlyList<TernaryPoint> pointsView = new ReadOnlyList<>(points);
    public ReadOnlyList<TernaryPoint> points() { return pointsView; }
    public javafx.beans.property.ReadOnlyObjectProperty<CandidateComposition> targetProperty() { return target.getReadOnlyProperty(); }
    @BoundInput public StringProperty formulaProperty() { return formula; }
    public ReadOnlyStringProperty formulaErrorProperty() { return formulaError.getReadOnlyProperty(); }
    @BoundInput public IntegerProperty countProperty() { return count; }
    @BoundInput public LongProperty seedProperty() { return seed; }
    @BoundInput public LongProperty maxTriesProperty() { return maxTries; }
    /** The generator network or the random-search baseline. */
    @BoundInput public ObjectProperty<GenerationService.Method> methodProperty() { return method; }
    /** The last finished run (accepted structures, tries, acceptance rate); null before the first. */
    public ReadOnlyObjectProperty<GenerateServices.Generation> lastGenerationProperty() { return lastGeneration.getReadOnlyProperty(); }
    @BoundInput public ObjectProperty<Path> checkpointProperty() { return checkpoint; }
    private final ReadOnlyList<GeneratedRow> resultsView = new ReadOnlyList<>(results);
    public ReadOnlyList<GeneratedRow> results() { return resultsView; }
    @BoundInput public ObjectProperty<GeneratedRow> selectedProperty() { return selected; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public boolean hasBundledModel() { return services.hasBundledModel(); }
    @BoundInput public javafx.beans.property.BooleanProperty showRelaxedProperty() { return showRelaxed; }
    /** The measures of the last "Relax & judge" of the current results; null before one. */
    public ReadOnlyObjectProperty<org.crystalgan.screening.stability.GenerativeMetrics.Row> lastJudgementProperty() {
        return lastJudgement.getReadOnlyProperty();
    }

    /** The selected row's cell in the viewer: the relaxed one when judged and {@link #showRelaxedProperty()} says so. */
    private void showSelected() {
        GeneratedRow r = selected.get();
        if (r == null) return;
        Structure relaxed = r.relaxed();
        if (relaxed != null && showRelaxed.get()) ctx.viewer().show(r.name() + " (relaxed)", relaxed);
        else ctx.viewer().show(r.name() + (relaxed != null ? " (as generated)" : ""), r.entry().structure());
    }

    private void refreshDataSetMarks() {
        CompositionSpace.Occurrences occ = CompositionSpace.occurrences(ctx.workspace().loaded().stream().map(StructureEntry::structure).toList());
        List<TernaryPoint> pts = new ArrayList<>(basePoints.size());
        for (TernaryPoint p : basePoints) {
            pts.add(new TernaryPoint(p.reducedFormula(), p.smallestCell(), p.xMg(), p.xMn(), p.xO(), p.chargeBalanced(),
                    p.mnOxidationState(), occ.reduced(p.reducedFormula())));
        }
        points.setAll(pts);
    }

    /** Chooses a point of the triangle: its smallest cell becomes the target. */
    public void choose(TernaryPoint p) {
        setTarget(p.smallestCell());
    }

    private void setTarget(CandidateComposition c) {
        target.set(c);
        formula.set(c.formula());
        formulaError.set("");
    }

    /**
     * Sets the target from a typed formula (the cell's atom counts, e.g. "Mg2Mn4O8"). Returns false and
     * fills {@link #formulaErrorProperty()} when the formula is not a cell the representation holds.
     */
    public boolean typeFormula(String text) {
        try {
            setTarget(parseCell(text));
            return true;
        } catch (InputException e) {
            formulaError.set(e.getMessage());
            return false;
        }
    }

    static CandidateComposition parseCell(String text) {
        if (text == null || text.isBlank()) throw new InputException("Type a formula such as Mg2Mn4O8 (atoms per cell).");
        Composition c = Composition.parse(text.strip());
        for (Element e : c.elements()) {
            if (!Set.of("Mg", "Mn", "O").contains(e.symbol())) {
                throw new InputException(text.strip() + " contains " + e.symbol() + "; the model generates Mg-Mn-O only.");
            }
        }
        if (!c.isInteger()) throw new InputException(text.strip() + " has fractional amounts; give whole atoms per cell, e.g. Mg2Mn4O8.");
        int mg = c.count(Element.of("Mg")), mn = c.count(Element.of("Mn")), o = c.count(Element.of("O"));
        check(text, "Mg", mg, CompositionSpace.MAX_MG);
        check(text, "Mn", mn, CompositionSpace.MAX_MN);
        check(text, "O", o, CompositionSpace.MAX_O);
        return new CandidateComposition(mg, mn, o);
    }

    private static void check(String text, String el, int n, int max) {
        if (n < 1 || n > max) {
            throw new InputException(text.strip() + " has " + n + " " + el + " atoms per cell; the representation holds 1 to " + max + ".");
        }
    }

    /** The status line after a run: accepted of requested, the acceptance rate, and plain words when nothing was accepted. */
    static String summary(GenerateServices.Generation g, List<GeneratedRow> rows, String formula, int requested) {
        String rate = String.format(java.util.Locale.ROOT, "acceptance rate %.2f%% (%d accepted of %d generated; %s)",
                100 * g.acceptanceRate(), rows.size(), g.tried(), g.model());
        String rejected = g.rejections().isEmpty() ? "" : " Rejected: " + g.rejections() + ".";
        if (rows.isEmpty()) {
            return "Nothing was accepted: none of the " + g.tried() + " generated structures was " + formula
                    + " with plausible contacts (the bound was " + g.maxTries() + " tries). Try another composition, more tries,"
                    + " or a better-trained checkpoint; " + rate + "." + rejected;
        }
        long valid = rows.stream().filter(r -> r.validity().plausibility().plausible()).count();
        long loose = rows.stream().filter(r -> r.validity().valid()).count();
        String shortfall = rows.size() < requested ? " Only " + rows.size() + " of " + requested + " requested were accepted within "
                + g.maxTries() + " tries." : "";
        return "Generated " + rows.size() + " structure(s) of " + formula + "; " + valid + " chemically plausible (contacts, bond-valence sums, GII), "
                + loose + " pass the loose test (all distances ≥ 0.5 Å, charge balanced); " + rate + "." + shortfall + rejected;
    }

    public void generate() {
        CandidateComposition t = target.get();
        if (t == null) {
            ctx.dialogs().showError("Generate", "No target composition is chosen.", "Click a point of the triangle or type a formula such as Mg2Mn4O8.");
            return;
        }
        if (count.get() < 1 || count.get() > 10_000) {
            ctx.dialogs().showError("Generate", "The count must be from 1 to 10,000 (it is " + count.get() + ").", "Enter a count such as 20.");
            return;
        }
        GenerationService.Method how = method.get();
        if (how == GenerationService.Method.GAN && checkpoint.get() == null && !services.hasBundledModel()) {
            ctx.dialogs().showError("Generate", "This build has no bundled model and no checkpoint is chosen.",
                    "Choose a checkpoint trained in the Training pane.");
            return;
        }
        Composition cell = t.composition();
        int n = count.get();
        long s = seed.get();
        long bound = maxTries.get() > 0 ? maxTries.get() : GenerateServices.defaultMaxTries(n);
        Path cp = checkpoint.get();
        busy.set(true);
        ctx.tasks().submit("Generating " + n + " × " + t.formula(), p -> {
            GenerateServices.Generation g = services.sample(cell, n, s, cp, bound, how, p);
            List<GeneratedRow> rows = new ArrayList<>(g.structures().size());
            for (StructureEntry e : g.structures()) rows.add(new GeneratedRow(e, services.validity(e, cell)));
            return java.util.Map.entry(g, rows);
        }, done -> {
            busy.set(false);
            GenerateServices.Generation g = done.getKey();
            List<GeneratedRow> rows = done.getValue();
            lastGeneration.set(g);
            lastJudgement.set(null);
            results.setAll(rows);
            ctx.workspace().generated().setAll(rows.stream().map(GeneratedRow::entry).toList());
            status.set(summary(g, rows, t.formula(), n));
            if (!rows.isEmpty()) selected.set(rows.get(0));
        }, e -> {
            busy.set(false);
            if (e instanceof CancellationException) status.set("Generation cancelled.");
            else ctx.dialogs().showError("Generate", e);
        });
    }

    /** The summary line of a judgement: the shares model-report --relax prints, in words. */
    static String judgementSummary(org.crystalgan.screening.stability.GenerativeMetrics.Row r, boolean cancelled) {
        String shares = String.format(java.util.Locale.ROOT, "of %d cells %.0f%% converged, %.0f%% metastable (≤ 0.2 eV/atom above the"
                        + " M3GNet hull), %.0f%% stable (≤ 0.08), %.0f%% on the hull, %.0f%% unique, %.0f%% new, %.0f%% S.U.N.; %d known"
                        + " structure(s) rediscovered", r.generated(), 100 * r.converged(), 100 * r.metastable(), 100 * r.stable(),
                100 * r.onHull(), 100 * r.unique(), 100 * r.novel(), 100 * r.sun(), r.rediscovered());
        return (cancelled ? "Relax & judge cancelled; cells not relaxed count as failing: " : "Relaxed and judged: ") + shares + ".";
    }

    /**
     * Relaxes the generated cells with M3GNet (both cores, off the FX thread, cancellable) and fills each row's relaxed
     * energy, energy above the hull, verdict and steps, and the status line with the shares of {@code model-report --relax}.
     */
    public void judge() {
        CandidateComposition t = target.get();
        List<GeneratedRow> rows = List.copyOf(results);
        if (rows.isEmpty() || t == null) {
            ctx.dialogs().showError("Relax & judge", "There are no generated cells to judge.", "Generate some first.");
            return;
        }
        Composition cell = t.composition();
        String how = method.get() == GenerationService.Method.RANDOM ? "random" : "gan";
        List<StructureEntry> entries = rows.stream().map(GeneratedRow::entry).toList();
        busy.set(true);
        ctx.tasks().submit("Relaxing and judging " + rows.size() + " × " + t.formula(), p -> services.judge(cell, how, entries, p), done -> {
            busy.set(false);
            // results may have been replaced meanwhile only through this pane's buttons, which busy disables
            List<GeneratedRow> judged = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) judged.add(rows.get(i).withJudged(done.cells().get(i)));
            GeneratedRow was = selected.get();
            int at = was == null ? -1 : rows.indexOf(was);
            results.setAll(judged);
            lastJudgement.set(done.row());
            status.set(judgementSummary(done.row(), done.cancelled()));
            if (at >= 0) selected.set(judged.get(at));
        }, e -> {
            busy.set(false);
            if (e instanceof CancellationException) status.set("Relax & judge cancelled.");
            else ctx.dialogs().showError("Relax & judge", e);
        });
    }
}
