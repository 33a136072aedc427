package org.crystalgan.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.base.Csv;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.CifReader;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.SymmetrizedCifWriter;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.composition.CandidateComposition;
import org.crystalgan.screening.composition.CompositionSpace;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.stability.ReferencePhases;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.validity.PlausibilityGate;

/**
 * The high-throughput virtual screening of Kim et al. (ACS Cent. Sci. 6 (2020) 1412) with the workbench's own tools:
 * N structures per composition from the bundled GAN (exact composition, plausibility gate), relaxed with a universal
 * potential instead of DFT, placed on the potential's MP2020-corrected hull of the bundled reference phases, counted
 * at the paper's thresholds (200 and 80 meV/atom) beside the paper's 753 and 113 of 6,000.
 *
 * <p>Everything lives in one output folder and the work is resumable: the generated cells are written before any is
 * relaxed, and every finished relaxation is added to {@value #JOURNAL} (the whole file replaced in one rename, after
 * its relaxed CIF) so that a killed run loses at most the relaxations in flight. The report is always computed from
 * what the folder holds (cells read back from their CIFs, energies from the journal), so a resumed run reports exactly
 * what an uninterrupted one does.
 */
public final class PaperReproduction {
    /** The paper's numbers for its 20 compositions not in the Materials Project. */
    public static final int PAPER_PER_COMPOSITION = 300, PAPER_COMPOSITIONS = 20, PAPER_GENERATED = 6000, PAPER_METASTABLE = 753,
            PAPER_STABLE = 113;
    /** The paper's thresholds on the energy above the hull, eV/atom. */
    public static final double METASTABLE = 0.2, STABLE = 0.08;
    /** At or below the hull: within this of it, eV/atom. */
    public static final double ON_HULL = 1e-6;
    /** Distance tolerance of the space groups in the report, Å. */
    public static final double SYMPREC = 0.1;
    /** The mean Mn oxidation-state window of the paper's composition rule. */
    public static final double OS_MIN = 2, OS_MAX = 4;

    static final String SETTINGS = "settings.txt", GENERATED = "generated.csv", JOURNAL = "journal.csv", REPORT_CSV = "report.csv",
            REPORT_MD = "report.md";
    static final String GENERATED_HEADER = "composition,requested,generated,drawn,source,session,session_elapsed_s";
    static final String JOURNAL_HEADER = "cell,composition,verdict,steps,energy_eV,max_force_eV_per_A,relax_s,session,session_elapsed_s";
    /** Columns of {@value #REPORT_CSV}. */
    public static final String REPORT_HEADER = "composition,reduced_formula,os_mn,requested,generated,relaxed,converged,"
            + "metastable_le_0.2,stable_le_0.08,on_hull,lowest_cell,lowest_energy_eV_per_atom,lowest_e_above_hull_eV_per_atom,"
            + "lowest_e_above_final_hull_eV_per_atom,lowest_space_group,hull_source";

