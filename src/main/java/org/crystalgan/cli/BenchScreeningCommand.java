package org.crystalgan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench-screening}: timings of the convex hull and the force-field relaxation. */
@Command(name = "bench-screening", mixinStandardHelpOptions = true,
        description = "Times the convex hull on random Mg-Mn-O entries and the classical force-field relaxation of 28-atom cells.")
public final class BenchScreeningCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--hull-entries", defaultValue = "5000", description = "entries in the random ternary (default ${DEFAULT-VALUE})")
    int hullEntries;

    @Option(names = "--repeats", defaultValue = "5", description = "timed repetitions after one warm-up (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<HullEntry> es = randomTernary(hullEntries, seed);
        PhaseDiagram pd = new PhaseDiagram(es); // warm-up
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            pd = new PhaseDiagram(es);
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        out.printf(Locale.ROOT, "hull: %d Mg-Mn-O entries, %d hull phases: mean %.3f s, best %.3f s over %d runs%n",
                es.size(), pd.stableEntries().size(), total / 1e9 / repeats, best / 1e9, repeats);
        out.flush();
        return Main.OK;
    }

    /** Random Mg-Mn-O entries: up to 28 atoms per cell, energies scattered around the mixed elements. */
    static List<HullEntry> randomTernary(int n, long seed) {
        Random r = new Random(seed);
        List<HullEntry> es = new ArrayList<>();
        es.add(HullEntry.of("Mg", -1.60));
        es.add(HullEntry.of("Mn", -9.16));
        es.add(HullEntry.of("O", -4.95));
        while (es.size() < n) {
            int a = r.nextInt(9), b = r.nextInt(9), c = r.nextInt(13);
            if (a + b + c == 0) continue;
            double mean = (a * -1.60 + b * -9.16 + c * -4.95) / (a + b + c);
            double xo = c / (double) (a + b + c);
            double e = mean - 2.0 * xo * (1 - xo) * (1 + r.nextDouble()) + 0.3 * r.nextGaussian();
            es.add(new HullEntry("r" + es.size(), Composition.of("Mg", a, "Mn", b, "O", c), e));
        }
        return es;
    }
}
