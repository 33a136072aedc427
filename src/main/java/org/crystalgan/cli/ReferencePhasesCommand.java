package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.potential.Potential;
import org.crystalgan.workflow.Potentials;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.ReferencePhases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reference-phases}: relaxes the bundled Mg-Mn-O reference phases with a potential and prints their hull. */
@Command(name = "reference-phases", mixinStandardHelpOptions = true,
        description = {"Relaxes the bundled reference phases (Mg, alpha-Mn, O2 and the known oxides of samples/) with a potential and"
                + " prints their energies and the convex hull they form.",
                "With --out, writes the energy table (the form of the bundled " + ReferencePhases.ENERGIES + ") atomically."})
public final class ReferencePhasesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--potential", defaultValue = "m3gnet", paramLabel = "m3gnet|DIR",
            description = "m3gnet (bundled, default) or a matgl M3GNet model folder")
    String potential;

    @Option(names = "--fmax", defaultValue = "0.05", description = "force convergence, eV/Å (default ${DEFAULT-VALUE}: tighter than screening's 0.1)")
    double fmax;

    @Option(names = "--steps", defaultValue = "1000", description = "step limit (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--out", paramLabel = "FILE", description = "write the energy table here")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ("classical".equals(potential)) {
            throw new org.crystalgan.crystal.InputException("--potential classical: its energies cannot compare compositions, so it makes no hull");
        }
        Potential p = Potentials.resolve(potential);
        List<ReferencePhases.Relaxed> relaxed = ReferencePhases.relax(p, new RelaxOptions(fmax, steps, true));
        String csv = ReferencePhases.toCsv(relaxed);
        if (out != null) AtomicFiles.writeString(out, csv);
        PrintWriter o = spec.commandLine().getOut();
        o.print(csv);
        PhaseDiagram pd = new PotentialHull(relaxed.stream().map(ReferencePhases.Relaxed::entry).toList(), p.name()).diagram();
        o.println("# hull (" + p.name() + ", MP2020-corrected): formation energy and energy above hull, eV/atom");
        for (int i = 0; i < pd.entries().size(); i++) {
            o.printf(Locale.ROOT, "# %-20s %-10s %9.4f %8.4f%s%n", pd.entries().get(i).name(),
                    pd.entries().get(i).composition().reducedFormula(), pd.formationEnergyPerAtom(i), pd.eAboveHull(i),
                    pd.isStable(i) ? "  stable" : "");
        }
        o.flush();
        return Main.OK;
    }
}
