package org.crystalgan.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.ScreeningPipeline;
import org.crystalgan.screening.export.CandidateExporter;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.ReferencePhases;

/**
 * Screening, the one implementation behind the {@code screen} command and the Screening pane: the
 * {@link ScreeningPipeline} with its valid cells relaxed by an interatomic potential (M3GNet by default) on a pool of
 * workers, each finished relaxation journalled in a {@link RelaxationJournal} so that a cancelled or crashed run
 * resumes where it stopped, and energies above hull against the potential's MP-corrected hull (or the user's
 * entries, or imported DFT, each row saying which).
 */
public final class ScreeningService {
    /** What {@code --relax} means when it is not given. */
    public static final String DEFAULT_RELAX = Potentials.DEFAULT;
    /** {@code --relax} value that skips relaxation. */
    public static final String NO_RELAX = "none";
    /** {@code --relax} value that keeps the classical force field's own relaxer (Buckingham + Ewald), as before M3GNet. */
    public static final String CLASSICAL = "classical";

    /**
     * @param inputs       the structures (the journal knows them by content, so names need not be unique; listeners hear names)
     * @param options      the pipeline's options (references, entries, DFT runs, thresholds, ranking); its relaxation
     *                     settings are replaced by {@code relax}
     * @param relax        {@code m3gnet}, {@code classical}, {@code none} or a folder holding a matgl M3GNet model
     * @param relaxOptions fmax and step limit of the potential's relaxation
     * @param workers      relaxation threads (below 1: one per processor)
     * @param journal      folder of the relaxation journal ({@code OUT/relaxations}); null for none (nothing resumes)
     */
    public record Request(List<ScreeningPipeline.Input> inputs, ScreeningPipeline.Options options, String relax, RelaxOptions relaxOptions,
                          int workers, Path journal) {
        public Request {
            inputs = List.copyOf(inputs);
            if (relax == null || relax.isBlank()) relax = DEFAULT_RELAX;
            if (relaxOptions == null) relaxOptions = RelaxOptions.defaults();
        }
    }

    /**
     * Hears a screening: the pipeline's stages through {@link Progress}, and the relaxations one by one (on worker
     * threads: implementations must be thread-safe and quick).
     */
    public interface Listener extends Progress {
        /** A relaxation begins on a worker. */
        default void relaxStarted(String name, Structure input) { }

        /** One evaluated step of the relaxation of {@code name}: energy per atom (eV/atom) and largest force (eV/Å). */
        default void relaxStep(String name, int step, double energyPerAtom, double maxForce) { }

        /** A relaxation ended (and, if it was not cancelled, was journalled); {@code fromJournal} when it was not rerun. */
        default void relaxFinished(String name, ScreeningPipeline.Relaxed result, boolean fromJournal) { }
    }

    /** A listener that only reports progress. */
    public static Listener listener(Progress p) {
        return new Listener() {
            @Override
            public void update(long done, long total, String message) { p.update(done, total, message); }

            @Override
            public boolean isCancelled() { return p.isCancelled(); }
        };
    }

    /**
     * Screens the request's structures. Throws {@link CancellationException} when cancelled (the relaxations finished
     * by then stay journalled) and {@link InputException} for a potential that cannot be loaded.
     */
    public ScreeningPipeline.Result run(Request r, Listener listener) {
        ScreeningPipeline.Options opt = r.options();
        String relax = r.relax();
        if (relax.equals(NO_RELAX)) {
            opt = opt.withRelax(false).withRelaxation(null);
        } else if (relax.equals(CLASSICAL)) {
            opt = opt.withRelaxation(null).withRelax(true);
        } else {
            Potential potential = Potentials.resolve(relax);
            String name = relax.equals(Potentials.DEFAULT) ? relax : Path.of(relax).toAbsolutePath().normalize().toString();
            opt = opt.withRelaxation(new PotentialStage(potential, name, r.relaxOptions(), r.workers(), r.journal(), listener));
        }
        return new ScreeningPipeline().run(r.inputs(), opt, listener);
    }

    /** Screens and writes {@code out/ranked.csv} and {@code out/candidates/}, journalling into {@code out/relaxations}. */
    public Exported runAndExport(Request r, Path out, boolean dftInputs, boolean overwrite, Listener listener) throws IOException {
        ScreeningPipeline.Result res = run(r, listener);
        listener.checkCancelled();
        return new Exported(res, export(out, res.ranked(), dftInputs, overwrite));
    }

    /**
     * Writes {@code out/ranked.csv} and {@code out/candidates/} for a screening already run: the one writer behind
     * {@link #runAndExport} and the window's export, so both write the same files for the same ranking.
     */
    public static CandidateExporter.Written export(Path out, List<Candidate> ranked, boolean dftInputs, boolean overwrite) throws IOException {
        return CandidateExporter.export(out, ranked, dftInputs, overwrite);
    }

    /** {@code out/ranked.csv} alone, in {@link CandidateExporter#HEADER}'s columns with the folder column empty (no folders written). */
    public static Path exportTable(Path out, List<Candidate> ranked) throws IOException {
        StringBuilder sb = new StringBuilder(CandidateExporter.HEADER).append('\n');
        for (int i = 0; i < ranked.size(); i++) sb.append(CandidateExporter.row(i + 1, ranked.get(i), "")).append('\n');
        java.nio.file.Files.createDirectories(out);
        Path f = out.resolve("ranked.csv");
        org.crystalgan.base.AtomicFiles.writeString(f, sb.toString());
        return f;
    }

