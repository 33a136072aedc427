package org.crystalgan.screening.energy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.vasp.Outcar;
import org.crystalgan.io.vasp.Vasprun;

/**
 * Imports VASP results from a folder tree: every {@code vasprun.xml} (also {@code vasprun.xml.gz} is
 * not read: unpack it first), its OUTCAR's magnetic moments when present, and the Materials Project
 * 2020 corrections so the energies can join MP entries on one hull. Unfinished or unconverged runs
 * are kept in the list, flagged, and never used for energies.
 */
public final class DftImport {
    private DftImport() {}

    /**
     * One imported run.
     *
     * @param folder the run's folder relative to the imported root ("." for the root itself)
     * @param run what vasprun.xml says
     * @param composition the cell's composition (null when the run wrote no structure)
     * @param correction MP2020 correction (null for unusable runs)
     * @param magneticMoments μB per site from OUTCAR (empty when absent)
     */
    public record Result(String folder, Vasprun run, Composition composition, Mp2020Compatibility.Correction correction,
                         List<Double> magneticMoments) {
        /** DFT energy per atom, eV (NaN when unusable). */
        public double energyPerAtom() {
            return run.usable() && composition != null ? run.finalEnergy() / composition.numAtoms() : Double.NaN;
        }

        /** MP2020-corrected energy per atom, eV: present only for usable, compatible GGA(+U) runs. */
        public OptionalDouble correctedEnergyPerAtom() {
            if (!run.usable() || composition == null || correction == null || !correction.compatible()) return OptionalDouble.empty();
            return OptionalDouble.of((run.finalEnergy() + correction.energy()) / composition.numAtoms());
        }

        /** Band gap from a usable run (eV); HSE06 gaps are the ones the paper screened on. */
        public OptionalDouble bandGap() { return run.usable() ? run.bandGap() : OptionalDouble.empty(); }

        /** Why the energy can't be used, or null. */
        public String note() {
            String why = run.whyNotUsable();
            if (why != null) return why;
            if (correction != null && !correction.compatible()) return correction.incompatible();
            return null;
        }
    }

    /** Every vasprun.xml under {@code root} (sorted by path). */
    public static List<Result> importFolder(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new InputException(root + ": not a folder (give the folder that holds the VASP runs)");
        List<Path> runs;
        try (Stream<Path> s = Files.walk(root, 8)) {
            runs = s.filter(p -> p.getFileName().toString().equals("vasprun.xml") && Files.isRegularFile(p)).sorted().toList();
        }
        List<Result> out = new ArrayList<>();
        for (Path p : runs) out.add(importRun(root, p));
        return out;
    }

    public static Result importRun(Path root, Path vasprunXml) throws IOException {
        Vasprun v = Vasprun.read(vasprunXml);
        Path dir = vasprunXml.getParent();
        String rel = root.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        if (rel.isEmpty()) rel = ".";
        Composition comp = v.structure() == null ? null : v.structure().composition();
        Mp2020Compatibility.Correction corr = null;
        if (v.usable() && comp != null) corr = Mp2020Compatibility.correct(comp, v.structure(), v.runType(), v.hubbardU(), v.potcars());
        List<Double> mags = List.of();
        Path outcar = dir.resolve("OUTCAR");
        if (Files.isRegularFile(outcar)) mags = Outcar.magneticMoments(outcar);
        return new Result(rel, v, comp, corr, mags);
    }
}
