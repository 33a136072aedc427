package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class SymmetrizedCifWriterTest {
    private static Structure readBack(String text) {
        List<NamedStructure> r = new CifReader().parse(text, Path.of("test.cif"), "test");
        assertEquals(1, r.size());
        return r.get(0).structure();
    }

    @Test
    void rutileAsymmetricUnitExpandsToTheFullCell() {
        Lattice l = Lattice.fromParameters(4.398, 4.398, 2.873, 90, 90, 90);
        SpaceGroups.Setting st = SpaceGroups.byNumber(136);
        List<Site> asym = List.of(new Site(Element.of("Mn"), 0, 0, 0), new Site(Element.of("O"), 0.3046, 0.3046, 0));
        String cif = SymmetrizedCifWriter.write(l, st, asym, "MnO2 rutile");
        assertTrue(cif.contains("data_MnO2_rutile\n"), cif);
        assertTrue(cif.contains("_symmetry_space_group_name_H-M   'P 42/m n m'") || cif.contains("_symmetry_space_group_name_H-M   '" + st.hmSpaced() + "'"));
        assertTrue(cif.contains("_symmetry_Int_Tables_number   136\n"));
        assertEquals(16, cif.lines().filter(x -> x.matches("  \\d+  '.*'")).count(), "16 operations in the symop loop");
        assertTrue(cif.contains("  Mn  Mn  2  "), cif);
        assertTrue(cif.contains("  O  O  4  "), cif);
        assertTrue(cif.contains("_chemical_formula_sum   'Mn2 O4'"), cif);
        Structure s = readBack(cif);
        assertEquals(6, s.size());
        assertTrue(s.composition().almostEquals(Composition.parse("Mn2O4"), 1e-6));
        assertEquals(4.398, s.lattice().a(), 1e-8);
    }

    @Test
    void centredHexagonalSettingWithQuotesInTheHallSymbol() {
        // corundum-type Mn2O3 in R-3c (hexagonal axes): Hall symbol -R 3 2"c carries a double quote
        SpaceGroups.Setting st = SpaceGroups.byNumber(167);
        assertTrue(st.hallSymbol().contains("\""));
        Lattice l = Lattice.fromParameters(4.76, 4.76, 12.99, 90, 90, 120);
        List<Site> asym = List.of(new Site(Element.of("Mn"), 0, 0, 0.3522), new Site(Element.of("O"), 0.3064, 0, 0.25));
        String cif = SymmetrizedCifWriter.write(l, st, asym, null);
        assertTrue(cif.contains("data_MnO\n") || cif.contains("data_Mn2O3\n"), cif);
        assertTrue(cif.contains("  Mn  Mn  12  "), cif);
        assertTrue(cif.contains("  O  O  18  "), cif);
        Structure s = readBack(cif);
        assertEquals(30, s.size());
        assertTrue(s.composition().almostEquals(Composition.parse("Mn12O18"), 1e-6));
    }

    @Test
    void theSpaceGroupNameIsTheFormPymatgenAndVestaRead() {
        // spglib's table has "C m = C 1 m 1"; the standard setting is written "C m", another setting by its full symbol
        assertEquals("C m", SymmetrizedCifWriter.hermannMauguin(SpaceGroups.byNumber(8)));
        assertEquals("A 1 m 1", SymmetrizedCifWriter.hermannMauguin(SpaceGroups.byHallNumber(31)));
        assertEquals("F d -3 m", SymmetrizedCifWriter.hermannMauguin(SpaceGroups.byNumber(227)));
        for (SpaceGroups.Setting st : SpaceGroups.all()) assertFalse(SymmetrizedCifWriter.hermannMauguin(st).contains("="), st.hmSpaced());
        String cif = SymmetrizedCifWriter.write(Lattice.fromParameters(5, 3, 4, 90, 100, 90), SpaceGroups.byNumber(8),
                List.of(new Site(Element.of("Mg"), 0, 0, 0)), "x");
        assertTrue(cif.contains("_symmetry_space_group_name_H-M   'C m'\n"), cif);
    }
}
