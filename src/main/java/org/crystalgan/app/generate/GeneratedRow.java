package org.crystalgan.app.generate;

import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.validity.ValidityReport;
import org.crystalgan.workflow.GenerationMetricsService;

/**
 * One generated structure with its validity report (the table's badges) and, once "Relax &amp; judge" ran, its
 * relaxation and energy above the M3GNet hull ({@code judged} null before).
 */
public record GeneratedRow(StructureEntry entry, ValidityReport validity, GenerationMetricsService.Judged judged) {
    public GeneratedRow(StructureEntry entry, ValidityReport validity) {
        this(entry, validity, null);
    }

    public GeneratedRow withJudged(GenerationMetricsService.Judged j) { return new GeneratedRow(entry, validity, j); }

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

    /** Energy of the relaxed cell, eV/atom (NaN before judging or without a usable relaxation). */
    public double relaxedEnergyPerAtom() {
        return judged == null || !judged.judged() ? Double.NaN : judged.relaxation().finalEnergyPerAtom();
    }

    /** Energy above the M3GNet hull, eV/atom (NaN before judging or without a usable relaxation). */
    public double eAboveHull() { return judged == null ? Double.NaN : judged.eAboveHull(); }

    /** How the relaxation ended ("converged", "step_limit", ...), empty before judging. */
    public String verdict() { return judged == null ? "" : judged.relaxation().verdict().label(); }

    /** FIRE steps taken (NaN before judging, so the table shows a dash). */
    public double steps() { return judged == null ? Double.NaN : judged.relaxation().steps(); }

    /** The relaxed cell, or null before judging or when the relaxation never started. */
    public Structure relaxed() {
        if (judged == null) return null;
        Structure s = judged.relaxation().relaxed();
        return s == judged.relaxation().input() ? null : s;
    }
}
