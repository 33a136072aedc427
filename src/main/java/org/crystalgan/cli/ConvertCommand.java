package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.PymatgenJson;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crystalgan convert IN OUT}: structure file conversion, formats from the file names. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a structure file; the formats follow from the file names:",
            "  .cif (CIF 1.1; written as P1 with the symmetry loop)",
            "  .vasp, .poscar, POSCAR*, CONTCAR* (VASP 5; VASP 4 read with --species)",
            "  .json (pymatgen Structure dict, as the Materials Project serves it)",
            "  .xyz (extended XYZ with the cell; write only)",
            "A file with several structures (CIF data blocks) becomes one CIF with the same blocks or one JSON list; "
                + "pick one with --block NAME for POSCAR or XYZ."})
public final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "structure file to read")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "file to write (replaced if it exists)")
    Path out;

    @Option(names = "--species", split = ",", paramLabel = "EL",
            description = "species of a VASP 4 POSCAR in order, e.g. --species Mg,Mn,O")
    List<String> species;

    @Option(names = "--block", paramLabel = "NAME", description = "convert only this structure (CIF data block name)")
    String block;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        StructureFormat target = StructureFiles.formatOf(out);
        List<NamedStructure> all = StructureFiles.read(in, w -> e.println("warning: " + w), species);
        List<NamedStructure> chosen = all;
        if (block != null) {
            chosen = all.stream().filter(n -> n.name().equals(block)).toList();
            if (chosen.isEmpty()) {
                throw new InputException(in + ": no structure named '" + block + "' (the file holds "
                        + String.join(", ", all.stream().map(NamedStructure::name).toList()) + ")");
            }
        }
        if (chosen.size() == 1) {
            StructureFiles.write(out, chosen.get(0).structure(), target == StructureFormat.POSCAR ? null : chosen.get(0).name());
        } else if (target == StructureFormat.CIF) {
            StringBuilder sb = new StringBuilder();
            for (NamedStructure n : chosen) sb.append(CifWriter.write(n.structure(), n.name())).append('\n');
            AtomicFiles.writeString(out, sb.toString());
        } else if (target == StructureFormat.PYMATGEN_JSON) {
            List<String> parts = new ArrayList<>();
            for (NamedStructure n : chosen) parts.add(PymatgenJson.write(n.structure()).strip());
            AtomicFiles.writeString(out, "[\n" + String.join(",\n", parts) + "\n]\n");
        } else {
            throw new InputException(in + " holds " + chosen.size() + " structures ("
                    + String.join(", ", chosen.stream().map(NamedStructure::name).toList()) + ") but " + out.getFileName()
                    + " can hold one; choose it with --block NAME");
        }
        int sites = chosen.stream().mapToInt(n -> n.structure().size()).sum();
        o.println("wrote " + out + " (" + (chosen.size() == 1 ? chosen.get(0).structure().composition().formula()
                : chosen.size() + " structures") + ", " + sites + " sites)");
        o.flush();
        return Main.OK;
    }
}
