package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionTest {
    private static final Element MN = Element.of("Mn");

    @Test
    void formulasInConventionalOrder() {
        Composition c = Composition.parse("O8Mn4Mg2");
        assertEquals("Mg2Mn4O8", c.formula());
        assertEquals("MgMn2O4", c.reducedFormula());
        assertEquals("Mg2 Mn4 O8", c.spacedFormula());
        assertEquals(14, c.numAtoms(), 0);
        assertEquals(2, c.reductionFactor(), 0);
    }

    @Test
    void parsesParenthesesSpacesAndFractions() {
        assertEquals(Composition.of("Mn", 1, "O", 2, "H", 2), Composition.parse("Mn(OH)2"));
        assertEquals(Composition.of("Mg", 1, "Mn", 1, "O", 3), Composition.parse("Mg1 Mn1 O3"));
        assertEquals(0.5, Composition.parse("Mg0.5MnO2").amount("Mg"), 0);
    }

    @Test
    void badFormulasSayWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Composition.parse("MgXx2O"));
        assertTrue(e.getMessage().contains("Xx") && e.getMessage().contains("position 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Composition.parse("Mg(O"));
        assertThrows(IllegalArgumentException.class, () -> Composition.parse(""));
    }

    @Test
    void molarMassOfMgO() {
        assertEquals(24.305 + 15.9994, Composition.parse("MgO").weight(), 1e-6);
    }

    @Test
    void chargeBalanceOfManganeseOxides() {
        assertEquals(8.0 / 3, Composition.parse("Mn3O4").oxidationStateGuesses(true).get(0).mean(MN), 1e-12);
        assertEquals(3.0, Composition.parse("Mn2O3").oxidationStateGuesses(false).get(0).mean(MN), 1e-12);
        assertEquals(3.0, Composition.parse("MgMn2O4").oxidationStateGuesses(false).get(0).mean(MN), 1e-12);
        assertEquals(4.0, Composition.parse("MgMnO3").oxidationStateGuesses(true).get(0).mean(MN), 1e-12);
        assertEquals(4.0, Composition.parse("Mg6MnO8").oxidationStateGuesses(true).get(0).mean(MN), 1e-12);
        assertTrue(Composition.parse("MnO2").isChargeBalanced());
        assertFalse(Composition.parse("MgO3").isChargeBalanced());
        List<Composition.OxidationAssignment> mn3o4 = Composition.parse("Mn3O4").oxidationStateGuesses(true);
        assertTrue(mn3o4.get(0).isMixedValence());
    }
}
