package org.crystalgan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.energy.ForceFieldRelaxer;
import org.crystalgan.screening.export.ExportPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code relax FILE|DIR --out DIR}: classical force-field relaxation (Buckingham + Ewald). */
@Command(name = "relax", mixinStandardHelpOptions = true,
        description = {"Relaxes positions and cell with the classical force field (Buckingham + Ewald, rigid ions, formal charges).",
                "Tidies generated cells and ranks polymorphs of one composition; its energies are NOT formation energies.",
                "Writes each relaxed cell as P1 CIF into --out and prints a CSV summary."})
public final class RelaxCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "a structure file or a folder of them (CIF, POSCAR, .vasp, .json)")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the relaxed structures")
    Path out;

    @Option(names = "--fmax", defaultValue = "0.02", description = "force convergence, eV/Å (default ${DEFAULT-VALUE})")
    double fmax;

    @Option(names = "--smax", defaultValue = "0.001", description = "stress convergence, eV/Å³ (default ${DEFAULT-VALUE})")
    double smax;

    @Option(names = "--steps", defaultValue = "1000", description = "step limit (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--fixed-cell", description = "relax positions only")
    boolean fixedCell;

    @Option(names = "--overwrite", description = "replace existing files in --out")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (!(fmax > 0) || !(smax > 0) || steps < 0) throw new InputException("--fmax and --smax must be positive and --steps non-negative");
        List<NamedStructure> structures = new ArrayList<>();
        var err = spec.commandLine().getErr();
        if (Files.isDirectory(input)) {
            FolderReadResult r = StructureFiles.readFolder(input);
            for (String s : r.skipped()) err.println("warning: skipped " + s);
            structures.addAll(r.structures());
        } else {
            structures.addAll(StructureFiles.read(input));
        }
        if (structures.isEmpty()) throw new InputException(input + ": no structures to relax");
        ForceFieldRelaxer relaxer = new ForceFieldRelaxer(new org.crystalgan.screening.energy.ClassicalForceField(),
                new ForceFieldRelaxer.Options(fmax, smax, steps, !fixedCell));
        Files.createDirectories(out);
        var o = spec.commandLine().getOut();
        o.println("name,formula,converged,steps,classical_ff_energy_eV_per_atom,max_force_eV_per_A,max_stress_eV_per_A3,file,message");
        Set<String> used = new HashSet<>();
        int failed = 0;
        for (NamedStructure ns : structures) {
            String base = ExportPaths.safeName(ns.name());
            String fileName = base + ".cif";
            for (int k = 2; !used.add(fileName); k++) fileName = base + "_" + k + ".cif";
            Path target = ExportPaths.child(out, fileName);
            ExportPaths.checkWritable(target, overwrite);
            ForceFieldRelaxer.Result r;
            try {
                r = relaxer.relax(ns.structure());
            } catch (InputException ex) {
                failed++;
                o.println(String.join(",", csv(ns.name()), ns.structure().composition().reducedFormula(), "false", "0", "", "", "", "",
                        csv(ex.getMessage())));
                continue;
            }
            if (!r.converged()) failed++;
            StructureFiles.write(target, r.structure(), base + "_relaxed");
            o.println(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.4f,%.6f,%s,%s", csv(ns.name()), ns.structure().composition().reducedFormula(),
                    r.converged(), r.steps(), r.energyPerAtom(), r.maxForce(), r.maxStress(), csv(target.getFileName().toString()), csv(r.message())));
        }
        o.flush();
        if (failed > 0) err.println("warning: " + failed + " of " + structures.size() + " did not converge (see the message column)");
        return Main.OK;
    }

    static String csv(String s) {
        if (s == null) return "";
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return '"' + s.replace("\"", "\"\"") + '"';
        return s;
    }
}
