package org.crystalgan.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.app.common.ChartAxes;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.viewer.CellGeometryTestAccess;
import org.junit.jupiter.api.Test;

class RowFilterTest {
    private static DataRow row(String name, String sg, boolean usable) {
        return DataRow.of(new StructureEntry(name, CellGeometryTestAccess.rockSalt(), "samples", null), sg,
                new DataServices.TrainingFit(usable, usable ? "" : "binary"));
    }

    @Test
    void everyWordMustMatchSomewhereInTheRow() {
        List<DataRow> rows = List.of(row("MgO_periclase", "Fm-3m (225)", false), row("spinel_1", "Fd-3m (227)", true));
        assertEquals(2, rows.stream().filter(RowFilter.of("  ")).count());
        assertEquals(1, rows.stream().filter(RowFilter.of("fd-3m")).count());
        assertTrue(RowFilter.of("periclase no").test(rows.get(0)), "name and training verdict");
        assertFalse(RowFilter.of("periclase yes").test(rows.get(0)));
        assertEquals(2, rows.stream().filter(RowFilter.of("MgO")).count(), "the formula of both test rows is MgO");
    }

    @Test
    void countAxesStepInWholeNumbers() {
        assertEquals(1, ChartAxes.niceStep(1, 8));
        assertEquals(1, ChartAxes.niceStep(7, 8));
        assertEquals(2, ChartAxes.niceStep(9, 8));
        assertEquals(5, ChartAxes.niceStep(33, 8));
        assertEquals(20_000, ChartAxes.niceStep(109_204, 8));
        assertEquals("109,204", ChartAxes.WHOLE.toString(109_204));
        assertEquals("", ChartAxes.WHOLE.toString(0.5), "no half-structure labels");
    }
}
