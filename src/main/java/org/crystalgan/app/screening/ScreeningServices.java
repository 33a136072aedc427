package org.crystalgan.app.screening;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.hull.HullEntry;

/** What the Screening pane needs from the screening package (a fake in the tests). */
public interface ScreeningServices {
    /** A numeric column of the ranked table. */
    record Column(String key, String label) {}

    /**
     * One screened structure: its rank (1 = best), its numbers by column key (a missing value is absent,
     * never 0), whether it passes the pipeline's filters, and the pipeline's candidate record (null from
     * services that have none) which the exports write.
     */
    record Row(StructureEntry entry, int rank, Map<String, Double> values, boolean passes, String note, Candidate candidate) {
        public Row(StructureEntry entry, int rank, Map<String, Double> values, boolean passes, String note) {
            this(entry, rank, values, passes, note, null);
        }

        /** NaN when the row has no value for the column. */
        public double value(String key) { return values.getOrDefault(key, Double.NaN); }
    }

    /** A range on one column (NaN bound: open). */
    record Threshold(String key, double min, double max) {
        public boolean accepts(double v) {
            return !Double.isNaN(v) && (Double.isNaN(min) || v >= min) && (Double.isNaN(max) || v <= max);
        }
    }

    /**
     * What the user brought in for the energy columns: reference entries (the hull and Pourbaix of
     * MP-compatible energies, as {@code screen --entries} reads them) and imported DFT runs (each
     * candidate's corrected energy and HSE06 gap, as {@code screen --dft} reads them). Either may be
     * absent (null file, empty list).
     */
    record Energies(Path entriesFile, List<HullEntry> entries, Path dftFolder, List<DftImport.Result> dftRuns) {
        public static final Energies NONE = new Energies(null, List.of(), null, List.of());

        public Energies {
            entries = List.copyOf(entries);
            dftRuns = List.copyOf(dftRuns);
        }

        public Energies withEntries(Path file, List<HullEntry> e) { return new Energies(file, e, dftFolder, dftRuns); }

        public Energies withDftRuns(Path folder, List<DftImport.Result> r) { return new Energies(entriesFile, entries, folder, r); }

        public boolean hasEntries() { return entriesFile != null; }

        public boolean hasDftRuns() { return dftFolder != null; }
    }

    /** Hears the relaxations of a screening as they run; called on worker threads, so implementations must be thread-safe. */
    interface RelaxationListener {
        RelaxationListener NONE = new RelaxationListener() { };

        /** The relaxation of {@code name} begins. */
        default void started(String name) { }

        /** One step: energy per atom (eV/atom) and the largest force (eV/Å). */
        default void step(String name, int step, double energyPerAtom, double maxForce) { }

        /** It ended ({@code verdict}: converged, step_limit, ...); {@code fromJournal} when an earlier run had done it. */
        default void finished(String name, String verdict, boolean fromJournal) { }
    }

    /** What valid cells can be relaxed with, the default first (as {@code screen --relax} spells them). */
    default List<String> relaxChoices() { return List.of("none"); }

    /**
     * As {@link #screen(List, List, Energies, Work.Progress)}, relaxing valid cells with {@code relax} (one of
     * {@link #relaxChoices()}) and reporting each relaxation to {@code listener}. Default: a service that cannot relax
     * ignores both.
     */
    default List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Energies energies, String relax,
                             RelaxationListener listener, Work.Progress p) throws Exception {
        return screen(structures, known, energies, p);
    }

    List<Column> columns();

    /** The paper's preset thresholds (empty where the pipeline has none). */
    List<Threshold> paperThresholds();

    List<Row> screen(List<StructureEntry> structures, Work.Progress p) throws Exception;

    /** Screens {@code structures}, checking novelty against {@code known} where the service can (default: ignores them). */
    default List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Work.Progress p) throws Exception {
        return screen(structures, p);
    }

    /**
     * As {@link #screen(List, List, Work.Progress)} with the user's reference entries and DFT runs
     * (default: a service without energy columns ignores them).
     */
    default List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Energies energies, Work.Progress p) throws Exception {
        return screen(structures, known, p);
    }

    /**
     * Reads a reference-entries CSV; a bad file or line is an {@link org.crystalgan.crystal.InputException}
     * naming both. Default: the service cannot use entries.
     */
    default List<HullEntry> readEntries(Path csv, Work.Progress p) throws Exception {
        throw new org.crystalgan.crystal.InputException("this build's screening cannot use reference entries");
    }

    /** Imports every vasprun.xml under {@code folder}. Default: the service cannot use DFT runs. */
    default List<DftImport.Result> importDft(Path folder, Work.Progress p) throws Exception {
        throw new org.crystalgan.crystal.InputException("this build's screening cannot use DFT runs");
    }
}
