package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.gan.Sampler;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;

/** The Generate pane's services: gan's sampler (bundled model, an exported model folder or a training checkpoint) and screening's validity checks. */
public final class WorkbenchGenerateServices implements GenerateServices {
    /** Matrices sampled per generator call. */
    private static final int BATCH = 64;

    @Override
    public Optional<String> unavailable() { return Optional.empty(); }

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
        p.update(-1, -1, "Loading the model…");
        GeneratorModel m = load(model);
        Sampler sampler = new Sampler(m, BATCH);
        p.update(0, count, "Generating " + targetCell.formula() + "…");
        // the sampler polls this between batches: we use it to report tries as well as to stop on cancel
        long[] tries = {0};
        Sampler.Result r = sampler.sample(targetCell, count, seed, Math.max(1, maxTries), () -> {
            p.update(tries[0], maxTries, "Generating " + targetCell.formula() + ": " + tries[0] + " of at most " + maxTries + " tries");
            tries[0] = Math.min(maxTries, tries[0] + BATCH);
            return p.isCancelled();
        });
        if (p.isCancelled()) throw new java.util.concurrent.CancellationException();
        List<StructureEntry> out = new ArrayList<>();
        String base = targetCell.reducedFormula() + "-s" + seed + "-";
        for (int i = 0; i < r.accepted().size(); i++) {
            out.add(new StructureEntry(base + (i + 1), r.accepted().get(i).structure(), "generated", null));
        }
        String name = model == null ? "bundled model (" + m.epochsTrained() + " epochs)" : m.source();
        return new Generation(out, r.generated(), maxTries, name);
    }

    // null: the bundled model; a folder with checkpoint.json: a training run, read in place; else an exported model folder
    private static GeneratorModel load(Path model) {
        return model == null ? GeneratorModel.bundled() : GeneratorModel.load(model);
    }

    @Override
    public ValidityReport validity(StructureEntry e, Composition targetCell) {
        return new ValidityChecker(ValidityChecker.Options.defaults().withTarget(targetCell)).check(e.name(), e.structure());
    }
}
