package org.crystalgan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.crystalgan.base.Csv;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.export.ExportPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code import-dft DIR}: reads every vasprun.xml under DIR. */
@Command(name = "import-dft", mixinStandardHelpOptions = true,
        description = {"Reads VASP results (every vasprun.xml under DIR, OUTCAR moments when present), applies the Materials",
                "Project 2020 corrections to GGA/GGA+U energies and prints CSV, one line per run. Unfinished, failed or",
                "unconverged runs are listed with the reason and no energy."})
public final class ImportDftCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "folder holding VASP run folders")
    Path dir;

    @Option(names = "--entries-out", paramLabel = "FILE.csv",
            description = "also write the usable, MP2020-corrected energies as hull entries (name,formula,energy_per_atom_eV)")
    Path entriesOut;

    @Option(names = "--overwrite", description = "replace an existing --entries-out file")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        List<DftImport.Result> rs = DftImport.importFolder(dir);
        if (rs.isEmpty()) throw new InputException(dir + ": no vasprun.xml found (searched 8 folder levels)");
        var out = spec.commandLine().getOut();
        out.println("folder,formula,run_type,energy_eV,energy_per_atom_eV,mp2020_correction_eV,corrected_energy_per_atom_eV,"
                + "band_gap_eV,converged_electronic,converged_ionic,energy_usable,magnetic_moment_total_muB,note");
        StringBuilder entries = new StringBuilder("name,formula,energy_per_atom_eV\n");
        int usable = 0;
        for (DftImport.Result r : rs) {
            var v = r.run();
            String formula = r.composition() == null ? "" : r.composition().reducedFormula();
            boolean ok = r.note() == null;
            OptionalDouble corrected = r.correctedEnergyPerAtom();
            String mag = r.magneticMoments().isEmpty() ? "" : fmt(r.magneticMoments().stream().mapToDouble(Double::doubleValue).sum(), 3);
            out.println(String.join(",", Csv.field(r.folder()), formula, v.finished() ? v.runType() : "",
                    v.usable() ? fmt(v.finalEnergy(), 6) : "", v.usable() ? fmt(r.energyPerAtom(), 6) : "",
                    r.correction() != null && r.correction().compatible() ? fmt(r.correction().energy(), 4) : "",
                    corrected.isPresent() ? fmt(corrected.getAsDouble(), 6) : "",
                    r.bandGap().isPresent() ? fmt(r.bandGap().getAsDouble(), 4) : "",
                    String.valueOf(v.finished() && v.electronicConverged()), String.valueOf(v.finished() && v.ionicConverged()),
                    String.valueOf(ok), mag, Csv.field(r.note() == null ? "" : r.note())));
            if (corrected.isPresent()) {
                usable++;
                entries.append(Csv.field(r.folder())).append(',').append(r.composition().formula()).append(',')
                        .append(fmt(corrected.getAsDouble(), 6)).append('\n');
            }
        }
        out.flush();
        if (entriesOut != null) {
            ExportPaths.checkWritable(entriesOut, overwrite);
            AtomicFiles.writeString(entriesOut, entries.toString());
            spec.commandLine().getErr().println("wrote " + usable + " hull entr" + (usable == 1 ? "y" : "ies") + " to " + entriesOut);
        }
        return Main.OK;
    }

    static String fmt(double v, int digits) { return String.format(Locale.ROOT, "%." + digits + "f", v); }
}
