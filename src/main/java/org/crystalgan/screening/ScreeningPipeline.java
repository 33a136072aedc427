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
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.pourbaix.AqueousIon;
import org.crystalgan.screening.pourbaix.PourbaixDiagram;
import org.crystalgan.screening.stability.PotentialHull;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;

/**
 * The screening pipeline over a set of structures, in the paper's order where it applies:
 * <ol>
 *   <li>validity (ordered cell, no clashes, charge balance, bond valence);</li>
 *   <li>relaxation of valid cells: with an interatomic potential through a {@link Relaxation} stage (the workflow's
 *       M3GNet relaxation, journalled), or else the classical force field (Buckingham + Ewald; optional);</li>
 *   <li>space group of the (relaxed) cell, and of the input where a potential relaxed it (with RMS displacement and
 *       volume change: {@link Candidate.Relaxation#movedFar()});</li>
 *   <li>de-duplication among the (relaxed) candidates and novelty against known structures;</li>
 *   <li>imported DFT energies (MP2020-corrected) → formation energy and energy above the hull of the
 *       reference entries (pymatgen's get_e_above_hull meaning), source {@code dft}; without a DFT energy, the
 *       potential's energy of the relaxed cell, MP2020-corrected, on the reference entries (source {@code mp}) or on
 *       the potential's own reference hull (source {@code m3gnet});</li>
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
                          double phMin, double phMax, double vRhe, double ionConcentration, CandidateColumn sortBy, boolean ascending,
                          Relaxation relaxation) {
        public Options {
            references = List.copyOf(references);
            hullEntries = List.copyOf(hullEntries);
            dftResults = List.copyOf(dftResults);
        }

        /** As before the potential: no relaxation stage beyond the classical force field. */
        public Options(boolean relax, ForceFieldRelaxer.Options relaxOptions, List<Deduplicator.Item> references,
                       List<HullEntry> hullEntries, List<DftImport.Result> dftResults, Thresholds thresholds,
                       double phMin, double phMax, double vRhe, double ionConcentration, CandidateColumn sortBy, boolean ascending) {
            this(relax, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, null);
        }

        /** Relaxes valid cells with {@code r} (an interatomic potential) instead of the classical force field. */
        public Options withRelaxation(Relaxation r) {
            return new Options(false, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy,
                    ascending, r);
        }

        /** Relaxation on, no references or energies, the paper's thresholds, ranked by energy above hull. */
        public static Options defaults() {
            return new Options(true, ForceFieldRelaxer.Options.defaults(), List.of(), List.of(), List.of(), Thresholds.paper(),
                    0, 14, 1.5, 1e-6, CandidateColumn.E_ABOVE_HULL, true);
        }

        public Options withReferences(List<Deduplicator.Item> r) {
            return new Options(relax, relaxOptions, r, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, relaxation);
        }

        public Options withHullEntries(List<HullEntry> h) {
            return new Options(relax, relaxOptions, references, h, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, relaxation);
        }

        public Options withDftResults(List<DftImport.Result> d) {
            return new Options(relax, relaxOptions, references, hullEntries, d, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, relaxation);
        }

        public Options withThresholds(Thresholds t) {
            return new Options(relax, relaxOptions, references, hullEntries, dftResults, t, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, relaxation);
        }

        public Options withRelax(boolean r) {
            return new Options(r, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, sortBy, ascending, relaxation);
        }

        public Options withSort(CandidateColumn c, boolean asc) {
            return new Options(relax, relaxOptions, references, hullEntries, dftResults, thresholds, phMin, phMax, vRhe, ionConcentration, c, asc, relaxation);
        }
    }

    /**
     * A relaxation stage with an interatomic potential (the workflow's: journalled, on a pool of workers). It relaxes
     * the valid inputs it is given and says which hull the potential's energies belong on.
     */
    public interface Relaxation {
        /** The potential's name for tables ({@code m3gnet}, or a model folder). */
        String potential();

        /**
         * The hull of the potential's own reference phases (MP2020-corrected), or null when its energies are not on the
         * Materials Project's scale.
         */
        PotentialHull hull();

        /**
         * Relaxes {@code inputs} (valid cells, in order) and returns one outcome each, in that order; throws
         * {@link CancellationException} when {@code progress} says so.
         */
        List<Relaxed> relax(List<Input> inputs, Progress progress);
    }

    /**
     * One relaxation outcome.
     *
     * @param structure     the relaxed cell (the input when the potential refused it)
     * @param totalEnergy   raw energy of {@code structure}, eV per cell; NaN when there is none
     * @param verdict       {@link org.crystalgan.potential.relax.Verdict#label()}
     * @param steps         FIRE steps
     * @param reason        one line on how it ended
     */
    public record Relaxed(Structure structure, double totalEnergy, String verdict, int steps, String reason) {
        /** Converged or stopped at the step limit with a finite energy: later stages use the relaxed cell. */
        public boolean usable() {
            return Double.isFinite(totalEnergy) && (verdict.equals(Verdict.CONVERGED.label()) || verdict.equals(Verdict.STEP_LIMIT.label()));
        }
    }

    /** Ranked candidates and counts. */
    public record Result(List<Candidate> ranked, int passing, int failing, int incomplete) {}

    public static final String STAGE_VALIDITY = "validity", STAGE_RELAX = "force-field relaxation", STAGE_POTENTIAL = "relaxation", STAGE_SYMMETRY = "symmetry",
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
        OptionalInt sg = OptionalInt.empty(), sgBefore = OptionalInt.empty();
        String sgSymbol, sgBeforeSymbol, plausibility, hullSource;
        Relaxed relaxed;
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
            d.plausibility = r.plausibility() == null ? null : r.plausibility().verdict();
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
                        ForceFieldRelaxer.Result r = relaxer.relax(d.in.structure(), listener);
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
        // 2b. relaxation with an interatomic potential
        if (opt.relaxation() != null) relaxWithPotential(drafts, opt.relaxation(), listener);
        // 3. symmetry (of the relaxed cell, and of the input where a potential moved it)
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
                if (d.relaxed != null) {
                    try {
                        SymmetryDataset s = SpaceGroupFinder.analyze(d.in.structure());
                        d.sgBefore = OptionalInt.of(s.number());
                        d.sgBeforeSymbol = s.internationalSymbol();
                    } catch (InputException e) {
                        d.notes.add("symmetry of the input: " + e.getMessage());
                    }
                }
            }
            listener.update(i + 1, n, STAGE_SYMMETRY);
        }
        // 4. de-duplication and novelty (valid structures only), after relaxation: different raw cells often relax to one crystal
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
            if (d.hullSource == null && d.relaxed != null && d.relaxed.usable()) potentialEnergies(d, opt, pd, pourbaixCache);
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
                    d.decomposition, d.pbx, d.pbxPh, d.gap, d.ggaGap, t.verdict(), notes, relaxation(d, opt.relaxation()), d.hullSource,
                    d.plausibility));
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
            place(d, pd, e, HULL_DFT);
        } catch (InputException ex) {
            d.notes.add("hull: " + ex.getMessage());
            return;
        }
        pourbaix(d, opt, pd, "entries", e, cache);
    }

    /** Hull sources, as {@code ranked.csv}'s {@code hull_source} column spells them. */
    public static final String HULL_M3GNET = "m3gnet", HULL_MP = "mp", HULL_DFT = "dft";

    /** Formation energy, energy above hull and decomposition of {@code e} on {@code pd}, labelled with their source. */
    private static void place(Draft d, PhaseDiagram pd, HullEntry e, String source) {
        d.formation = OptionalDouble.of(pd.formationEnergyPerAtom(e));
        d.eHull = OptionalDouble.of(pd.eAboveHull(e));
        StringBuilder sb = new StringBuilder();
        for (var m : pd.decomposition(e.composition()).entrySet()) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(m.getKey().name()).append(String.format(Locale.ROOT, " (%.4f)", m.getValue()));
        }
        d.decomposition = sb.toString();
        d.hullSource = source;
    }

    /**
     * The potential's energy of the relaxed cell, MP2020-corrected, on the user's reference entries where there are
     * some (source {@code mp}: MP-corrected energies are one scale) and otherwise on the potential's own reference hull
     * (source {@code m3gnet}); an imported DFT energy, where there is one, came first.
     */
    private void potentialEnergies(Draft d, Options opt, PhaseDiagram entries, Map<String, PourbaixDiagram> cache) {
        PotentialHull own = opt.relaxation().hull();
        if (own == null && entries == null) return;
        HullEntry e;
        try {
            e = PotentialHull.mpCompatibleEntry(d.in.name(), d.structure, d.relaxed.totalEnergy());
        } catch (IllegalStateException ex) {
            d.notes.add("hull: " + ex.getMessage());
            return;
        }
        PhaseDiagram pd = entries != null ? entries : own.diagram();
        try {
            place(d, pd, e, entries != null ? HULL_MP : own.source());
        } catch (InputException ex) {
            d.notes.add("hull (" + (entries != null ? HULL_MP : own.source()) + "): " + ex.getMessage());
            return;
        }
        if (d.relaxed.verdict().equals(Verdict.STEP_LIMIT.label())) {
            d.notes.add("relaxation stopped at the step limit: the energy above hull is an upper bound");
        }
        pourbaix(d, opt, pd, entries != null ? "entries" : "own", e, cache);
    }

    /** {@code diagram} names {@code pd} for the cache: the user's entries or the potential's own hull. */
    private void pourbaix(Draft d, Options opt, PhaseDiagram pd, String diagram, HullEntry e, Map<String, PourbaixDiagram> cache) {
        try {
            String key = diagram + ":" + metalKey(e.composition());
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

    /** Runs the potential on the valid drafts; later stages use the relaxed cell where the relaxation is usable. */
    private static void relaxWithPotential(List<Draft> drafts, Relaxation stage, Progress listener) {
        List<Draft> valid = new ArrayList<>();
        List<Input> in = new ArrayList<>();
        for (Draft d : drafts) {
            if (d.valid) {
                valid.add(d);
                in.add(d.in);
            }
        }
        if (valid.isEmpty()) return;
        List<Relaxed> out = stage.relax(in, listener);
        checkCancelled(listener);
        if (out.size() != valid.size()) throw new IllegalStateException("the relaxation returned " + out.size() + " results for " + valid.size() + " cells");
        for (int i = 0; i < valid.size(); i++) {
            Draft d = valid.get(i);
            Relaxed r = out.get(i);
            d.relaxed = r;
            if (r.usable()) {
                d.structure = r.structure();
                if (!r.verdict().equals(Verdict.CONVERGED.label())) d.notes.add(stage.potential() + ": " + r.reason());
            } else {
                d.notes.add(stage.potential() + " relaxation " + r.verdict() + ": " + r.reason() + "; later stages use the input cell");
            }
        }
    }

    /** The candidate's relaxation record with its displacement flags, or null when no potential relaxed it. */
    private static Candidate.Relaxation relaxation(Draft d, Relaxation stage) {
        if (d.relaxed == null) return null;
        Relaxed r = d.relaxed;
        OptionalDouble energy = Double.isFinite(r.totalEnergy()) ? OptionalDouble.of(r.totalEnergy() / r.structure().size()) : OptionalDouble.empty();
        OptionalDouble rms = OptionalDouble.empty(), dv = OptionalDouble.empty();
        boolean far = false;
        if (r.usable() && r.structure().size() == d.in.structure().size()) {
            rms = OptionalDouble.of(rmsDisplacement(d.in.structure(), r.structure()));
            dv = OptionalDouble.of((r.structure().volume() / d.in.structure().volume() - 1) * 100);
            far = rms.getAsDouble() > Candidate.Relaxation.MOVED_FAR_RMS || Math.abs(dv.getAsDouble()) > Candidate.Relaxation.MOVED_FAR_VOLUME
                    || (d.sg.isPresent() && d.sgBefore.isPresent() && d.sg.getAsInt() != d.sgBefore.getAsInt());
        }
        return new Candidate.Relaxation(stage.potential(), r.verdict(), r.steps(), energy, rms, dv, d.sgBefore, d.sgBeforeSymbol, far);
    }

    /**
     * Root-mean-square displacement (Å) between two cells of the same atoms in the same order: each fractional move
     * taken by minimum image and measured in the relaxed cell, so a wrap across the cell boundary is no move.
     */
    public static double rmsDisplacement(Structure before, Structure after) {
        double sum = 0;
        for (int i = 0; i < before.size(); i++) {
            var f = after.site(i).frac().minus(before.site(i).frac());
            var w = new org.crystalgan.crystal.Vec3(f.x() - Math.rint(f.x()), f.y() - Math.rint(f.y()), f.z() - Math.rint(f.z()));
            double len = after.lattice().toCartesian(w).norm();
            sum += len * len;
        }
        return Math.sqrt(sum / before.size());
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
