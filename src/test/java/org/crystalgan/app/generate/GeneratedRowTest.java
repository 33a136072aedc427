package org.crystalgan.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.validity.ValidityChecker;
import org.junit.jupiter.api.Test;

/** The Generate table's verdict is chemical plausibility; the loose 0.5 Å test is a column of its own. */
class GeneratedRowTest {
    private static GeneratedRow row(Structure s) {
        return new GeneratedRow(new StructureEntry("MgO", s, "generated", null), new ValidityChecker().check("MgO", s));
    }

    @Test
    void aCellWithShortContactsPassesTheLooseTestButIsNotPlausible() {
        // CsCl-type MgO with a = 1.5 Å: Mg-O 1.30 Å, every distance above the loose 0.5 Å
        GeneratedRow r = row(new Structure(Lattice.cubic(1.5), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5))));
        assertEquals("✔", r.looseTest());
        assertTrue(r.badge().startsWith("✘ cation-O contact Mg1-O2 1.30 Å is 0.61 of the ionic-radius sum"), r.badge());
        assertTrue(r.badgeDetails().contains("bond-valence sum"), r.badgeDetails());
    }

    @Test
    void aSoundCellIsPlausibleAndSaysWhatWasChecked() {
        GeneratedRow r = row(org.crystalgan.screening.TestStructures.periclase());
        assertEquals("✔ plausible", r.badge());
        assertTrue(r.badgeDetails().startsWith("contacts ≥"), r.badgeDetails());
    }
}
