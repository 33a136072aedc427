package org.crystalgan.app.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningViewModelTest {
    @TempDir Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();

    private ScreeningViewModel screened(AppContext ctx) throws Exception {
        for (NamedStructure ns : org.crystalgan.workflow.StructureSources.readFolder(Path.of("samples")).structures()) {
            ctx.workspace().loaded().add(new StructureEntry(ns.name(), ns.structure(), "sample", ns.source()));
        }
        ScreeningViewModel vm = new ScreeningViewModel(ctx, new FakeScreening());
        vm.sourceProperty().set(ScreeningViewModel.Source.LOADED);
        vm.run();
        return vm;
    }

    @Test
    void screensTheChosenSetAndFiltersWithThePreset() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        ScreeningViewModel vm = screened(ctx);
        assertEquals(List.of(), dialogs.errors);
        int all = vm.rows().size();
        assertTrue(all >= 8);
        vm.applyPaperPreset();
        long passing = vm.rows().stream().filter(r -> r.value("vpa") <= 10).count();
        assertEquals(passing, vm.shownRows().size());
        assertTrue(passing > 0 && passing < all, "the preset keeps some: " + passing + " of " + all);
        vm.applyThresholdsProperty().set(false);
        assertEquals(all, vm.shownRows().size());
        vm.selectedProperty().set(vm.rows().get(0));
        assertEquals(vm.rows().get(0).entry().name(), ctx.viewer().titleProperty().get());
    }

    @Test
    void anEmptySetIsExplained() {
        ScreeningViewModel vm = new ScreeningViewModel(RecordingDialogs.context(dir, dialogs), new FakeScreening());
        vm.run();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("Generate structures"), dialogs.errors.get(0));
    }

    @Test
    void exportsCifsThatReadBackAndACsv(@TempDir Path out) throws Exception {
        ScreeningViewModel vm = screened(RecordingDialogs.context(dir, dialogs));
        List<ScreeningServices.Row> two = vm.rows().subList(0, 2);
        List<Path> cifs = ScreeningViewModel.writeExport(two, vm.columns(), out, ScreeningViewModel.ExportFormat.CIF, Work.Progress.NONE);
        assertEquals(2, cifs.size());
        for (int i = 0; i < 2; i++) {
            var back = StructureFiles.read(cifs.get(i)).get(0).structure();
            var orig = two.get(i).entry().structure();
            assertEquals(orig.composition(), back.composition());
            assertEquals(orig.volume(), back.volume(), 1e-3);
        }
        Path csv = ScreeningViewModel.writeExport(two, vm.columns(), out, ScreeningViewModel.ExportFormat.CSV, Work.Progress.NONE).get(0);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("rank,name,formula,Volume per atom (Å³),Density (g/cm³),passes", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("1,"), lines.get(1));
        List<Path> poscars = ScreeningViewModel.writeExport(two, vm.columns(), out, ScreeningViewModel.ExportFormat.POSCAR, Work.Progress.NONE);
        assertEquals("POSCAR", poscars.get(0).getFileName().toString());
        assertEquals(two.get(0).entry().structure().size(), StructureFiles.read(poscars.get(0)).get(0).structure().size());
    }
}
