package org.crystalgan.app.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.screening.CandidateColumn;
import org.crystalgan.screening.ScreeningPipeline;
import org.crystalgan.screening.Thresholds;
import org.crystalgan.screening.export.CandidateExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Screening pane's ViewModel over the real ScreeningPipeline, on the bundled samples (screened once for the class). */
class RealScreeningViewModelTest {
    @TempDir static Path dir;
    static final RecordingDialogs dialogs = new RecordingDialogs();
    static AppContext ctx;
    static ScreeningViewModel vm;

    @BeforeAll
    static void screenTheSamples() throws Exception {
        ctx = RecordingDialogs.context(dir.resolve("config"), dialogs);
        for (NamedStructure ns : org.crystalgan.workflow.StructureSources.readFolder(Path.of("samples")).structures()) {
            ctx.workspace().loaded().add(new StructureEntry(ns.name(), ns.structure(), "sample", ns.source()));
        }
        vm = new ScreeningViewModel(ctx, new WorkbenchScreeningServices());
        vm.sourceProperty().set(ScreeningViewModel.Source.LOADED);
        // the classical force field, as before the potential (RelaxingScreeningViewModelTest covers M3GNet)
        vm.relaxWithProperty().set("classical");
        vm.run();
    }

    @Test
    void everySampleAppearsRankedInThePipelinesOrder() {
        assertEquals(List.of(), dialogs.errors);
        assertEquals(ctx.workspace().loaded().size(), vm.rows().size());
        for (int i = 0; i < vm.rows().size(); i++) {
            ScreeningServices.Row r = vm.rows().get(i);
            assertEquals(i + 1, r.rank());
            assertNotNull(r.candidate(), r.entry().name());
            assertEquals(r.entry().name(), r.candidate().name());
        }
        // the pipeline's own rank order (verdict, then energy above hull, then name) is the table's order
        List<String> expected = ScreeningPipeline.rank(vm.rows().stream().map(ScreeningServices.Row::candidate).toList(),
                CandidateColumn.E_ABOVE_HULL, true).stream().map(c -> c.name()).toList();
        assertEquals(expected, vm.rows().stream().map(r -> r.entry().name()).toList());
        assertTrue(vm.statusProperty().get().startsWith("Screened " + vm.rows().size()), vm.statusProperty().get());
    }

    @Test
    void computedValuesAreShownAndMissingOnesAreBlankNotZero() {
        ScreeningServices.Row spinel = vm.rows().stream().filter(r -> r.entry().name().contains("MgMn2O4")).findFirst().orElseThrow();
        assertTrue(spinel.candidate().valid(), spinel.note());
        // MgMn2O4 spinel samples are tetragonal I4_1/amd (141) or cubic Fd-3m (227)
        double sg = spinel.value(CandidateColumn.SPACE_GROUP.key());
        assertTrue(sg == 141 || sg == 227, "space group " + sg);
        assertFalse(Double.isNaN(spinel.value(CandidateColumn.FF_ENERGY.key())), "force-field energy of a valid cell");
        // no reference entries or DFT runs in the workbench: hull, Pourbaix and gap are absent (NaN), never 0
        for (ScreeningServices.Row r : vm.rows()) {
            assertTrue(Double.isNaN(r.value(CandidateColumn.E_ABOVE_HULL.key())), r.entry().name());
            assertTrue(Double.isNaN(r.value(CandidateColumn.BAND_GAP.key())), r.entry().name());
            assertFalse(r.passes(), "nothing can pass without energies: " + r.entry().name());
        }
        assertEquals(vm.columns().size(), CandidateColumn.values().length - 2, "every numeric CandidateColumn");
    }

    @Test
    void thePaperPresetComesFromThresholdsPaper() {
        List<ScreeningServices.Threshold> t = new WorkbenchScreeningServices().paperThresholds();
        Thresholds p = Thresholds.paper();
        assertEquals(List.of(new ScreeningServices.Threshold(CandidateColumn.E_ABOVE_HULL.key(), Double.NaN, p.maxEAboveHull().getAsDouble()),
                new ScreeningServices.Threshold(CandidateColumn.POURBAIX.key(), Double.NaN, p.maxPourbaix().getAsDouble()),
                new ScreeningServices.Threshold(CandidateColumn.BAND_GAP.key(), p.minGap().getAsDouble(), p.maxGap().getAsDouble())), t);
    }

