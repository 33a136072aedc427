package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.workflow.GenerationService;
import org.crystalgan.workflow.Potentials;
import org.crystalgan.base.Csv;
import org.crystalgan.io.SymmetrizedCifWriter;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import org.crystalgan.screening.symmetry.SymmetryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: structures for a target cell composition (the paper's Figure 3). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate crystal structures for a target cell composition: one CIF per structure, plus summary.csv.",
                "By default only cells of exactly the target composition that pass the plausibility gate are kept (shortest"
                        + " distance, cation-anion contacts against ionic radii, cation-cation distance); the counts of"
                        + " drawn and rejected cells are printed with the reasons. --unfiltered keeps the paper's rule alone"
                        + " (whatever the classifier reads as the target). --method random makes random cells of the"
                        + " composition instead (the random-search baseline).",
                "--relax relaxes each kept cell with the potential (FIRE with the Fréchet cell filter, both cores) and finds its space"
                        + " group: NAME_relaxed.cif (P1) and NAME_relaxed_sym.cif (symmetrised) beside NAME.cif, and summary.csv gains"
                        + " the columns " + GenerateCommand.RELAX_COLUMNS + "."})
public final class GenerateCommand implements Callable<Integer> {
    /** Header of summary.csv (fixed by the issue). */
    public static final String SUMMARY_HEADER = "file,formula,matches_target,min_distance_A,volume_A3";
    /** Columns {@code --relax} appends to summary.csv (an empty field: not measured, e.g. no relaxed cell to analyse). */
    public static final String RELAX_COLUMNS = "relaxed_file,symmetrized_file,final_energy_per_atom_eV,e_above_hull_eV_per_atom,verdict,"
            + "steps,space_group_number,space_group_symbol,symmetry_tolerance_A";

    /**
     * Temporaries older than this are leftovers of a killed run: writing one CIF takes milliseconds,
     * so even a second generate into the same folder never has one this old.
     */
    static final Duration STALE_TEMPORARY = Duration.ofMinutes(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--composition", required = true,
            description = "atoms in the cell, e.g. Mg2Mn4O8 (1-8 Mg, 1-8 Mn, 1-12 O); MgMn2O4 means a 7-atom cell")
    String composition;

    @Option(names = "--count", required = true, description = "number of structures to write")
    int count;

    @Option(names = "--out", required = true, description = "folder for the CIF files and summary.csv")
    Path out;

