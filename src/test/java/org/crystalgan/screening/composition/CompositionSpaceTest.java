package org.crystalgan.screening.composition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.TestStructures;
import org.junit.jupiter.api.Test;

class CompositionSpaceTest {
    @Test
    void paperWindowCounts() {
        List<CandidateComposition> cells = CompositionSpace.enumerate(2, 4);
        // Counted independently by a three-line loop over 1..8 Mg, 1..8 Mn, 1..12 O with
        // 2 <= (2 nO - 2 nMg)/nMn <= 4. The paper reports 133 candidate compositions; the rule as
        // stated gives 139 distinct reduced formulas (see CompositionSpace's class comment).
        assertEquals(172, cells.size());
        assertEquals(139, CompositionSpace.reduced(cells).size());
        for (CandidateComposition c : cells) {
            assertTrue(c.mnOxidationState() >= 2 && c.mnOxidationState() <= 4, c.toString());
        }
    }

    @Test
    void knownCompositionsAreInsideAndOthersOutside() {
        Set<String> reduced = CompositionSpace.reduced(CompositionSpace.enumerate(2, 4)).stream()
                .map(CompositionSpace.ReducedComposition::reducedFormula).collect(Collectors.toSet());
        assertTrue(reduced.contains("MgMn2O4"));   // spinel, Mn(III)
        assertTrue(reduced.contains("Mg2MnO4"));   // Mn(IV), the paper's new hull structure
        assertTrue(reduced.contains("MgMnO3"));    // ilmenite-like, Mn(IV)
        assertTrue(reduced.contains("Mg6MnO8"));   // Mn(IV), 6 Mg + 1 Mn + 8 O fits the representation
        assertFalse(reduced.contains("MgMnO4"));   // Mn(VI)
        assertFalse(reduced.contains("MgMnO"));    // Mn(0)
        assertFalse(reduced.contains("MgMn2O"));   // Mn(0)
    }

    @Test
    void narrowerWindowsAreSubsets() {
        assertEquals(CompositionSpace.enumerate(3, 3).stream().filter(c -> c.mnOxidationState() == 3).count(),
                CompositionSpace.enumerate(3, 3).size());
        assertTrue(CompositionSpace.enumerate(2.5, 3.5).size() < CompositionSpace.enumerate(2, 4).size());
        // full cells are multiples: Mg2Mn4O8 and MgMn2O4 both present, one reduced formula
        CompositionSpace.ReducedComposition spinel = CompositionSpace.reduced(CompositionSpace.enumerate(2, 4)).stream()
                .filter(r -> r.reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow();
        assertEquals(List.of("MgMn2O4", "Mg2Mn4O8", "Mg3Mn6O12"), spinel.cells().stream().map(CandidateComposition::formula).toList());
        assertEquals(3.0, spinel.mnOxidationState(), 1e-12);
    }

    @Test
    void windowParsing() {
        double[] w = CompositionSpace.parseWindow("2:4");
        assertEquals(2, w[0]);
        assertEquals(4, w[1]);
        assertEquals(2.5, CompositionSpace.parseWindow("2.5:3")[0]);
        assertThrows(InputException.class, () -> CompositionSpace.parseWindow("4:2"));
        assertThrows(InputException.class, () -> CompositionSpace.parseWindow("two:4"));
        assertThrows(InputException.class, () -> CompositionSpace.parseWindow("2"));
    }

    @Test
    void occurrencesCountCellAndReducedFormulas() {
        var occ = CompositionSpace.occurrences(List.of(TestStructures.pyrolusite(), TestStructures.periclase(), TestStructures.pyrolusite()));
        assertEquals(2, occ.byCellFormula().get("Mn2O4"));
        assertEquals(2, occ.reduced("MnO2"));
        assertEquals(1, occ.reduced("MgO"));
        assertEquals(0, occ.reduced("MgMn2O4"));
        assertEquals(0, occ.cell(new CandidateComposition(1, 2, 4)));
    }
}
