package org.crystalgan.app.training;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.app.common.ReadOnlyList;
import org.crystalgan.crystal.InputException;
import org.crystalgan.gan.GanConfig;

/**
 * The Training pane's state. Training runs on the service's own thread; its events are queued here
 * and taken in by {@link #flush()}, which the view calls at most ten times a second, so a fast run
 * cannot flood the FX thread however many steps it makes.
 */
public final class TrainingViewModel {
    public enum State { IDLE, STARTING, RUNNING, PAUSED, STOPPING }

    /**
     * Named sets of hyper-parameters. BUNDLED_MODEL is the recipe that trained the bundled model
     * (resources/crystalgan/model/TRAINING.md: the reference code's values with the classifier learning from real
     * matrices only and the row loss on generated matrices at weight 0.3); PAPER is the reference code's recipe,
     * which TRAINING.md shows reaching 0 % acceptance in the epochs a workstation can afford.
     */
    public enum Recipe {
        BUNDLED_MODEL("Recipe of the bundled model", GanConfig.defaults().withRealOnlyClassifier(true).withFakeRowLossWeight(0.3)),
        PAPER("Paper's code (Kim et al. 2020)", GanConfig.defaults());

        private final String title;
        private final GanConfig config;

        Recipe(String title, GanConfig config) {
            this.title = title;
            this.config = config;
        }

        public GanConfig config() { return config; }

        @Override public String toString() { return title; }
    }

    /** A hyper-parameter in a chemist's words: label with unit, and what it does. */
    public record Describe(String label, String tooltip) {}