    @Option(names = "--model", description = "model folder (model.json + .bin) or a training run's folder (checkpoint.json, its networks as last checkpointed); default: the bundled model")
    Path model;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE}); the same seed gives the same structures")
    long seed;

    @Option(names = "--max-tries", defaultValue = "0",
            description = "matrices to generate at most before giving up (default: 200 per requested structure, at least 10,000)")
    long maxTries;

    @Option(names = "--method", defaultValue = "gan", paramLabel = "gan|random",
            description = "gan: the generator network (default); random: random cells of the composition at the"
                    + " fitted training volume, atoms placed at the gate's separations (AIRSS-style baseline)")
    String method;

    @Option(names = "--unfiltered", description = "keep every cell the classifier reads as the target, as the paper did"
            + " (no exact-composition check, no plausibility gate)")
    boolean unfiltered;

    @Option(names = "--min-distance", defaultValue = "1.3", paramLabel = "Å",
            description = "gate: no two atoms closer than this (default ${DEFAULT-VALUE} Å; every training structure has >= 1.38 Å)")
    double minDistance;

    @Option(names = "--contact-ratio", defaultValue = "0.75",
            description = "gate: a cation-O contact must be at least this fraction of the sum of the Shannon ionic radii"
                    + " (default ${DEFAULT-VALUE}; training minima 0.805 Mg-O, 0.760 Mn-O)")
    double contactRatio;

    @Option(names = "--cation-min", defaultValue = "2.0", paramLabel = "Å",
            description = "gate: no two cations closer than this (default ${DEFAULT-VALUE} Å; training minimum 2.16 Å)")
    double cationMin;

    @Option(names = "--relax", description = "relax each kept cell with the potential and symmetrise it (see above)")
    boolean relax;

    @Option(names = "--potential", paramLabel = "m3gnet|DIR", defaultValue = Potentials.DEFAULT,
            description = "with --relax: m3gnet (bundled, default) or a folder with a matgl M3GNet model")
    String potential;

    @Option(names = "--fmax", defaultValue = "0.1", description = "with --relax: force convergence, eV/Å (default ${DEFAULT-VALUE})")
    double fmax;

    @Option(names = "--steps", defaultValue = "500", description = "with --relax: step limit per cell (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--symprec", defaultValue = "0.1", paramLabel = "Å",
            description = "with --relax: distance tolerance of the space-group search (default ${DEFAULT-VALUE} Å, as spglib's symprec)")
    double symprec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter pw = spec.commandLine().getOut();
        if (count < 1) throw new InputException("--count must be at least 1 (got " + count + ")");
        Composition target;
        try {
            target = Composition.parse(composition);
        } catch (IllegalArgumentException e) {
            throw new InputException("--composition " + composition + ": not a chemical formula (" + e.getMessage() + ")");
        }
        PlausibilityGate.Options gate;
        try {
            gate = new PlausibilityGate.Options(minDistance, contactRatio, cationMin);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        if (!relax && (spec.commandLine().getParseResult().hasMatchedOption("--potential")
                || spec.commandLine().getParseResult().hasMatchedOption("--fmax") || spec.commandLine().getParseResult().hasMatchedOption("--steps")
                || spec.commandLine().getParseResult().hasMatchedOption("--symprec"))) {
            throw new InputException("--potential, --fmax, --steps and --symprec apply with --relax only");
        }
        Potential pot = null;
        RelaxOptions relaxOptions = null;
        if (relax) {
            if (!(symprec > 0) || !Double.isFinite(symprec)) throw new InputException("--symprec must be a positive number of Å (got " + symprec + ")");
            if ("classical".equals(potential)) {
                throw new InputException("generate --relax relaxes with M3GNet (m3gnet or a model folder); for the classical force field"
                        + " run relax --potential classical on the written CIFs");
            }
            relaxOptions = new RelaxOptions(fmax, steps, true); // refuses a bad --fmax or --steps before anything is drawn
            pot = Potentials.resolve(potential);
        }
        GenerationService.Method how = GenerationService.Method.parse(method);
        if (how == GenerationService.Method.RANDOM && model != null) throw new InputException("--model applies to --method gan only");
        var request = new GenerationService.Request(target, count, seed, how, model, unfiltered, gate, maxTries);
        GenerationService.Outcome r = new GenerationService().run(request,
                Progress.cancelledWhen(() -> Thread.currentThread().isInterrupted()));
        Files.createDirectories(out);
        int removed = AtomicFiles.deleteStaleTemporaries(out, STALE_TEMPORARY);
        if (removed > 0) pw.printf(Locale.ROOT, "removed %d temporary file(s) left in %s by an interrupted run%n", removed, out);
        // the index is written as the files are: a run killed while writing keeps the rows of every CIF already in place
        Path summary = out.resolve("summary.csv");
        String stem = target.formula().replace(" ", "");
        int width = Math.max(4, String.valueOf(count).length());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < r.made().size(); i++) names.add(String.format(Locale.ROOT, "%s_%0" + width + "d", stem, i + 1));
        // the header first: a stale index from an earlier run into this folder never names the new files
        AtomicFiles.writeString(summary, SUMMARY_HEADER + (relax ? "," + RELAX_COLUMNS : "") + "\n");
        List<RelaxResult> relaxed = null;
        if (relax) {
            // the raw cells go first, so a run killed while relaxing still leaves what was drawn
            for (int i = 0; i < names.size(); i++) {
                AtomicFiles.writeString(out.resolve(names.get(i) + ".cif"), CifWriter.write(r.made().get(i).structure(), names.get(i)));
            }
            relaxed = relaxAll(pot, relaxOptions, r.made().stream().map(GenerationService.Made::structure).toList(), names);
        }
        PotentialHull hull = relax && Potentials.DEFAULT.equals(potential) ? PotentialHull.bundledM3GNet() : null;
        int nonP1 = 0, converged = 0;
        try (java.nio.channels.FileChannel index = java.nio.channels.FileChannel.open(summary, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < r.made().size(); i++) {
                Structure s = r.made().get(i).structure();
                String file = names.get(i) + ".cif";
                if (!relax) AtomicFiles.writeString(out.resolve(file), CifWriter.write(s, names.get(i)));
                double dmin = s.size() > 1 || s.size() == 1 ? s.minimumDistance() : Double.NaN;
                String row = String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.4f", file, s.composition().formula().replace(" ", ""),
                        r.made().get(i).matchesTarget(), dmin, s.volume());
                if (relax) {
                    RelaxResult rr = relaxed.get(i);
                    if (rr.verdict() == Verdict.CONVERGED) converged++;
                    RelaxedFiles f = writeRelaxed(names.get(i), rr, hull);
                    if (f.spaceGroup() != null && f.spaceGroup().number() > 1) nonP1++;
                    row += "," + f.columns();
                }
                // one write per whole row, after its files are renamed into place: a kill leaves whole rows that name whole files
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap((row + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) index.write(bytes);
            }
            index.force(true);
        }
        pw.printf(Locale.ROOT, "%d structures of %s written to %s (acceptance rate %.1f%% of %d drawn; %s)%n", r.made().size(),
                target.formula(), out, 100 * r.acceptanceRate(), r.drawn(), how == GenerationService.Method.GAN ? "model: " + r.source() : r.source());
        if (!r.rejections().isEmpty()) {
            pw.printf(Locale.ROOT, "rejected %d of %d drawn: %s%n", r.rejections().values().stream().mapToLong(Long::longValue).sum(),
                    r.drawn(), r.rejectionSummary());
        }
        if (r.shortOfCount()) {
            pw.printf(Locale.ROOT, "only %d of %d requested after %d tries: raise --max-tries%s%n", r.made().size(), count, r.drawn(),
                    unfiltered || how == GenerationService.Method.RANDOM ? "" : ", or loosen the gate (--min-distance, --contact-ratio, --cation-min)");
        }
        if (relax && !r.made().isEmpty()) {
            pw.printf(Locale.ROOT, "relaxed with %s (fmax %.3g eV/A, %d steps at most): %d of %d converged; %d of %d above P1 at %.3g A%s%n",
                    pot.name(), fmax, steps, converged, r.made().size(), nonP1, r.made().size(), symprec,
                    hull == null ? "" : "; e_above_hull on the bundled M3GNet hull (MP2020-corrected reference phases)");
        }
        pw.flush();
        return Main.OK;
    }

    private List<RelaxResult> relaxAll(Potential pot, RelaxOptions options, List<Structure> cells, List<String> names)
            throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        BatchRelaxer batch = new BatchRelaxer(new Relaxer(pot, options));
        return batch.relaxAll(cells, new BatchRelaxer.Listener() {
            @Override
            public void finished(int index, RelaxResult res, int done, int total) {
                synchronized (err) {
                    err.println(String.format(Locale.ROOT, "[%d/%d] %s: %s after %d steps", done, total, names.get(index),
                            res.verdict().label(), res.steps()));
                    err.flush();
                }
            }
        }, Progress.cancelledWhen(() -> Thread.currentThread().isInterrupted()));
    }

    /** What --relax wrote for one cell: its space group (null when none was found) and its summary columns. */
    private record RelaxedFiles(SymmetryDataset spaceGroup, String columns) {}

    /**
     * NAME_relaxed.cif and NAME_relaxed_sym.cif for a relaxation that ended in a usable cell (converged or at the step
     * limit, as relax writes them); none for a failed, exploded or cancelled one.
     */
    private RelaxedFiles writeRelaxed(String name, RelaxResult rr, PotentialHull hull) throws IOException {
        String relaxedFile = "", symFile = "", eHull = "", number = "", symbol = "";
        SymmetryDataset d = null;
        boolean usable = (rr.verdict() == Verdict.CONVERGED || rr.verdict() == Verdict.STEP_LIMIT) && Double.isFinite(rr.finalEnergy());
        if (usable) {
            relaxedFile = name + "_relaxed.cif";
            AtomicFiles.writeString(out.resolve(relaxedFile), CifWriter.write(rr.relaxed(), name + "_relaxed"));
            if (hull != null) eHull = num(hull.eAboveHull(rr.relaxed(), rr.finalEnergy()), 6);
            try {
                d = SpaceGroupFinder.analyze(rr.relaxed(), symprec);
            } catch (SymmetryException e) {
                spec.commandLine().getErr().println("warning: " + name + ": no space group at " + symprec + " A: " + e.getMessage());
            }
            if (d != null) {
                symFile = name + "_relaxed_sym.cif";
                AtomicFiles.writeString(out.resolve(symFile),
                        SymmetrizedCifWriter.write(d.conventional().lattice(), d.setting(), d.asymmetricSites(), name + "_relaxed_sym"));
                number = Integer.toString(d.number());
                symbol = d.setting().hmSpaced().split(" = ")[0]; // the standard setting's spaced short symbol, as the CIF names it
            }
        }
        String cols = String.join(",", relaxedFile, symFile, num(rr.finalEnergyPerAtom(), 6), eHull, rr.verdict().label(),
                Integer.toString(rr.steps()), number, Csv.field(symbol), num(symprec, 3));
        return new RelaxedFiles(d, cols);
    }

    private static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }
}