    /** What {@link #runAndExport} made. */
    public record Exported(ScreeningPipeline.Result result, CandidateExporter.Written written) {
    }

    /** The journal folder of a screening written to {@code out}. */
    public static Path journalFolder(Path out) { return out.resolve(RelaxationJournal.FOLDER); }

    /** The potential's relaxation as a pipeline stage: journal first, then the rest on the batch relaxer. */
    private static final class PotentialStage implements ScreeningPipeline.Relaxation {
        private final Potential potential;
        private final String name;
        private final RelaxOptions options;
        private final int workers;
        private final Path journalDir;
        private final Listener listener;
        private PotentialHull hull;

        PotentialStage(Potential potential, String name, RelaxOptions options, int workers, Path journalDir, Listener listener) {
            this.potential = potential;
            this.name = name;
            this.options = options;
            this.workers = workers;
            this.journalDir = journalDir;
            this.listener = listener;
        }

        @Override
        public String potential() { return name; }

        @Override
        public synchronized PotentialHull hull() {
            if (hull == null) {
                if (name.equals(Potentials.DEFAULT)) {
                    hull = PotentialHull.bundledM3GNet();
                } else {
                    // another model's energies are on another scale: its own reference phases, relaxed now (a minute)
                    listener.update(-1, -1, "relaxing the reference phases with " + name + " for its hull");
                    List<HullEntry> refs = ReferencePhases.relax(potential, options).stream().map(ReferencePhases.Relaxed::entry).toList();
                    hull = new PotentialHull(refs, "m3gnet");
                }
            }
            return hull;
        }

        @Override
        public List<ScreeningPipeline.Relaxed> relax(List<ScreeningPipeline.Input> inputs, Progress progress) {
            RelaxationJournal journal;
            try {
                journal = journalDir == null ? RelaxationJournal.inMemory(name, options) : RelaxationJournal.open(journalDir, name, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int n = inputs.size();
            ScreeningPipeline.Relaxed[] out = new ScreeningPipeline.Relaxed[n];
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ScreeningPipeline.Relaxed done = journal.find(inputs.get(i).name(), inputs.get(i).structure());
                if (done != null) {
                    out[i] = done;
                    listener.relaxFinished(inputs.get(i).name(), done, true);
                } else {
                    todo.add(i);
                }
            }
            int resumed = n - todo.size();
            String stage = ScreeningPipeline.STAGE_POTENTIAL + " (" + name + ")";
            progress.update(resumed, n, stage + (resumed > 0 ? ": " + resumed + " from the journal" : ""));
            if (todo.isEmpty()) return List.of(out);
            List<Structure> structures = todo.stream().map(i -> inputs.get(i).structure()).toList();
            BatchRelaxer batch = new BatchRelaxer(new Relaxer(potential, options), workers);
            IOException[] journalError = new IOException[1];
            List<RelaxResult> results;
            try {
                results = batch.relaxAll(structures, new BatchRelaxer.Listener() {
                    @Override
                    public void started(int index) {
                        ScreeningPipeline.Input in = inputs.get(todo.get(index));
                        listener.relaxStarted(in.name(), in.structure());
                    }

                    @Override
                    public void step(int index, int step, double energy, double maxForce) {
                        ScreeningPipeline.Input in = inputs.get(todo.get(index));
                        listener.relaxStep(in.name(), step, energy / in.structure().size(), maxForce);
                    }

                    @Override
                    public void finished(int index, RelaxResult result, int done, int total) {
                        int i = todo.get(index);
                        ScreeningPipeline.Input in = inputs.get(i);
                        if (result.verdict() == Verdict.CANCELLED) return;
                        try {
                            // the journalled form (CIF text, exact energies) is what every later stage sees, so a
                            // resumed run and an uninterrupted one rank the same numbers
                            out[i] = journal.record(in.name(), in.structure(), result);
                        } catch (IOException e) {
                            synchronized (journalError) {
                                journalError[0] = e;
                            }
                            batch.cancel();
                            return;
                        }
                        listener.relaxFinished(in.name(), out[i], false);
                        progress.update(resumed + done, n, stage);
                    }
                }, progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("screening interrupted");
            }
            synchronized (journalError) {
                if (journalError[0] != null) throw new UncheckedIOException("cannot write the relaxation journal " + journalDir, journalError[0]);
            }
            progress.checkCancelled();
            for (int k = 0; k < todo.size(); k++) {
                if (out[todo.get(k)] == null) {
                    // a listener failure left no record: keep the outcome all the same, unjournalled
                    RelaxResult rr = results.get(k);
                    out[todo.get(k)] = new ScreeningPipeline.Relaxed(rr.relaxed(), rr.finalEnergy(), rr.verdict().label(), rr.steps(), rr.reason());
                }
            }
            return List.of(out);
        }
    }

    /** "m3gnet, fmax 0.1 eV/Å, 500 steps": the settings a journal entry belongs to. */
    static String settings(String potential, RelaxOptions o) {
        return String.format(Locale.ROOT, "%s fmax=%s steps=%d cell=%s", potential, Double.toString(o.fmax()), o.maxSteps(), o.relaxCell());
    }
}
