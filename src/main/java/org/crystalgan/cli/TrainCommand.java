package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.Progress;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.gan.GanTrainer;
import org.crystalgan.gan.TrainingEvent;
import org.crystalgan.gan.TrainingSet;
import org.crystalgan.workflow.TrainingService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: WGAN-GP training with checkpoints, a progress bar and resume. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the composition-conditioned crystal GAN on a .npy of (n, 30, 3) matrices. Checkpoints go to"
                + " --out every few minutes and when stopped (Ctrl-C or kill stops cleanly); --resume continues one."
                + " Exit status: 0 when training ended or a requested stop (SIGINT, SIGTERM) left a clean checkpoint;"
                + " 130 or 143 only when no clean checkpoint was written within 60 s of the signal.")
public final class TrainCommand implements Callable<Integer> {
    /** Below every cation-oxygen bond of the training structures, above their shortest distance (1.38 Å). */
    static final double DEFAULT_DISTANCE_FLOOR = 1.8;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, description = ".npy file of shape (n, 30, 3) (the paper's representation)")
    Path data;

    @Option(names = "--epochs", required = true, description = "total number of epochs (a resumed run continues up to it)")
    int epochs;

    @Option(names = "--out", required = true, description = "folder for checkpoints, the training log and the augmented data")
    Path out;

    @Option(names = "--resume", description = "continue the run checkpointed in --out")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "CHECKPOINT_DIR", description = "start a new run in --out from the networks"
            + " (generator, critic, classifier) of the checkpoint in CHECKPOINT_DIR, with this command's options, training set"
            + " and fresh optimiser state (fine-tuning on another set, e.g. --augment 1000; --resume refuses another set)."
            + " The source and its iteration are recorded in every checkpoint of the new run")
    Path initFrom;

    @Option(names = "--augment", defaultValue = "0",
            description = "augment every composition to this many matrices (translation, axis swap; the paper used 1000); 0: train on the file as it is (default)")
    int augment;

    @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, shuffling, noise and augmentation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--real-only-classifier", negatable = true,
            description = "train the classifier on real matrices only and score generated ones with it in inference mode"
                    + " (our option; the reference also trains it on generated matrices). With --resume: switch from here on")
    Boolean realOnlyClassifier;

    @Option(names = "--fake-row-loss", description = "weight of the classifier's per-row atom / no-atom loss on generated"
            + " matrices in the generator's loss, atoms in the first n rows of each element block as in real matrices"
            + " (our option; the reference's weight is 0). With --resume: change it from here on")
    Double fakeRowLoss;

    @Option(names = "--distance-penalty", paramLabel = "WEIGHT", description = "weight of a penalty on the generator,"
            + " sum of (floor - d)^2 over atom pairs of each generated matrix closer than --distance-floor (periodic images"
            + " included), batch mean (our option; not in the paper; 0: off, the default). With --resume: change it from here on")
    Double distancePenalty;

    @Option(names = "--distance-floor", paramLabel = "ANGSTROM", description = "floor of --distance-penalty in Å (default 1.8"
            + " for a new run; the training structures' shortest distance is 1.38 Å, cation-oxygen bonds 1.9-2.2 Å)")
    Double distanceFloor;

    @Option(names = "--cation-cation-floor", paramLabel = "ANGSTROM", description = "floor of --distance-penalty for pairs of"
            + " two cations (Mg, Mn), Å; cation-oxygen pairs keep --distance-floor (our option; the training structures'"
            + " cation-cation distances are 2.16 Å at least, 2.8-3.0 Å typically; 0: --distance-floor, the default)."
            + " With --resume: change it from here on")
    Double cationCationFloor;

    @Option(names = "--anion-anion-floor", paramLabel = "ANGSTROM", description = "the same for oxygen-oxygen pairs"
            + " (0: --distance-floor, the default). With --resume: change it from here on")
    Double anionAnionFloor;

    @Option(names = "--penalty-moves-atoms-only", negatable = true, description = "the --distance-penalty's gradient"
            + " moves atoms only, not the cell (the --volume-penalty alone sets the cell), so short contacts cannot be"
            + " removed by inflating cells (our option; default off). With --resume: change it from here on")
    Boolean atomsOnly;

    @Option(names = "--critic-contacts", description = "the critic also sees, for every atom, its distances to the"
            + " nearest atom, to the nearest of the other kind (cation-oxygen) and to the nearest of its own kind, so it can"
            + " tell overlapping atoms from real contacts (our option; default off; the paper's critic sees each row alone)."
            + " Fixed for a run: a new run takes it with --init-from from a run without it")
    boolean criticContacts;

    @Option(names = "--separation-layer", paramLabel = "SWEEPS", arity = "0..1",
            fallbackValue = "" + GanConfig.SEPARATION_SWEEPS_DEFAULT, description = "end the generator in a layer that pushes"
            + " apart atoms closer than --separation-floors, up to SWEEPS sweeps (default when given without a number: "
            + GanConfig.SEPARATION_SWEEPS_DEFAULT + "), in training and in generation (our option; not in the paper; 0: off,"
            + " the default). With --resume: switch it on or off from here on")
    Integer separationLayer;

    @Option(names = "--separation-floors", paramLabel = "CA,CC,AA", split = ",", description = "floors of --separation-layer"
            + " in Å for cation-anion, cation-cation and anion-anion pairs (default 1.7,2.5,2.1: the training structures'"
            + " 1st, 5th and 5th percentiles of their shortest contact of each kind)")
    List<Double> separationFloors;

    @Option(names = "--volume-penalty", paramLabel = "WEIGHT", description = "weight of a penalty on the generator for a"
            + " volume per atom outside --volume-per-atom: (ln of the ratio to the nearer bound)^2, batch mean (our option;"
            + " a distance penalty alone inflates cells; 0: off, the default). With --resume: change it from here on")
    Double volumePenalty;

    @Option(names = "--volume-per-atom", paramLabel = "MIN,MAX", split = ",", description = "range of --volume-penalty in Å³"
            + " per atom (default 9,15: the training structures' 5th-95th percentiles are 10.1 and 14.9)")
    List<Double> volumePerAtom;

    @Option(names = "--critic-steps", paramLabel = "N", description = "critic steps per generator step (the reference: 5)."
            + " With --resume: change it from here on (fine-tuning: more generator steps per hour)")
    Integer criticSteps;

    @Option(names = "--lr-generator", paramLabel = "RATE", description = "the generator's Adam learning rate before the epoch"
            + " decay (the reference: 5e-5). With --resume: change it from here on")
    Double lrGenerator;

    @Option(names = "--threads", description = "1, or 2 to run independent parts of each step side by side (same results;"
            + " default: 2 where there are two or more cores)")
    Integer threads;

    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "minutes between checkpoints (default ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (epochs < 1) throw new InputException("--epochs must be at least 1 (got " + epochs + ")");
        if (fakeRowLoss != null && !(fakeRowLoss >= 0)) throw new InputException("--fake-row-loss must be 0 or more (got " + fakeRowLoss + ")");
        if (distancePenalty != null && !(distancePenalty >= 0 && distancePenalty < Double.POSITIVE_INFINITY)) {
            throw new InputException("--distance-penalty must be a finite number, 0 or more (got " + distancePenalty + ")");
        }
        if (distanceFloor != null && !(distanceFloor > 0 && distanceFloor <= 4)) {
            throw new InputException("--distance-floor must be above 0 and at most 4 Å (got " + distanceFloor + ")");
        }
        if (initFrom != null && resume) {
            throw new InputException("--init-from starts a new run and --resume continues one: give one of them");
        }
        if (initFrom != null && !GanTrainer.hasCheckpoint(initFrom)) {
            throw new InputException(initFrom + ": no checkpoint to start from (checkpoint.json missing)");
        }
        if (initFrom != null && GanTrainer.hasCheckpoint(this.out)) {
            throw new InputException(this.out + " already holds a checkpoint; --init-from needs a new --out");
        }
        Files.createDirectories(this.out);
        TrainingSet set = load(out);
        GanTrainer trainer;
        if (resume) {
            if (!GanTrainer.hasCheckpoint(this.out)) throw new InputException(this.out + ": no checkpoint to resume (checkpoint.json missing)");
            // the folder belongs to this run: any temporary in it is what a killed checkpoint left (tens of MB each)
            int removed = TrainingService.removeInterruptedCheckpoint(this.out);
            if (removed > 0) out.printf(Locale.ROOT, "removed %d temporary file(s) of a checkpoint that was interrupted%n", removed);
            Double floor = distanceFloor;
            if (floor == null && distancePenalty != null && distancePenalty > 0) floor = DEFAULT_DISTANCE_FLOOR;
            trainer = TrainingService.resume(this.out, set, epochs, realOnlyClassifier, fakeRowLoss, distancePenalty, floor, this::recipe);
            out.printf(Locale.ROOT, "resuming at epoch %d, batch %d%s%s%n", trainer.epoch() + 1, trainer.batch() + 1,
                    trainer.config().realOnlyClassifier() ? " (classifier on real data only)" : "",
                    trainer.config().fakeRowLossWeight() > 0 ? String.format(Locale.ROOT, " (row loss on generated matrices, weight %.3g)",
                            trainer.config().fakeRowLossWeight()) : "");
            if (criticSteps != null || lrGenerator != null) {
                out.printf(Locale.ROOT, "from here on: %d critic step(s) per generator step, generator learning rate %.3g (before decay)%n",
                        trainer.config().criticSteps(), trainer.config().lrGenerator());
            }
            printPenalty(out, trainer.config());
        } else {
            if (GanTrainer.hasCheckpoint(this.out)) {
                throw new InputException(this.out + " already holds a checkpoint; add --resume to continue it or choose another --out");
            }
            GanConfig cfg = GanConfig.defaults().withEpochs(epochs).withSeed(seed).withCheckpointMinutes(checkpointMinutes)
                    .withRealOnlyClassifier(Boolean.TRUE.equals(realOnlyClassifier))
                    .withFakeRowLossWeight(fakeRowLoss == null ? 0 : fakeRowLoss);
            double w = distancePenalty == null ? 0 : distancePenalty;
            cfg = cfg.withDistancePenalty(w, w > 0 ? (distanceFloor == null ? DEFAULT_DISTANCE_FLOOR : distanceFloor) : 0);
            if (initFrom != null) {
                trainer = TrainingService.startFrom(initFrom, recipe(cfg), set, this.out);
                out.printf(Locale.ROOT, "new run from the networks of %s (iteration %d)%n", initFrom,
                        trainer.initFrom().path("step").asLong());
            } else {
                trainer = TrainingService.start(recipe(cfg), set, this.out);
            }
        }
        printPenalty(out, trainer.config());
        out.printf(Locale.ROOT, "%d training matrices (%d dropped as unusable), %d batches per epoch%n", set.size(), set.dropped(),
                trainer.batchesPerEpoch());
        out.flush();
        ConsoleProgress bar = new ConsoleProgress(out, System.console() != null);
        if (threads != null) {
            if (threads < 1) throw new InputException("--threads must be 1 or more, not " + threads);
            trainer.setThreads(threads);
        }
        // the history files (training-log.csv, training-iterations.csv) are attached by TrainingService
        trainer.addListener(bar::onEvent);
        // On Ctrl-C or kill the hook asks the trainer to stop and waits until the checkpoint is written and the
        // summary printed: waiting for the main thread itself to end would hang, as it blocks in System.exit
        // while the shutdown runs (a stopped run then took a minute to exit).
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean cleanStop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            trainer.stop();
            try {
                if (finished.await(60, java.util.concurrent.TimeUnit.SECONDS) && cleanStop.get()) {
                    // the stop the user asked for completed with a clean checkpoint: that is success, so exit 0
                    // rather than the 128 + signal status the JVM would give (scripts and schedulers read 143 as a crash)
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(Main.OK);
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            trainer.run();
            out.println();
            out.printf(Locale.ROOT, "checkpoint in %s: %d of %d epochs done, next batch %d%n", this.out, trainer.epoch(), epochs, trainer.batch() + 1);
            out.flush();
            cleanStop.set(true);
        } catch (org.crystalgan.gan.TrainingDivergedException e) {
            out.println();
            throw new InputException(e.getMessage());
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has been released
            }
        }
        return Main.OK;
    }

    private static void printPenalty(PrintWriter out, GanConfig c) {
        if (c.criticContacts()) out.println("the critic sees contact distances (nearest atom, other kind, own kind)");
        if (c.separationSweeps() > 0) {
            out.printf(Locale.ROOT, "the generator ends in a separation layer: up to %d sweeps, floors %.2f Å cation-anion, %.2f Å"
                    + " cation-cation, %.2f Å anion-anion%n", c.separationSweeps(), c.separationCationAnion(),
                    c.separationCationCation(), c.separationAnionAnion());
        }
        if (c.volumePenaltyWeight() > 0) {
            out.printf(Locale.ROOT, "volume penalty on the generator: weight %.3g outside %.1f-%.1f Å³ per atom%n",
                    c.volumePenaltyWeight(), c.volumePerAtomMin(), c.volumePerAtomMax());
        }
        if (c.distancePenaltyWeight() > 0) {
            out.printf(Locale.ROOT, "short-distance penalty on the generator: weight %.3g, floor %.2f Å%s%s%s%n",
                    c.distancePenaltyWeight(), c.distanceFloor(),
                    c.cationCationFloor() > 0 ? String.format(Locale.ROOT, ", cation-cation %.2f Å", c.cationCationFloor()) : "",
                    c.anionAnionFloor() > 0 ? String.format(Locale.ROOT, ", O-O %.2f Å", c.anionAnionFloor()) : "",
                    c.distancePenaltyAtomsOnly() ? "; it moves atoms only, the cell is the volume term's" : "");
        }
    }

    /** The fine-tuning options given on the command line applied to a configuration. */
    private GanConfig recipe(GanConfig c) {
        if (criticSteps != null) {
            if (criticSteps < 1) throw new InputException("--critic-steps must be 1 or more (got " + criticSteps + ")");
            c = c.withCriticSteps(criticSteps);
        }
        if (volumePenalty != null || volumePerAtom != null) {
            double w = volumePenalty != null ? volumePenalty : c.volumePenaltyWeight();
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) throw new InputException("--volume-penalty must be a finite number, 0 or more (got " + w + ")");
            if (volumePerAtom != null && volumePerAtom.size() != 2) {
                throw new InputException("--volume-per-atom takes two numbers, MIN,MAX in Å³ per atom (got " + volumePerAtom.size() + ")");
            }
            double lo = volumePerAtom != null ? volumePerAtom.get(0) : c.volumePerAtomMin() > 0 ? c.volumePerAtomMin() : 9.0;
            double hi = volumePerAtom != null ? volumePerAtom.get(1) : c.volumePerAtomMax() > 0 ? c.volumePerAtomMax() : 15.0;
            if (!(lo > 0 && hi >= lo && hi < 1000)) {
                throw new InputException("--volume-per-atom needs 0 < MIN <= MAX < 1000 Å³ per atom (got " + lo + "," + hi + ")");
            }
            c = c.withVolumePenalty(w, lo, hi);
        }
        if (cationCationFloor != null || anionAnionFloor != null) {
            double cc = cationCationFloor != null ? cationCationFloor : c.cationCationFloor();
            double aa = anionAnionFloor != null ? anionAnionFloor : c.anionAnionFloor();
            if (!(cc >= 0 && cc <= 4) || !(aa >= 0 && aa <= 4)) {
                throw new InputException("--cation-cation-floor and --anion-anion-floor must be from 0 to 4 Å (got " + cc + ", " + aa + ")");
            }
            c = c.withPairFloors(cc, aa);
        }
        if (atomsOnly != null) c = c.withDistancePenaltyAtomsOnly(atomsOnly);
        if (criticContacts && !c.criticContacts()) {
            if (resume) {
                throw new InputException("--critic-contacts cannot be switched on in a run in progress (its critic would change"
                        + " shape); start a new run from it with --init-from " + this.out);
            }
            c = c.withCriticContacts(true);
        }
        if (separationLayer != null || separationFloors != null) {
            int sweeps = separationLayer != null ? separationLayer : c.separationSweeps();
            if (sweeps < 0 || sweeps > 1000) throw new InputException("--separation-layer takes 0 (off) to 1000 sweeps (got " + sweeps + ")");
            if (sweeps == 0 && separationFloors != null && separationLayer == null) {
                throw new InputException("--separation-floors needs --separation-layer (this run has no separation layer)");
            }
            if (separationFloors == null) {
                c = c.withSeparationLayer(sweeps);
            } else {
                if (separationFloors.size() != 3) {
                    throw new InputException("--separation-floors takes three numbers, CA,CC,AA in Å (got " + separationFloors.size() + ")");
                }
                for (double f : separationFloors) {
                    if (!(f > 0 && f <= 4)) throw new InputException("--separation-floors must be above 0 and at most 4 Å (got " + f + ")");
                }
                c = c.withSeparationLayer(sweeps, separationFloors.get(0), separationFloors.get(1), separationFloors.get(2));
            }
        }
        if (lrGenerator != null) {
            if (!(lrGenerator > 0 && lrGenerator < 1)) throw new InputException("--lr-generator must be in (0, 1) (got " + lrGenerator + ")");
            c = c.withLrGenerator(lrGenerator);
        }
        return c;
    }

    private TrainingSet load(PrintWriter out) {
        if (augment < 0) throw new InputException("--augment cannot be negative (got " + augment + ")");
        if (augment == 0) return TrainingService.load(data);
        out.println("augmenting " + data + " to " + augment + " matrices per composition (cached in "
                + TrainingService.augmentedCache(this.out, augment, seed) + ")");
        out.flush();
        return TrainingService.loadAugmented(data, this.out, augment, seed, Progress.NONE);
    }

    /** A one-line progress bar on a console; a plain line every 30 s when output goes to a file. */
    static final class ConsoleProgress {
        private final PrintWriter out;
        private final boolean console;
        private long lastPrint;
        private double lastEta = Double.NaN;
        private double secPerIter = Double.NaN;

        ConsoleProgress(PrintWriter out, boolean console) {
            this.out = out;
            this.console = console;
        }

        void onEvent(TrainingEvent ev) {
            long now = System.nanoTime();
            if (ev instanceof TrainingEvent.Iteration it) {
                secPerIter = Double.isNaN(secPerIter) ? it.seconds() : 0.98 * secPerIter + 0.02 * it.seconds();
                if (now - lastPrint < (console ? 200_000_000L : 30_000_000_000L)) return;
                lastPrint = now;
                int width = 30;
                int filled = (int) Math.round(width * (it.batch() + 1.0) / it.batchesPerEpoch());
                String line = String.format(Locale.ROOT, "epoch %d [%s%s] %d/%d  W %.3f  GP %.3f  G %.3f  %.2f s/it  ETA %s",
                        it.epoch() + 1, "#".repeat(filled), ".".repeat(width - filled), it.batch() + 1, it.batchesPerEpoch(),
                        it.wasserstein(), it.gradientPenalty(), it.generatorLoss(), secPerIter,
                        Double.isNaN(lastEta) ? "after epoch 1" : duration(lastEta));
                out.print(console ? "\r" + line : line + "\n");
                out.flush();
            } else if (ev instanceof TrainingEvent.Epoch e) {
                lastEta = e.etaSeconds();
                out.printf(Locale.ROOT, "%sepoch %d/%d: critic %.4f  W %.4f  GP %.4f  G %.4f  classifier real %.4f fake %.4f  (%s, ETA %s)%n",
                        console ? "\r" : "", e.epoch() + 1, e.epochs(), e.criticLoss(), e.wasserstein(), e.gradientPenalty(),
                        e.generatorLoss(), e.classifierRealLoss(), e.classifierFakeLoss(), duration(e.seconds()), duration(e.etaSeconds()));
                out.flush();
            } else if (ev instanceof TrainingEvent.CheckpointWritten c && !console) {
                out.printf(Locale.ROOT, "checkpoint written (epoch %d, batch %d)%n", c.epoch() + 1, c.batch());
                out.flush();
            } else if (ev instanceof TrainingEvent.Failed f) {
                out.println();
                out.println("training failed: " + f.message());
                out.flush();
            }
        }

        static String duration(double s) {
            if (!Double.isFinite(s)) return "?";
            long t = Math.round(s);
            return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
                    : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
        }
    }
}
