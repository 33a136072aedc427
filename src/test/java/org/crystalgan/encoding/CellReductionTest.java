package org.crystalgan.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.base.Progress;
import org.crystalgan.screening.match.PrimitiveCell;
import org.junit.jupiter.api.Test;

/** The bundled samples' large conventional cells are encoded as their primitive cells. */
class CellReductionTest {
    private static final DatasetBuilder.CellReducer PRIMITIVE = s -> PrimitiveCell.find(s, 0.25);

    private static Structure sample(String file) throws Exception {
        return StructureFiles.read(Path.of("samples", file)).get(0).structure();
    }

    private static DatasetBuilder builder(int perComposition) {
        return org.crystalgan.workflow.DatasetService.builder(new DatasetBuilder.Options(Representation.MG_MN_O, perComposition, 1, true));
    }

    @Test
    void conventionalTernaryCellsBecomeTheirPrimitiveCells() throws Exception {
        Structure spinel = sample("MgMn2O4_spinel.cif"), mg6 = sample("Mg6MnO8.cif");
        assertEquals(28, spinel.size());
        assertEquals(60, mg6.size());
        DatasetBuilder plain = builder(0);
        InputException e = assertThrows(InputException.class, () -> plain.fit(spinel));
        assertTrue(e.getMessage().contains("holds at most"), e.getMessage());

        DatasetBuilder b = plain.withCellReducer(PRIMITIVE);
        DatasetBuilder.Fitted f = b.fit(spinel);
        assertTrue(f.reduced());
        assertEquals(14, f.structure().size());
        assertEquals("Mg2Mn4O8", f.structure().composition().formula());
        DatasetBuilder.Fitted g = b.fit(mg6);
        assertEquals(15, g.structure().size());
        // same density: a smaller cell of the same crystal, not another crystal
        assertEquals(spinel.lattice().volume() / 28, f.structure().lattice().volume() / 14, 1e-6);
        assertEquals(mg6.lattice().volume() / 60, g.structure().lattice().volume() / 15, 1e-6);
    }

    @Test
    void theBundledSamplesGiveATrainableSet() throws Exception {
        List<Augmenter.Input> in = new ArrayList<>();
        for (NamedStructure ns : org.crystalgan.workflow.StructureSources.readFolder(Path.of("samples")).structures()) in.add(new Augmenter.Input(ns.name(), ns.structure()));
        DatasetBuilder b = builder(40).withCellReducer(PRIMITIVE).withEveryElementRequired();
        DatasetBuilder.Report r = b.build(new DatasetBuilder.SourceContents(in, List.of()), Progress.NONE);
        assertEquals(2, r.reduced());
        // every matrix holds Mg, Mn and O rows, which is what the training set demands of each
        Representation rep = Representation.MG_MN_O;
        for (int i = 0; i < r.dataset().count(); i++) {
            int[] c = rep.countsFromMatrix(r.dataset().matrices(), i * rep.size());
            assertTrue(c[0] >= 1 && c[1] >= 1 && c[2] >= 1, "matrix " + i + " counts " + java.util.Arrays.toString(c));
        }
        assertTrue(r.dataset().count() >= 80, "count " + r.dataset().count());
        assertTrue(r.skipped().stream().anyMatch(s -> s.reason().contains("has no Mg") && s.reason().contains("Mg, Mn and O together")),
                r.skipped().toString());
    }
}
