package org.crystalgan.app.training;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.crystal.InputException;
import org.crystalgan.gan.GanConfig;

/**
 * The Training pane's state. Training runs on the service's own thread; its events are queued here
 * and taken in by {@link #flush()}, which the view calls at most ten times a second, so a fast run
 * cannot flood the FX thread however many steps it makes.
 */
public final class TrainingViewModel {
    public enum State { IDLE, STARTING, RUNNING, PAUSED, STOPPING }

    /** A chart never holds more points per series than this. */
    public static final int MAX_CHART_POINTS = 400;

    private final AppContext ctx;
    private final TrainingServices services;
    private final LongSupplier nanoTime;
    private final Map<String, StringProperty> parameters = new LinkedHashMap<>();
    private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<Path> runFolder = new SimpleObjectProperty<>(this, "runFolder");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "Not started.");
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.6);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private final IntegerProperty revision = new SimpleIntegerProperty(this, "revision", 0);
    private final ObservableList<TrainingServices.Checkpoint> checkpoints = FXCollections.observableArrayList();
    private final LossHistory history = new LossHistory();
    private final ConcurrentLinkedQueue<TrainingServices.StepLosses> pendingSteps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TrainingServices.Checkpoint> pendingCheckpoints = new ConcurrentLinkedQueue<>();
    private final AtomicReference<int[]> epochInfo = new AtomicReference<>(new int[] {0, 0});
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
        GanConfig d = GanConfig.defaults();
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
    }

    /** Parameter name → editable text, in the record's order. */
    public Map<String, StringProperty> parameters() { return parameters; }
    public ObjectProperty<Path> datasetProperty() { return dataset; }
    public ObjectProperty<Path> runFolderProperty() { return runFolder; }
    public ObjectProperty<State> stateProperty() { return state; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty progressTextProperty() { return progressText; }
    public DoubleProperty smoothingProperty() { return smoothing; }
    public BooleanProperty logScaleProperty() { return logScale; }
    /** Incremented whenever the curves have new points (the view redraws on change). */
    public IntegerProperty revisionProperty() { return revision; }
    public ObservableList<TrainingServices.Checkpoint> checkpoints() { return checkpoints; }
    public LossHistory history() { return history; }
    public Optional<String> unavailable() { return services.unavailable(); }

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

    public void resetToPaperDefaults() {
        GanConfig d = GanConfig.defaults();
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
        Optional<String> why = services.unavailable();
        if (why.isPresent()) {
            ctx.dialogs().showError("Training", why.get(), "Training becomes available once the GAN package is part of the build.");
            return;
        }
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
        pendingCheckpoints.clear();
        startNanos = nanoTime.getAsLong();
        startEpoch = -1;
        revision.set(revision.get() + 1);
        TrainingServices.Listener listener = new TrainingServices.Listener() {
            @Override public void onStep(TrainingServices.StepLosses l) { pendingSteps.add(l); }
            @Override public void onEpoch(int epoch, int epochs) { epochInfo.set(new int[] {epoch, epochs}); }
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
        if (state.get() != State.IDLE && state.get() != State.STARTING && ep[1] > 0) {
            if (startEpoch < 0) startEpoch = ep[0];
            progress.set(ep[0] / (double) ep[1]);
            progressText.set(String.format(Locale.ROOT, "Epoch %d of %d%s", ep[0], ep[1], eta(ep[0], ep[1])));
        }
        Object end = ending.getAndSet(null);
        if (end != null) {
            state.set(State.IDLE);
            run = null;
            if (end instanceof Throwable t) {
                progressText.set("Training failed at epoch " + ep[0] + ".");
                ctx.dialogs().showError("Training", t);
            } else {
                progressText.set("Training " + end + " after epoch " + ep[0] + " of " + ep[1] + ".");
            }
        }
        if (changed) revision.set(revision.get() + 1);
    }

    private String eta(int epoch, int epochs) {
        int done = epoch - Math.max(0, startEpoch);
        if (done <= 0 || epoch >= epochs) return "";
        double perEpoch = (nanoTime.getAsLong() - startNanos) / 1e9 / done;
        long s = Math.round(perEpoch * (epochs - epoch));
        return String.format(Locale.ROOT, ", about %d:%02d:%02d left", s / 3600, s / 60 % 60, s % 60);
    }

    /** Refreshes the checkpoint list from the run folder. */
    public void refreshCheckpoints() {
        Path f = runFolder.get();
        if (f == null || services.unavailable().isPresent()) return;
        try {
            checkpoints.setAll(services.checkpoints(f));
        } catch (Exception e) {
            ctx.dialogs().showError("Checkpoints", e);
        }
    }
}
