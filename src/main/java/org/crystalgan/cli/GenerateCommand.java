package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.gan.Sampler;
import org.crystalgan.io.AtomicFiles;
import org.crystalgan.io.CifWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: structures for a target cell composition (the paper's Figure 3). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate crystal structures for a target cell composition: one CIF per structure the classifier"
                + " accepts, plus summary.csv.")
public final class GenerateCommand implements Callable<Integer> {
    /** Header of summary.csv (fixed by the issue). */
    public static final String SUMMARY_HEADER = "file,formula,matches_target,min_distance_A,volume_A3";

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
        Sampler.targetCounts(target); // refuse impossible targets before loading anything
        GeneratorModel m = model != null ? GeneratorModel.load(model) : GeneratorModel.bundled();
        Files.createDirectories(out);
        long tries = maxTries > 0 ? maxTries : Math.max(10_000, 200L * count);
        Sampler sampler = new Sampler(m, Math.min(256, Math.max(16, count)));
        Sampler.Result r = sampler.sample(target, count, seed, tries, () -> Thread.currentThread().isInterrupted());
        StringBuilder csv = new StringBuilder(SUMMARY_HEADER).append('\n');
        String stem = target.formula().replace(" ", "");
        int width = Math.max(4, String.valueOf(count).length());
        for (int i = 0; i < r.accepted().size(); i++) {
            Structure s = r.accepted().get(i).structure();
            String file = String.format(Locale.ROOT, "%s_%0" + width + "d.cif", stem, i + 1);
            AtomicFiles.writeString(out.resolve(file), CifWriter.write(s, file.substring(0, file.length() - 4)));
            double dmin = s.size() > 1 || s.size() == 1 ? s.minimumDistance() : Double.NaN;
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.4f%n", file, s.composition().formula().replace(" ", ""),
                    r.accepted().get(i).matchesTarget(), dmin, s.volume()));
        }
        AtomicFiles.writeString(out.resolve("summary.csv"), csv.toString());
        pw.printf(Locale.ROOT, "%d structures of %s written to %s (acceptance rate %.1f%% of %d generated; model: %s)%n",
                r.accepted().size(), target.formula(), out, 100 * r.acceptanceRate(), r.generated(), m.source());
        if (r.accepted().size() < count) {
            pw.printf(Locale.ROOT, "only %d of %d requested: the classifier accepted too few after %d tries (raise --max-tries)%n",
                    r.accepted().size(), count, r.generated());
        }
        pw.flush();
        return Main.OK;
    }
}
