package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.Csv;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.workflow.StructureSources;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;
import org.crystalgan.workflow.Potentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code energy FILE|DIR}: single-point energy, forces and stress with an interatomic potential. */
@Command(name = "energy", mixinStandardHelpOptions = true,
        description = {"Energy, largest force and stress of each structure (a single point: nothing is relaxed), as CSV on stdout.",
                "Stress in GPa as six Voigt components xx yy zz yz xz xy with ASE's sign (negative = compressed, the cell wants to expand).",
                "A structure the potential refuses is reported on stderr and left out; the exit status is 1 when none could be evaluated."})
public final class EnergyCommand implements Callable<Integer> {
    /** The CSV header (columns fixed by issue 15). */
    public static final String HEADER = "file,formula,atoms,energy_eV,energy_per_atom_eV,max_force_eV_per_A,"
            + "stress_GPa_xx,stress_GPa_yy,stress_GPa_zz,stress_GPa_yz,stress_GPa_xz,stress_GPa_xy";

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "a structure file or a folder of them (CIF, POSCAR, .vasp, .json)")
    Path input;

    @Option(names = "--potential", paramLabel = "m3gnet|classical|DIR", defaultValue = Potentials.DEFAULT,
            description = "m3gnet (the bundled M3GNet-MP-2021.2.8-PES), classical (Buckingham + Ewald; not formation energies),"
                    + " or a folder with a matgl M3GNet model (model.json + state.pt); default ${DEFAULT-VALUE}")
    String potential;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<NamedStructure> structures = readInputs(input, err);
        Potential p = Potentials.resolve(potential);
        PrintWriter out = spec.commandLine().getOut();
        out.println(HEADER);
        int failed = 0;
        String lastError = null;
        for (NamedStructure ns : structures) {
            String file = label(ns, structures);
            Evaluation e;
            try {
                e = p.evaluate(ns.structure());
            } catch (InputException ex) {
                failed++;
                lastError = file + ": " + ex.getMessage();
                err.println("warning: " + lastError);
                continue;
            }
            double[] s = e.stressGPa();
            out.println(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f", Csv.field(file),
                    ns.structure().composition().reducedFormula(), e.size(), e.energy(), e.energyPerAtom(), e.maxForce(),
                    s[0], s[1], s[2], s[3], s[4], s[5]));
        }
        out.flush();
        if (failed == structures.size()) throw new InputException(structures.size() == 1 ? lastError : "none of the " + failed
                + " structures could be evaluated with " + p.name() + " (last: " + lastError + ")");
        return Main.OK;
    }

    /** Every structure of a file, or of the readable files of a folder (the others reported on {@code err}). */
    static List<NamedStructure> readInputs(Path input, PrintWriter err) throws java.io.IOException {
        List<NamedStructure> structures = new ArrayList<>();
        if (Files.isDirectory(input)) {
            FolderReadResult r = StructureSources.readFolder(input);
            for (String s : r.skipped()) err.println("warning: skipped " + s);
            structures.addAll(r.structures());
        } else {
            structures.addAll(StructureFiles.read(input));
        }
        if (structures.isEmpty()) throw new InputException(input + ": no structures found");
        return structures;
    }

    /** The input file's name, with the structure's own name after a colon when the file holds several. */
    static String label(NamedStructure ns, List<NamedStructure> all) {
        if (ns.source() == null) return ns.name();
        String file = ns.source().getFileName().toString();
        long fromSameFile = all.stream().filter(o -> ns.source().equals(o.source())).count();
        return fromSameFile > 1 ? file + ":" + ns.name() : file;
    }
}
