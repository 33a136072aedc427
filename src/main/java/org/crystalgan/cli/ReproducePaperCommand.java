package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.screening.composition.CompositionSpace;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.ReferencePhases;
import org.crystalgan.workflow.PaperReproduction;
import org.crystalgan.workflow.Potentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reproduce-paper}: the paper's HTVS (20 compositions, N structures each, relaxed, on the hull), resumable. */
@Command(name = "reproduce-paper", mixinStandardHelpOptions = true,
        description = {"Reproduce the paper's high-throughput screening on this machine: for 20 Mg-Mn-O compositions not among the"
                + " known phases (derived from the rule 2 <= OS(Mn) <= 4: see --list), generate --count cells each with the bundled GAN"
                + " (exact composition, plausibility gate), relax them with the potential on all cores, place them on the potential's"
                + " MP2020-corrected hull of the reference phases, and write report.md and report.csv beside the paper's 753 and 113"
                + " of 6,000.",
                "Resumable: run the same command again after a crash or Ctrl-C and it continues where it stopped"
                        + " (journal.csv in --out holds every finished relaxation)."})
public final class ReproducePaperCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (created; an existing one is resumed)")
    Path out;

    @Option(names = "--count", defaultValue = "300", description = "structures per composition (default ${DEFAULT-VALUE}, as the paper)")
    int count;

    @Option(names = "--compositions", split = ",", paramLabel = "CELL",
            description = "comma-separated cell compositions instead of the derived 20 (e.g. Mg2MnO4,Mg4Mn2O8)")
    List<String> compositions;

    @Option(names = "--seed", defaultValue = "1", description = "GAN sampler seed, the same for every composition (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", paramLabel = "DIR", description = "GAN model folder or training run (default: the bundled model)")
    Path model;

    @Option(names = "--max-tries", defaultValue = "0",
            description = "matrices to draw at most per composition (default: 2,000 per structure asked, at least 10,000)")
    long maxTries;

    @Option(names = "--potential", defaultValue = Potentials.DEFAULT, paramLabel = "m3gnet|DIR",
            description = "m3gnet (bundled, default) or a matgl M3GNet model folder, whose reference phases are then relaxed for its hull")
    String potential;

    @Option(names = "--fmax", defaultValue = "0.1", description = "force convergence, eV/Å (default ${DEFAULT-VALUE}, matgl's)")
    double fmax;

    @Option(names = "--steps", defaultValue = "500", description = "FIRE steps at most per cell (default ${DEFAULT-VALUE}, matgl's)")
    int steps;

    @Option(names = "--workers", defaultValue = "0", description = "relaxation threads (default: all cores)")
    int workers;

    @Option(names = "--report-only", description = "write the report of what --out holds now; generate and relax nothing")
    boolean reportOnly;

    @Option(names = "--list", description = "print the derived compositions and how they were chosen, then stop")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Composition> targets = targets();
        if (list) {
            o.println("composition,reduced_formula,atoms,os_mn");
            for (Composition c : targets) {
                o.printf(Locale.ROOT, "%s,%s,%d,%s%n", PaperReproduction.formula(c), c.reducedFormula(), (int) c.numAtoms(),
                        CompositionsCommand.fmt((2 * c.amount("O") - 2 * c.amount("Mg")) / c.amount("Mn")));
            }
            o.flush();
            if (compositions == null) {
                err.println("the 20 reduced formulas of 2 <= OS(Mn) <= 4 with the smallest cells, the known ternary phases (MgMn2O4,"
                        + " Mg6MnO8) left out; each as its smallest cell (the paper does not list its 20)");
            }
            return Main.OK;
        }
        if (out == null) throw new InputException("--out DIR is required (or --list)");
        if ("classical".equals(potential)) throw new InputException("--potential classical cannot place cells on a hull: use m3gnet");
        var opts = new PaperReproduction.Options(targets, count, seed, maxTries, model, new RelaxOptions(fmax, steps, true), workers);
        PaperReproduction service = service(err);
        if (reportOnly) {
            report(o, service.report(out, opts));
            return Main.OK;
        }

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C or kill: ask the relaxations to stop (within one evaluation) and wait until the partial report is written;
        // a finished relaxation is already in the journal, so even a hard kill loses only those in flight
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        // cells per minute count from the start of the relaxations: generation before them is another kind of work
        long[] relaxStart = {-1};
        long[] relaxedHere = {0};
        Progress progress = new Progress() {
            @Override
            public synchronized void update(long done, long total, String message) {
                if (done < 0) {
                    err.println(message);
                } else if (message.startsWith("relaxed ")) {
                    relaxedHere[0]++;
                    double min = (System.nanoTime() - relaxStart[0]) / 6e10;
                    double rate = relaxedHere[0] / min;
                    double eta = rate > 0 ? (total - done) / rate : Double.NaN;
                    err.printf(Locale.ROOT, "[%d/%d] %s | %.1f cells/min this session, about %.0f min left%n", done, total, message.substring(8), rate,
                            eta);
                } else {
                    relaxStart[0] = System.nanoTime();
                    err.println(message);
                }
                err.flush();
            }

            @Override
            public boolean isCancelled() { return stop.get(); }
        };
        try {
            PaperReproduction.Report r = service.run(out, opts, progress);
            report(o, r);
            return Main.OK;
        } catch (CancellationException e) {
            err.println("stopped: " + e.getMessage() + " (partial report in " + out.resolve("report.md") + ")");
            err.flush();
            return Main.OK;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has been released by the countdown
            }
        }
    }

    private List<Composition> targets() {
        if (compositions == null) return PaperReproduction.derivedCompositions();
        List<Composition> t = new ArrayList<>();
        for (String s : compositions) {
            Composition c;
            try {
                c = Composition.parse(s.trim());
            } catch (RuntimeException e) {
                throw new InputException("--compositions " + s + ": not a formula (" + e.getMessage() + ")");
            }
            if (!c.isInteger() || !CompositionSpace.isMgMnO(c) || c.count(Element.of("Mg")) < 1 || c.count(Element.of("Mn")) < 1 || c.count(Element.of("O")) < 1
                    || c.count(Element.of("Mg")) > CompositionSpace.MAX_MG
                    || c.count(Element.of("Mn")) > CompositionSpace.MAX_MN || c.count(Element.of("O")) > CompositionSpace.MAX_O) {
                throw new InputException("--compositions " + s + ": a cell of 1-8 Mg, 1-8 Mn and 1-12 O atoms is needed");
            }
            t.add(c);
        }
        return t;
    }

    private PaperReproduction service(PrintWriter err) {
        if (potential.equals(Potentials.DEFAULT)) return PaperReproduction.bundled();
        Potential p = Potentials.resolve(potential);
        err.println("relaxing the " + ReferencePhases.BUNDLED.size() + " reference phases with " + potential + " for its hull");
        var relaxed = ReferencePhases.relax(p, new RelaxOptions(fmax, 1000, true));
        return new PaperReproduction(p, new PotentialHull(relaxed.stream().map(ReferencePhases.Relaxed::entry).toList(), "m3gnet"),
                "the reference phases relaxed with " + potential + " in this run, MP2020-corrected");
    }

    private static void report(PrintWriter o, PaperReproduction.Report r) {
        o.printf(Locale.ROOT, "%s: %d of %d cells relaxed, %d converged; <= 200 meV/atom %d (paper scaled %.1f), <= 80 meV/atom %d (paper scaled"
                        + " %.1f), on the final hull %d; wall time %.1f min%n", r.complete() ? "complete" : "partial", r.relaxed(), r.generated(),
                r.converged(), r.metastable(), PaperReproduction.Report.scaled(PaperReproduction.PAPER_METASTABLE, r.relaxed()), r.stable(),
                PaperReproduction.Report.scaled(PaperReproduction.PAPER_STABLE, r.relaxed()), r.onHull(), r.wallSeconds() / 60);
        o.println("report: " + r.markdown() + " and " + r.csv());
        o.flush();
    }
}
