package org.crystalgan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hull --entries FILE.csv}: formation energies and energies above the convex hull. */
@Command(name = "hull", mixinStandardHelpOptions = true,
        description = {"Convex hull of the entries in a CSV file (columns formula and energy_per_atom_eV, or a total energy_eV).",
                "Prints CSV to standard output, one line per entry in input order. Energies in eV/atom; the decomposition",
                "lists hull phases with their atom fractions."})
public final class HullCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--entries", required = true, paramLabel = "FILE.csv", description = "entries: formula,energy_per_atom_eV (or energy_eV total)")
    Path entries;

    @Override
    public Integer call() throws Exception {
        List<HullEntry> list = EntryCsv.read(entries);
        PhaseDiagram pd = new PhaseDiagram(list);
        var out = spec.commandLine().getOut();
        out.println("formula,energy_per_atom_eV,formation_energy_per_atom_eV,e_above_hull_eV_per_atom,decomposition");
        for (int i = 0; i < list.size(); i++) {
            HullEntry e = list.get(i);
            out.println(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%s", e.composition().formula(), e.energyPerAtom(),
                    pd.formationEnergyPerAtom(i), pd.eAboveHull(i), pd.describeDecomposition(i)));
        }
        out.flush();
        return Main.OK;
    }
}
