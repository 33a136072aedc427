package org.crystalgan.screening.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.match.Deduplicator.Item;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.validity.ValidityChecker;

/**
 * Times validity checks, space-group detection (tolerance 0.1 Å) and de-duplication on a generated-like set: the given structures followed
 * by copies that are translated, sometimes axis-swapped and jiggled by up to {@code jiggle} Å per
 * coordinate, as the paper's augmentation and a generator's noise would make them.
 */
public final class ScreeningBenchmark {
    /** Seconds per stage and what came out. */
    public record Report(int structures, int references, double generateSeconds, double validitySeconds, double validityCpuSeconds,
                         int valid, double symmetrySeconds, double symmetryCpuSeconds, int symmetryFound, double dedupeSeconds,
                         double dedupeCpuSeconds, int unique, int known, long comparisons, long skippedByInvariants) {
        public double totalSeconds() { return validitySeconds + symmetrySeconds + dedupeSeconds; }

        public double totalCpuSeconds() { return validityCpuSeconds + symmetryCpuSeconds + dedupeCpuSeconds; }
    }

    private ScreeningBenchmark() {}

    /** The first {@code count} structures of the seed list, extended with perturbed copies. */
    public static List<Item> generatedLike(List<Item> seeds, int count, double jiggle, long seed) {
        Random rnd = new Random(seed);
        List<Item> out = new ArrayList<>(count);
        for (int i = 0; i < Math.min(count, seeds.size()); i++) out.add(seeds.get(i));
        while (out.size() < count) {
            Item base = seeds.get(rnd.nextInt(seeds.size()));
            Structure s = base.structure();
            Vec3 t = new Vec3(rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble());
            double[][] m = s.lattice().matrix();
            int swap = rnd.nextInt(4); // 0-2: swap axis k with k+1; 3: none
            List<Site> sites = new ArrayList<>(s.size());
            for (Site x : s.sites()) {
                Vec3 c = s.lattice().toCartesian(x.frac().plus(t));
                Vec3 d = new Vec3((rnd.nextDouble() * 2 - 1) * jiggle, (rnd.nextDouble() * 2 - 1) * jiggle, (rnd.nextDouble() * 2 - 1) * jiggle);
                double[] f = s.lattice().toFractional(c.plus(d)).wrapped().toArray();
                if (swap < 3) {
                    int l = (swap + 1) % 3;
                    double tmp = f[swap]; f[swap] = f[l]; f[l] = tmp;
                }
                sites.add(x.withFrac(Vec3.of(f)));
            }
            if (swap < 3) {
                int l = (swap + 1) % 3;
                double[] tmp = m[swap]; m[swap] = m[l]; m[l] = tmp;
            }
            out.add(new Item(base.name() + "~" + out.size(), new Structure(Lattice.fromMatrix(m), sites)));
        }
        return out;
    }

    public static Report run(List<Item> seeds, List<Item> references, int count, double jiggle, long seed, Progress listener) {
        long t0 = System.nanoTime();
        List<Item> items = generatedLike(seeds, count, jiggle, seed);
        long t1 = System.nanoTime();
        long c1 = cpu();
        ValidityChecker checker = new ValidityChecker();
        AtomicInteger valid = new AtomicInteger();
        items.parallelStream().forEach(it -> {
            if (checker.check(it.name(), it.structure()).valid()) valid.incrementAndGet();
        });
        long ts = System.nanoTime();
        long cs = cpu();
        AtomicInteger found = new AtomicInteger();
        items.parallelStream().forEach(it -> {
            try {
                SpaceGroupFinder.analyze(it.structure());
                found.incrementAndGet();
            } catch (InputException e) {
                // no space group for this cell (empty, disordered, overlapping atoms): counted as not found
            }
        });
        long t2 = System.nanoTime();
        long c2 = cpu();
        Deduplicator.Outcome o = new Deduplicator().run(items, references, listener);
        long t3 = System.nanoTime();
        long c3 = cpu();
        return new Report(items.size(), references.size(), (t1 - t0) / 1e9, (ts - t1) / 1e9, (cs - c1) / 1e9, valid.get(),
                (t2 - ts) / 1e9, (c2 - cs) / 1e9, found.get(), (t3 - t2) / 1e9, (c3 - c2) / 1e9, o.uniqueCount(), o.knownCount(), o.comparisons(), o.skippedByInvariants());
    }

    /** CPU time of this process in ns (all threads), or 0 where the JVM does not report it. */
    static long cpu() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
