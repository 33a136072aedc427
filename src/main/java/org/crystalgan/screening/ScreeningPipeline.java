package org.crystalgan.screening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import org.crystalgan.base.Progress;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.classical.ForceFieldRelaxer;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.pourbaix.AqueousIon;
import org.crystalgan.screening.pourbaix.PourbaixDiagram;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;

/**
 * The screening pipeline over a set of structures, in the paper's order where it applies:
 * <ol>
 *   <li>validity (ordered cell, no clashes, charge balance, bond valence);</li>
 *   <li>classical force-field relaxation (Buckingham + Ewald) to tidy valid cells (optional);</li>
 *   <li>space group of the (relaxed) cell;</li>
 *   <li>de-duplication among the candidates and novelty against known structures;</li>
 *   <li>imported DFT energies (MP2020-corrected) → formation energy and energy above the hull of the
 *       reference entries (pymatgen's get_e_above_hull meaning);</li>
 *   <li>Pourbaix decomposition free energy, minimum over pH at a potential vs RHE (paper: 0-14, 1.5 V);</li>
 *   <li>HSE06 band gap from imported hybrid runs;</li>
 *   <li>thresholds (pass / fail / incomplete) and ranking.</li>
 * </ol>
 * DFT results are matched to candidates by folder: {@code <safe name>/relax} (GGA+U) and
 * {@code <safe name>/hse06} as {@code export-dft} writes them, or {@code candidates/<rank>_<safe name>/dft/relax}
 * and {@code .../dft/hse06} as a screening export ({@code screening.export.CandidateExporter})
 * writes them, so that its folders can go to the cluster and come back as they are (the first folder
 * component that is a candidate's safe name, or one with a rank prefix, decides). Values that cannot be
 * computed stay empty, with a note.
 */
public final class ScreeningPipeline {
    /** A structure to screen. */
    public record Input(String name, Structure structure) {}

    /**
     * @param relax run the force-field relaxation on valid cells
     * @param relaxOptions its convergence settings
     * @param references known structures for novelty (may be empty)
     * @param hullEntries reference entries for the hull and Pourbaix (MP-compatible energies; may be empty)
     * @param dftResults imported DFT runs (may be empty)
     * @param thresholds the bounds for the verdict
     * @param phMin lower pH of the Pourbaix minimum
     * @param phMax upper pH
     * @param vRhe potential vs RHE, V
     * @param ionConcentration ion concentration for Pourbaix, mol/L
     * @param sortBy ranking column
     * @param ascending ranking direction
     */
    public record Options(boolean relax, ForceFieldRelaxer.Options relaxOptions, List<Deduplicator.Item> references,
                          List<HullEntry> hullEntries, List<DftImport.Result> dftResults, Thresholds thresholds,
                          double phMin, double phMax, double vRhe, double ionConcentration, CandidateColumn sortBy, boolean ascending) {
        public Options {
            references = List.copyOf(references);
            hullEntries = List.copyOf(hullEntries);
            dftResults = List.copyOf(dftResults);
        }

        /** Relaxation on, no references or energies, the paper's thresholds, ranked by energy above hull. */
        public static Options defaults() {
            return new Options(true, ForceFieldRelaxer.Options.defaults(), List.of(), List.of(), List.of(), Thresholds.paper(),
                    0, 14, 1.5, 1e-6, CandidateColumn.E_ABOVE_HULL, true);
        }

        public Options withReferences(List<Deduplicator.Item> r) {
            return new Options(relax, relaxOptions, r, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending);
        }

        public Options withHullEntries(List<HullEntry> h) {
            return new Options(relax, relaxOptions, references, h, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending);
        }

        public Options withDftResults(List<DftImport.Result> d) {
            return new Options(relax, relaxOptions, references, hullEntries, d, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending);
        }

        public Options withThresholds(Thresholds t) {
            return new Options(relax, relaxOptions, references, hullEntries, dftResults, t, phMin, phMax, vRhe, ionConcentration, sortBy, ascending);
        }

        public Options withRelax(boolean r) {
            return new Options(r, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending);
        }

        public Options withSort(CandidateColumn c, boolean asc) {
            return new Options(relax, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, c, asc);
        }
    }

