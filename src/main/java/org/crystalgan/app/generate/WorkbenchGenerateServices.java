package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;
import org.crystalgan.workflow.GenerationService;

/** The Generate pane's services: gan's sampler (bundled model, an exported model folder or a training checkpoint) and screening's validity checks. */
public final class WorkbenchGenerateServices implements GenerateServices {
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
        GenerationService.Outcome r = new GenerationService().run(request, (drawn, bound) ->
                p.update(drawn, bound, "Generating " + targetCell.formula() + ": " + drawn + " of at most " + bound + " tries"), p::isCancelled);
        if (p.isCancelled()) throw new java.util.concurrent.CancellationException();
        List<StructureEntry> out = new ArrayList<>();
        String base = targetCell.reducedFormula() + (method == GenerationService.Method.RANDOM ? "-random" : "") + "-s" + seed + "-";
        for (int i = 0; i < r.made().size(); i++) {
            out.add(new StructureEntry(base + (i + 1), r.made().get(i).structure(), "generated", null));
        }
        return new Generation(out, r.drawn(), maxTries, r.source(), r.rejectionSummary());
    }

    @Override
    public ValidityReport validity(StructureEntry e, Composition targetCell) {
        return new ValidityChecker(ValidityChecker.Options.defaults().withTarget(targetCell)).check(e.name(), e.structure());
    }
}
