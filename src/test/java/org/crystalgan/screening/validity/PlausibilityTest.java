package org.crystalgan.screening.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.screening.TestStructures;
import org.junit.jupiter.api.Test;

/** "Plausible" judges contacts against ionic radii, bond-valence sums and the GII, with a reason every time. */
class PlausibilityTest {
    private final ValidityChecker checker = new ValidityChecker();

    private static Structure squeezed(Structure s, double factor) {
        Lattice l = s.lattice();
        return s.withLattice(Lattice.fromParameters(l.a() * factor, l.b() * factor, l.c() * factor, l.alpha(), l.beta(), l.gamma()));
    }

    @Test
    void theBundledSamplesArePlausibleAndSayWhatWasChecked() throws Exception {
        for (NamedStructure ns : org.crystalgan.workflow.StructureSources.readFolder(Path.of("samples")).structures()) {
            ValidityReport r = checker.check(ns.name(), ns.structure());
            assertTrue(r.plausibility().plausible(), ns.name() + ": " + r.plausibility().reasons());
            assertEquals(1, r.plausibility().reasons().size());
            assertTrue(r.plausibility().reasons().get(0).startsWith("contacts ≥"), r.plausibility().reasons().get(0));
        }
    }

    @Test
    void aCellThatPassesTheLooseTestIsImplausibleWhenItsContactsAreTooShort() {
        // periclase squeezed to 62 %: Mg-O 1.31 Å, above the loose 0.5 Å test but 0.62 of r(Mg2+) + r(O2-)
        ValidityReport r = checker.check("squeezed MgO", squeezed(TestStructures.periclase(), 0.62));
        assertTrue(r.valid(), "the loose 0.5 Å test still passes");
        ValidityReport.Plausibility p = r.plausibility();
        assertFalse(p.plausible());
        assertEquals(0.62, p.minCationAnionRatio(), 0.01);
        assertTrue(p.reasons().stream().anyMatch(w -> w.startsWith("cation-O contact Mg") && w.contains("0.62 of the ionic-radius sum")
                && w.contains("at least 0.81")), p.reasons().toString());
        // the same squeeze over-bonds every ion: the sums and the GII fail too, each with its own reason
        assertTrue(p.reasons().stream().anyMatch(w -> w.contains("bond-valence sum") && w.contains("Mg(+2)")), p.reasons().toString());
        assertTrue(p.reasons().stream().anyMatch(w -> w.startsWith("global instability index")), p.reasons().toString());
        assertTrue(p.verdict().startsWith("✘ cation-O contact"), p.verdict());
    }

    @Test
    void overBondedManganeseIsNamedWithItsSum() {
        // β-MnO2 squeezed to 80 %: Mn-O about 1.5 Å, Mn bond-valence sums near 11 v.u.
        ValidityReport r = checker.check("squeezed MnO2", squeezed(TestStructures.pyrolusite(), 0.8));
        ValidityReport.Plausibility p = r.plausibility();
        assertFalse(p.plausible());
        assertTrue(p.maxCationBvsDeviation() > 5, "deviation " + p.maxCationBvsDeviation());
        assertTrue(p.reasons().stream().anyMatch(w -> w.matches("Mn\\d+ bond-valence sum \\d+\\.\\d\\d v\\.u\\. for Mn\\(\\+4\\).*at most 2\\.92\\)")),
                p.reasons().toString());
    }

    @Test
    void withoutChargeBalanceThereIsNoVerdictButAReason() {
        ValidityReport r = checker.check("MgO2", new Structure(Lattice.cubic(4), java.util.List.of(
                new org.crystalgan.crystal.Site(org.crystalgan.crystal.Element.of("Mg"), 0, 0, 0),
                new org.crystalgan.crystal.Site(org.crystalgan.crystal.Element.of("Mg"), .5, .5, .5),
                new org.crystalgan.crystal.Site(org.crystalgan.crystal.Element.of("Mn"), .5, 0, 0))));
        assertFalse(r.plausibility().plausible());
        assertFalse(r.plausibility().reasons().isEmpty());
    }
}