    /** Ranked candidates and counts. */
    public record Result(List<Candidate> ranked, int passing, int failing, int incomplete) {}

    public static final String STAGE_VALIDITY = "validity", STAGE_RELAX = "force-field relaxation", STAGE_SYMMETRY = "symmetry",
            STAGE_DEDUP = "de-duplication", STAGE_ENERGY = "hull and Pourbaix", STAGE_RANK = "ranking";

    private final ValidityChecker validity;

    public ScreeningPipeline(ValidityChecker validity) { this.validity = validity; }

    public ScreeningPipeline() { this(new ValidityChecker()); }

    /** Mutable per-structure state while the stages run. */
    private static final class Draft {
        final Input in;
        Structure structure;
        boolean valid;
        List<String> problems = List.of();
        OptionalInt sg = OptionalInt.empty();
        String sgSymbol;
        String duplicateOf, knownAs;
        Boolean ffConverged;
        OptionalDouble ff = OptionalDouble.empty(), dft = OptionalDouble.empty(), formation = OptionalDouble.empty(),
                eHull = OptionalDouble.empty(), pbx = OptionalDouble.empty(), pbxPh = OptionalDouble.empty(),
                gap = OptionalDouble.empty(), ggaGap = OptionalDouble.empty();
        String decomposition;
        final List<String> notes = new ArrayList<>();

        Draft(Input in) {
            this.in = in;
            this.structure = in.structure();
        }
    }

