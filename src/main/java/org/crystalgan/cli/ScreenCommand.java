package org.crystalgan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.classical.ForceFieldRelaxer;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.CandidateColumn;
import org.crystalgan.screening.ScreeningPipeline;
import org.crystalgan.screening.Thresholds;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.export.CandidateExporter;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.match.Deduplicator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code screen --in DIR --out DIR [--entries FILE] [--preset paper]}: the screening pipeline. */
@Command(name = "screen", mixinStandardHelpOptions = true,
        description = {"Screens structures: validity, classical force-field relaxation (Buckingham + Ewald), symmetry,",
                "de-duplication and novelty, imported DFT energies (MP2020) -> energy above hull, Pourbaix stability,",
                "HSE06 band gap; thresholds and ranking. Writes OUT/ranked.csv and OUT/candidates/NNN_name/ (P1 and",
                "symmetrised CIF, DFT inputs). Values that could not be computed are left empty, never 0."})
public final class ScreenCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "DIR", description = "structures: a folder, a file, or a structures table")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "export folder")
    Path out;

    @Option(names = "--entries", paramLabel = "FILE.csv", description = "reference entries for the hull and Pourbaix (formula,energy_per_atom_eV; MP-compatible energies)")
    Path entries;

    @Option(names = "--dft", paramLabel = "DIR", description = "VASP results laid out as export-dft writes them (NAME/relax, NAME/hse06) or as screen exports them (candidates/RANK_NAME/dft/relax, dft/hse06)")
    Path dft;

    @Option(names = "--known", paramLabel = "PATH", description = "known structures for novelty (folder, file or structures table)")
    Path known;

    @Option(names = "--preset", paramLabel = "NAME", description = "threshold preset: paper (E_hull <= 0.08 eV/atom, dG_pbx <= 0.59 eV/atom, 1.6 <= Eg <= 3.0 eV) or none (default)")
    String preset = "none";

    @Option(names = "--max-ehull", paramLabel = "EV", description = "upper bound on the energy above hull, eV/atom")
    Double maxEHull;

    @Option(names = "--max-pourbaix", paramLabel = "EV", description = "upper bound on the Pourbaix decomposition energy, eV/atom")
    Double maxPourbaix;

    @Option(names = "--min-gap", paramLabel = "EV", description = "lower bound on the HSE06 band gap, eV")
    Double minGap;

    @Option(names = "--max-gap", paramLabel = "EV", description = "upper bound on the HSE06 band gap, eV")
    Double maxGap;

    @Option(names = "--ph", defaultValue = "0:14", paramLabel = "MIN:MAX", description = "pH range of the Pourbaix minimum (default ${DEFAULT-VALUE})")
    String ph;

    @Option(names = "--v", defaultValue = "1.5", paramLabel = "VOLTS", description = "potential vs RHE (default ${DEFAULT-VALUE})")
    double volts;

    @Option(names = "--sort", defaultValue = "e_above_hull_eV_per_atom", paramLabel = "COLUMN", description = "ranking column (default ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--descending", description = "rank from the largest value")
    boolean descending;

    @Option(names = "--no-relax", description = "skip the force-field relaxation")
    boolean noRelax;

    @Option(names = "--no-dft-inputs", description = "do not write VASP inputs into the candidate folders")
    boolean noDftInputs;

    @Option(names = "--overwrite", description = "replace an existing export in --out")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Thresholds t = switch (preset.toLowerCase(Locale.ROOT)) {
            case "paper" -> Thresholds.paper();
            case "none" -> Thresholds.none();
            default -> throw new InputException("--preset '" + preset + "': use paper or none");
        };
        if (maxEHull != null) t = t.withMaxEAboveHull(maxEHull);
        if (maxPourbaix != null) t = t.withMaxPourbaix(maxPourbaix);
        if (minGap != null) t = t.withMinGap(minGap);
        if (maxGap != null) t = t.withMaxGap(maxGap);
        double[] range = PourbaixCommand.parseRange(ph);
        CandidateColumn column = CandidateColumn.parse(sort);
        // refuse early, before hours of work, when the export would be refused at the end
        if (!overwrite && (Files.exists(out.resolve("ranked.csv")) || Files.exists(out.resolve("candidates")))) {
            throw new InputException(out + " already holds a screening export (ranked.csv or candidates/); choose another folder or pass --overwrite");
        }
        List<String> skipped = new ArrayList<>();
        List<ScreeningPipeline.Input> inputs = new ArrayList<>();
        for (Deduplicator.Item it : StructureInputs.read(in, skipped)) inputs.add(new ScreeningPipeline.Input(it.name(), it.structure()));
        for (String s : skipped) err.println("warning: skipped " + s);
        if (inputs.isEmpty()) throw new InputException(in + ": no structures to screen");
        List<Deduplicator.Item> refs = new ArrayList<>();
        if (known != null) {
            List<String> ks = new ArrayList<>();
            refs.addAll(StructureInputs.read(known, ks));
            for (String s : ks) err.println("warning: skipped known " + s);
        }
        ScreeningPipeline.Options opt = new ScreeningPipeline.Options(!noRelax, ForceFieldRelaxer.Options.defaults(), refs,
                entries == null ? List.of() : EntryCsv.read(entries), dft == null ? List.of() : DftImport.importFolder(dft), t,
                range[0], range[1], volts, 1e-6, column, !descending);
        ScreeningPipeline.Result r = new ScreeningPipeline().run(inputs, opt, new Progress() {
            String last = "";

            @Override
            public void update(long done, long total, String stage) {
                if (!stage.equals(last) || done == total) {
                    if (done == total) err.println(stage + ": " + done + "/" + total);
                    last = stage;
                }
            }
        });
        CandidateExporter.Written w = CandidateExporter.export(out, r.ranked(), !noDftInputs, overwrite);
        var o = spec.commandLine().getOut();
        long valid = r.ranked().stream().filter(Candidate::valid).count();
        long unique = r.ranked().stream().filter(Candidate::isUnique).count();
        long novel = r.ranked().stream().filter(Candidate::isNovel).count();
        o.printf(Locale.ROOT, "%d structures: %d valid, %d unique, %d novel%s; %d pass, %d fail, %d incomplete%n", inputs.size(), valid, unique,
                novel, known == null ? " (no --known set)" : "", r.passing(), r.failing(), r.incomplete());
        o.println("wrote " + w.table() + " and " + w.folders().size() + " candidate folder" + (w.folders().size() == 1 ? "" : "s"));
        o.flush();
        return Main.OK;
    }
}
