package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.gan.Sampler;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.workflow.StructureSources;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.potential.Potential;
import org.crystalgan.workflow.Potentials;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.stability.GenerativeMetrics;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.RawGeometry;
import org.crystalgan.screening.stability.ReferencePhases;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.workflow.GenerationMetricsService;
import org.crystalgan.workflow.GenerationService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-report}: the numbers of the training report for a set of target compositions: classifier acceptance
 * rate, share of accepted structures whose decoded composition is exactly the target, share with every interatomic
 * distance at least 0.5 Å, and share unique among the accepted ones of that target.
 */
@Command(name = "model-report", mixinStandardHelpOptions = true,
        description = "Generate for 10 target cell compositions and report acceptance rate, exact-composition share,"
                + " share with all distances >= 0.5 A, share with both, and share unique (of the accepted), and the share of all generated"
                + " matrices whose atom rows give the target counts whatever the classifier read (\"target rows\").")
public final class ModelReportCommand implements Callable<Integer> {
    /** Ten targets: the most frequent cell compositions of the training data, plus the paper's Mg2MnO4 and MgMn2O4 cells. */
    static final List<String> DEFAULT_TARGETS = List.of("Mg2Mn4O8", "Mg4Mn2O8", "Mg2Mn2O6", "Mg4Mn4O12", "Mg2Mn2O4",
            "Mg4Mn4O8", "Mg6Mn2O10", "MgMn2O4", "Mg2MnO4", "MgMnO3");
    static final double MIN_DISTANCE_A = 0.5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model folder or a training run's folder (checkpoint.json); default: the bundled model")
    Path model;

    @Option(names = "--count", description = "structures to accept per target (default 200; with --relax 20)")
    Integer count;

    @Option(names = "--relax", description = "relax every generated cell with the potential and report, per target and method,"
            + " the shares converged, metastable (<= 0.2 eV/atom above the hull), stable (<= 0.08), on the hull, unique, new and"
            + " S.U.N. (stable, unique and new), and the known structures rediscovered")
    boolean relax;

    @Option(names = "--baseline", paramLabel = "random", description = "with --relax: also the random-search baseline, same targets,"
            + " count, potential and hull")
    String baseline;

    @Option(names = "--potential", defaultValue = "m3gnet", paramLabel = "m3gnet|DIR", description = "with --relax: m3gnet (bundled,"
            + " default) or a matgl M3GNet model folder; the hull is the bundled reference phases' (MP2020-corrected)")
    String potential;

    @Option(names = "--fmax", defaultValue = "0.1", description = "with --relax: force convergence, eV/Å (default ${DEFAULT-VALUE})")
    double fmax;

    @Option(names = "--steps", defaultValue = "300", description = "with --relax: step limit per cell (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--known", paramLabel = "DIR", description = "with --relax: folder of known structures (e.g. the training CIFs);"
            + " a relaxed cell matching one is not new and counts as a rediscovery. The reference phases are always known.")
    Path known;

    @Option(names = "--training", paramLabel = "DIR", description = "with --relax: structures the kept cells' density and volume per"
            + " atom are compared with (Wasserstein-1 distance); default: the --known folder, else ../shared/data/mgmno/cif when present")
    Path training;

    @Option(names = "--max-tries", defaultValue = "20000", description = "matrices to generate at most per target (default ${DEFAULT-VALUE})")
    long maxTries;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--targets", split = ",", description = "comma-separated cell compositions (default: ten built in)")
    List<String> targets;

