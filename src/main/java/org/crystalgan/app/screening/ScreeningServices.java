package org.crystalgan.app.screening;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.screening.Candidate;

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

    Optional<String> unavailable();

    List<Column> columns();

    /** The paper's preset thresholds (empty where the pipeline has none). */
    List<Threshold> paperThresholds();

    List<Row> screen(List<StructureEntry> structures, Work.Progress p) throws Exception;

    /** Screens {@code structures}, checking novelty against {@code known} where the service can (default: ignores them). */
    default List<Row> screen(List<StructureEntry> structures, List<StructureEntry> known, Work.Progress p) throws Exception {
        return screen(structures, p);
    }
}
