package org.crystalgan.app.generate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.gan.GanTrainer;
import org.crystalgan.gan.GeneratorModel;
import org.crystalgan.gan.Sampler;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;

/** The Generate pane's services: gan's sampler (bundled model, an exported model folder or a training checkpoint) and screening's validity checks. */
public final class WorkbenchGenerateServices implements GenerateServices {
    /** Matrices sampled per generator call. */
    private static final int BATCH = 64;
    /** Give up after this many generated matrices per requested structure (the classifier may reject most). */
    private static final int TRIES_PER_STRUCTURE = 200;

    @Override
    public Optional<String> unavailable() { return Optional.empty(); }

    @Override
    public boolean hasBundledModel() {
        return GeneratorModel.class.getResource("/crystalgan/model/model.json") != null;
    }

    @Override
    public List<StructureEntry> generate(Composition targetCell, int count, long seed, Path model, Work.Progress p) throws Exception {
        p.update(-1, -1, "Loading the model…");
        GeneratorModel m = load(model);
        Sampler sampler = new Sampler(m, BATCH);
        p.update(0, count, "Generating " + targetCell.formula() + "…");
        Sampler.Result r = sampler.sample(targetCell, count, seed, (long) count * TRIES_PER_STRUCTURE, p::isCancelled);
        List<StructureEntry> out = new ArrayList<>();
        String base = targetCell.reducedFormula() + "-s" + seed + "-";
        for (int i = 0; i < r.accepted().size(); i++) {
            out.add(new StructureEntry(base + (i + 1), r.accepted().get(i).structure(), "generated", null));
        }
        if (out.isEmpty()) {
            throw new InputException("The model produced no structure the classifier reads as " + targetCell.formula() + " in "
                    + r.generated() + " tries; try another composition or a better-trained model");
        }
        return out;
    }

    // null: the bundled model; a folder with checkpoint.json: a training run; else an exported model folder
    private static GeneratorModel load(Path model) throws java.io.IOException {
        if (model == null) return GeneratorModel.bundled();
        if (GanTrainer.hasCheckpoint(model)) {
            Path tmp = Files.createTempDirectory("crystalgan-model");
            GeneratorModel.exportCheckpoint(model, tmp);
            return GeneratorModel.load(tmp);
        }
        return GeneratorModel.load(model);
    }

    @Override
    public ValidityReport validity(StructureEntry e, Composition targetCell) {
        return new ValidityChecker(ValidityChecker.Options.defaults().withTarget(targetCell)).check(e.name(), e.structure());
    }
}