    @Option(names = "--csv", description = "also write the table as CSV to this file")
    Path csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (relax) return relaxReport(out);
        if (baseline != null) throw new InputException("--baseline needs --relax");
        int count = this.count == null ? 200 : this.count;
        if (count < 1) throw new InputException("--count must be at least 1 (got " + count + ")");
        GeneratorModel m = model != null ? GeneratorModel.load(model) : GeneratorModel.bundled();
        Sampler sampler = new Sampler(m, 256);
        StringBuilder table = new StringBuilder("target,generated,accepted,acceptance_rate,exact_composition,min_distance_ok,exact_and_distance_ok,unique,generated_with_target_rows,raw_share_min_distance_1.3A\n");
        out.printf(Locale.ROOT, "model: %s (%d epochs)%n", m.source(), m.epochsTrained());
        out.printf(Locale.ROOT, "%-10s %9s %8s %10s %9s %9s %9s %7s %12s %9s%n", "target", "generated", "accepted", "acceptance", "exact",
                "d>=0.5A", "both", "unique", "target rows", "raw>=1.3A");
        for (String t : targets == null ? DEFAULT_TARGETS : targets) {
            Composition c = Composition.parse(t);
            RawGeometry.Tally raw = new RawGeometry.Tally();
            // the paper's rule (Filter.classifierOnly) with every classifier-passed cell shown to the tally on the way
            Sampler.Result r = sampler.sample(c, count, seed, maxTries, new Sampler.Filter(false, s -> {
                raw.decoded(s, false);
                return null;
            }), Progress.NONE);
            double rawShare = raw.summarize(r.generated(), List.of(), null).rawShareMinDistance();
            int n = r.accepted().size();
            int exact = 0;
            int far = 0;
            int both = 0;
            List<double[]> seen = new ArrayList<>();
            int unique = 0;
            for (Sampler.Accepted a : r.accepted()) {
                Structure s = a.structure();
                boolean ok = s.size() < 2 || s.minimumDistance() >= MIN_DISTANCE_A;
                if (a.matchesTarget()) exact++;
                if (ok) far++;
                if (ok && a.matchesTarget()) both++;
                double[] f = fingerprint(s);
                if (seen.stream().noneMatch(g -> same(f, g))) {
                    unique++;
                    seen.add(f);
                }
            }
            double den = Math.max(1, n);
            double rows = r.generated() == 0 ? 0 : (double) r.decodedHits() / r.generated();
            out.printf(Locale.ROOT, "%-10s %9d %8d %9.1f%% %8.1f%% %8.1f%% %8.1f%% %6.1f%% %11.1f%% %8.1f%%%n", c.formula().replace(" ", ""),
                    r.generated(), n, 100 * r.acceptanceRate(), 100 * exact / den, 100 * far / den, 100 * both / den, 100 * unique / den,
                    100 * rows, 100 * rawShare);
            table.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", c.formula().replace(" ", ""), r.generated(), n,
                    r.acceptanceRate(), exact / den, far / den, both / den, unique / den, rows, rawShare));
        }
        out.flush();
        if (csv != null) AtomicFiles.writeString(csv, table.toString());
        return Main.OK;
    }

    /** {@code --relax}: the stability measures of the stability-screening issue, one row per target and method. */
    private int relaxReport(PrintWriter out) throws Exception {
        int n = count == null ? 20 : count;
        if (n < 1) throw new InputException("--count must be at least 1 (got " + n + ")");
        if (baseline != null && !baseline.equals("random")) throw new InputException("--baseline " + baseline + ": only random is offered");
        if ("classical".equals(potential)) throw new InputException("--potential classical cannot place cells on a hull: use m3gnet");
        Potential pot = Potentials.resolve(potential);
        PotentialHull hull = PotentialHull.bundledM3GNet();
        if (!potential.equals("m3gnet")) {
            out.println("relaxing the reference phases with " + potential + " for its hull");
            hull = new PotentialHull(ReferencePhases.relax(pot, new RelaxOptions(fmax, 1000, true)).stream()
                    .map(ReferencePhases.Relaxed::entry).toList(), "m3gnet");
        }
        List<NamedStructure> knownExtra = List.of();
        if (known != null) {
            FolderReadResult r = StructureSources.readFolder(known);
            knownExtra = r.structures();
            out.printf(Locale.ROOT, "known structures: %d from %s and %d reference phases%n", r.structures().size(), known,
                    ReferencePhases.BUNDLED.size());
        } else {
            out.println("known structures: the " + ReferencePhases.BUNDLED.size() + " reference phases only (add the training CIFs with --known DIR)");
        }
        List<Deduplicator.Item> knownItems = GenerationMetricsService.knownStructures(knownExtra);
        RawGeometry.Reference reference = reference(out);
        GenerationMetricsService judge = new GenerationMetricsService(pot, hull, new RelaxOptions(fmax, steps, true), 0);
        List<GenerationService.Method> methods = baseline == null ? List.of(GenerationService.Method.GAN)
                : List.of(GenerationService.Method.GAN, GenerationService.Method.RANDOM);
        StringBuilder table = new StringBuilder(GenerativeMetrics.HEADER).append('\n');
        out.printf(Locale.ROOT, "potential %s, hull %s (MP2020-corrected reference phases), fmax %.3g eV/A, %d steps at most, %d workers%n",
                pot.name(), hull.source(), fmax, steps, judge.workers());
        out.printf(Locale.ROOT, "%-10s %-6s %5s %6s %6s %6s %6s %6s %6s %6s %5s %6s %8s %6s | %7s %6s %6s %6s %6s %6s %6s %6s%n", "target", "method",
                "n", "exact", "conv", "<=0.2", "<=.08", "hull", "uniq", "new", "SUN", "redis", "steps", ">P1", "drawn", "exact", ">=1.3",
                "dmin50", "kept50", "W1rho", "W1vol", ">P1raw");
        long t0 = System.nanoTime();
        for (String t : targets == null ? DEFAULT_TARGETS : targets) {
            Composition c = Composition.parse(t);
            for (GenerationService.Method m : methods) {
                var req = new GenerationService.Request(c, n, seed, m, m == GenerationService.Method.GAN ? model : null, false,
                        PlausibilityGate.Options.defaults(), maxTries);
                RawGeometry.Tally tally = new RawGeometry.Tally();
                GenerationService.Outcome g = new GenerationService().run(req, Progress.cancelledWhen(() -> Thread.currentThread().isInterrupted()),
                        tally::decoded);
                List<Structure> cells = g.made().stream().map(GenerationService.Made::structure).toList();
                RawGeometry.Summary raw = tally.summarize(g.drawn(), cells, reference);
                List<Boolean> exact = g.made().stream().map(GenerationService.Made::matchesTarget).toList();
                GenerativeMetrics.Row row = judge.judge(c.formula().replace(" ", ""), m.name().toLowerCase(Locale.ROOT), cells, exact,
                        knownItems, raw, new BatchRelaxer.Listener() { }, Progress.NONE).row();
                table.append(row.toCsv()).append('\n');
                out.printf(Locale.ROOT, "%-10s %-6s %5d %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f %5.2f %6d %8.1f %6.2f | %7d %6.3f %6.3f %6.2f %6.2f"
                                + " %6.3f %6.2f %6.2f%n", row.target(), row.method(), row.generated(), row.exactComposition(), row.converged(),
                        row.metastable(), row.stable(), row.onHull(), row.unique(), row.novel(), row.sun(), row.rediscovered(),
                        row.medianSteps(), row.relaxedNonP1(), raw.drawn(), raw.exactCompositionShare(), raw.rawShareMinDistance(),
                        raw.rawMedianMinDistance(), raw.keptMinDistanceQ50(), raw.densityW1(), raw.volumePerAtomW1(), raw.nonP1Share());
                out.flush();
                if (csv != null) AtomicFiles.writeString(csv, table.toString()); // each finished row survives an interrupted run
            }
        }
        out.printf(Locale.ROOT, "wall time %.1f min%n", (System.nanoTime() - t0) / 6e10);
        out.flush();
        return Main.OK;
    }

    /** The structures the W1 distances compare with: --training, else --known, else the shared training CIFs; null if none. */
    private RawGeometry.Reference reference(PrintWriter out) throws IOException {
        Path dir = training != null ? training : known;
        if (dir == null) {
            Path shared = Path.of("..", "shared", "data", "mgmno", "cif");
            if (java.nio.file.Files.isDirectory(shared)) dir = shared;
        }
        if (dir == null) {
            out.println("density and volume W1: no training structures (give --training DIR); those columns stay empty");
            return null;
        }
        FolderReadResult r = StructureSources.readFolder(dir);
        if (r.structures().isEmpty()) throw new InputException("--training " + dir + ": no structure files read");
        List<Structure> list = r.structures().stream().map(NamedStructure::structure).toList();
        String source = dir.toAbsolutePath().normalize().toString();
        out.printf(Locale.ROOT, "density and volume W1 against %d structures of %s; raw shares over every drawn cell (floor %.1f A),"
                + " space groups at %.2f A%n", list.size(), source, RawGeometry.MIN_DISTANCE_A, RawGeometry.SYMMETRY_TOLERANCE_A);
        return RawGeometry.Reference.of(source, list);
    }

    /**
     * A cheap identity for "unique": number of atoms, volume per atom and the 12 shortest interatomic distances of
     * the cell (minimum image). Two structures count as the same when volume per atom agrees within 2 % and
     * those distances within 0.05 Å. Coarser than a full structure matcher, so it errs towards calling near-copies same.
     */
    static double[] fingerprint(Structure s) {
        int n = s.size();
        double[] f = new double[2 + 12];
        f[0] = n;
        f[1] = s.volume() / Math.max(1, n);
        double[] d = s.sortedPairDistances();
        for (int k = 0; k < 12; k++) f[2 + k] = k < d.length ? d[k] : 0;
        return f;
    }

    static boolean same(double[] a, double[] b) {
        if (a[0] != b[0] || Math.abs(a[1] - b[1]) > 0.02 * Math.max(a[1], b[1])) return false;
        for (int k = 2; k < a.length; k++) if (Math.abs(a[k] - b[k]) > 0.05) return false;
        return true;
    }
}
