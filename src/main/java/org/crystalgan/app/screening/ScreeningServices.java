package org.crystalgan.app.screening;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;

/** What the Screening pane needs from the screening package (a fake in the tests). */
public interface ScreeningServices {
    /** A numeric column of the ranked table. */
    record Column(String key, String label) {}

    /** One screened structure: its rank (1 = best), its numbers by column key, whether it passes the pipeline's filters. */
    record Row(StructureEntry entry, int rank, Map<String, Double> values, boolean passes, String note) {
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
}
