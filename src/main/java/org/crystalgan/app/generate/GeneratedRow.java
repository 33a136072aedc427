package org.crystalgan.app.generate;

import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.screening.validity.ValidityReport;

/** One generated structure with its validity report (the table's badges). */
public record GeneratedRow(StructureEntry entry, ValidityReport validity) {
    public String name() { return entry.name(); }

    public String formula() { return entry.structure().composition().formula(); }

    /** Badge text: "valid", or the first problem. */
    public String badge() {
        if (validity.valid()) return "✔ valid";
        return "✘ " + (validity.problems().isEmpty() ? "invalid" : validity.problems().get(0));
    }
}
