package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled samples read back (from the class path, as the packaged app reads them) with the
 * expected composition and shortest distance. Expected values: pymatgen CifParser on the same files
 * (distance_matrix minimum), via /usr/bin/python3 Structure.from_file(...).distance_matrix.
 */
class SamplesTest {
    static Path sample(String name) {
        try {
            return Path.of(SamplesTest.class.getResource("/samples/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("sample " + name + " not on the class path", e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "MgO_periclase.cif,         Mg4O4,       2.1068",
        "MnO_manganosite.cif,       Mn4O4,       2.2224",
        "MnO2_pyrolusite.cif,       Mn2O4,       1.8813",
        "Mn3O4_hausmannite.cif,     Mn12O16,     1.9272",
        "Mn2O3_bixbyite.cif,        Mn32O48,     1.9896",
        "MgMn2O4_spinel.cif,        Mg4Mn8O16,   1.9375",
        "Mg6MnO8.cif,               Mg24Mn4O32,  1.9109",
        "MnO2_lambda_spinel.cif,    Mn16O32,     1.9110",
    })
    void sampleReadsWithExpectedCompositionAndDistances(String file, String cell, double shortest) throws IOException {
        List<String> warnings = new java.util.ArrayList<>();
        List<NamedStructure> l = StructureFiles.read(sample(file), warnings::add);
        assertEquals(1, l.size());
        Structure s = l.get(0).structure();
        assertEquals(Composition.parse(cell), s.composition(), file);
        assertTrue(s.isOrdered());
        assertEquals(shortest, s.minimumDistance(), 2e-4, file);
        // metal-oxygen bonds of oxides lie between 1.8 and 2.3 Å
        assertTrue(s.minimumDistance() > 1.8 && s.minimumDistance() < 2.3, file);
        assertTrue(warnings.isEmpty(), warnings.toString());
        String text = Files.readString(sample(file));
        assertTrue(text.contains("# Source: "), file + " names its literature source");
    }

    @Test
    void atLeastEightSamplesAndEveryOneIsTested() throws IOException {
        Path dir = sample("MgO_periclase.cif").getParent();
        FolderReadResult r = org.crystalgan.workflow.StructureSources.readFolder(dir);
        assertTrue(r.structures().size() >= 8, "samples: " + r.structures().size());
        assertEquals(List.of(), r.skipped());
        assertEquals(8, r.structures().size(), "a new sample needs a row in sampleReadsWithExpectedCompositionAndDistances");
    }
}