    private static final Map<String, Describe> WORDS = Map.ofEntries(
            Map.entry("seed", new Describe("Random seed", "Seed of every random draw (noise, batches, initial weights): the same seed and data give the same run.")),
            Map.entry("epochs", new Describe("Epochs (passes over the set)", "How many times training goes through the whole training set; a resumed run continues up to this number.")),
            Map.entry("batchSize", new Describe("Structures per batch", "Matrices the networks see at once; the set needs at least this many.")),
            Map.entry("latentDim", new Describe("Noise length (fixed: 512)", "Length of the random vector the generator turns into a crystal; the networks are built for 512.")),
            Map.entry("lambdaGp", new Describe("Gradient-penalty weight λ", "Weight of the WGAN-GP gradient penalty that keeps the critic smooth (paper: 10).")),
            Map.entry("lrCritic", new Describe("Critic learning rate", "Adam step size of the critic, which scores real against generated structures.")),
            Map.entry("lrGenerator", new Describe("Generator learning rate", "Adam step size of the generator, which makes the structures.")),
            Map.entry("lrClassifier", new Describe("Classifier learning rate", "Adam step size of the classifier, which reads the Mg, Mn and O counts of a matrix.")),
            Map.entry("lrDecay", new Describe("Learning-rate decay factor", "Every learning rate is multiplied by this every few epochs (below).")),
            Map.entry("lrDecayEvery", new Describe("Decay every (epochs)", "Epochs between two learning-rate decays.")),
            Map.entry("beta1", new Describe("Adam β1", "Adam's momentum factor (paper's code: 0.5).")),
            Map.entry("beta2", new Describe("Adam β2", "Adam's factor for the running squared gradient (0.999).")),
            Map.entry("adamEpsilon", new Describe("Adam ε", "A small number that keeps Adam's steps finite.")),
            Map.entry("criticSteps", new Describe("Critic steps per generator step", "How often the critic learns before the generator learns once (paper: 5).")),
            Map.entry("rowLossWeight", new Describe("Atom/empty-row loss weight", "Weight of the classifier's per-row 'is there an atom' loss on real structures.")),
            Map.entry("cellLossWeight", new Describe("Atom-count loss weight", "Weight of the classifier's atom-count error in both losses.")),
            Map.entry("checkpointMinutes", new Describe("Checkpoint every (minutes)", "Minutes between two checkpoints in the run folder; one is also written at Stop.")),
            Map.entry("realOnlyClassifier", new Describe("Classifier learns from real structures only (true/false)",
                    "true: the classifier learns from real matrices only, so generator and classifier cannot agree on a code no real"
                    + " crystal uses (what the paper's recipe did here; see TRAINING.md). The bundled model was trained with true.")),
            Map.entry("fakeRowLossWeight", new Describe("Row loss on generated structures",
                    "Weight of the 'atom or empty row' loss on generated matrices, which makes decoded compositions match the"
                    + " requested ones (bundled model: 0.3; paper's code: 0).")),
            Map.entry("distancePenaltyWeight", new Describe("Short-contact penalty weight",
                    "Weight of a penalty on interatomic distances of generated cells below the floor (next), periodic images"
                    + " included; 0 switches it off (reference recipe: 0; the bundled model's fine-tune: 1).")),
            Map.entry("distanceFloor", new Describe("Short-contact floor (Å)",
                    "Distances at or above this cost nothing in the short-contact penalty (fine-tune: 1.8 Å; the shortest"
                    + " distance in any training structure is 1.38 Å).")),
            Map.entry("volumePenaltyWeight", new Describe("Volume-per-atom penalty weight",
                    "Weight of a penalty on generated cells whose volume per atom leaves the range below; 0 switches it off"
                    + " (fine-tune: 10). It keeps the short-contact penalty from being met by inflating cells.")),
            Map.entry("volumePerAtomMin", new Describe("Volume per atom, lower bound (Å³)",
                    "Lower end of the volume-per-atom range the penalty allows (fine-tune: 9; training structures: 10.1-14.9"
                    + " Å³ between their 5th and 95th percentiles).")),
            Map.entry("volumePerAtomMax", new Describe("Volume per atom, upper bound (Å³)",
                    "Upper end of the volume-per-atom range the penalty allows (fine-tune: 15).")),
            Map.entry("cationCationFloor", new Describe("Cation-cation floor (Å)",
                    "Floor of the short-contact penalty for Mg-Mg, Mg-Mn and Mn-Mn pairs; 0 uses the floor above. Training"
                    + " structures keep cations 2.16 Å apart at least, 2.8-3.0 Å typically.")),
            Map.entry("anionAnionFloor", new Describe("Oxygen-oxygen floor (Å)",
                    "Floor of the short-contact penalty for O-O pairs; 0 uses the floor above.")),
            Map.entry("distancePenaltyAtomsOnly", new Describe("Short-contact penalty moves atoms only",
                    "true: the short-contact penalty pushes atoms apart but never enlarges the cell (the volume penalty alone"
                    + " sets it), so it cannot be met by inflating cells.")),
            Map.entry("criticContacts", new Describe("Critic sees contact distances",
                    "true: the critic also sees each atom's distances to its nearest atom, nearest atom of the other kind and"
                    + " nearest of its own kind, so it can tell overlapping atoms from real contacts. Fixed for a run.")),
            Map.entry("separationSweeps", new Describe("Separation layer sweeps (0: off)",
                    "Above 0: the generator ends in a layer that pushes apart atoms closer than the three floors below, up to"
                    + " this many sweeps, in training and in generation, so no generated cell has overlapping atoms (100 is"
                    + " enough for nearly every cell; 0 switches it off, as in the paper).")),
            Map.entry("separationCationAnion", new Describe("Separation floor, cation-oxygen (Å)",
                    "Mg-O and Mn-O pairs closer than this are pushed apart (default 1.7 Å: 99 % of the training structures"
                    + " have no shorter cation-oxygen contact).")),
            Map.entry("separationCationCation", new Describe("Separation floor, cation-cation (Å)",
                    "Mg-Mg, Mg-Mn and Mn-Mn pairs closer than this are pushed apart (default 2.5 Å: the training structures'"
                    + " 5th percentile).")),
            Map.entry("separationAnionAnion", new Describe("Separation floor, oxygen-oxygen (Å)",
                    "O-O pairs closer than this are pushed apart (default 2.1 Å: the training structures' 5th percentile)."))
    );

