package org.crystalgan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.classical.ForceFieldRelaxer;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench-stability}: timings of the convex hull and the force-field relaxation. */
@Command(name = "bench-stability", mixinStandardHelpOptions = true,
        description = "Times the convex hull on random Mg-Mn-O entries and the classical force-field relaxation of 28-atom cells.")
public final class BenchStabilityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--hull-entries", defaultValue = "5000", description = "entries in the random ternary (default ${DEFAULT-VALUE})")
    int hullEntries;

    @Option(names = "--repeats", defaultValue = "5", description = "timed repetitions after one warm-up (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--structures", paramLabel = "FILE.csv",
            description = "structures.csv of the Mg-Mn-O data (default: ../shared/data/mgmno/structures.csv if present)")
    Path structuresCsv;

    @Option(names = "--relax-cells", defaultValue = "20", description = "28-atom cells to relax (default ${DEFAULT-VALUE})")
    int relaxCells;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<HullEntry> es = randomTernary(hullEntries, seed);
        PhaseDiagram pd = new PhaseDiagram(es); // warm-up
        long best = Long.MAX_VALUE;
        long total = 0;
        long cpu0 = cpu();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            pd = new PhaseDiagram(es);
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        out.printf(Locale.ROOT, "hull: %d Mg-Mn-O entries, %d hull phases: mean %.3f s wall (%.3f s CPU), best %.3f s over %d runs%n",
                es.size(), pd.stableEntries().size(), total / 1e9 / repeats, (cpu() - cpu0) / 1e9 / repeats, best / 1e9, repeats);
        benchRelax(out);
        out.flush();
        return Main.OK;
    }

    private void benchRelax(java.io.PrintWriter out) {
        Path csv = structuresCsv != null ? structuresCsv : Path.of("..", "shared", "data", "mgmno", "structures.csv");
        if (!Files.isRegularFile(csv)) {
            out.println("relax: skipped, no structures file at " + csv + " (give --structures)");
            return;
        }
        List<Structure> cells;
        try {
            cells = readCells(csv, 28, relaxCells);
        } catch (IOException e) {
            throw new InputException("cannot read " + csv + ": " + e.getMessage());
        }
        if (cells.isEmpty()) {
            out.println("relax: skipped, no 28-atom cells in " + csv);
            return;
        }
        ForceFieldRelaxer relaxer = new ForceFieldRelaxer();
        relaxer.relax(cells.get(0)); // warm-up
        int converged = 0, steps = 0;
        long t0 = System.nanoTime();
        long cpu0 = cpu();
        for (Structure s : cells) {
            ForceFieldRelaxer.Result r = relaxer.relax(s);
            if (r.converged()) converged++;
            steps += r.steps();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpuSec = (cpu() - cpu0) / 1e9;
        out.printf(Locale.ROOT, "relax (classical force field, Buckingham + Ewald, positions + cell, FIRE): %d cells of 28 atoms,"
                + " mean %.3f s wall (%.3f s CPU) per cell, mean %.0f steps, %d converged (fmax 0.02 eV/A, stress 0.001 eV/A^3)%n",
                cells.size(), sec / cells.size(), cpuSec / cells.size(), steps / (double) cells.size(), converged);
    }

    /**
     * The first {@code limit} cells of {@code atoms} sites from the data's structures.csv (sites "El x y z;..."): the
     * published parents have at most 24 atoms, so 14-atom parents are doubled along their shortest axis.
     */
    static List<Structure> readCells(Path csv, int atoms, int limit) throws IOException {
        List<Structure> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (int li = 1; li < lines.size() && out.size() < limit; li++) {
            String[] f = lines.get(li).split(",");
            if (f.length < 14) continue;
            String[] sites = f[13].split(";");
            if (sites.length != atoms && sites.length * 2 != atoms) continue;
            Lattice lat = Lattice.fromParameters(Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]), Double.parseDouble(f[10]), Double.parseDouble(f[11]));
            List<Site> ss = new ArrayList<>();
            for (String site : sites) {
                String[] p = site.trim().split("\\s+");
                ss.add(new Site(Element.of(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])));
            }
            Structure st = new Structure(lat, ss);
            if (sites.length * 2 == atoms) {
                double[] p = lat.parameters();
                int ax = p[0] <= p[1] && p[0] <= p[2] ? 0 : p[1] <= p[2] ? 1 : 2;
                st = st.supercell(ax == 0 ? 2 : 1, ax == 1 ? 2 : 1, ax == 2 ? 2 : 1);
            }
            out.add(st);
        }
        return out;
    }

    /** CPU time of this thread, ns: robust against other processes sharing the cores. */
    private static long cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }

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
