package org.crystalgan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.classical.ForceFieldRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.workflow.ScreeningService;
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
        description = {"Screens structures: validity, relaxation of valid cells with M3GNet (or the classical force field),",
                "symmetry, de-duplication (after relaxation) and novelty, energy above hull (M3GNet's MP2020-corrected hull,",
                "--entries or imported DFT; the hull_source column says which), Pourbaix stability, HSE06 band gap;",
                "thresholds and ranking. Writes OUT/ranked.csv and OUT/candidates/NNN_name/ (relaxed P1 and symmetrised",
                "CIF, DFT inputs). Finished relaxations are journalled in OUT/relaxations/: a cancelled or crashed run",
                "resumes there when run again. Values that could not be computed are left empty, never 0."})
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

    @Option(names = "--no-relax", description = "skip the relaxation (as --relax none)")
    boolean noRelax;

    @Option(names = {"--relax", "--potential"}, paramLabel = "m3gnet|classical|none|DIR", defaultValue = ScreeningService.DEFAULT_RELAX,
            description = "relax valid cells with m3gnet (bundled), classical (Buckingham + Ewald, its own relaxer), a folder with a"
                    + " matgl M3GNet model, or none; default ${DEFAULT-VALUE}")
    String relax;

    @Option(names = "--fmax", paramLabel = "EV_PER_A", description = "force convergence of the potential's relaxation, eV/Å (default 0.1)")
    Double fmax;

    @Option(names = "--steps", paramLabel = "N", description = "step limit of the potential's relaxation (default 500)")
    Integer steps;

    @Option(names = "--workers", paramLabel = "N", description = "relaxation threads (default: one per processor)")
    int workers;

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
        String relaxWith = noRelax ? ScreeningService.NO_RELAX : relax;
        if ((fmax != null || steps != null) && (relaxWith.equals(ScreeningService.NO_RELAX) || relaxWith.equals(ScreeningService.CLASSICAL))) {
            throw new InputException("--fmax and --steps apply to a potential's relaxation (--relax m3gnet or DIR), not to --relax " + relaxWith);
        }
        RelaxOptions ro = new RelaxOptions(fmax == null ? RelaxOptions.DEFAULT_FMAX : fmax, steps == null ? RelaxOptions.DEFAULT_STEPS : steps, true);
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
        ScreeningService.Request req = new ScreeningService.Request(inputs, opt, relaxWith, ro, workers, ScreeningService.journalFolder(out));
        int[] journalled = {0};
        ScreeningService.Exported x = new ScreeningService().runAndExport(req, out, !noDftInputs, overwrite, new ScreeningService.Listener() {
            String last = "";
            long lastPrinted;

            @Override
            public synchronized void update(long done, long total, String stage) {
                String name = stage.contains(":") ? stage.substring(0, stage.indexOf(':')) : stage;
                long now = System.nanoTime();
                // relaxation reports every cell: print it every 10 s so a long run shows it is alive
                boolean relaxing = name.startsWith(ScreeningPipeline.STAGE_POTENTIAL) && now - lastPrinted > 10_000_000_000L;
                if (done == total && total > 0 || relaxing || total < 0) {
                    if (!(stage.equals(last) && done == total)) err.println(stage + (total > 0 ? ": " + done + "/" + total : ""));
                    last = stage;
                    lastPrinted = now;
                }
            }

            @Override
            public void relaxFinished(String name, ScreeningPipeline.Relaxed result, boolean fromJournal) {
                if (fromJournal) {
                    synchronized (journalled) {
                        journalled[0]++;
                    }
                }
            }
        });
        ScreeningPipeline.Result r = x.result();
        CandidateExporter.Written w = x.written();
        var o = spec.commandLine().getOut();
        long valid = r.ranked().stream().filter(Candidate::valid).count();
        long unique = r.ranked().stream().filter(Candidate::isUnique).count();
        long novel = r.ranked().stream().filter(Candidate::isNovel).count();
        o.printf(Locale.ROOT, "%d structures: %d valid, %d unique, %d novel%s; %d pass, %d fail, %d incomplete%n", inputs.size(), valid, unique,
                novel, known == null ? " (no --known set)" : "", r.passing(), r.failing(), r.incomplete());
        o.println("wrote " + w.table() + " and " + w.folders().size() + " candidate folder" + (w.folders().size() == 1 ? "" : "s"));
        List<Candidate.Relaxation> relaxed = r.ranked().stream().map(Candidate::relaxation).filter(java.util.Objects::nonNull).toList();
        if (!relaxed.isEmpty()) {
            java.util.Map<String, Long> verdicts = new java.util.TreeMap<>();
            for (Candidate.Relaxation c : relaxed) verdicts.merge(c.verdict(), 1L, Long::sum);
            long far = relaxed.stream().filter(Candidate.Relaxation::movedFar).count();
            o.printf(Locale.ROOT, "relaxed with %s: %s; %d moved far; %d taken from the journal in %s%n", relaxed.get(0).potential(),
                    verdicts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")), far,
                    journalled[0], ScreeningService.journalFolder(out));
        }
        java.util.Map<String, long[]> bySource = new java.util.TreeMap<>();
        for (Candidate c : r.ranked()) {
            if (c.hullSource() == null || c.eAboveHull().isEmpty() || !c.isUnique()) continue;
            long[] k = bySource.computeIfAbsent(c.hullSource(), s -> new long[3]);
            double e = c.eAboveHull().getAsDouble();
            k[0]++;
            if (e <= 0.2) k[1]++;
            if (e <= 0.08) k[2]++;
        }
        bySource.forEach((src, k) -> o.printf(Locale.ROOT, "energy above the %s hull: %d unique candidates, %d metastable (<= 0.2 eV/atom), %d within 0.08 eV/atom%n",
                src, k[0], k[1], k[2]));
        o.flush();
        return Main.OK;
    }
}
