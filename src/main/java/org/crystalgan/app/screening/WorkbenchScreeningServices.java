package org.crystalgan.app.screening;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.CandidateColumn;
import org.crystalgan.screening.ScreeningPipeline;
import org.crystalgan.screening.Thresholds;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.workflow.ScreeningService;

/**
 * The Screening pane's services: the workflow's {@link ScreeningService} (the one behind {@code screen}: validity,
 * relaxation with M3GNet or the classical force field, space group, de-duplication and novelty against the loaded set,
 * energy above the potential's MP-corrected hull, ranked by energy above hull), plus the user's reference entries
 * ({@link EntryCsv}, as {@code screen --entries}) and DFT runs ({@link DftImport}, as {@code screen --dft}).
 * Relaxations are journalled in a folder (the settings folder's {@code relaxations/} in the window), so screening
 * the same cells again, after new entries or a cancel, reuses every finished relaxation.
 */
public final class WorkbenchScreeningServices implements ScreeningServices {
    private final ScreeningService service = new ScreeningService();
    private final Path journal;
    private final int workers;

    /** @param journal folder of the relaxation journal (null: nothing is kept between screenings); workers below 1: one per processor */
    public WorkbenchScreeningServices(Path journal, int workers) {
        this.journal = journal;
        this.workers = workers;
    }

    /** No journal, one relaxation per processor. */
    public WorkbenchScreeningServices() { this(null, 0); }

    @Override
    public List<String> relaxChoices() { return List.of(ScreeningService.DEFAULT_RELAX, ScreeningService.CLASSICAL, ScreeningService.NO_RELAX); }

    /** The pipeline's numeric columns, keyed by {@link CandidateColumn#key()}. */
    @Override
    public List<Column> columns() {
        List<Column> cols = new ArrayList<>();
        for (CandidateColumn c : CandidateColumn.values()) if (c.numeric()) cols.add(new Column(c.key(), c.label()));
        return cols;
    }

    @Override
    public List<Threshold> paperThresholds() { return thresholds(Thresholds.paper()); }

    static List<Threshold> thresholds(Thresholds t) {
        List<Threshold> out = new ArrayList<>();
        if (t.maxEAboveHull().isPresent()) out.add(new Threshold(CandidateColumn.E_ABOVE_HULL.key(), Double.NaN, t.maxEAboveHull().getAsDouble()));
        if (t.maxPourbaix().isPresent()) out.add(new Threshold(CandidateColumn.POURBAIX.key(), Double.NaN, t.maxPourbaix().getAsDouble()));
        if (t.minGap().isPresent() || t.maxGap().isPresent()) {
            out.add(new Threshold(CandidateColumn.BAND_GAP.key(), t.minGap().orElse(Double.NaN), t.maxGap().orElse(Double.NaN)));
        }
        return out;
    }

    @Override
    public List<Row> screen(List<StructureEntry> structures, Work.Progress p) {
        return screen(structures, List.of(), p);
    }

