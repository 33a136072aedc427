package org.crystalgan.screening.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import org.crystalgan.base.Csv;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.SymmetrizedCifWriter;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;

/**
 * Writes a screening result: {@code ranked.csv} (every candidate, in rank order) and one folder per
 * valid, unique candidate under {@code candidates/NNN_name/} with the P1 CIF of the screened cell (the relaxed one
 * when a relaxation was usable; the input cell beside it as {@code _input_P1.cif}), the symmetrised CIF (when a space group was found) and, optionally, the DFT inputs ({@code dft/relax}, {@code dft/hse06}).
 * Every file is written atomically; an existing export is never replaced unless {@code overwrite}
 * is given, and that is checked before anything is written. Folder names come from
 * {@link ExportPaths}, so no input name can leave the output folder.
 */
public final class CandidateExporter {
    public static final String HEADER = "rank,name,formula,valid,space_group,duplicate_of,known_as,ff_converged,"
            + "classical_ff_energy_eV_per_atom,dft_energy_per_atom_eV,formation_energy_per_atom_eV,e_above_hull_eV_per_atom,"
            + "decomposition,pourbaix_eV_per_atom,pourbaix_pH,band_gap_hse_eV,band_gap_gga_eV,verdict,folder,notes,"
            + "potential,relax_verdict,relax_steps,energy_per_atom_eV,hull_source,rms_displacement_A,volume_change_pct,space_group_before,"
            + "moved_far,plausibility";

    private CandidateExporter() {}

    /** What was written. */
    public record Written(Path table, List<Path> folders) {}

    public static Written export(Path out, List<Candidate> ranked, boolean dftInputs, boolean overwrite) throws IOException {
        Path table = out.resolve("ranked.csv");
        Path folders = out.resolve("candidates");
        if (!overwrite && (Files.exists(table) || Files.exists(folders))) {
            throw new InputException(out + " already holds a screening export (ranked.csv or candidates/); choose another folder or pass --overwrite");
        }
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        Set<String> used = new HashSet<>();
        List<Path> written = new java.util.ArrayList<>();
        int width = String.valueOf(ranked.size()).length();
        for (int i = 0; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            String folder = "";
            if (c.isUnique()) {
                String base = String.format(Locale.ROOT, "%0" + width + "d_%s", i + 1, SafeNames.of(c.name()));
                String name = base;
                for (int k = 2; !used.add(name); k++) name = base + "_" + k;
                Path dir = ExportPaths.child(folders, name);
                writeCandidate(dir, c, dftInputs, overwrite);
                written.add(dir);
                folder = "candidates/" + name;
            }
            csv.append(row(i + 1, c, folder)).append('\n');
        }
        AtomicFiles.writeString(table, csv.toString());
        return new Written(table, written);
    }

    private static void writeCandidate(Path dir, Candidate c, boolean dftInputs, boolean overwrite) throws IOException {
        String stem = SafeNames.of(c.name());
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(stem + "_P1.cif"), CifWriter.write(c.structure(), stem));
        if (c.structure() != c.input()) {
            // a relaxation may raise symmetry or move the cell far from the generated one: keep the cell as given too
            AtomicFiles.writeString(dir.resolve(stem + "_input_P1.cif"), CifWriter.write(c.input(), stem + "_input"));
        }
        if (c.spaceGroupNumber().isPresent()) {
            try {
                SymmetryDataset d = SpaceGroupFinder.analyze(c.structure());
                AtomicFiles.writeString(dir.resolve(stem + "_symmetrized.cif"),
                        SymmetrizedCifWriter.write(d.conventional().lattice(), d.setting(), d.asymmetricSites(), stem));
            } catch (InputException e) {
                // the space group was found once already; a second failure only loses the symmetrised copy
            }
        }
        if (dftInputs) DftExport.write(dir.resolve("dft"), stem, c.structure(), overwrite);
    }

    /** One line of ranked.csv (columns of {@link #HEADER}); {@code folder} may be empty. */
    public static String row(int rank, Candidate c, String folder) {
        return String.join(",", String.valueOf(rank), Csv.field(c.name()), c.formula(), String.valueOf(c.valid()),
                c.spaceGroupNumber().isPresent() ? c.spaceGroupNumber().getAsInt() + " " + c.spaceGroup() : "",
                Csv.field(c.duplicateOf()), Csv.field(c.knownAs()), c.ffConverged() == null ? "" : c.ffConverged().toString(),
                num(c.ffEnergyPerAtom(), 6), num(c.dftEnergyPerAtom(), 6), num(c.formationEnergyPerAtom(), 6), num(c.eAboveHull(), 6),
                Csv.field(c.decomposition()), num(c.pourbaixEnergy(), 6), num(c.pourbaixPh(), 3), num(c.bandGap(), 4), num(c.ggaBandGap(), 4),
                c.verdict().name().toLowerCase(Locale.ROOT), folder, Csv.field(String.join("; ", c.notes())), relaxationFields(c));
    }

    /** The columns after notes: potential ... plausibility. */
    private static String relaxationFields(Candidate c) {
        Candidate.Relaxation r = c.relaxation();
        if (r == null) return String.join(",", "", "", "", "", Csv.field(c.hullSource()), "", "", "", "", Csv.field(c.plausibility()));
        String before = r.spaceGroupBefore().isPresent() ? r.spaceGroupBefore().getAsInt() + " " + r.spaceGroupBeforeSymbol() : "";
        return String.join(",", Csv.field(r.potential()), r.verdict(), String.valueOf(r.steps()), num(r.energyPerAtom(), 6), Csv.field(c.hullSource()),
                num(r.rmsDisplacement(), 4), num(r.volumeChangePercent(), 2), Csv.field(before), String.valueOf(r.movedFar()), Csv.field(c.plausibility()));
    }

    private static String num(OptionalDouble v, int digits) {
        return v.isPresent() ? String.format(Locale.ROOT, "%." + digits + "f", v.getAsDouble()) : "";
    }
}