    @Test
    void exportsSelectedRowsThroughCandidateExporterAndAsksBeforeReplacing() throws Exception {
        Path out = dir.resolve("export");
        List<ScreeningServices.Row> two = List.of(vm.rows().get(1), vm.rows().get(0));
        vm.export(two, out, ScreeningViewModel.ExportFormat.CIF);
        assertEquals(List.of(), dialogs.errors);
        List<String> csv = Files.readAllLines(out.resolve("ranked.csv"));
        assertEquals(CandidateExporter.HEADER, csv.get(0));
        assertEquals(3, csv.size());
        // exported in rank order whatever the selection order
        assertTrue(csv.get(1).startsWith("1," + vm.rows().get(0).entry().name() + ","), csv.get(1));
        long cifs;
        try (var s = Files.walk(out.resolve("candidates"))) { cifs = s.filter(f -> f.toString().endsWith("_P1.cif")).count(); }
        assertTrue(cifs >= 1, "CIF folders for valid candidates");

        // a second export into the same folder asks; "no" leaves the files alone
        long before = Files.getLastModifiedTime(out.resolve("ranked.csv")).toMillis();
        dialogs.answerYes = false;
        vm.export(List.of(vm.rows().get(2)), out, ScreeningViewModel.ExportFormat.CSV);
        assertEquals(1, dialogs.questions.size());
        assertEquals(3, Files.readAllLines(out.resolve("ranked.csv")).size());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("ranked.csv")).toMillis());
        dialogs.answerYes = true;
        vm.export(List.of(vm.rows().get(2)), out, ScreeningViewModel.ExportFormat.CSV);
        assertEquals(2, dialogs.questions.size());
        assertEquals(2, Files.readAllLines(out.resolve("ranked.csv")).size());
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void valuesAreShownByTheirKindAndNothingIsCalledRankedWithoutEnergies() {
        ScreeningServices.Row spinel = vm.rows().stream().filter(r -> r.entry().name().contains("MgMn2O4")).findFirst().orElseThrow();
        String sg = ScreeningViewModel.format(CandidateColumn.SPACE_GROUP.key(), spinel.value(CandidateColumn.SPACE_GROUP.key()));
        assertTrue(sg.equals("I4_1/amd (141)") || sg.equals("Fd-3m (227)"), sg);
        assertEquals("Cm (8)", ScreeningViewModel.spaceGroupText(8));
        assertEquals("-2.346", ScreeningViewModel.format(CandidateColumn.E_ABOVE_HULL.key(), -2.34567));
        assertEquals("1.90", ScreeningViewModel.format(CandidateColumn.BAND_GAP.key(), 1.9));
        assertEquals("—", ScreeningViewModel.format(CandidateColumn.FF_ENERGY.key(), Double.NaN));
        // no energies above hull here: no rank is claimed, and the status says so
        assertTrue(vm.rows().stream().allMatch(r -> ScreeningViewModel.rankText(r).equals("—")));
        assertTrue(vm.statusProperty().get().contains("Nothing is ranked yet"), vm.statusProperty().get());
    }

    @Test
    void aDuplicateIsNamedInItsColumnAndItsExportSaysWhyItHasNoFolder() {
        org.crystalgan.screening.Candidate any = vm.rows().get(0).candidate();
        assertEquals(any.duplicateOf() == null ? "" : any.duplicateOf(), ScreeningViewModel.duplicateOf(vm.rows().get(0)));
        // the same structure twice under two names: the pipeline keeps the first and marks the second
        StructureEntry first = ctx.workspace().loaded().get(0);
        ScreeningServices services = new WorkbenchScreeningServices();
        List<ScreeningServices.Row> rows;
        try {
            rows = services.screen(List.of(first, new StructureEntry(first.name() + "-again", first.structure(), "sample", null)), List.of(),
                    ScreeningServices.Energies.NONE, org.crystalgan.app.common.Work.Progress.NONE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ScreeningServices.Row dup = rows.stream().filter(r -> !ScreeningViewModel.duplicateOf(r).isEmpty()).findFirst().orElseThrow();
        String why = ScreeningViewModel.notExported(rows, ScreeningViewModel.ExportFormat.CIF);
        assertTrue(why.contains("1 row(s) are only in ranked.csv") && why.contains(dup.entry().name() + " is a duplicate of "), why);
        assertEquals("", ScreeningViewModel.notExported(rows, ScreeningViewModel.ExportFormat.CSV));
    }
}
