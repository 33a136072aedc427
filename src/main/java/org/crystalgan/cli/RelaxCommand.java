package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.crystalgan.base.Csv;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.potential.Potential;
import org.crystalgan.workflow.Potentials;
import org.crystalgan.potential.classical.ClassicalForceField;
import org.crystalgan.potential.classical.ForceFieldRelaxer;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.export.ExportPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relax FILE|DIR --out DIR}: relaxation of positions and cell with M3GNet or the classical force field. */
@Command(name = "relax", mixinStandardHelpOptions = true,
        description = {"Relaxes positions and cell: FIRE with ASE's Fréchet cell filter, as matgl's Relaxer does (default: M3GNet,"
                + " fmax 0.1 eV/Å on atoms and cell, 500 steps, both cores).",
                "--potential classical keeps the classical force field's own relaxer (Buckingham + Ewald; fmax 0.02 eV/Å, --smax"
                        + " 0.001 eV/Å³, 1000 steps, --fixed-cell); its energies are NOT formation energies.",
                "Writes each relaxed cell as P1 CIF into --out (named after the structure; none for a failed, exploded or cancelled one),"
                        + " and relax.csv (also printed; with classical the classical table is printed instead)."})
public final class RelaxCommand implements Callable<Integer> {
    /** Header of relax.csv (columns fixed by issue 15). volume_change is V_relaxed / V_input - 1. */
    public static final String CSV_HEADER = "file,formula,atoms,initial_energy_per_atom_eV,final_energy_per_atom_eV,steps,verdict,"
            + "volume_change,max_force_eV_per_A";
    /** Header of the table printed by {@code --potential classical} (unchanged from before M3GNet). */
    static final String CLASSICAL_HEADER = "name,formula,converged,steps,classical_ff_energy_eV_per_atom,max_force_eV_per_A,"
            + "max_stress_eV_per_A3,file,message";

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "a structure file or a folder of them (CIF, POSCAR, .vasp, .json)")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the relaxed structures and relax.csv")
    Path out;

    @Option(names = "--potential", paramLabel = "m3gnet|classical|DIR", defaultValue = Potentials.DEFAULT,
            description = "m3gnet (bundled), classical, or a folder with a matgl M3GNet model; default ${DEFAULT-VALUE}")
    String potential;

    @Option(names = "--fmax", description = "force convergence, eV/Å (default 0.1; classical 0.02)")
    Double fmax;

    @Option(names = "--smax", description = "stress convergence, eV/Å³, classical only (default 0.001)")
    Double smax;

    @Option(names = "--steps", description = "step limit (default 500; classical 1000)")
    Integer steps;

    @Option(names = "--fixed-cell", description = "relax positions only")
    boolean fixedCell;

    @Option(names = "--workers", defaultValue = "0", description = "structures relaxed at once (default: the number of cores)")
    int workers;

    @Option(names = "--overwrite", description = "replace existing files in --out")
    boolean overwrite;

    /** One structure's output names: the CIF (today's naming: the structure's name, made safe, _2, _3 for repeats). */
    private record Target(NamedStructure in, String label, String base, Path cif) {}

    @Override
    public Integer call() throws Exception {
        boolean classical = "classical".equals(potential);
        if (fmax != null && !(fmax > 0)) throw new InputException("--fmax must be positive (got " + fmax + ")");
        if (smax != null && !(smax > 0)) throw new InputException("--smax must be positive (got " + smax + ")");
        if (steps != null && steps < 0) throw new InputException("--steps must not be negative (got " + steps + ")");
        if (smax != null && !classical) {
            throw new InputException("--smax applies to --potential classical only (with " + potential
                    + " the cell's generalised forces are held to --fmax, as in ASE)");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<NamedStructure> structures = EnergyCommand.readInputs(input, err);
        Files.createDirectories(out);
        // every target checked before anything is written, so a refusal leaves --out as it was
        List<Target> targets = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (NamedStructure ns : structures) {
            String base = SafeNames.of(ns.name());
            String fileName = base + ".cif";
            for (int k = 2; !used.add(fileName); k++) fileName = base + "_" + k + ".cif";
            Path target = ExportPaths.child(out, fileName);
            ExportPaths.checkWritable(target, overwrite);
            targets.add(new Target(ns, EnergyCommand.label(ns, structures), base, target));
        }
        Path csvFile = ExportPaths.child(out, "relax.csv");
        ExportPaths.checkWritable(csvFile, overwrite);
        return classical ? relaxClassical(targets, csvFile) : relaxWith(Potentials.resolve(potential), targets, csvFile);
    }

    private int relaxWith(Potential p, List<Target> targets, Path csvFile) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        RelaxOptions options = new RelaxOptions(fmax != null ? fmax : RelaxOptions.DEFAULT_FMAX,
                steps != null ? steps : RelaxOptions.DEFAULT_STEPS, !fixedCell);
        BatchRelaxer batch = new BatchRelaxer(new Relaxer(p, options), workers);
        List<Structure> in = targets.stream().map(t -> t.in().structure()).toList();
        List<RelaxResult> results = batch.relaxAll(in, new BatchRelaxer.Listener() {
            @Override
            public void finished(int index, RelaxResult r, int done, int total) {
                synchronized (err) {
                    err.println(String.format(Locale.ROOT, "[%d/%d] %s: %s after %d steps", done, total, targets.get(index).label(),
                            r.verdict().label(), r.steps()));
                    err.flush();
                }
            }
        });
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        int notConverged = 0;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            RelaxResult r = results.get(i);
            if (r.verdict() == Verdict.CONVERGED || r.verdict() == Verdict.STEP_LIMIT) {
                StructureFiles.write(t.cif(), r.relaxed(), t.base() + "_relaxed");
            }
            if (r.verdict() != Verdict.CONVERGED) {
                notConverged++;
                err.println("warning: " + t.label() + ": " + r.verdict().label() + ": " + r.reason());
            }
            csv.append(row(t, r.atoms(), r.initialEnergyPerAtom(), r.finalEnergyPerAtom(), r.steps(), r.verdict(), r.volumeChange(),
                    r.maxForce()));
        }
        AtomicFiles.writeString(csvFile, csv.toString());
        PrintWriter o = spec.commandLine().getOut();
        o.print(csv);
        o.flush();
        if (notConverged > 0) err.println("warning: " + notConverged + " of " + targets.size() + " did not converge (see the verdict column)");
        err.println("potential: " + p.description());
        return Main.OK;
    }

    /** Today's classical relaxation, one structure after another, with its own table on stdout; relax.csv as for any potential. */
    private int relaxClassical(List<Target> targets, Path csvFile) throws Exception {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ForceFieldRelaxer relaxer = new ForceFieldRelaxer(new ClassicalForceField(), new ForceFieldRelaxer.Options(
                fmax != null ? fmax : 0.02, smax != null ? smax : 0.001, steps != null ? steps : 1000, !fixedCell));
        o.println(CLASSICAL_HEADER);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        int failed = 0;
        for (Target t : targets) {
            NamedStructure ns = t.in();
            int n = ns.structure().size();
            ForceFieldRelaxer.Result r;
            try {
                r = relaxer.relax(ns.structure());
            } catch (InputException ex) {
                failed++;
                o.println(String.join(",", Csv.field(ns.name()), ns.structure().composition().reducedFormula(), "false", "0", "", "", "", "",
                        Csv.field(ex.getMessage())));
                csv.append(row(t, n, Double.NaN, Double.NaN, 0, Verdict.FAILED, Double.NaN, Double.NaN));
                continue;
            }
            if (!r.converged()) failed++;
            StructureFiles.write(t.cif(), r.structure(), t.base() + "_relaxed");
            o.println(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.4f,%.6f,%s,%s", Csv.field(ns.name()), ns.structure().composition().reducedFormula(),
                    r.converged(), r.steps(), r.energyPerAtom(), r.maxForce(), r.maxStress(), Csv.field(t.cif().getFileName().toString()),
                    Csv.field(r.message())));
            csv.append(row(t, n, r.initialEnergy() / n, r.energyPerAtom(), r.steps(), r.verdict(),
                    r.structure().volume() / ns.structure().volume() - 1, r.maxForce()));
        }
        o.flush();
        AtomicFiles.writeString(csvFile, csv.toString());
        if (failed > 0) err.println("warning: " + failed + " of " + targets.size() + " did not converge (see the message column)");
        return Main.OK;
    }

    private static String row(Target t, int atoms, double e0, double e1, int steps, Verdict v, double dv, double fmax) {
        return String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%d,%s,%s,%s%n", Csv.field(t.label()), t.in().structure().composition().reducedFormula(),
                atoms, num(e0, 6), num(e1, 6), steps, v.label(), num(dv, 5), num(fmax, 4));
    }

    /** A number with {@code digits} decimals, or an empty field when there is none (NaN). */
    private static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }
}