    public Result run(List<Input> inputs, Options opt, Progress listener) {
        int n = inputs.size();
        List<Draft> drafts = new ArrayList<>();
        for (Input in : inputs) drafts.add(new Draft(in));

        // 1. validity
        for (int i = 0; i < n; i++) {
            checkCancelled(listener);
            Draft d = drafts.get(i);
            ValidityReport r = validity.check(d.in.name(), d.in.structure());
            d.valid = r.valid();
            d.problems = r.problems();
            listener.update(i + 1, n, STAGE_VALIDITY);
        }
        // 2. classical force-field relaxation
        if (opt.relax()) {
            ForceFieldRelaxer relaxer = new ForceFieldRelaxer(new org.crystalgan.potential.classical.ClassicalForceField(), opt.relaxOptions());
            for (int i = 0; i < n; i++) {
                checkCancelled(listener);
                Draft d = drafts.get(i);
                if (d.valid) {
                    try {
                        ForceFieldRelaxer.Result r = relaxer.relax(d.in.structure(), listener::isCancelled);
                        checkCancelled(listener);
                        d.ffConverged = r.converged();
                        if (r.converged()) {
                            d.structure = r.structure();
                            d.ff = OptionalDouble.of(r.energyPerAtom());
                        } else {
                            d.notes.add("force field: " + r.message() + "; later stages use the input cell");
                        }
                    } catch (InputException e) {
                        d.notes.add("force field: " + e.getMessage());
                    }
                }
                listener.update(i + 1, n, STAGE_RELAX);
            }
        }
        // 3. symmetry
        for (int i = 0; i < n; i++) {
            checkCancelled(listener);
            Draft d = drafts.get(i);
            if (d.valid) {
                try {
                    SymmetryDataset s = SpaceGroupFinder.analyze(d.structure);
                    d.sg = OptionalInt.of(s.number());
                    d.sgSymbol = s.internationalSymbol();
                } catch (InputException e) {
                    d.notes.add("symmetry: " + e.getMessage());
                }
            }
            listener.update(i + 1, n, STAGE_SYMMETRY);
        }
        // 4. de-duplication and novelty (valid structures only)
        List<Deduplicator.Item> items = new ArrayList<>();
        List<Draft> compared = new ArrayList<>();
        for (Draft d : drafts) {
            if (d.valid) {
                items.add(new Deduplicator.Item(d.in.name(), d.structure));
                compared.add(d);
            }
        }
        if (!items.isEmpty()) {
            Deduplicator.Outcome o = new Deduplicator().run(items, opt.references(), new Progress() {
                @Override
                public void update(long done, long total, String stage) { listener.update(done, total, STAGE_DEDUP + ": " + stage); }

                @Override
                public boolean isCancelled() { return listener.isCancelled(); }
            });
            checkCancelled(listener);
            for (int i = 0; i < compared.size(); i++) {
                Deduplicator.Verdict v = o.verdicts().get(i);
                Draft d = compared.get(i);
                d.duplicateOf = v.duplicateOf();
                d.knownAs = v.knownAs();
                if (v.problem() != null) d.notes.add("de-duplication: " + v.problem());
            }
        }
        // 5-7. imported energies, hull, Pourbaix, band gap
        PhaseDiagram pd = null;
        if (!opt.hullEntries().isEmpty()) pd = new PhaseDiagram(opt.hullEntries());
        Map<String, List<DftImport.Result>> dftByCandidate = new HashMap<>();
        java.util.Set<String> safeNames = new java.util.HashSet<>();
        for (Draft d : drafts) safeNames.add(SafeNames.of(d.in.name()));
        for (DftImport.Result r : opt.dftResults()) {
            String key = candidateFolder(r.folder(), safeNames);
            if (key != null) dftByCandidate.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Map<String, PourbaixDiagram> pourbaixCache = new HashMap<>();
        for (int i = 0; i < n; i++) {
            checkCancelled(listener);
            Draft d = drafts.get(i);
            energies(d, opt, pd, dftByCandidate.getOrDefault(SafeNames.of(d.in.name()), List.of()), pourbaixCache);
            listener.update(i + 1, n, STAGE_ENERGY);
        }
        // 8. verdicts and ranking
        List<Candidate> out = new ArrayList<>();
        int pass = 0, fail = 0, inc = 0;
        for (Draft d : drafts) {
            Thresholds.Outcome t = opt.thresholds().evaluate(d.valid, d.eHull, d.pbx, d.gap);
            List<String> notes = new ArrayList<>(d.notes);
            if (t.verdict() != Thresholds.Verdict.PASSES) notes.addAll(t.reasons());
            switch (t.verdict()) {
                case PASSES -> pass++;
                case FAILS -> fail++;
                default -> inc++;
            }
            out.add(new Candidate(d.in.name(), d.in.structure().composition().reducedFormula(), d.in.structure(), d.structure, d.valid,
                    d.problems, d.sg, d.sgSymbol, d.duplicateOf, d.knownAs, d.ffConverged, d.ff, d.dft, d.formation, d.eHull,
                    d.decomposition, d.pbx, d.pbxPh, d.gap, d.ggaGap, t.verdict(), notes));
        }
        out.sort(rankOrder(opt.sortBy(), opt.ascending()));
        listener.update(n, n, STAGE_RANK);
        return new Result(List.copyOf(out), pass, fail, inc);
    }

    /** Passing first, then incomplete, then failing; within each, by the column (missing values last). */
    public static Comparator<Candidate> rankOrder(CandidateColumn column, boolean ascending) {
        Comparator<Candidate> byVerdict = Comparator.comparingInt(c -> switch (c.verdict()) {
            case PASSES -> 0;
            case INCOMPLETE -> 1;
            case FAILS -> 2;
        });
        return byVerdict.thenComparing(column.comparator(ascending)).thenComparing(Candidate::name);
    }

    /** Re-ranks an existing result by another column (the UI's "sort by any column"). */
    public static List<Candidate> rank(List<Candidate> candidates, CandidateColumn column, boolean ascending) {
        List<Candidate> l = new ArrayList<>(candidates);
        l.sort(rankOrder(column, ascending));
        return List.copyOf(l);
    }

    private void energies(Draft d, Options opt, PhaseDiagram pd, List<DftImport.Result> runs, Map<String, PourbaixDiagram> cache) {
        if (!d.valid) return;
        DftImport.Result relax = null, hse = null;
        for (DftImport.Result r : runs) {
            if (r.run().usable() && r.run().hse() && r.run().bandGap().isPresent()) {
                if (hse == null || r.folder().endsWith("hse06")) hse = r;
            } else if (r.correctedEnergyPerAtom().isPresent()) {
                if (relax == null || r.folder().endsWith("relax")) relax = r;
            } else if (r.note() != null) {
                d.notes.add("DFT " + r.folder() + ": " + r.note());
            }
        }
        if (relax != null) {
            if (!relax.composition().reduced().almostEquals(d.in.structure().composition().reduced(), 1e-6)) {
                d.notes.add("DFT " + relax.folder() + " is " + relax.composition().reducedFormula() + ", not " + d.in.structure().composition().reducedFormula() + ": ignored");
                relax = null;
            }
        }
        if (hse != null) d.gap = hse.bandGap();
        if (relax == null) {
            if (runs.isEmpty() && !opt.dftResults().isEmpty()) d.notes.add("no DFT run imported for " + SafeNames.of(d.in.name()));
            return;
        }
        d.dft = relax.correctedEnergyPerAtom();
        d.ggaGap = relax.bandGap();
        if (pd == null) {
            d.notes.add("no reference entries: energy above hull and Pourbaix need --entries");
            return;
        }
        HullEntry e = new HullEntry(d.in.name(), relax.composition(), d.dft.getAsDouble());
        try {
            d.formation = OptionalDouble.of(pd.formationEnergyPerAtom(e));
            d.eHull = OptionalDouble.of(pd.eAboveHull(e));
            StringBuilder sb = new StringBuilder();
            for (var m : pd.decomposition(e.composition()).entrySet()) {
                if (sb.length() > 0) sb.append(" + ");
                sb.append(m.getKey().name()).append(String.format(Locale.ROOT, " (%.4f)", m.getValue()));
            }
            d.decomposition = sb.toString();
        } catch (InputException ex) {
            d.notes.add("hull: " + ex.getMessage());
            return;
        }
        try {
            String key = metalKey(e.composition());
            PourbaixDiagram pbx = cache.get(key);
            if (pbx == null) {
                pbx = new PourbaixDiagram(pd, AqueousIon.bundled(), e.composition(), opt.ionConcentration());
                cache.put(key, pbx);
            }
            PourbaixDiagram.Minimum m = pbx.minimumOverPh(pbx.solidOf(e), opt.phMin(), opt.phMax(), opt.vRhe());
            d.pbx = OptionalDouble.of(m.energyPerAtom());
            d.pbxPh = OptionalDouble.of(m.pH());
        } catch (InputException ex) {
            d.notes.add("Pourbaix: " + ex.getMessage());
        }
    }

    private static final java.util.regex.Pattern RANKED = java.util.regex.Pattern.compile("[0-9]+_(.+)");

    /**
     * The candidate (safe name) a run folder belongs to: the first path component that is a candidate's
     * safe name, or a rank-prefixed one ({@code 007_name}); null when none is.
     */
    static String candidateFolder(String runFolder, java.util.Set<String> safeNames) {
        for (String c : runFolder.replace('\\', '/').split("/")) {
            if (safeNames.contains(c)) return c;
            java.util.regex.Matcher m = RANKED.matcher(c);
            if (m.matches() && safeNames.contains(m.group(1))) return m.group(1);
        }
        return null;
    }

    /** The non-H, non-O ratio as a key, e.g. "Mg0.333333Mn0.666667". */
    private static String metalKey(Composition c) {
        double n = 0;
        for (Element e : c.elements()) if (!e.symbol().equals("O") && !e.symbol().equals("H")) n += c.amount(e);
        StringBuilder sb = new StringBuilder();
        for (Element e : c.elements()) {
            if (e.symbol().equals("O") || e.symbol().equals("H")) continue;
            sb.append(e.symbol()).append(String.format(Locale.ROOT, "%.6f", c.amount(e) / n));
        }
        return sb.toString();
    }

    private static void checkCancelled(Progress l) {
        if (l.isCancelled()) throw new CancellationException("screening cancelled");
    }
}
