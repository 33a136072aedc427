package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.bench.ScreeningBenchmark;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.match.Deduplicator.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-screening}: seconds for validity, symmetry and de-duplication of a generated-like set. */
@Command(name = "bench-screening", mixinStandardHelpOptions = true,
        description = {"Time validity checks, space-group detection and de-duplication (against the table's unique parents) of COUNT",
            "generated-like Mg-Mn-O structures: the table's rows plus translated, axis-swapped, jiggled copies."})
final class ScreeningBenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = "../shared/data/mgmno/structures.csv",
            description = "structures table (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--count", defaultValue = "10000", description = "structures to screen (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--parents", defaultValue = "1253", description = "the first rows that serve as references (default ${DEFAULT-VALUE})")
    int parents;

    @Option(names = "--jiggle", paramLabel = "Å", defaultValue = "0.03", description = "largest random displacement per coordinate of a copy (default ${DEFAULT-VALUE} Å)")
    double jiggle;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 1) throw new InputException("--count must be at least 1");
        List<DecodedStructureCsv.Row> rows = DecodedStructureCsv.read(data);
        if (rows.isEmpty()) throw new InputException(data + ": no structures");
        List<Item> seeds = new ArrayList<>(), refs = new ArrayList<>();
        for (DecodedStructureCsv.Row r : rows) {
            Item it = new Item(r.name() + "#" + r.index(), r.structure());
            seeds.add(it);
            if (r.index() < parents) refs.add(it);
        }
        ScreeningBenchmark.Report rep = ScreeningBenchmark.run(seeds, refs, count, jiggle, seed, Progress.NONE);
        out.printf(Locale.ROOT, "structures          %d (%d from %s, the rest perturbed copies)%n", rep.structures(), Math.min(count, seeds.size()), data);
        out.printf(Locale.ROOT, "threads             %d available processors%n", Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "validity            %.2f s wall, %.2f s CPU (%d valid)%n", rep.validitySeconds(), rep.validityCpuSeconds(), rep.valid());
        out.printf(Locale.ROOT, "symmetry            %.2f s wall, %.2f s CPU (%d with a space group)%n", rep.symmetrySeconds(), rep.symmetryCpuSeconds(), rep.symmetryFound());
        out.printf(Locale.ROOT, "de-duplication      %.2f s wall, %.2f s CPU (%d unique, %d known among %d references; %d full comparisons, %d ruled out by invariants)%n",
                rep.dedupeSeconds(), rep.dedupeCpuSeconds(), rep.unique(), rep.known(), rep.references(), rep.comparisons(), rep.skippedByInvariants());
        out.printf(Locale.ROOT, "total               %.2f s wall, %.2f s CPU (wall time includes waiting for cores other processes hold)%n",
                rep.totalSeconds(), rep.totalCpuSeconds());
        out.flush();
        return Main.OK;
    }
}