    /**
     * What to run.
     *
     * @param targets   cell compositions (each within the representation: 1-8 Mg, 1-8 Mn, 1-12 O)
     * @param count     structures per composition (the paper: 300)
     * @param seed      the GAN sampler's seed, the same for every composition
     * @param maxTries  matrices to draw at most per composition; 0 for {@link GenerationService#defaultMaxTries}
     * @param model     GAN model folder; null for the bundled model
     * @param relax     relaxation settings
     * @param workers   relaxation threads; below 1 for all cores
     */
    public record Options(List<Composition> targets, int count, long seed, long maxTries, Path model, RelaxOptions relax, int workers) {
        public Options {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) throw new InputException("no compositions to screen");
            if (count < 1) throw new InputException("--count must be at least 1 (got " + count + ")");
            if (maxTries < 0) throw new InputException("--max-tries must not be negative (got " + maxTries + ")");
            Set<String> seen = new HashSet<>();
            for (Composition c : targets) if (!seen.add(formula(c))) throw new InputException("composition " + formula(c) + " is given twice");
        }
    }

    /** One composition's line of the report. {@code lowest*} are empty/NaN when nothing of it has relaxed yet. */
    public record Row(String composition, String reducedFormula, double osMn, int requested, int generated, int relaxed, int converged,
                      int metastable, int stable, int onHull, String lowestCell, double lowestEnergyPerAtom, double lowestEAboveHull,
                      double lowestEAboveFinalHull, String lowestSpaceGroup) {
    }

    /**
     * The report of a folder.
     *
     * @param complete    every composition generated and every generated cell relaxed
     * @param wallSeconds wall time over all sessions that worked in the folder (a killed session up to its last record)
     * @param sessions    how many sessions worked in it
     */
    public record Report(List<Row> rows, boolean complete, int generated, int relaxed, int converged, int metastable, int stable,
                         int onHull, double wallSeconds, int sessions, Path markdown, Path csv) {
        /** The paper's count scaled to {@code relaxed} cells: paper × relaxed / 6,000. */
        public static double scaled(int paperCount, int cells) { return (double) paperCount * cells / PAPER_GENERATED; }
    }

    private final Potential potential;
    private final PotentialHull hull;
    private final String hullDescription;

    /**
     * @param potential       the potential that relaxes the cells
     * @param hull            its hull (the same potential's reference energies, MP2020-corrected)
     * @param hullDescription where the hull's energies come from, for the report
     */
    public PaperReproduction(Potential potential, PotentialHull hull, String hullDescription) {
        this.potential = potential;
        this.hull = hull;
        this.hullDescription = hullDescription;
    }

    /** The bundled M3GNet with the bundled reference phases' hull. */
    public static PaperReproduction bundled() {
        return new PaperReproduction(Potentials.resolve(Potentials.DEFAULT), PotentialHull.bundledM3GNet(),
                "bundled M3GNet energies of the " + ReferencePhases.BUNDLED.size() + " reference phases (" + ReferencePhases.ENERGIES
                        + "), MP2020-corrected");
    }

    /**
     * The closest set to the paper's 20 compositions that this workbench can state: the paper names neither its 31
     * compositions nor its 20 new ones, so they are derived from its rule. Of the reduced formulas that
     * {@link CompositionSpace} gives for 2 &lt;= OS(Mn) &lt;= 4 (139 of them), those of the workbench's known Mg-Mn-O
     * phases (the ternary reference phases: MgMn2O4, Mg6MnO8) are left out, and the 20 with the smallest cell the
     * representation holds are taken (ties in the order of {@link CompositionSpace#enumerate}: Mg, then Mn, then O
     * counts), each as that smallest cell. Small cells are the cheapest to relax and the GAN's best targets; the set
     * holds the paper's Mg2MnO4.
     */
    public static List<Composition> derivedCompositions() {
        Set<String> known = new HashSet<>();
        for (ReferencePhases.Phase p : ReferencePhases.BUNDLED) {
            Composition c = p.structure().composition();
            if (c.numElements() == 3) known.add(c.reducedFormula());
        }
        List<CandidateComposition> smallest = new ArrayList<>();
        for (CompositionSpace.ReducedComposition r : CompositionSpace.reduced(CompositionSpace.enumerate(OS_MIN, OS_MAX))) {
            if (known.contains(r.reducedFormula())) continue;
            smallest.add(r.cells().stream().min(Comparator.comparingInt(CandidateComposition::numAtoms)).orElseThrow());
        }
        // List.sort is stable: equal sizes keep the enumeration order
        smallest.sort(Comparator.comparingInt(CandidateComposition::numAtoms));
        return smallest.subList(0, PAPER_COMPOSITIONS).stream().map(CandidateComposition::composition).toList();
    }

    /** A cell formula without spaces ("Mg2MnO4"). */
    public static String formula(Composition c) { return c.formula().replace(" ", ""); }

    /**
     * Generates what is not yet generated, relaxes what is not yet relaxed, and writes the report (also when
     * cancelled, then marked partial, before the {@link CancellationException}).
     *
     * @throws InputException when the folder was started with other settings, or a file in it is damaged
     */
    public Report run(Path dir, Options o, Progress progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String session = Instant.now().toString();
        Files.createDirectories(dir);
        // two runs in one folder would each rewrite the journal without the other's rows
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve(".lock"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) throw new InputException(dir + ": another reproduce-paper run is working in this folder");
            try {
                AtomicFiles.deleteStaleTemporaries(dir, java.time.Duration.ZERO);
                return runLocked(dir, o, progress, t0, session);
            } finally {
                lock.release();
            }
        }
    }

    private Report runLocked(Path dir, Options o, Progress progress, long t0, String session) throws IOException, InterruptedException {
        checkSettings(dir, o);
        try {
            generate(dir, o, progress, t0, session);
        } catch (CancellationException e) {
            Report rep = report(dir, o, t0, session);
            throw new CancellationException("cancelled while generating, " + rep.relaxed() + " of " + rep.generated()
                    + " cells relaxed; run again with the same options to resume");
        }
        return relax(dir, o, progress, t0, session);
    }

    private void generate(Path dir, Options o, Progress progress, long t0, String session) throws IOException {
        Map<String, String[]> generated = readTable(dir.resolve(GENERATED), GENERATED_HEADER);
        StringBuilder genText = tableText(dir.resolve(GENERATED), GENERATED_HEADER);
        for (Composition target : o.targets()) {
            String f = formula(target);
            if (generated.containsKey(f)) continue;
            progress.checkCancelled();
            progress.update(-1, -1, "generating " + o.count() + " cells of " + f);
            var req = new GenerationService.Request(target, o.count(), o.seed(), GenerationService.Method.GAN, o.model(), false,
                    PlausibilityGate.Options.defaults(), o.maxTries());
            GenerationService.Outcome g = new GenerationService().run(req, Progress.cancelledWhen(progress::isCancelled));
            progress.checkCancelled(); // a cancelled draw is short: record nothing of it
            for (int i = 0; i < g.made().size(); i++) {
                Path file = cellFile(dir, f, i);
                AtomicFiles.writeString(file, CifWriter.write(g.made().get(i).structure(), cellId(f, i)));
            }
            String[] row = {f, Integer.toString(o.count()), Integer.toString(g.made().size()), Long.toString(g.drawn()), g.source(), session,
                    seconds(t0)};
            genText.append(Csv.row(row)).append('\n');
            AtomicFiles.writeString(dir.resolve(GENERATED), genText.toString());
            generated.put(f, row);
            progress.update(-1, -1, String.format(Locale.ROOT, "generated %d of %d cells of %s (%d drawn)", g.made().size(), o.count(), f,
                    g.drawn()));
        }
    }

    private Report relax(Path dir, Options o, Progress progress, long t0, String session) throws IOException, InterruptedException {
        Map<String, String[]> generated = readTable(dir.resolve(GENERATED), GENERATED_HEADER);
        Map<String, String[]> journal = readTable(dir.resolve(JOURNAL), JOURNAL_HEADER);
        StringBuilder journalText = tableText(dir.resolve(JOURNAL), JOURNAL_HEADER);
        List<String> pendingIds = new ArrayList<>();
        List<String> pendingComp = new ArrayList<>();
        List<Structure> pending = new ArrayList<>();
        int total = 0;
        for (Composition target : o.targets()) {
            String f = formula(target);
            int made = Integer.parseInt(generated.get(f)[2]);
            total += made;
            for (int i = 0; i < made; i++) {
                String id = cellId(f, i);
                if (journal.containsKey(id)) continue;
                pendingIds.add(id);
                pendingComp.add(f);
                pending.add(readCif(cellFile(dir, f, i), id)); // relax the cell as read back, so a resumed run starts from the same numbers
            }
        }
        int alreadyDone = total - pending.size();
        progress.update(alreadyDone, total, String.format(Locale.ROOT, "%d of %d cells relaxed before; %d to relax", alreadyDone, total,
                pending.size()));
        BatchRelaxer relaxer = new BatchRelaxer(new Relaxer(potential, o.relax()), o.workers());
        Object lock = new Object();
        long[] startedAt = new long[pending.size()];
        int totalCells = total;
        relaxer.relaxAll(pending, new BatchRelaxer.Listener() {
            @Override
            public void started(int index) { startedAt[index] = System.nanoTime(); }

            @Override
            public void finished(int index, RelaxResult r, int done, int all) {
                if (r.verdict() == Verdict.CANCELLED) return; // not finished: a resumed run relaxes it again from the start
                String id = pendingIds.get(index);
                String f = pendingComp.get(index);
                try {
                    if (Double.isFinite(r.finalEnergy())) AtomicFiles.writeString(relaxedFile(dir, f, id), CifWriter.write(r.relaxed(), id));
                    String row = Csv.row(id, f, r.verdict().label(), Integer.toString(r.steps()), Double.toString(r.finalEnergy()),
                            Double.toString(r.maxForce()), String.format(Locale.ROOT, "%.3f", (System.nanoTime() - startedAt[index]) / 1e9),
                            session, seconds(t0));
                    synchronized (lock) {
                        journalText.append(row).append('\n');
                        AtomicFiles.writeString(dir.resolve(JOURNAL), journalText.toString());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot record " + id + " in " + dir.resolve(JOURNAL) + ": " + e.getMessage(), e);
                }
                progress.update(alreadyDone + done, totalCells, String.format(Locale.ROOT, "relaxed %s: %s, %d steps, %.3f eV/atom", id,
                        r.verdict().label(), r.steps(), r.finalEnergyPerAtom()));
            }
        }, progress);
        Report rep = report(dir, o, t0, session);
        if (progress.isCancelled()) throw new CancellationException("cancelled with " + rep.relaxed() + " of " + rep.generated()
                + " cells relaxed; run again with the same options to resume");
        return rep;
    }

    /** Writes the report of what the folder holds now (without relaxing anything). */
    public Report report(Path dir, Options o) throws IOException {
        if (!Files.isDirectory(dir)) throw new InputException(dir + ": no such folder");
        checkSettings(dir, o);
        return report(dir, o, System.nanoTime(), null);
    }

    private Report report(Path dir, Options o, long t0, String session) throws IOException {
        Map<String, String[]> generated = readTable(dir.resolve(GENERATED), GENERATED_HEADER);
        Map<String, String[]> journal = readTable(dir.resolve(JOURNAL), JOURNAL_HEADER);
        // usable energies: as GenerativeMetrics counts them, a converged cell or one still going at the step limit
        record Cell(String id, String composition, Structure relaxed, double energy, double eAboveHull, double formation) { }
        Map<String, List<Cell>> byComposition = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Composition target : o.targets()) {
            byComposition.put(formula(target), new ArrayList<>());
            counts.put(formula(target), new int[2]);
        }
        int line = 1;
        for (String[] j : journal.values()) {
            line++;
            int[] c = counts.get(j[1]);
            if (c == null) throw new InputException(dir.resolve(JOURNAL) + " line " + line + ": composition " + j[1] + " is not in the settings");
            c[0]++;
            Verdict v = verdict(j[2], dir.resolve(JOURNAL), line);
            if (v == Verdict.CONVERGED) c[1]++;
            double e = Double.parseDouble(j[4]);
            if ((v == Verdict.CONVERGED || v == Verdict.STEP_LIMIT) && Double.isFinite(e)) {
                Structure s = readCif(relaxedFile(dir, j[1], j[0]), j[0]);
                byComposition.get(j[1]).add(new Cell(j[0], j[1], s, e, hull.eAboveHull(s, e), hull.formationEnergyPerAtom(s, e)));
            }
        }
        // the final hull: reference phases and every relaxed cell, in formation energies (elements at zero)
        List<HullEntry> entries = new ArrayList<>();
        PhaseDiagram refs = hull.diagram();
        for (int i = 0; i < refs.entries().size(); i++) {
            HullEntry e = refs.entries().get(i);
            entries.add(new HullEntry(e.name(), e.composition(), refs.formationEnergyPerAtom(i)));
        }
        int firstCell = entries.size();
        List<Cell> all = new ArrayList<>();
        for (List<Cell> l : byComposition.values()) all.addAll(l);
        for (Cell c : all) entries.add(new HullEntry(c.id(), c.relaxed().composition(), c.formation()));
        PhaseDiagram finalHull = new PhaseDiagram(entries);
        Map<String, Double> aboveFinal = new LinkedHashMap<>();
        for (int k = 0; k < all.size(); k++) aboveFinal.put(all.get(k).id(), finalHull.eAboveHull(firstCell + k));

        List<Row> rows = new ArrayList<>();
        int gen = 0, relaxed = 0, conv = 0, meta = 0, stab = 0, onHull = 0;
        boolean complete = true;
        Files.createDirectories(dir.resolve("lowest"));
        for (Composition target : o.targets()) {
            String f = formula(target);
            String[] g = generated.get(f);
            int made = g == null ? 0 : Integer.parseInt(g[2]);
            int[] c = counts.get(f);
            if (g == null || c[0] < made) complete = false;
            int m = 0, s = 0, h = 0;
            Cell lowest = null;
            for (Cell cell : byComposition.get(f)) {
                if (cell.eAboveHull() <= METASTABLE) m++;
                if (cell.eAboveHull() <= STABLE) s++;
                if (aboveFinal.get(cell.id()) <= ON_HULL) h++;
                if (lowest == null || cell.energy() < lowest.energy()) lowest = cell;
            }
            String sg = "";
            if (lowest != null) {
                AtomicFiles.writeString(dir.resolve("lowest").resolve(f + ".cif"), CifWriter.write(lowest.relaxed(), lowest.id()));
                sg = spaceGroup(lowest.relaxed(), dir.resolve("lowest").resolve(f + "-symmetrized.cif"), lowest.id());
            }
            double osMn = (2.0 * target.amount("O") - 2.0 * target.amount("Mg")) / target.amount("Mn");
            rows.add(new Row(f, target.reducedFormula(), osMn, o.count(), made, c[0], c[1], m, s, h, lowest == null ? "" : lowest.id(),
                    lowest == null ? Double.NaN : lowest.energy() / lowest.relaxed().size(), lowest == null ? Double.NaN : lowest.eAboveHull(),
                    lowest == null ? Double.NaN : aboveFinal.get(lowest.id()), sg));
            gen += made;
            relaxed += c[0];
            conv += c[1];
            meta += m;
            stab += s;
            onHull += h;
        }
        // wall time: each session's last record (generation or relaxation), and this session's time so far
        Map<String, Double> sessionSeconds = new LinkedHashMap<>();
        for (String[] g : generated.values()) sessionSeconds.merge(g[5], Double.parseDouble(g[6]), Math::max);
        for (String[] j : journal.values()) sessionSeconds.merge(j[7], Double.parseDouble(j[8]), Math::max);
        if (session != null) sessionSeconds.merge(session, (System.nanoTime() - t0) / 1e9, Math::max);
        double wall = sessionSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        Report rep = new Report(List.copyOf(rows), complete, gen, relaxed, conv, meta, stab, onHull, wall, sessionSeconds.size(),
                dir.resolve(REPORT_MD), dir.resolve(REPORT_CSV));
        AtomicFiles.writeString(rep.csv(), csv(rep));
        AtomicFiles.writeString(rep.markdown(), markdown(rep, o, dir));
        return rep;
    }

    private static String spaceGroup(Structure s, Path symmetrized, String name) throws IOException {
        try {
            var d = SpaceGroupFinder.analyze(s, SYMPREC);
            AtomicFiles.writeString(symmetrized, SymmetrizedCifWriter.write(d.conventional().lattice(), d.setting(),
                    d.asymmetricSites(), name));
            return d.number() + " " + d.internationalSymbol();
        } catch (RuntimeException e) {
            // a cell the symmetry search cannot handle still has its P1 CIF; the table says why it has no group
            return "undetermined (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")) + ")";
        }
    }

    String csv(Report r) {
        StringBuilder b = new StringBuilder(REPORT_HEADER).append('\n');
        for (Row w : r.rows()) {
            b.append(Csv.row(w.composition(), w.reducedFormula(), num(w.osMn(), 4), Integer.toString(w.requested()), Integer.toString(w.generated()),
                    Integer.toString(w.relaxed()), Integer.toString(w.converged()), Integer.toString(w.metastable()), Integer.toString(w.stable()),
                    Integer.toString(w.onHull()), w.lowestCell(), num(w.lowestEnergyPerAtom(), 6), num(w.lowestEAboveHull(), 6),
                    num(w.lowestEAboveFinalHull(), 6), w.lowestSpaceGroup(), hull.source())).append('\n');
        }
        return b.toString();
    }

    private String markdown(Report r, Options o, Path dir) {
        StringBuilder b = new StringBuilder();
        b.append("# The paper's HTVS reproduced with the workbench (Kim et al., ACS Cent. Sci. 6 (2020) 1412)\n\n");
        b.append(r.complete() ? "Complete: " : "**Partial** (resume with the same command): ");
        b.append(String.format(Locale.ROOT, "%d of %d cells relaxed; N = %d structures asked per composition, %d compositions.%n%n",
                r.relaxed(), r.generated(), o.count(), o.targets().size()));
        b.append("- generator: ").append(o.model() == null ? "bundled GAN model" : o.model().toString())
                .append(", exactly the target composition and the plausibility gate; sampler seed ").append(o.seed())
                .append(" for every composition").append(o.maxTries() > 0 ? ", at most " + o.maxTries() + " draws each" : "").append('\n');
        b.append(String.format(Locale.ROOT, "- relaxation: %s, FIRE with the cell, fmax %.3g eV/Å, at most %d steps%n", potential.name(),
                o.relax().fmax(), o.relax().maxSteps()));
        b.append("- hull: `").append(hull.source()).append("`, ").append(hullDescription).append('\n');
        b.append("- energies counted: cells that converged or reached the step limit with a finite energy; the shares below are of"
                + " the relaxed cells\n");
        b.append(String.format(Locale.ROOT, "- wall time: %.1f min over %d session(s)%n%n", r.wallSeconds() / 60, r.sessions()));
        b.append("## Totals beside the paper\n\n");
        b.append("The paper: 6,000 structures (300 for each of 20 compositions not in the Materials Project), DFT-relaxed, against the"
                + " Materials Project hull. Its counts are scaled to this run's relaxed cells as paper × relaxed / 6,000.\n\n");
        b.append("| | this run | share | paper | paper's share | paper scaled to this run |\n|---|---|---|---|---|---|\n");
        int n = r.relaxed();
        b.append(String.format(Locale.ROOT, "| cells relaxed | %d | | 6,000 | | |%n", n));
        b.append(String.format(Locale.ROOT, "| E_hull <= 200 meV/atom | %d | %s | 753 | 12.55 %% | %.1f |%n", r.metastable(), pct(r.metastable(), n),
                Report.scaled(PAPER_METASTABLE, n)));
        b.append(String.format(Locale.ROOT, "| E_hull <= 80 meV/atom | %d | %s | 113 | 1.88 %% | %.1f |%n", r.stable(), pct(r.stable(), n),
                Report.scaled(PAPER_STABLE, n)));
        b.append(String.format(Locale.ROOT, "| at or below the final hull | %d | %s | | | |%n%n", r.onHull(), pct(r.onHull(), n)));
        b.append(mg2MnO4(r)).append("\n\n");
        b.append("## Per composition\n\n");
        b.append("E_hull is against the reference phases' hull; \"final hull\" adds every relaxed cell of this run to it (a cell on it is"
                + " the lowest known at its composition or a corner of the hull). Lowest structures: `lowest/<composition>.cif` (P1) and"
                + " `lowest/<composition>-symmetrized.cif`; space groups at " + SYMPREC + " Å.\n\n");
        b.append("| composition | OS(Mn) | generated | relaxed | converged | <= 200 meV | <= 80 meV | on final hull | lowest cell |"
                + " eV/atom | E_hull (eV/atom) | above final hull | space group |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row w : r.rows()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s |%n", w.composition(),
                    num(w.osMn(), 2), w.generated(), w.relaxed(), w.converged(), w.metastable(), w.stable(), w.onHull(), w.lowestCell(),
                    num(w.lowestEnergyPerAtom(), 4), num(w.lowestEAboveHull(), 4), num(w.lowestEAboveFinalHull(), 4), w.lowestSpaceGroup()));
        }
        b.append(String.format(Locale.ROOT, "| total | | %d | %d | %d | %d | %d | %d | | | | | |%n", r.generated(), r.relaxed(), r.converged(),
                r.metastable(), r.stable(), r.onHull()));
        b.append("\nFolder: `").append(dir.toAbsolutePath()).append("` (cells/, relaxed/, ").append(JOURNAL).append(").\n");
        return b.toString();
    }

    private static String mg2MnO4(Report r) {
        for (Row w : r.rows()) {
            if (!w.reducedFormula().equals("Mg2MnO4")) continue;
            if (w.lowestCell().isEmpty()) return "Mg2MnO4 (the paper found a structure on the hull): no relaxed cell yet.";
            boolean on = w.lowestEAboveFinalHull() <= ON_HULL;
            return String.format(Locale.ROOT, "Mg2MnO4 (the paper found a structure on the hull): %s. Its lowest cell %s (%s) lies %.4f eV/atom"
                    + " above the reference phases' hull and %.4f eV/atom above the final hull.", on ? "**yes**, a structure on the hull"
                    : "no structure on the hull", w.lowestCell(), w.lowestSpaceGroup(), w.lowestEAboveHull(), w.lowestEAboveFinalHull());
        }
        return "Mg2MnO4 is not among the compositions of this run.";
    }

    private static String pct(int k, int n) { return n == 0 ? "" : String.format(Locale.ROOT, "%.2f %%", 100.0 * k / n); }

    private static String num(double v, int digits) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : ""; }

    private static String seconds(long t0) { return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9); }

    static String cellId(String formula, int i) { return String.format(Locale.ROOT, "%s-%03d", formula, i); }

    static Path cellFile(Path dir, String formula, int i) { return dir.resolve("cells").resolve(formula).resolve(cellId(formula, i) + ".cif"); }

    static Path relaxedFile(Path dir, String formula, String id) { return dir.resolve("relaxed").resolve(formula).resolve(id + ".cif"); }

    private static Structure readCif(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) throw new InputException(file + ": missing (the folder was changed by hand? start a new folder)");
        return new CifReader().parse(Files.readString(file, StandardCharsets.UTF_8), file, name).get(0).structure();
    }

    private static Verdict verdict(String label, Path file, int line) {
        for (Verdict v : Verdict.values()) if (v.label().equals(label)) return v;
        throw new InputException(file + " line " + line + ": unknown verdict '" + label + "'");
    }

    /** The settings that decide the result; a folder keeps the ones it was started with. */
    static String settingsText(Options o) {
        StringBuilder b = new StringBuilder();
        b.append("compositions=").append(String.join(" ", o.targets().stream().map(PaperReproduction::formula).toList())).append('\n');
        b.append("count=").append(o.count()).append('\n');
        b.append("seed=").append(o.seed()).append('\n');
        b.append("max_tries=").append(o.maxTries()).append('\n');
        b.append("model=").append(o.model() == null ? "bundled" : o.model().toAbsolutePath().normalize()).append('\n');
        b.append("fmax=").append(o.relax().fmax()).append('\n');
        b.append("steps=").append(o.relax().maxSteps()).append('\n');
        b.append("relax_cell=").append(o.relax().relaxCell()).append('\n');
        return b.toString();
    }

    private void checkSettings(Path dir, Options o) throws IOException {
        Path file = dir.resolve(SETTINGS);
        String want = settingsText(o) + "potential=" + potential.name() + "\nhull=" + hull.source() + "\n";
        if (!Files.exists(file)) {
            AtomicFiles.writeString(file, want);
            return;
        }
        List<String> have = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> wanted = want.lines().toList();
        for (String w : wanted) {
            String key = w.substring(0, w.indexOf('='));
            String old = have.stream().filter(h -> h.startsWith(key + "=")).findFirst().orElse(key + "=(missing)");
            if (!old.equals(w)) {
                throw new InputException(file + ": this folder was started with " + old + ", not " + w
                        + "; resume with the same options or use another folder");
            }
        }
    }

    /** Rows of a CSV table by their first field, in file order; an absent file is an empty table. */
    private static Map<String, String[]> readTable(Path file, String header) throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) throw new InputException(file + " line 1: the header must be " + header);
        int cols = header.split(",").length;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            List<String> f = splitCsv(lines.get(i));
            if (f.size() != cols) throw new InputException(file + " line " + (i + 1) + ": expected " + cols + " fields, found " + f.size());
            try {
                for (String s : f) if (s.isEmpty()) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new InputException(file + " line " + (i + 1) + ": an empty field");
            }
            if (out.put(f.get(0), f.toArray(String[]::new)) != null) throw new InputException(file + " line " + (i + 1) + ": " + f.get(0) + " twice");
        }
        return out;
    }

    private static StringBuilder tableText(Path file, String header) throws IOException {
        if (!Files.exists(file)) return new StringBuilder(header).append('\n');
        String t = Files.readString(file, StandardCharsets.UTF_8);
        return new StringBuilder(t.endsWith("\n") ? t : t + "\n");
    }

    /** Splits one RFC 4180 line as {@link Csv#row} writes it. */
    static List<String> splitCsv(String line) {
        return Csv.split(line);
    }
}
