package org.crystalgan.screening.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.screening.TestStructures;
import org.junit.jupiter.api.Test;

class ValidityCheckerTest {
    private final ValidityChecker checker = new ValidityChecker();

    @Test
    void periclaseIsValidWithMgBvsNearTwo() {
        ValidityReport r = checker.check("MgO", TestStructures.periclase());
        assertEquals("Mg4O4", r.formula());
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(2.106, r.minDistance(), 1e-3);
        assertEquals(2.0, r.oxidationStates().get("Mg"), 1e-12);
        assertEquals(-2.0, r.oxidationStates().get("O"), 1e-12);
        r.coordination().forEach(cn -> assertEquals(6, cn.oxygenNeighbours()));
        assertEquals(3.58, r.density(), 0.01);
        // six Mg-O bonds of 2.106 Å with R0 = 1.693: 6·exp(-0.413/0.37) = 1.96 v.u.
        assertEquals(0.04, r.globalInstabilityIndex(), 0.01);
        assertTrue(r.mnSites().isEmpty());
        assertTrue(r.closePairs().isEmpty());
    }

    @Test
    void pyrolusiteMnIsTetravalentByBondValence() {
        ValidityReport r = checker.check("MnO2", TestStructures.pyrolusite());
        assertEquals("Mn2O4", r.formula());
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(2, r.mnBondValenceStates().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(4, r.mnBondValenceStates().get(i));
            // β-MnO2 is known to be over-bonded with the 1991 R0 (Mn-O 1.88/1.89 Å give 4.2-4.3 v.u.)
            assertEquals(4.0, r.mnBondValenceSums().get(i), 0.35);
        }
        r.coordination().forEach(cn -> assertEquals(6, cn.oxygenNeighbours()));
        // the same over-bonding: Mn +0.29, O +0.14 v.u. give GII = 0.20
        assertEquals(0.20, r.globalInstabilityIndex(), 0.03);
    }

    @Test
    void hausmanniteSeparatesMnTwoAndMnThree() {
        ValidityReport r = checker.check("Mn3O4", TestStructures.hausmannite());
        assertEquals("Mn12O16", r.formula());
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(8.0 / 3, r.oxidationStates().get("Mn"), 1e-9);
        long two = r.mnBondValenceStates().stream().filter(s -> s == 2).count();
        long three = r.mnBondValenceStates().stream().filter(s -> s == 3).count();
        assertEquals(4, two, r.mnBondValenceStates().toString());
        assertEquals(8, three, r.mnBondValenceStates().toString());
        for (int k = 0; k < r.mnSites().size(); k++) {
            int site = r.mnSites().get(k);
            // tetrahedral Mn(II) on 4a, octahedral Mn(III) on 8d
            assertEquals(r.mnBondValenceStates().get(k) == 2 ? 4 : 6, r.coordinationOf(site));
            assertEquals(r.mnBondValenceStates().get(k), r.mnBondValenceSums().get(k), 0.25);
        }
        assertTrue(r.globalInstabilityIndex() < 0.25, "GII " + r.globalInstabilityIndex());
    }

    @Test
    void targetCompositionIsChecked() {
        ValidityChecker c = new ValidityChecker(ValidityChecker.Options.defaults().withTarget(Composition.parse("Mn2O4")));
        assertTrue(c.check("a", TestStructures.pyrolusite()).targetMatched());
        ValidityReport r = c.check("b", TestStructures.periclase());
        assertFalse(r.targetMatched());
        assertFalse(r.valid());
        assertNull(checker.check("c", TestStructures.periclase()).targetMatched());
    }

    @Test
    void squeezedCellIsInvalidAndListsClosePairs() {
        Structure mgo = TestStructures.periclase();
        Structure squeezed = mgo.withLattice(Lattice.cubic(1.6)); // Mg-O 0.8 Å
        ValidityReport r = checker.check("squeezed", squeezed);
        assertTrue(r.minDistance() >= 0.5);
        assertFalse(r.closePairs().isEmpty(), "0.8 Å is below half of r(Mg)+r(O) = 1.06 Å");
        assertTrue(r.valid(), "0.8 Å passes the 0.5 Å test even though it lists close pairs");
        ValidityReport tiny = checker.check("tiny", mgo.withLattice(Lattice.cubic(0.8)));
        assertFalse(tiny.valid());
        assertTrue(tiny.problems().stream().anyMatch(p -> p.contains("below 0.50")), tiny.problems().toString());
    }

    @Test
    void badCellsAreReportedNotThrown() {
        Element mg = Element.of("Mg"), o = Element.of("O");
        Structure single = new Structure(Lattice.cubic(3), List.of(new Site(mg, 0, 0, 0)));
        ValidityReport r1 = checker.check("single", single);
        assertFalse(r1.valid());
        assertTrue(r1.problems().contains("single atom in the cell"));
        assertEquals(3.0, r1.minDistance(), 1e-9);

        Structure disordered = new Structure(Lattice.cubic(4.2), List.of(new Site(mg, new Vec3(0, 0, 0), 0.5, "Mg1"), new Site(o, 0.5, 0.5, 0.5)));
        ValidityReport r2 = checker.check("disordered", disordered);
        assertFalse(r2.valid());
        assertTrue(r2.problems().get(0).startsWith("disordered"));

        Structure overlap = new Structure(Lattice.cubic(4.2), List.of(new Site(mg, 0, 0, 0), new Site(o, 0, 0, 0.001)));
        ValidityReport r3 = checker.check("overlap", overlap);
        assertFalse(r3.valid());
        assertTrue(r3.problems().stream().anyMatch(p -> p.contains("overlapping")), r3.problems().toString());

        ValidityReport r4 = checker.check("empty", new Structure(Lattice.cubic(3), List.of()));
        assertFalse(r4.valid());
        assertEquals(List.of("no atoms"), r4.problems());
    }

    @Test
    void unbalancedCompositionIsInvalid() {
        Element mg = Element.of("Mg"), o = Element.of("O");
        Structure mgo2 = new Structure(Lattice.cubic(4.2), List.of(new Site(mg, 0, 0, 0), new Site(o, 0.5, 0.5, 0.5), new Site(o, 0, 0.5, 0.5)));
        ValidityReport r = checker.check("MgO2", mgo2);
        assertFalse(r.chargeBalanced());
        assertFalse(r.valid());
        assertTrue(Double.isNaN(r.globalInstabilityIndex()));
    }
}
