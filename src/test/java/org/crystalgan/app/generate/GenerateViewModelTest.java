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
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Verdict;
import org.crystalgan.screening.stability.GenerativeMetrics;
import org.crystalgan.workflow.GenerationMetricsService;
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

        /** Cell i "relaxes" in 10 + i steps to a copy of itself at 0.05 × i eV/atom above the hull; the last one explodes. */
        @Override public GenerationMetricsService.Outcome judge(Composition cell, String method, List<StructureEntry> cells, Work.Progress p)
                throws Exception {
            requests.add("judge " + cells.size() + " " + method);
            List<GenerationMetricsService.Judged> out = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                var in = cells.get(i).structure();
                var copy = StructureFiles.read(Path.of("samples/MgMn2O4_spinel.cif")).get(0).structure();
                boolean last = i == cells.size() - 1;
                var r = new RelaxResult(in, copy, -5.0 * in.size(), -6.5 * in.size() - i, 10 + i, last ? Verdict.EXPLODED : Verdict.CONVERGED,
                        "", 0.05, new double[6], new double[0]);
                out.add(new GenerationMetricsService.Judged(r, last ? Double.NaN : 0.05 * i));
            }
            int n = cells.size();
            var row = new GenerativeMetrics.Row("MgMn2O4", method, n, 1, (n - 1.0) / n, (n - 1.0) / n, Math.min(2, n - 1.0) / n, 1.0 / n,
                    1.0 / n, 0, 0, 1, 11, 0.025, "m3gnet", 0, null);
            return new GenerationMetricsService.Outcome(out, row);
        }
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

    @Test
    void relaxAndJudgeFillsTheRowsTheSummaryAndTheRelaxedView() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        FakeSampler sampler = new FakeSampler();
        GenerateViewModel vm = new GenerateViewModel(ctx, sampler);
        vm.typeFormula("MgMn2O4");
        vm.countProperty().set(3);
        vm.generate();
        assertEquals("gen-0", ctx.viewer().titleProperty().get());
        assertTrue(Double.isNaN(vm.results().get(0).eAboveHull()), "nothing judged before Relax & judge");
        vm.judge();
        assertEquals(List.of(), dialogs.errors);
        assertEquals("judge 3 gan", sampler.requests.get(1));
        assertEquals(3, vm.results().size());
        GeneratedRow first = vm.results().get(0), second = vm.results().get(1), last = vm.results().get(2);
        assertEquals(0.0, first.eAboveHull(), 1e-12);
        assertEquals(0.05, second.eAboveHull(), 1e-12);
        assertEquals(-6.5 - 1.0 / second.entry().structure().size(), second.relaxedEnergyPerAtom(), 1e-12);
        assertEquals("converged", first.verdict());
        assertEquals(11.0, second.steps());
        // an exploded relaxation has a verdict and steps but no energy: the table and the phase diagram leave it blank
        assertEquals("exploded", last.verdict());
        assertTrue(Double.isNaN(last.eAboveHull()) && Double.isNaN(last.relaxedEnergyPerAtom()));
        String s = vm.statusProperty().get();
        assertTrue(s.startsWith("Relaxed and judged: of 3 cells 67% converged, 67% metastable") && s.contains("33% unique")
                && s.contains("0% S.U.N.") && s.contains("1 known structure(s) rediscovered"), s);
        assertEquals(3, vm.lastJudgementProperty().get().generated());
        // the selection follows the judged row, and the viewer shows its relaxed cell until the toggle says otherwise
        assertEquals("gen-0 (relaxed)", ctx.viewer().titleProperty().get());
        vm.showRelaxedProperty().set(false);
        assertEquals("gen-0 (as generated)", ctx.viewer().titleProperty().get());
        vm.generate();
        assertEquals(null, vm.lastJudgementProperty().get(), "a new generation forgets the old judgement");
        assertEquals("gen-0", ctx.viewer().titleProperty().get());
    }

    @Test
    void relaxAndJudgeWithoutCellsSaysSo() {
        GenerateViewModel vm = new GenerateViewModel(RecordingDialogs.context(dir, dialogs), new FakeSampler());
        vm.typeFormula("MgMn2O4");
        vm.judge();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("no generated cells"), dialogs.errors.get(0));
    }

    @Test
    void relaxAndJudgeRelaxesTwoRandomCellsWithM3GNet() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        List<Double> progress = java.util.Collections.synchronizedList(new ArrayList<>());
        WorkbenchGenerateServices real = new WorkbenchGenerateServices(new RelaxOptions(0.1, 8, true));
        GenerateServices fewSteps = new GenerateServices() {
            @Override public boolean hasBundledModel() { return real.hasBundledModel(); }
            @Override public List<StructureEntry> generate(Composition cell, int count, long seed, Path cp, Work.Progress p) throws Exception {
                return real.generate(cell, count, seed, cp, p);
            }
            @Override public Generation sample(Composition cell, int count, long seed, Path cp, long maxTries,
                                               org.crystalgan.workflow.GenerationService.Method method, Work.Progress p) throws Exception {
                return real.sample(cell, count, seed, cp, maxTries, method, p);
            }
            @Override public ValidityReport validity(StructureEntry e, Composition cell) { return real.validity(e, cell); }
            @Override public GenerationMetricsService.Outcome judge(Composition cell, String method, List<StructureEntry> cells, Work.Progress p)
                    throws Exception {
                return real.judge(cell, method, cells, new Work.Progress() {
                    @Override public void update(double done, double total, String message) { if (total > 0) progress.add(done); }
                    @Override public boolean isCancelled() { return p.isCancelled(); }
                });
            }
        };
        GenerateViewModel vm = new GenerateViewModel(ctx, fewSteps);
        vm.typeFormula("MgMnO3");
        vm.countProperty().set(2);
        vm.methodProperty().set(org.crystalgan.workflow.GenerationService.Method.RANDOM);
        vm.generate();
        assertEquals(2, vm.results().size());
        vm.judge();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(List.of(0.0, 1.0, 2.0), progress.stream().sorted().toList(), "progress counts finished relaxations");
        GenerativeMetrics.Row row = vm.lastJudgementProperty().get();
        assertEquals("random", row.method());
        assertEquals(2, row.generated());
        assertEquals(1.0, row.exactComposition(), 1e-12, "the random baseline gives the target cell");
        for (GeneratedRow r : vm.results()) {
            assertTrue(r.steps() >= 1 && r.steps() <= 8, r.name() + " steps " + r.steps());
            assertTrue(List.of("converged", "step_limit", "exploded").contains(r.verdict()), r.verdict());
            if (!r.verdict().equals("exploded")) {
                // random cells after 8 steps lie above the hull, and not absurdly far (the potential's energies are per atom)
                assertTrue(r.eAboveHull() > -0.05 && r.eAboveHull() < 20, r.name() + " E_hull " + r.eAboveHull());
                assertTrue(r.relaxedEnergyPerAtom() < 0, r.name() + " E " + r.relaxedEnergyPerAtom());
                assertTrue(r.relaxed() != null);
            }
        }
        assertTrue(vm.statusProperty().get().startsWith("Relaxed and judged: of 2 cells"), vm.statusProperty().get());
        assertTrue(ctx.viewer().titleProperty().get().endsWith("(relaxed)") || vm.results().get(0).relaxed() == null,
                ctx.viewer().titleProperty().get());
    }

    @Test
    void thePhaseDiagramColoursJudgedCellsByTheirEnergyAboveHull() {
        AppContext ctx = RecordingDialogs.context(dir, dialogs);
        GenerateViewModel vm = new GenerateViewModel(ctx, new FakeSampler());
        vm.typeFormula("MgMn2O4");
        vm.countProperty().set(3);
        vm.generate();
        var hull = org.crystalgan.screening.stability.ReferencePhases.bundledM3GNetHull();
        var before = new org.crystalgan.app.viewer.PhaseDiagramPicture(hull, GenerateController.phaseDiagramInputs(hull, vm.results()));
        assertTrue(before.candidates().stream().allMatch(c -> Double.isNaN(c.eAboveHull())), "hollow before judging");
        vm.judge();
        var after = new org.crystalgan.app.viewer.PhaseDiagramPicture(hull, GenerateController.phaseDiagramInputs(hull, vm.results()));
        List<Double> e = after.candidates().stream().map(org.crystalgan.app.viewer.PhaseDiagramPicture.Candidate::eAboveHull).toList();
        assertEquals(3, e.size());
        assertEquals(0.0, e.get(0), 1e-9);
        assertEquals(0.05, e.get(1), 1e-9);
        assertTrue(Double.isNaN(e.get(2)), "the exploded cell stays hollow");
    }
}