    /** The label and tooltip of a hyper-parameter (its code name when none is written). */
    public static Describe describe(String name) { return WORDS.getOrDefault(name, new Describe(name, name)); }

    /** A chart never holds more points per series than this. */
    public static final int MAX_CHART_POINTS = 400;

    private final AppContext ctx;
    private final TrainingServices services;
    private final LongSupplier nanoTime;
    private final Map<String, StringProperty> parameters = new LinkedHashMap<>();
    private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<Path> runFolder = new SimpleObjectProperty<>(this, "runFolder");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "Not started.");
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.6);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);
    private final ObservableList<TrainingServices.Checkpoint> checkpoints = FXCollections.observableArrayList();
    private final LossHistory history = new LossHistory();
    private final ConcurrentLinkedQueue<TrainingServices.StepLosses> pendingSteps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TrainingServices.Checkpoint> pendingCheckpoints = new ConcurrentLinkedQueue<>();
    private final AtomicReference<int[]> epochInfo = new AtomicReference<>(new int[] {0, 0});
    // {1-based epoch, 1-based batch, batches per epoch, epochs} of the last batch reported; null before the first
    private final AtomicReference<int[]> batchInfo = new AtomicReference<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<Recipe> recipe = new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "recipe", Recipe.BUNDLED_MODEL);
    private double startFraction = -1;
    private State shownState;
    private long lastShownNanos = Long.MIN_VALUE;
    private final AtomicReference<Object> ending = new AtomicReference<>();
    private TrainingServices.Run run;
    private long startNanos;
    private int startEpoch;

    public TrainingViewModel(AppContext ctx, TrainingServices services) {
        this(ctx, services, System::nanoTime);
    }

    TrainingViewModel(AppContext ctx, TrainingServices services, LongSupplier nanoTime) {
        this.ctx = ctx;
        this.services = services;
        this.nanoTime = nanoTime;
        GanConfig d = Recipe.BUNDLED_MODEL.config();
        for (RecordComponent rc : GanConfig.class.getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(d);
                parameters.put(rc.getName(), new SimpleStringProperty(this, rc.getName(), String.valueOf(v)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        ctx.settings().getString("training.dataset").map(Path::of).ifPresent(dataset::set);
        ctx.settings().getString("training.runFolder").map(Path::of).ifPresent(runFolder::set);
        // the set the Data pane has just built is the one a chemist means to train on next
        ctx.workspace().trainingSetProperty().addListener((o, old, built) -> { if (built != null) dataset.set(built); });
    }

    /** Parameter name → editable text, in the record's order. */
    @BoundInput public Map<String, StringProperty> parameters() { return parameters; }
    @BoundInput public ObjectProperty<Path> datasetProperty() { return dataset; }
    @BoundInput public ObjectProperty<Path> runFolderProperty() { return runFolder; }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }
    @BoundInput public DoubleProperty smoothingProperty() { return smoothing; }
    @BoundInput public BooleanProperty logScaleProperty() { return logScale; }
    /** Incremented whenever the curves have new points (the view redraws on change). */
    public ReadOnlyIntegerProperty revisionProperty() { return revision.getReadOnlyProperty(); }
    private final ReadOnlyList<TrainingServices.Checkpoint> checkpointsView = new ReadOnlyList<>(checkpoints);
    public ReadOnlyList<TrainingServices.Checkpoint> checkpoints() { return checkpointsView; }
    public LossHistory history() { return history; }

    private static final java.util.Set<String> DEFAULT_ZERO = zeroDefaults();

    private static java.util.Set<String> zeroDefaults() {
        java.util.Set<String> z = new java.util.HashSet<>();
        GanConfig d = GanConfig.defaults();
        for (RecordComponent rc : GanConfig.class.getRecordComponents()) {
            try {
                if (rc.getAccessor().invoke(d) instanceof Number n && n.doubleValue() == 0) z.add(rc.getName());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return z;
    }

    /** The hyper-parameters as typed; an InputException names the field that does not parse. */
    public GanConfig hyperParameters() {
        RecordComponent[] rcs = GanConfig.class.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            String name = rcs[i].getName(), text = parameters.get(name).get().strip();
            types[i] = rcs[i].getType();
            if (types[i] == boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new InputException("Training parameter " + name + ": \"" + text + "\" is not true or false.");
                }
                args[i] = Boolean.parseBoolean(text);
                continue;
            }
            try {
                if (types[i] == int.class) args[i] = Integer.parseInt(text);
                else if (types[i] == long.class) args[i] = Long.parseLong(text);
                else args[i] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new InputException("Training parameter " + name + ": \"" + text + "\" is not a "
                        + (types[i] == double.class ? "number" : "whole number") + ".");
            }
            // parameters whose paper value is 0 (our optional loss terms) may stay 0; the others must be positive
            boolean zeroAllowed = DEFAULT_ZERO.contains(name);
            double v = ((Number) args[i]).doubleValue();
            if (types[i] != long.class && !(zeroAllowed ? v >= 0 : v > 0)) {
                throw new InputException("Training parameter " + name + " must be " + (zeroAllowed ? "0 or more" : "positive")
                        + " (it is " + text + ").");
            }
        }
        try {
            return GanConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // the trainer's own checks (batch size, noise length, ...) in words
            throw new InputException("Training parameters: " + e.getCause().getMessage() + ".");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Recipe> recipeProperty() { return recipe.getReadOnlyProperty(); }

    public void resetToPaperDefaults() { applyRecipe(Recipe.PAPER); }

    /** Fills every hyper-parameter from a named recipe. */
    public void applyRecipe(Recipe r) {
        recipe.set(r);
        GanConfig d = r.config();
        for (RecordComponent rc : GanConfig.class.getRecordComponents()) {
            try {
                parameters.get(rc.getName()).set(String.valueOf(rc.getAccessor().invoke(d)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public void start() { start(null); }

    /** Starts training, from scratch or from a checkpoint. */
    public void start(Path resumeFrom) {
        if (state.get() != State.IDLE) return;
        GanConfig hp;
        try {
            hp = hyperParameters();
        } catch (InputException e) {
            ctx.dialogs().showError("Training", e);
            return;
        }
        if (dataset.get() == null) {
            ctx.dialogs().showError("Training", "No training set is chosen.", "Build one in the Data pane, then choose it with \"Training set…\".");
            return;
        }
        if (runFolder.get() == null) {
            ctx.dialogs().showError("Training", "No folder for checkpoints is chosen.", "Choose one with \"Run folder…\".");
            return;
        }
        ctx.settings().put("training.dataset", dataset.get().toString()).put("training.runFolder", runFolder.get().toString());
        if (resumeFrom == null) history.clear();
        pendingSteps.clear();
        ending.set(null);
        epochInfo.set(new int[] {0, hp.epochs()});
        batchInfo.set(null);
        pendingCheckpoints.clear();
        startNanos = nanoTime.getAsLong();
        startEpoch = -1;
        startFraction = -1;
        lastShownNanos = Long.MIN_VALUE;
        revision.set(revision.get() + 1);
        TrainingServices.Listener listener = new TrainingServices.Listener() {
            @Override public void onStep(TrainingServices.StepLosses l) { pendingSteps.add(l); }
            @Override public void onEpoch(int epoch, int epochs) { epochInfo.set(new int[] {epoch, epochs}); }
            @Override public void onBatch(int epoch, int batch, int batchesPerEpoch, int epochs) {
                batchInfo.set(new int[] {epoch, batch, batchesPerEpoch, epochs});
            }
            @Override public void onCheckpoint(TrainingServices.Checkpoint c) { pendingCheckpoints.add(c); }
            @Override public void onFinished(boolean stopped) { ending.set(stopped ? "stopped" : "finished"); }
            @Override public void onFailed(Throwable problem) { ending.set(problem); }
        };
        Path data = dataset.get(), folder = runFolder.get();
        state.set(State.STARTING);
        progressText.set("Loading the training set and building the networks…");
        // reading the set and setting up the networks (native libraries on first use) takes seconds: not on the FX thread
        ctx.tasks().submit("Starting training", p -> services.start(hp, data, folder, resumeFrom, listener), r -> {
            run = r;
            startNanos = nanoTime.getAsLong();
            state.set(State.RUNNING);
            progressText.set("Training…");
        }, e -> {
            state.set(State.IDLE);
            progressText.set("Not started.");
            if (!(e instanceof java.util.concurrent.CancellationException)) ctx.dialogs().showError("Training", e);
        });
    }

    public void pause() {
        if (state.get() == State.RUNNING) { run.pause(); state.set(State.PAUSED); }
    }

    public void resume() {
        if (state.get() == State.PAUSED) { run.resume(); state.set(State.RUNNING); }
    }

    public void stop() {
        if (state.get() == State.RUNNING || state.get() == State.PAUSED) { run.stop(); state.set(State.STOPPING); }
    }

    /** Takes in what the training thread reported since the last call. Call on the FX thread, ≤ 10 times a second. */
    public void flush() {
        boolean changed = false;
        TrainingServices.StepLosses l;
        while ((l = pendingSteps.poll()) != null) {
            history.add(l.step(), l.critic(), l.wasserstein(), l.gradientPenalty(), l.generator(), l.classifier());
            changed = true;
        }
        TrainingServices.Checkpoint cp;
        while ((cp = pendingCheckpoints.poll()) != null) {
            // a run folder keeps one checkpoint: the newest replaces the entry for its folder
            final Path folder = cp.folder();
            checkpoints.removeIf(c -> c.folder().equals(folder));
            checkpoints.add(cp);
        }
        int[] ep = epochInfo.get();
        int[] b = batchInfo.get();
        // the batch counter is finer than the epoch counter; whichever is further on tells where the run is
        boolean inEpoch = b != null && b[1] < b[2] && b[0] > ep[0];
        long now = nanoTime.getAsLong();
        // batches end many times a second: the bar and text follow at most twice a second (and at once on a state
        // change), so the pane does not re-lay itself out at every tick while training shares the cores
        boolean due = shownState != state.get() || lastShownNanos == Long.MIN_VALUE || now - lastShownNanos >= 500_000_000L;
        if (due && state.get() != State.IDLE && state.get() != State.STARTING && ep[1] > 0) {
            shownState = state.get();
            lastShownNanos = now;
            double fraction = inEpoch ? (b[0] - 1 + b[1] / (double) b[2]) / ep[1] : ep[0] / (double) ep[1];
            if (startFraction < 0) startFraction = fraction;
            if (startEpoch < 0) startEpoch = ep[0];
            progress.set(fraction);
            String where = inEpoch ? String.format(Locale.ROOT, "Epoch %d of %d (batch %d of %d)", b[0], ep[1], b[1], b[2])
                    : String.format(Locale.ROOT, "Epoch %d of %d", ep[0], ep[1]);
            progressText.set((state.get() == State.PAUSED ? "Paused: " : "") + where + (state.get() == State.PAUSED ? "" : eta(fraction)));
        }
        Object end = ending.getAndSet(null);
        if (end != null) {
            state.set(State.IDLE);
            run = null;
            if (ep[1] > 0) progress.set(inEpoch ? (b[0] - 1 + b[1] / (double) b[2]) / ep[1] : ep[0] / (double) ep[1]);
            String where = inEpoch ? "in epoch " + b[0] + " of " + ep[1] + " at batch " + b[1] + " of " + b[2]
                    : "after epoch " + ep[0] + " of " + ep[1];
            if (end instanceof Throwable t) {
                progressText.set("Training failed " + where + ".");
                ctx.dialogs().showError("Training", t);
            } else {
                progressText.set("Training " + end + " " + where + "." + ("stopped".equals(end) ? " The checkpoint keeps this point; resume from it." : ""));
            }
        }
        if (changed) revision.set(revision.get() + 1);
    }

    // from the share of the run done since it started (or resumed) here and the time that took
    private String eta(double fraction) {
        double done = fraction - Math.max(0, startFraction);
        if (done <= 1e-12 || fraction >= 1) return "";
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        long s = Math.round(seconds / done * (1 - fraction));
        return String.format(Locale.ROOT, ", about %d:%02d:%02d left", s / 3600, s / 60 % 60, s % 60);
    }

    /** Refreshes the checkpoint list from the run folder. */
    public void refreshCheckpoints() {
        Path f = runFolder.get();
        if (f == null) return;
        try {
            checkpoints.setAll(services.checkpoints(f));
        } catch (Exception e) {
            ctx.dialogs().showError("Checkpoints", e);
        }
    }

    // Why one panel per loss: the critic loss is the gradient penalty less the Wasserstein estimate, and early in a run
    // (and on small sets) that estimate is a thousandth of the penalty, so on one axis the critic curve lay exactly under
    // the penalty's, while the generator loss (hundredths) lay flat at zero beside losses near 8 (measured on a real
    // tiny run, TrainingChartTest). Each shown loss gets its own vertical scale over one shared iteration axis.
    private final java.util.List<BooleanProperty> shown = shownDefaults(this);

    private static java.util.List<BooleanProperty> shownDefaults(Object bean) {
        java.util.List<BooleanProperty> l = new java.util.ArrayList<>();
        for (int s = 0; s < LossHistory.SERIES.size(); s++) {
            l.add(new SimpleBooleanProperty(bean, "shown" + s, s == CRITIC || s == GENERATOR));
        }
        return java.util.List.copyOf(l);
    }

    /** Indices into {@link LossHistory#SERIES} of the two losses drawn by default. */
    public static final int CRITIC = 0, GENERATOR = 3;

    /** Whether the loss {@code series} (an index into {@link LossHistory#SERIES}) has a panel of its own. */
    @BoundInput public BooleanProperty shownProperty(int series) { return shown.get(series); }

    /** One panel's curve: which loss, its name and the points to draw (smoothed, thinned, maybe log). */
    public record Curve(int series, String name, java.util.List<LossHistory.Point> points) {}

    /** The curves of the shown losses, in {@link LossHistory#SERIES} order. */
    public java.util.List<Curve> curves() {
        java.util.List<Curve> out = new java.util.ArrayList<>();
        for (int s = 0; s < LossHistory.SERIES.size(); s++) {
            if (!shown.get(s).get()) continue;
            out.add(new Curve(s, LossHistory.SERIES.get(s), history.view(s, MAX_CHART_POINTS, smoothing.get(), logScale.get())));
        }
        return out;
    }

    /** Bounds and tick of a whole-number axis. */
    public record WholeAxis(long lower, long upper, long tick) {}

    /** The iteration axis all panels share: whole ticks of 1, 2 or 5 × 10ⁿ from the first recorded iteration to the last. */
    public WholeAxis iterationAxis() {
        long first = history.firstStep(), last = Math.max(history.lastStep(), first + 1);
        long tick = org.crystalgan.app.common.ChartAxes.niceStep(last - first, 8);
        long lower = Math.floorDiv(first, tick) * tick;
        long upper = Math.max(lower + tick, -Math.floorDiv(-last, tick) * tick);
        return new WholeAxis(lower, upper, tick);
    }
}
