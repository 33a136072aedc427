package org.crystalgan.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.crystalgan.crystal.InputException;
import org.crystalgan.encoding.Augmenter;
import org.crystalgan.encoding.Dataset;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.base.Progress;
import org.crystalgan.encoding.Representation;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.workflow.DatasetService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crystalgan dataset build|stats|bench}: training sets in the paper's representation. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Build training sets of the paper's 30 x 3 matrices and show their statistics.",
        subcommands = {DatasetCommand.Build.class, DatasetCommand.Stats.class, DatasetCommand.Bench.class})
public final class DatasetCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** "Mg-Mn-O" or "V-O". */
    static Representation representation(String name) {
        for (Representation r : new Representation[] {Representation.MG_MN_O, Representation.V_O}) {
            if (r.name().equalsIgnoreCase(name)) return r;
        }
        throw new InputException("unknown representation '" + name + "'; choose Mg-Mn-O or V-O");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build a training set: encode, skip what does not fit (with the reason), drop duplicates,",
                    "augment each composition to N matrices. Writes FILE.npy (n, 30, 3) float32 and FILE.csv",
                    "(composition,source per row); reuses them when source and options are unchanged."})
    static final class Build implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--from", required = true, description = "a folder of CIF / POSCAR / JSON files, a fetch download folder, or a .npy;"
                + " repeat it to combine sources (e.g. the reference array and a folder of your own relaxed structures): read in order,"
                + " a structure in two sources is kept once")
        List<Path> from;

        @Option(names = "--per-composition", description = "matrices per composition; 0 keeps the inputs unaugmented (default ${DEFAULT-VALUE})")
        int perComposition = Augmenter.PAPER_PER_COMPOSITION;

        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--out", required = true, description = "output FILE.npy (FILE.csv is written beside it)")
        Path out;

        @Option(names = "--no-supercells", description = "skip the supercell step (e.g. for the reference array, which holds them)")
        boolean noSupercells;

        @Option(names = "--representation", description = "Mg-Mn-O or V-O (default ${DEFAULT-VALUE})")
        String representation = "Mg-Mn-O";

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                throw new InputException("--out " + out + ": the training set file must end in .npy");
            }
            // a conventional cell too large for the rows is encoded as its primitive cell (pymatgen's tolerance)
            DatasetBuilder b = DatasetService.reducingBuilder(
                    new DatasetBuilder.Options(representation(representation), perComposition, seed, !noSupercells));
            reportInterruptedBuild(o, out);
            DatasetBuilder.Report r = b.buildToFile(from, out, Progress.NONE);
            Dataset.Statistics st = r.dataset().statistics();
            o.printf(Locale.ROOT, "%s %d matrices of %d compositions -> %s and %s%n", r.reused() ? "reused (unchanged)" : "built",
                    r.dataset().count(), st.compositionCount(), out, Dataset.csvFor(out).getFileName());
            o.printf(Locale.ROOT, "%d structures read, %d skipped (%d duplicates)%n", r.inputs(), r.skipped().size(), r.duplicates());
            int shown = 0;
            for (DatasetBuilder.Skipped s : r.skipped()) {
                if (shown++ == 20) {
                    o.printf(Locale.ROOT, "  ... and %d more (all in %s)%n", r.skipped().size() - 20,
                            out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.npy$", "") + ".skipped.txt").getFileName());
                    break;
                }
                o.println("  skipped " + s);
            }
            o.flush();
            return Main.OK;
        }
    }

    /**
     * Tells the user what a killed earlier build left: the training set without its build record
     * (written last, so its absence means the build did not finish) is rebuilt, and temporary files
     * old enough to be leftovers are removed. Nothing half-written is ever read: every file is
     * renamed into place whole.
     */
    static void reportInterruptedBuild(PrintWriter o, Path out) {
        Path dir = out.toAbsolutePath().getParent();
        int removed = AtomicFiles.deleteStaleTemporaries(dir, STALE_TEMPORARY);
        if (removed > 0) o.printf(Locale.ROOT, "removed %d temporary file(s) left in %s by an interrupted run%n", removed, dir);
        String stem = out.getFileName().toString().replaceAll("(?i)\\.npy$", "");
        if (Files.exists(out) && !Files.exists(out.resolveSibling(stem + ".build.json"))) {
            o.printf(Locale.ROOT, "%s has no build record (%s.build.json): an earlier build did not finish; building it again%n",
                    out.getFileName(), stem);
        }
    }

    /** Temporary files older than this are leftovers of a killed run, not a write in progress. */
    static final Duration STALE_TEMPORARY = Duration.ofMinutes(10);

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Statistics of a training set: matrices per composition, lattice ranges, atoms per cell.")
    static final class Stats implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "a .npy training set (FILE.csv beside it is used when present)")
        Path file;

        @Option(names = "--representation", description = "Mg-Mn-O or V-O (default ${DEFAULT-VALUE})")
        String representation = "Mg-Mn-O";

        @Override
        public Integer call() {
            Dataset ds = Dataset.load(file, representation(representation));
            refuseNonFinite(file, ds);
            PrintWriter o = spec.commandLine().getOut();
            o.print(ds.statistics().format());
            o.flush();
            return Main.OK;
        }
    }

    /**
     * A matrix holding NaN or an infinity has no statistics and would train nothing: name the bad
     * matrices (and their rows) instead of printing "NaN .. NaN".
     */
    static void refuseNonFinite(Path file, Dataset ds) {
        float[] m = ds.matrices();
        int size = ds.representation().size(), rows = ds.representation().rows();
        int bad = 0;
        StringBuilder which = new StringBuilder();
        for (int i = 0; i < ds.count(); i++) {
            StringBuilder r = new StringBuilder();
            for (int row = 0; row < rows; row++) {
                int o = i * size + row * 3;
                if (!Float.isFinite(m[o]) || !Float.isFinite(m[o + 1]) || !Float.isFinite(m[o + 2])) r.append(r.length() > 0 ? ", " : "").append(row);
            }
            if (r.length() > 0 && ++bad <= 5) which.append(bad > 1 ? "; " : "").append("matrix ").append(i).append(" (").append(ds.compositions().get(i))
                    .append(") row").append(r.indexOf(",") >= 0 ? "s " : " ").append(r);
        }
        if (bad > 0) {
            throw new InputException(file + ": " + bad + " of " + ds.count() + " matrices hold NaN or infinite numbers: " + which
                    + (bad > 5 ? "; ..." : "") + " (counted from 0); remove them or build the set again");
        }
    }

    /**
     * The benchmark of issue 4: the paper-sized set (1,000 per composition with supercells) built
     * in memory from a source, with wall time and heap. Run it with -Xmx1g to check the 1 GB goal.
     */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Time building the paper-sized training set (not cached, nothing written).")
    static final class Bench implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--from", required = true, description = "source, e.g. ../shared/data/mgmno/cif (the 1,253 reference structures)")
        Path from;

        @Option(names = "--per-composition", description = "default ${DEFAULT-VALUE}")
        int perComposition = Augmenter.PAPER_PER_COMPOSITION;

        @Option(names = "--seed", description = "default ${DEFAULT-VALUE}")
        long seed = 1;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            Runtime rt = Runtime.getRuntime();
            DatasetBuilder b = DatasetService.builder(new DatasetBuilder.Options(Representation.MG_MN_O, perComposition, seed, true));
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
            long t0 = System.nanoTime();
            DatasetBuilder.SourceContents c = b.read(from);
            long t1 = System.nanoTime();
            DatasetBuilder.Report r = b.build(c, Progress.NONE);
            long t2 = System.nanoTime();
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
            }
            o.printf(Locale.ROOT, "source: %d structures read in %.2f s%n", c.structures().size(), (t1 - t0) / 1e9);
            o.printf(Locale.ROOT, "built: %d matrices, %d compositions, %d skipped, in %.2f s (total %.2f s)%n",
                    r.dataset().count(), r.dataset().statistics().compositionCount(), r.skipped().size(), (t2 - t1) / 1e9, (t2 - t0) / 1e9);
            o.printf(Locale.ROOT, "heap: peak %.0f MB (sum of heap pools' peaks), max allowed %.0f MB, %d processors%n",
                    peak / 1048576.0, rt.maxMemory() / 1048576.0, rt.availableProcessors());
            return Main.OK;
        }
    }
}
