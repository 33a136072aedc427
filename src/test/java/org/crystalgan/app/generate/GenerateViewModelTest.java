package org.crystalgan.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.validity.ValidityReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateViewModelTest {
    @TempDir Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();

    /** Returns copies of a sample as "generated" structures, and records the request. */
    static class FakeSampler implements GenerateServices {
        final List<String> requests = new ArrayList<>();
        private final WorkbenchGenerateServices real = new WorkbenchGenerateServices();

        @Override public boolean hasBundledModel() { return true; }
        @Override public List<StructureEntry> generate(Composition cell, int count, long seed, Path checkpoint, Work.Progress p) throws Exception {
            requests.add(cell.formula() + " x" + count + " seed " + seed + " " + checkpoint);
            var s = StructureFiles.read(Path.of("samples/MgMn2O4_spinel.cif")).get(0).structure();
            List<StructureEntry> out = new ArrayList<>();
            for (int i = 0; i < count; i++) out.add(new StructureEntry("gen-" + i, s, "generated", null));
            return out;
        }
        @Override public ValidityReport validity(StructureEntry e, Composition cell) { return real.validity(e, cell); }
    }

    @Test
    void theTriangleHoldsEveryRepresentableCompositionOnce() {
        GenerateViewModel vm = new GenerateViewModel(RecordingDialogs.context(dir, dialogs), new FakeSampler());
        // 8 x 8 x 12 = 768 cells reduce to fewer distinct points; every point is a distinct reduced formula
        assertEquals(vm.points().stream().map(TernaryPoint::reducedFormula).distinct().count(), vm.points().size());
        assertTrue(vm.points().size() > 400 && vm.points().size() < 768, "points: " + vm.points().size());
        // screening's CompositionSpace counts 139 reduced formulas with 2 <= OS(Mn) <= 4
        assertEquals(139, vm.points().stream().filter(TernaryPoint::chargeBalanced).count());
        TernaryPoint spinel = vm.points().stream().filter(p -> p.reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow();
        assertEquals(3.0, spinel.mnOxidationState(), 1e-12);
        assertEquals(4.0 / 7, spinel.xO(), 1e-12);
    }

    @Test
    void compositionsOfTheLoadedDataSetAreMarked() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        GenerateViewModel vm = new GenerateViewModel(ctx, new FakeSampler());
        var s = StructureFiles.read(Path.of("samples/MgMn2O4_spinel.cif")).get(0);
        ctx.workspace().loaded().add(new StructureEntry(s.name(), s.structure(), "sample", null));
        TernaryPoint spinel = vm.points().stream().filter(p -> p.reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow();
        assertEquals(1, spinel.inDataSet());
        assertEquals(1, vm.points().stream().filter(p -> p.inDataSet() > 0).count());
    }

    @Test
    void typedFormulasAreCheckedAgainstTheRepresentation() {
        GenerateViewModel vm = new GenerateViewModel(RecordingDialogs.context(dir, dialogs), new FakeSampler());
        assertTrue(vm.typeFormula("Mg2Mn4O8"));
        assertEquals("Mg2Mn4O8", vm.targetProperty().get().formula());
        assertFalse(vm.typeFormula("Mg9MnO10"));
        assertTrue(vm.formulaErrorProperty().get().contains("9 Mg atoms"), vm.formulaErrorProperty().get());
        assertFalse(vm.typeFormula("MgFe2O4"));
        assertTrue(vm.formulaErrorProperty().get().contains("Fe"), vm.formulaErrorProperty().get());
        assertFalse(vm.typeFormula("MnO2"));
        assertTrue(vm.formulaErrorProperty().get().contains("0 Mg atoms"), vm.formulaErrorProperty().get());
        assertEquals("Mg2Mn4O8", vm.targetProperty().get().formula(), "a rejected formula keeps the previous target");
    }

    @Test
    void generatesWithValidityAndShowsTheFirstResult() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        FakeSampler sampler = new FakeSampler();
        GenerateViewModel vm = new GenerateViewModel(ctx, sampler);
        TernaryPoint spinel = vm.points().stream().filter(p -> p.reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow();
        vm.choose(spinel);
        vm.countProperty().set(3);
        vm.seedProperty().set(42);
        vm.generate();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(List.of("MgMn2O4 x3 seed 42 null"), sampler.requests);
        assertEquals(3, vm.results().size());
        assertEquals(3, ctx.workspace().generated().size());
        // the sample cell holds Mg4Mn8O16, not the target Mg1Mn2O4 cell: the badge says so
        assertFalse(vm.results().get(0).validity().valid());
        assertEquals("gen-0", ctx.viewer().titleProperty().get());
    }

    @Test
    void withoutABundledModelOrACheckpointGenerationSaysWhatToChoose() {
        WorkbenchGenerateServices real = new WorkbenchGenerateServices();
        org.junit.jupiter.api.Assumptions.assumeFalse(real.hasBundledModel(), "this build bundles a model");
        GenerateViewModel vm = new GenerateViewModel(RecordingDialogs.context(dir, dialogs), real);
        vm.typeFormula("Mg2Mn4O8");
        vm.generate();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("no bundled model") && dialogs.errors.get(0).contains("checkpoint"), dialogs.errors.get(0));
    }

    @Test
    void theRandomBaselineNeedsNoModelAndGivesTheTargetComposition() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        GenerateViewModel vm = new GenerateViewModel(ctx, new WorkbenchGenerateServices());
        vm.typeFormula("Mg2Mn4O8");
        vm.countProperty().set(3);
        vm.methodProperty().set(org.crystalgan.workflow.GenerationService.Method.RANDOM);
        vm.checkpointProperty().set(dir.resolve("not-a-model")); // ignored by the baseline
        vm.generate();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(3, vm.results().size());
        for (GeneratedRow r : vm.results()) {
            assertTrue(r.entry().name().startsWith("MgMn2O4-random-s"), r.entry().name());
            assertEquals("Mg2Mn4O8", r.entry().structure().composition().formula().replace(" ", ""));
            assertTrue(r.entry().structure().minimumDistance() >= 1.3 - 1e-9);
        }
        assertTrue(vm.statusProperty().get().contains("random cells"), vm.statusProperty().get());
    }

    @Test
    void pickingFindsTheNearestPointOnTheCanvas() {
        GenerateViewModel vm = new GenerateViewModel(RecordingDialogs.context(dir, dialogs), new FakeSampler());
        TernaryPoint spinel = vm.points().stream().filter(p -> p.reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow();
        double[] xy = TernaryPicker.toCanvas(spinel, 500, 450);
        TernaryPoint picked = TernaryPicker.nearest(vm.points(), xy[0] + 1, xy[1] - 1, 500, 450).orElseThrow();
        assertEquals("MgMn2O4", picked.reducedFormula());
        assertTrue(TernaryPicker.nearest(vm.points(), 2, 2, 500, 450).isEmpty(), "the corner is far from every point");
    }

    @Test
    void aRunThatAcceptsNothingSaysSoPlainlyWithTheAcceptanceRate() {
        GenerateServices none = new FakeSampler() {
            @Override public Generation sample(Composition cell, int count, long seed, Path checkpoint, long maxTries, Work.Progress p) {
                return new Generation(List.of(), maxTries, maxTries, "bundled model");
            }
        };
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        GenerateViewModel vm = new GenerateViewModel(ctx, none);
        vm.typeFormula("Mg2Mn4O8");
        vm.countProperty().set(5);
        vm.generate();
        assertEquals(List.of(), dialogs.errors, "nothing accepted is a result, not an error");
        assertTrue(vm.results().isEmpty());
        // the CLI's default bound for 5 structures: max(10,000, 200 x 5)
        assertEquals(10_000, vm.lastGenerationProperty().get().maxTries());
        String s = vm.statusProperty().get();
        assertTrue(s.startsWith("Nothing was accepted") && s.contains("acceptance rate 0.00% (0 accepted of 10000 generated"), s);
    }

    @Test
    void theBundledModelRespectsTheTryBoundAndReportsItsAcceptanceRate() {
        WorkbenchGenerateServices real = new WorkbenchGenerateServices();
        org.junit.jupiter.api.Assumptions.assumeTrue(real.hasBundledModel(), "no bundled model in this build");
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        GenerateViewModel vm = new GenerateViewModel(ctx, real);
        assertTrue(vm.typeFormula("Mg2Mn4O8"));
        vm.countProperty().set(3);
        vm.maxTriesProperty().set(128);
        vm.generate();
        assertEquals(List.of(), dialogs.errors);
        GenerateServices.Generation g = vm.lastGenerationProperty().get();
        assertTrue(g.tried() > 0 && g.tried() <= 128 + 64, "tries " + g.tried() + " within the bound (one batch of slack)");
        assertTrue(g.structures().size() <= 3);
        assertEquals(g.structures().size(), vm.results().size());
        String s = vm.statusProperty().get();
        assertTrue(s.contains("acceptance rate"), s);
        if (g.structures().isEmpty()) assertTrue(s.startsWith("Nothing was accepted"), s);
        else assertTrue(s.startsWith("Generated " + g.structures().size()), s);
    }
}
