package org.crystalgan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.workflow.StructureSources;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.export.DftExport;
import org.crystalgan.screening.export.ExportPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code export-dft DIR --out DIR}: VASP inputs per structure. */
@Command(name = "export-dft", mixinStandardHelpOptions = true,
        description = {"Writes VASP inputs for every structure in DIR (or one file): OUT/<name>/relax (Materials Project GGA+U",
                "relaxation, MPRelaxSet) and OUT/<name>/hse06 (HSE06 band gap; run it on the relaxed CONTCAR). POTCAR symbols",
                "only: POTCAR files are licensed and never written."})
public final class ExportDftCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a folder of structures (or one structure file)")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--overwrite", description = "replace existing inputs")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        List<NamedStructure> structures = new ArrayList<>();
        if (Files.isDirectory(input)) {
            FolderReadResult r = StructureSources.readFolder(input);
            for (String s : r.skipped()) spec.commandLine().getErr().println("warning: skipped " + s);
            structures.addAll(r.structures());
        } else {
            structures.addAll(StructureFiles.read(input));
        }
        if (structures.isEmpty()) throw new InputException(input + ": no structures to export");
        Set<String> used = new HashSet<>();
        var o = spec.commandLine().getOut();
        for (NamedStructure ns : structures) {
            String base = SafeNames.of(ns.name());
            String name = base;
            for (int k = 2; !used.add(name); k++) name = base + "_" + k;
            Path dir = ExportPaths.child(out, name);
            DftExport.write(dir, name, ns.structure(), overwrite);
            o.println(dir);
        }
        o.flush();
        return Main.OK;
    }

}
