package org.crystalgan.app.generate;

import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.screening.validity.ValidityReport;

/** One generated structure with its validity report (the table's badges). */
public record GeneratedRow(StructureEntry entry, ValidityReport validity) {
    public String name() { return entry.name(); }

    public String formula() { return entry.structure().composition().formula(); }

    /** Badge text: "✔ plausible" (contacts, bond-valence sums and GII within the training structures' bounds) or the first reason not. */
    public String badge() { return validity.plausibility().verdict(); }

    /** Every reason of the verdict, for the badge's tooltip. */
    public String badgeDetails() { return String.join("\n", validity.plausibility().reasons()); }

    /** The loose test of the generative-model literature, kept as its own column: "✔" or the first problem. */
    public String looseTest() {
        if (validity.valid()) return "✔";
        return "✘ " + (validity.problems().isEmpty() ? "fails" : validity.problems().get(0));
    }
}
