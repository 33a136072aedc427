package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POSCAR and pymatgen JSON as third parties write them. Files under poscar/ and json/ were written
 * by pymatgen 2022.11 (Poscar, Structure.as_dict) from the primitive hausmannite cell (Mn6O8, V =
 * 157.2039 Å³, a = 5.7621 Å, b = 6.246537 Å, α = γ = 117.466088°); mp_api_response.json wraps two
 * such dicts in the shape of a Materials Project API response.
 */
class PoscarAndJsonTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(PoscarAndJsonTest.class.getResource("/org/crystalgan/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertPrimitiveHausmannite(Structure s) {
        assertEquals(Composition.parse("Mn6O8"), s.composition());
        assertEquals(157.203865642068, s.volume(), 1e-6);
        assertEquals(6.246537380421252, s.lattice().b(), 1e-9);
        assertEquals(117.46608766067827, s.lattice().alpha(), 1e-7);
        assertEquals(1.9292, s.minimumDistance(), 1e-4);
    }

    @Test
    void pymatgenPoscarsInEveryVariant() throws IOException {
        for (String f : List.of("POSCAR_Mn3O4_pymatgen", "CONTCAR_selective", "CONTCAR_cartesian")) {
            List<NamedStructure> l = StructureFiles.read(resource("poscar/" + f));
            assertEquals(f, l.get(0).name());
            assertPrimitiveHausmannite(l.get(0).structure());
        }
        // VASP 4: the species come from the comment line pymatgen writes ("Mn6 O8")
        assertPrimitiveHausmannite(StructureFiles.read(resource("poscar/POSCAR_vasp4")).get(0).structure());
    }

    @Test
    void vasp4WithSpeciesFromTheCaller() {
        String v4 = "no species here\n1.0\n4.2112 0 0\n0 4.2112 0\n0 0 4.2112\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n"
                + ".5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n";
        Structure s = PoscarReader.parse(v4, null, List.of("Mg", "O"));
        assertEquals(Composition.parse("Mg4O4"), s.composition());
        assertEquals(2.1056, s.minimumDistance(), 1e-4);
    }

    @Test
    void negativeScaleIsTheVolumeAndThreeScalesStretchTheAxes() {
        String body = "\n1 0 0\n0 1 0\n0 0 1\nMg O\n1 1\nCartesian\n0 0 0\n0.5 0.5 0.5\n";
        Structure v = PoscarReader.parse("vol\n-74.6823" + body, null, null);
        assertEquals(74.6823, v.volume(), 1e-9);
        assertEquals(Math.cbrt(74.6823), v.lattice().a(), 1e-12);
        // Cartesian positions are scaled like the lattice: the second atom sits at the body centre
        assertEquals(0.5, v.site(1).frac().x(), 1e-12);
        Structure t = PoscarReader.parse("three\n2 3 4" + body, null, null);
        assertEquals(2, t.lattice().a(), 1e-12);
        assertEquals(3, t.lattice().b(), 1e-12);
        assertEquals(4, t.lattice().c(), 1e-12);
        assertEquals(0.5, t.site(1).frac().z(), 1e-12);
    }

    @Test
    void potcarStyleSpeciesNamesAndTrailingLabels() {
        String p = "VASP 5.4 with POTCAR names\n1.0\n4.3983 0 0\n0 4.3983 0\n0 0 2.873\nMn_pv/1a2b3c O/9f8e\n2 4\n"
                + "Selective dynamics\nDirect\n0 0 0 T T T Mn\n.5 .5 .5 F F F Mn\n.3047 .3047 0 T T T O\n.6953 .6953 0 T T T O\n"
                + ".8047 .1953 .5 T T T O\n.1953 .8047 .5 T T T O\n";
        Structure s = PoscarReader.parse(p, null, null);
        assertEquals(Composition.parse("Mn2O4"), s.composition());
        assertEquals(1.8813, s.minimumDistance(), 1e-4);
    }

    @Test
    void poscarWriterGroupsSpeciesAndKeepsTheMatrix() throws IOException {
        Structure s = new Structure(org.crystalgan.crystal.Lattice.fromParameters(3, 4, 5, 80, 95, 110), List.of(
                new org.crystalgan.crystal.Site(Element.of("O"), 0.1, 0.2, 0.3),
                new org.crystalgan.crystal.Site(Element.of("Mn"), 0.4, 0.5, 0.6),
                new org.crystalgan.crystal.Site(Element.of("O"), 0.7, 0.8, 0.9)));
        String text = PoscarWriter.write(s, null);
        String[] lines = text.split("\n");
        assertEquals("MnO2", lines[0], "comment line: the formula");
        assertEquals(" O Mn", lines[5]);
        assertEquals(" 2 1", lines[6]);
        Structure back = PoscarReader.parse(text, null, null);
        assertEquals(new Vec3(0.7, 0.8, 0.9), back.site(1).frac());
        assertEquals(Element.of("Mn"), back.site(2).element());
    }

    @Test
    void pymatgenAsDictJson() throws IOException {
        List<NamedStructure> l = StructureFiles.read(resource("json/pymatgen_Mn3O4.json"));
        assertEquals(1, l.size());
        assertEquals("pymatgen_Mn3O4", l.get(0).name());
        Structure s = l.get(0).structure();
        assertEquals(Composition.parse("Mn12O16"), s.composition());
        assertEquals(314.4077, s.volume(), 1e-4);
        assertEquals(1.9292, s.minimumDistance(), 1e-4);
    }

    @Test
    void materialsProjectResponseGivesOneStructurePerDocumentNamedById() throws IOException {
        List<NamedStructure> l = StructureFiles.read(resource("json/mp_api_response.json"));
        assertEquals(List.of("mp-18759", "mp-1265"), l.stream().map(NamedStructure::name).toList());
        assertPrimitiveHausmannite(l.get(0).structure());
        assertEquals(Composition.parse("MgO"), l.get(1).structure().composition(), "primitive rock-salt cell");
    }

    @Test
    void jsonWithOnlyCartesianCoordinatesAndWrittenJsonShape() throws IOException {
        String json = "{\"lattice\": {\"matrix\": [[4.2112,0,0],[0,4.2112,0],[0,0,4.2112]]}, \"sites\": ["
                + "{\"species\": [{\"element\": \"Mg\", \"occu\": 1}], \"xyz\": [0,0,0]},"
                + "{\"species\": [{\"element\": \"O\", \"occu\": 1}], \"xyz\": [2.1056,2.1056,2.1056]}]}";
        Structure s = PymatgenJson.parse(json, null, "x").get(0).structure();
        assertEquals(new Vec3(0.5, 0.5, 0.5), s.site(1).frac());
        String out = PymatgenJson.write(s);
        assertTrue(out.contains("\"@class\" : \"Structure\""));
        assertTrue(out.contains("\"abc\"") && out.contains("\"xyz\"") && out.contains("\"volume\""));
        assertFalse(out.contains("NaN"));
        Path f = dir.resolve("s.json");
        Files.writeString(f, out);
        assertEquals(s.site(1).frac(), StructureFiles.read(f).get(0).structure().site(1).frac());
    }

    @Test
    void readFolderListsWhatItCouldNotRead() throws IOException {
        Files.copy(resource("json/pymatgen_Mn3O4.json"), dir.resolve("a.json"));
        Files.copy(resource("poscar/POSCAR_Mn3O4_pymatgen"), dir.resolve("POSCAR"));
        Files.writeString(dir.resolve("broken.cif"), "data_x\n_cell_length_a 4\n");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve(".hidden.cif"), "junk");
        Files.writeString(dir.resolve("out.xyz"), "1\n\nMg 0 0 0\n");
        FolderReadResult r = org.crystalgan.workflow.StructureSources.readFolder(dir);
        assertEquals(List.of("POSCAR", "a"), r.structures().stream().map(NamedStructure::name).toList());
        assertEquals(3, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().get(0).startsWith("broken.cif: "), r.skipped().toString());
        assertTrue(r.skipped().stream().anyMatch(x -> x.startsWith("notes.txt: not a structure file")));
        assertTrue(r.skipped().stream().anyMatch(x -> x.startsWith("out.xyz: ")));
    }
}
