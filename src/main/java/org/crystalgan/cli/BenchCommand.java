package org.crystalgan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.gan.GanBench;
import org.crystalgan.gan.GeneratorModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: training-step and generation speed on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one critic step with gradient penalty plus one generator step (batch 32), the 5:1 schedule,"
                + " and generation throughput. Run with OMP_NUM_THREADS=1 (one thread per native op, as the reference comparison)."
                + " --threads 1 times the single-threaded trainer.")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cycles", defaultValue = "4", description = "5:1 cycles to time after one warm-up cycle (default ${DEFAULT-VALUE})")
    int cycles;

    @Option(names = "--generate", defaultValue = "4096", description = "matrices to generate for the generation timing (default ${DEFAULT-VALUE})")
    int generate;

    @Option(names = "--threads", description = "training threads, 1 or 2 (default: 2 where there are two or more cores, as train uses)")
    Integer threads;

    @Option(names = "--model", description = "model folder or training run folder for the generation timing (default: the bundled model, else fresh networks)")
    java.nio.file.Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GeneratorModel m = model != null ? GeneratorModel.load(model) : bundledOrNull();
        int t = threads != null ? Math.max(1, Math.min(2, threads)) : Math.min(2, Runtime.getRuntime().availableProcessors());
        GanBench.Result r = GanBench.run(cycles, m, generate, t);
        String nativeBuild = org.crystalgan.gan.NativeBuild.loaded();
        out.println(String.format(Locale.ROOT, "critic+generator step: %.0f ms", r.stepMs()));
        out.println(String.format(Locale.ROOT, "5:1 iteration: %.0f ms", r.iterationMs()));
        out.println(String.format(Locale.ROOT, "generation: %.0f structures/s", r.structuresPerSecond()));
        out.println(String.format(Locale.ROOT, "training: %.1f GFLOP/s achieved (%.2f GFLOP of matrix products per 5:1 iteration; libnd4j build %s)",
                r.gflopPerSecond(), r.gflopPerIteration(), nativeBuild));
        out.flush();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "(training threads %d; CPU time of the main training thread: step %.0f ms, 5:1 iteration %.0f ms;"
                        + " generation %.0f structures per CPU-second of the process; peak resident memory %.0f MiB)",
                t, r.stepCpuMs(), r.iterationCpuMs(), r.structuresPerCpuSecond(), r.peakRssMiB()));
        return Main.OK;
    }

    private static GeneratorModel bundledOrNull() {
        try {
            return GeneratorModel.bundled();
        } catch (org.crystalgan.crystal.InputException e) {
            return null;
        }
    }
}
