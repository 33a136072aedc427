package org.crystalgan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.SymmetrizedCifWriter;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code symmetry FILE [--tolerance T] [--cif OUT]}: prints "<number> <symbol>", e.g. "227 Fd-3m". */
@Command(name = "symmetry", mixinStandardHelpOptions = true,
        description = {"Finds the space group of a structure (spglib's method, distance tolerance in Å) and prints",
            "one line: <number> <symbol>, e.g. '227 Fd-3m'. --cif writes the symmetrised conventional cell."})
public final class SymmetryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "structure file (.cif, POSCAR/CONTCAR/.vasp, .json)")
    Path file;

    @Option(names = "--tolerance", paramLabel = "T", description = "distance tolerance in Å (default: ${DEFAULT-VALUE})")
    double tolerance = SpaceGroupFinder.DEFAULT_TOLERANCE;

    @Option(names = "--cif", paramLabel = "OUT", description = "write the symmetrised CIF (space group, operations, asymmetric unit) here")
    Path cif;

    @Override
    public Integer call() throws IOException {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new InputException(String.format(Locale.ROOT, "--tolerance must be a positive distance in Å, got %s", tolerance));
        }
        List<NamedStructure> read = StructureFiles.read(file);
        if (read.isEmpty()) throw new InputException(file + ": no structure found in the file");
        if (read.size() > 1) {
            throw new InputException(file + ": holds " + read.size() + " structures; symmetry takes a file with one structure");
        }
        NamedStructure ns = read.get(0);
        SymmetryDataset d;
        try {
            d = SpaceGroupFinder.analyze(ns.structure(), tolerance);
        } catch (InputException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
        if (cif != null) {
            String text = SymmetrizedCifWriter.write(d.conventional().lattice(), d.setting(), d.asymmetricSites(), ns.name());
            AtomicFiles.writeString(cif, text);
        }
        spec.commandLine().getOut().println(d.summary());
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
