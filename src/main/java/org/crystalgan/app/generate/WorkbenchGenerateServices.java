package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.relax.BatchRelaxer;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.workflow.GenerationMetricsService;
import org.crystalgan.workflow.GenerationService;

/** The Generate pane's services: gan's sampler (bundled model, an exported model folder or a training checkpoint) and screening's validity checks. */
public final class WorkbenchGenerateServices implements GenerateServices {
    /** Step limit of the pane's relaxations: model-report's default, enough for most 5-20-atom cells to converge at 0.1 eV/Å. */
    static final int STEPS = 300;

    private final RelaxOptions relax;

    public WorkbenchGenerateServices() {
        this(new RelaxOptions(RelaxOptions.DEFAULT_FMAX, STEPS, true));
    }

    /** @param relax how "Relax &amp; judge" relaxes (tests take few steps) */
    public WorkbenchGenerateServices(RelaxOptions relax) {
        this.relax = relax;
    }

    @Override
    public boolean hasBundledModel() {
        return GeneratorModel.class.getResource("/crystalgan/model/model.json") != null;
    }

    @Override
    public List<StructureEntry> generate(Composition targetCell, int count, long seed, Path model, Work.Progress p) throws Exception {
        return sample(targetCell, count, seed, model, GenerateServices.defaultMaxTries(count), p).structures();
    }

    @Override
    public Generation sample(Composition targetCell, int count, long seed, Path model, long maxTries, Work.Progress p) throws Exception {
        return sample(targetCell, count, seed, model, maxTries, GenerationService.Method.GAN, p);
    }

    @Override
    public Generation sample(Composition targetCell, int count, long seed, Path model, long maxTries, GenerationService.Method method,
                             Work.Progress p) throws Exception {
        p.update(-1, -1, method == GenerationService.Method.GAN ? "Loading the model…" : "Drawing random cells…");
        var request = new GenerationService.Request(targetCell, count, seed, method,
                method == GenerationService.Method.GAN ? model : null, false, PlausibilityGate.Options.defaults(), Math.max(1, maxTries));
        // the service reports between batches: tries for the progress bar, and the moment to stop on cancel
        GenerationService.Outcome r = new GenerationService().run(request, progress(p));
        if (p.isCancelled()) throw new java.util.concurrent.CancellationException();
        List<StructureEntry> out = new ArrayList<>();
        String base = targetCell.reducedFormula() + (method == GenerationService.Method.RANDOM ? "-random" : "") + "-s" + seed + "-";
        for (int i = 0; i < r.made().size(); i++) {
            out.add(new StructureEntry(base + (i + 1), r.made().get(i).structure(), "generated", null));
        }
        return new Generation(out, r.drawn(), maxTries, r.source(), r.rejectionSummary());
    }

    @Override
    public GenerationMetricsService.Outcome judge(Composition targetCell, String method, List<StructureEntry> cells, Work.Progress p)
            throws Exception {
        p.update(-1, -1, "Loading M3GNet and the reference hull…");
        GenerationMetricsService service = GenerationMetricsService.bundledM3GNet(relax);
        int total = cells.size();
        p.update(0, total, "Relaxing " + total + " cells with M3GNet on " + service.workers() + " workers…");
        List<Structure> structures = cells.stream().map(StructureEntry::structure).toList();
        // the gate of the sampler keeps only exact-composition cells, but a user may judge what a fake or older run gave
        List<Boolean> exact = structures.stream().map(s -> s.composition().almostEquals(targetCell, 1e-9)).toList();
        return service.judge(targetCell.formula().replace(" ", ""), method, structures, exact,
                GenerationMetricsService.knownStructures(List.of()), null, new BatchRelaxer.Listener() {
                    @Override
                    public void finished(int index, RelaxResult result, int done, int all) {
                        p.update(done, all, "Relaxed " + done + " of " + all + " cells (" + result.verdict().label() + ", "
                                + result.steps() + " steps)");
                    }
                }, progress(p));
    }

    private static Progress progress(Work.Progress p) {
        return new Progress() {
            @Override public void update(long done, long total, String message) { p.update(done, total, message); }
            @Override public boolean isCancelled() { return p.isCancelled(); }
        };
    }

    @Override
    public ValidityReport validity(StructureEntry e, Composition targetCell) {
        return new ValidityChecker(ValidityChecker.Options.defaults().withTarget(targetCell)).check(e.name(), e.structure());
    }
}
