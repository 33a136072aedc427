package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CIF files in the dialects of pymatgen, VESTA, ICSD, COD, Materials Studio and FullProf (hand-written
 * in those programs' layouts; the two pymatgen files written by pymatgen 2022.11 CifWriter) and the
 * awkward corners of CIF 1.1. Expected compositions, site counts and volumes are what pymatgen's
 * CifParser reports for the same files, where it can read them.
 */
class CifReaderTest {
    static Path resource(String name) {
        try {
            return Path.of(CifReaderTest.class.getResource("/org/crystalgan/io/cif/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Structure only(String file, List<String> warnings) throws IOException {
        List<NamedStructure> l = new CifReader(warnings::add).read(resource(file));
        assertEquals(1, l.size(), file);
        return l.get(0).structure();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                              formula,     sites, volume Å³ (pymatgen 2022.11), a Å
        "icsd_periclase.cif,                  Mg4O4,       8,     74.6823,  4.2112",
        "cod_hausmannite.cif,                 Mn12O16,     28,    314.4077, 5.7621",
        "vesta_pyrolusite.cif,                Mn2O4,       6,     55.5783,  4.3983",
        "materials_studio_Mg6MnO8.cif,        Mg24Mn4O32,  60,    588.6912, 8.381",
        "fullprof_manganosite.cif,            Mn4O4,       8,     87.8126,  4.4448",
        "pymatgen_Mn3O4_oxi.cif,              Mn12O16,     28,    314.4077, 5.7621",
        "pymatgen_Mn3O4_symmetrized.cif,      Mn12O16,     28,    314.4077, 5.7621",
        "hm_only_periclase.cif,               Mg4O4,       8,     74.6823,  4.2112",
        "hall_only_pyrolusite.cif,            Mn2O4,       6,     55.5783,  4.3983",
        "number_only_manganosite.cif,         Mn4O4,       8,     87.8126,  4.4448",
        "hm_origin2_hausmannite.cif,          Mn12O16,     28,    314.4077, 5.7621",
    })
    void readsEveryDialect(String file, String formula, int sites, double volume, double a) throws IOException {
        List<String> warnings = new ArrayList<>();
        Structure s = only(file, warnings);
        assertEquals(Composition.parse(formula), s.composition(), file);
        assertEquals(sites, s.size(), file);
        assertEquals(volume, s.volume(), 1e-3, file);
        assertEquals(a, s.lattice().a(), 1e-9, file);
        assertTrue(s.isOrdered(), file);
        // no two atoms closer than a chemical bond allows: expansion merged every coincident image
        assertTrue(s.minimumDistance() > 1.5, file + ": shortest distance " + s.minimumDistance());
        for (Site site : s.sites()) {
            for (int i = 0; i < 3; i++) assertTrue(site.frac().get(i) >= 0 && site.frac().get(i) < 1, "wrapped into [0,1)");
        }
    }

    @Test
    void hausmanniteBondLengthsFollowFromTheExpandedCell() throws IOException {
        Structure s = only("cod_hausmannite.cif", new ArrayList<>());
        // Mn2+ tetrahedra: four O at 2.044 Å; Mn3+ octahedra: 4 x 1.929 + 2 x 2.286 Å (pymatgen on the same file)
        double shortest = s.minimumDistance();
        assertEquals(1.929, shortest, 1e-3);
        int tetrahedral = 0;
        for (double z : new double[] {0.125, 0.375, 0.625, 0.875}) tetrahedral += countSites(s, "Mn", z, 1e-4);
        assertEquals(4, tetrahedral, "the 4a orbit of origin choice 2 lies at z = 1/8, 3/8, 5/8, 7/8");
    }

    private static int countSites(Structure s, String el, double z, double tol) {
        int n = 0;
        for (Site site : s.sites()) if (site.element() == Element.of(el) && Math.abs(site.frac().z() - z) < tol) n++;
        return n;
    }

    @Test
    void fullProfGlobalBlockIsPassedOverAndTheStructureIsNamedAfterTheFile() throws IOException {
        List<NamedStructure> l = new CifReader().read(resource("fullprof_manganosite.cif"));
        assertEquals(1, l.size());
        assertEquals("fullprof_manganosite", l.get(0).name());
    }

    @Test
    void severalBlocksGiveSeveralStructuresNamedByBlock() throws IOException {
        List<NamedStructure> l = new CifReader().read(resource("multi_block.cif"));
        assertEquals(List.of("MgO", "MnO"), l.stream().map(NamedStructure::name).toList());
        assertEquals(Composition.parse("Mg4O4"), l.get(0).structure().composition());
        assertEquals(Composition.parse("Mn4O4"), l.get(1).structure().composition());
        assertEquals(4.4448, l.get(1).structure().lattice().c(), 1e-9);
    }

    @Test
    void aBlockWithACellButNoAtomsBesideCompleteOnesIsPassedOverWithAWarning() {
        String cif = "data_pattern\n_cell_length_a 4.2\n_cell_length_b 4.2\n_cell_length_c 4.2\n_pd_meas_number_of_points 3000\n"
                + "data_phase\n_cell_length_a 4.2112\n_cell_length_b 4.2112\n_cell_length_c 4.2112\n"
                + "_symmetry_space_group_name_H-M 'F m -3 m'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\nMg1 0 0 0\nO1 .5 .5 .5\n";
        List<String> warnings = new ArrayList<>();
        List<NamedStructure> l = new CifReader(warnings::add).parse(cif, null, "two");
        assertEquals(List.of("two"), l.stream().map(NamedStructure::name).toList(), "one structure: named after the file");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("data_pattern (line 1) has a cell but no atom sites")), warnings.toString());
    }

    @Test
    void partialOccupanciesAreKeptAndReported() throws IOException {
        List<String> warnings = new ArrayList<>();
        Structure s = only("partial_occupancy.cif", warnings);
        assertFalse(s.isOrdered());
        assertEquals(12, s.size(), "4 Mg(0.5) + 4 Mn(0.5) sharing positions + 4 O");
        assertEquals(Composition.parse("Mg2Mn2O4"), s.composition());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("partially occupied") && w.contains("Mg1 0.5")), warnings.toString());
    }

    @Test
    void oneElementListedTwiceOnOnePositionBecomesOneSite() throws IOException {
        List<String> warnings = new ArrayList<>();
        Structure s = only("mixed_valence.cif", warnings);
        assertTrue(s.isOrdered(), "Mn3+ 0.5 + Mn4+ 0.5 = one Mn");
        assertEquals(Composition.parse("Mn2O4"), s.composition());
        assertEquals(6, s.size());
    }

    @Test
    void noSymmetryGivenIsReadAsP1WithAWarning() {
        String cif = "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
                + "_atom_site_fract_y\n_atom_site_fract_z\nMg1 0 0 0\nO1 0.5 0.5 0.5\n";
        List<String> warnings = new ArrayList<>();
        List<NamedStructure> l = new CifReader(warnings::add).parse(cif, null, "x");
        assertEquals(2, l.get(0).structure().size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("P 1")), warnings.toString());
    }

    @Test
    void rhombohedralSymbolFollowsTheCell() {
        // corundum-type cell in rhombohedral axes: R-3c with a = b = c, α = β = γ: 2 + 2 + 6 = 10 atoms (Al2O3 type)
        String rhombo = "data_r\n_cell_length_a 5.128\n_cell_length_b 5.128\n_cell_length_c 5.128\n_cell_angle_alpha 55.28\n"
                + "_cell_angle_beta 55.28\n_cell_angle_gamma 55.28\n_symmetry_space_group_name_H-M 'R -3 c'\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + "Mn1 0.3523 0.3523 0.3523\nO1 0.5561 -0.0561 0.25\n";
        Structure s = new CifReader().parse(rhombo, null, "r").get(0).structure();
        assertEquals(Composition.parse("Mn4O6"), s.composition());
        String hex = "data_h\n_cell_length_a 4.759\n_cell_length_b 4.759\n_cell_length_c 12.99\n_cell_angle_alpha 90\n"
                + "_cell_angle_beta 90\n_cell_angle_gamma 120\n_symmetry_space_group_name_H-M 'R -3 c'\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + "Mn1 0 0 0.3523\nO1 0.3064 0 0.25\n";
        Structure h = new CifReader().parse(hex, null, "h").get(0).structure();
        assertEquals(Composition.parse("Mn12O18"), h.composition());
    }

    @Test
    void fullProfMultiplicityScaledOccupancyIsReadAsFull() {
        // FullProf's PCR "Occ" for a 4a site of Fm-3m is 4/192 = 1/48
        String cif = "data_g\n_computing_structure_refinement 'FULLPROF'\ndata_p\n_cell_length_a 4.2112\n_cell_length_b 4.2112\n"
                + "_cell_length_c 4.2112\n_symmetry_space_group_name_H-M 'F m -3 m'\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
                + "_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nMg 0 0 0 0.02083\nO 0.5 0.5 0.5 0.02083\n";
        List<String> warnings = new ArrayList<>();
        Structure s = new CifReader(warnings::add).parse(cif, null, "fp").get(0).structure();
        assertTrue(s.isOrdered());
        assertEquals(Composition.parse("Mg4O4"), s.composition());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("FullProf")));
    }

    @Test
    void numbersWithUncertaintiesAndFractions() {
        assertEquals(5.4310, CifReader.number("5.4310(2)").value(), 0);
        assertEquals(-0.25, CifReader.number("-.25").value(), 0);
        assertEquals(1.0, CifReader.number("1.").value(), 0);
        assertEquals(1.5e-3, CifReader.number("1.5E-3(1)").value(), 0);
        assertEquals(1.0 / 3, CifReader.number("1/3").value(), 0);
        assertFalse(CifReader.number("4.21x").ok());
        assertFalse(CifReader.number("?").ok());
    }
}
