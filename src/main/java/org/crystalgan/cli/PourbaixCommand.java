package org.crystalgan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.pourbaix.AqueousIon;
import org.crystalgan.screening.pourbaix.PourbaixDiagram;
import org.crystalgan.screening.pourbaix.PourbaixSpecies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pourbaix --entries FILE.csv --formula F [--ph 0:14 --v 1.5]}: Pourbaix decomposition free energy. */
@Command(name = "pourbaix", mixinStandardHelpOptions = true,
        description = {"Pourbaix decomposition free energy (eV/atom) of the entries with formula F, as pymatgen's",
                "PourbaixDiagram.get_decomposition_energy (Persson et al. 2012 scheme, bundled Mg and Mn ions, 1e-6 M):",
                "the minimum over the pH range at a fixed potential vs RHE (the paper: pH 0-14 at 1.5 V).",
                "Prints CSV: one line per entry of that formula."})
public final class PourbaixCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--entries", required = true, paramLabel = "FILE.csv", description = "computed solids: formula,energy_per_atom_eV (or energy_eV)")
    Path entries;

    @Option(names = "--formula", required = true, paramLabel = "F", description = "the solid to assess (reduced formula, e.g. MgMn2O4)")
    String formula;

    @Option(names = "--ph", defaultValue = "0:14", paramLabel = "MIN:MAX", description = "pH, or a pH range to minimise over (default ${DEFAULT-VALUE})")
    String ph;

    @Option(names = "--v", defaultValue = "1.5", paramLabel = "VOLTS", description = "potential in V vs RHE (default ${DEFAULT-VALUE})")
    double volts;

    @Option(names = "--concentration", defaultValue = "1e-6", paramLabel = "MOL_PER_L", description = "ion concentration (default ${DEFAULT-VALUE})")
    double concentration;

    @Override
    public Integer call() throws Exception {
        double[] range = parseRange(ph);
        if (!(concentration > 0)) throw new InputException("--concentration must be positive, got " + concentration);
        Composition target;
        try {
            target = Composition.parse(formula);
        } catch (IllegalArgumentException ex) {
            throw new InputException("--formula: " + ex.getMessage());
        }
        List<HullEntry> list = EntryCsv.read(entries);
        PhaseDiagram pd = new PhaseDiagram(list);
        List<HullEntry> matches = new ArrayList<>();
        for (HullEntry e : list) if (e.composition().reduced().almostEquals(target.reduced(), 1e-6)) matches.add(e);
        if (matches.isEmpty()) {
            throw new InputException(entries + ": no entry with formula " + target.reducedFormula() + "; add its computed energy to assess it");
        }
        PourbaixDiagram pbx = new PourbaixDiagram(pd, AqueousIon.bundled(), target, concentration);
        var out = spec.commandLine().getOut();
        out.println("formula,name,energy_per_atom_eV,pH,V_RHE,V_SHE,decomposition_energy_eV_per_atom,stable_species");
        for (HullEntry e : matches) {
            PourbaixDiagram.Minimum m = pbx.minimumOverPh(pbx.solidOf(e), range[0], range[1], volts);
            out.println(String.format(Locale.ROOT, "%s,%s,%.6f,%.3f,%.4f,%.4f,%.6f,%s", e.composition().reducedFormula(), e.name(),
                    e.energyPerAtom(), m.pH(), m.vRhe(), m.vShe(), m.energyPerAtom(), describe(m.stable())));
        }
        out.flush();
        return Main.OK;
    }

    private static String describe(Map<PourbaixSpecies, Double> mix) {
        StringBuilder sb = new StringBuilder();
        for (var e : mix.entrySet()) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(e.getKey().name()).append(String.format(Locale.ROOT, " (%.4f)", e.getValue()));
        }
        return sb.toString();
    }

    static double[] parseRange(String s) {
        String[] p = s.split(":", -1);
        try {
            if (p.length == 1) {
                double v = Double.parseDouble(p[0].strip());
                return new double[] {v, v};
            }
            if (p.length == 2) {
                double a = Double.parseDouble(p[0].strip()), b = Double.parseDouble(p[1].strip());
                if (b < a) throw new InputException("--ph " + s + ": the range must go from low to high");
                return new double[] {a, b};
            }
        } catch (NumberFormatException ex) {
            // fall through to the message below
        }
        throw new InputException("--ph '" + s + "': expected a number such as 7 or a range such as 0:14");
    }
}
