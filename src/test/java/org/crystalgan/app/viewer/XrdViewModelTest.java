package org.crystalgan.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XrdViewModelTest {
    @TempDir
    Path dir;

    static Structure periclase() throws Exception {
        return StructureFiles.read(Path.of("samples", "MgO_periclase.cif")).get(0).structure();
    }

    @Test
    void computesPublishesAndExportsBothTables() throws Exception {
        XrdViewModel vm = new XrdViewModel();
        XrdViewModel.Result r = XrdViewModel.compute(periclase(), "CuKa", 0.1);
        vm.accept(r);
        assertEquals(5, r.peaks().size());
        assertTrue(vm.statusProperty().get().startsWith("5 lines, λ = 1.54184 Å, FWHM 0.10°; strongest 200 ×6 at 42.93°"), vm.statusProperty().get());
        Path peaks = dir.resolve("MgO_xrd.csv");
        Path profile = vm.exportCsv(peaks);
        assertEquals(dir.resolve("MgO_xrd_profile.csv"), profile);
        assertEquals(6, Files.readAllLines(peaks).size());
        List<String> prof = Files.readAllLines(profile);
        assertEquals(4502, prof.size());
        // the profile's maximum sits on the 200 line
        double best = -1, at = -1;
        for (String row : prof.subList(1, prof.size())) {
            String[] p = row.split(",");
            if (Double.parseDouble(p[1]) > best) { best = Double.parseDouble(p[1]); at = Double.parseDouble(p[0]); }
        }
        assertEquals(42.93, at, 0.011);
    }

    @Test
    void wavelengthAndWidthChangeThePattern() throws Exception {
        XrdViewModel.Result mo = XrdViewModel.compute(periclase(), "0.71073", 0.3);
        assertEquals(0.71073, mo.wavelength(), 0);
        assertTrue(mo.peaks().size() > 5, "shorter wavelength reaches more lines within 90°");
        assertThrows(InputException.class, () -> XrdViewModel.compute(periclase(), "green", 0.1));
    }

    @Test
    void noStructureNoExportAndMeasuredPatternsLoad() throws Exception {
        XrdViewModel vm = new XrdViewModel();
        vm.accept(null);
        assertEquals("No structure selected.", vm.statusProperty().get());
        assertThrows(java.io.IOException.class, () -> vm.exportCsv(dir.resolve("x.csv")));
        Path xy = dir.resolve("scan.xy");
        Files.writeString(xy, "10 1\n42.9 50\n60 2\n");
        vm.loadExperimental(xy);
        assertEquals(100, vm.experimentalProperty().get().intensity()[1], 1e-12);
        vm.fail("bad");
        assertNull(vm.resultProperty().get());
    }

    @Test
    void decimationKeepsEveryPeak() {
        int n = 100_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = i * 0.001; y[i] = i == 71_234 ? 100 : 1; }
        double[][] d = XrdPanel.decimate(x, y, XrdPanel.MAX_DRAWN);
        assertTrue(d[0].length <= XrdPanel.MAX_DRAWN);
        double max = 0;
        for (double v : d[1]) max = Math.max(max, v);
        assertEquals(100, max, 0);
    }
}