    @Override
    public List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Work.Progress p) {
        return screen(structures, known, Energies.NONE, p);
    }

    /**
     * Reads the entries and builds their hull once, so that a file the pipeline could not use (no
     * elemental reference, say) is refused now, naming the file, rather than halfway through a screening.
     */
    @Override
    public List<HullEntry> readEntries(Path csv, Work.Progress p) throws IOException {
        p.update(-1, -1, "Reading reference entries from " + csv.getFileName());
        List<HullEntry> entries = EntryCsv.read(csv);
        try {
            new PhaseDiagram(entries);
        } catch (InputException e) {
            throw new InputException(csv + ": " + e.getMessage());
        }
        return entries;
    }

    @Override
    public List<DftImport.Result> importDft(Path folder, Work.Progress p) throws IOException {
        p.update(-1, -1, "Importing DFT runs under " + folder);
        List<DftImport.Result> runs = DftImport.importFolder(folder);
        if (runs.isEmpty()) throw new InputException(folder + ": no vasprun.xml in this folder or its subfolders (8 levels deep)");
        return runs;
    }

    /** As before the potential: relaxation with the classical force field. */
    @Override
    public List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Energies energies, Work.Progress p) {
        return screen(structures, known, energies, ScreeningService.CLASSICAL, RelaxationListener.NONE, p);
    }

    @Override
    public List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Energies energies, String relax,
                            RelaxationListener relaxation, Work.Progress p) {
        List<ScreeningPipeline.Input> in = new ArrayList<>(structures.size());
        Map<String, StructureEntry> byName = new LinkedHashMap<>();
        for (StructureEntry e : structures) {
            // the pipeline reports by name; keep names unique so every candidate finds its entry
            String name = e.name();
            for (int k = 2; byName.containsKey(name); k++) name = e.name() + "_" + k;
            byName.put(name, e);
            in.add(new ScreeningPipeline.Input(name, e.structure()));
        }
        List<Deduplicator.Item> refs = known.stream().map(e -> new Deduplicator.Item(e.name(), e.structure())).toList();
        ScreeningPipeline.Options opt = ScreeningPipeline.Options.defaults().withReferences(refs)
                .withHullEntries(energies.entries()).withDftResults(energies.dftRuns());
        ScreeningService.Request request = new ScreeningService.Request(in, opt, relax, RelaxOptions.defaults(), workers, journal);
        ScreeningPipeline.Result r = service.run(request, new ScreeningService.Listener() {
            @Override
            public void update(long done, long total, String stage) {
                p.update(done, total, "Screening: " + stage + (total > 0 ? " " + done + "/" + total : ""));
            }

            @Override
            public boolean isCancelled() { return p.isCancelled(); }

            @Override
            public void relaxStarted(String name, org.crystalgan.crystal.Structure input) { relaxation.started(name); }

            @Override
            public void relaxStep(String name, int step, double energyPerAtom, double maxForce) { relaxation.step(name, step, energyPerAtom, maxForce); }

            @Override
            public void relaxFinished(String name, ScreeningPipeline.Relaxed result, boolean fromJournal) {
                relaxation.finished(name, result.verdict(), fromJournal);
            }
        });
        List<Row> rows = new ArrayList<>(r.ranked().size());
        for (int i = 0; i < r.ranked().size(); i++) {
            Candidate c = r.ranked().get(i);
            rows.add(new Row(byName.get(c.name()), i + 1, values(c), c.verdict() == Thresholds.Verdict.PASSES, note(c), c));
        }
        return rows;
    }

    /** Only the values the pipeline computed: a missing one stays absent (shown blank), never 0. */
    static Map<String, Double> values(Candidate c) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (CandidateColumn col : CandidateColumn.values()) {
            OptionalDouble x = col.value(c);
            if (x.isPresent()) v.put(col.key(), x.getAsDouble());
        }
        return v;
    }

    static String note(Candidate c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.verdict().name().toLowerCase(java.util.Locale.ROOT));
        if (c.spaceGroup() != null) parts.add(c.spaceGroup());
        if (c.relaxation() != null) {
            Candidate.Relaxation x = c.relaxation();
            parts.add(x.potential() + " " + x.verdict() + " in " + x.steps() + " steps" + (x.movedFar() ? ", moved far"
                    + (x.spaceGroupBefore().isPresent() && c.spaceGroupNumber().isPresent() && x.spaceGroupBefore().getAsInt() != c.spaceGroupNumber().getAsInt()
                    ? " (space group " + x.spaceGroupBeforeSymbol() + " → " + c.spaceGroup() + ")" : "") : ""));
        }
        if (c.hullSource() != null) parts.add("E_hull vs the " + c.hullSource() + " hull");
        if (c.plausibility() != null) parts.add(c.plausibility());
        if (!c.valid() && !c.problems().isEmpty()) parts.add("invalid: " + String.join("; ", c.problems()));
        if (c.duplicateOf() != null) parts.add("duplicate of " + c.duplicateOf());
        if (c.knownAs() != null) parts.add("known as " + c.knownAs());
        parts.addAll(c.notes());
        return String.join(" · ", parts);
    }
}
