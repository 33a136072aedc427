package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.workflow.GenerationService;
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
                        + " composition instead (the random-search baseline)."})
public final class GenerateCommand implements Callable<Integer> {
    /** Header of summary.csv (fixed by the issue). */
    public static final String SUMMARY_HEADER = "file,formula,matches_target,min_distance_A,volume_A3";

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

    @Override
    public Integer call() throws IOException {
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
        GenerationService.Method how = GenerationService.Method.parse(method);
        if (how == GenerationService.Method.RANDOM && model != null) throw new InputException("--model applies to --method gan only");
        var request = new GenerationService.Request(target, count, seed, how, model, unfiltered, gate, maxTries);
        GenerationService.Outcome r = new GenerationService().run(request, (drawn, bound) -> { },
                () -> Thread.currentThread().isInterrupted());
        Files.createDirectories(out);
        int removed = AtomicFiles.deleteStaleTemporaries(out, STALE_TEMPORARY);
        if (removed > 0) pw.printf(Locale.ROOT, "removed %d temporary file(s) left in %s by an interrupted run%n", removed, out);
        // the index is written as the files are: a run killed while writing keeps the rows of every CIF already in place
        Path summary = out.resolve("summary.csv");
        AtomicFiles.writeString(summary, SUMMARY_HEADER + "\n");
        String stem = target.formula().replace(" ", "");
        int width = Math.max(4, String.valueOf(count).length());
        try (java.nio.channels.FileChannel index = java.nio.channels.FileChannel.open(summary, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < r.made().size(); i++) {
                Structure s = r.made().get(i).structure();
                String file = String.format(Locale.ROOT, "%s_%0" + width + "d.cif", stem, i + 1);
                AtomicFiles.writeString(out.resolve(file), CifWriter.write(s, file.substring(0, file.length() - 4)));
                double dmin = s.size() > 1 || s.size() == 1 ? s.minimumDistance() : Double.NaN;
                String row = String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.4f%n", file, s.composition().formula().replace(" ", ""),
                        r.made().get(i).matchesTarget(), dmin, s.volume());
                // one write per whole row, after its file is renamed into place: a kill leaves whole rows that name whole files
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(row.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        pw.flush();
        return Main.OK;
    }
}
