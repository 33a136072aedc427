package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;

/** The Generate pane's services in this build: screening's validity checks; the sampler is not here yet. */
public final class WorkbenchGenerateServices implements GenerateServices {
    static final String NO_GAN = "Generating structures needs the GAN package (sampler and bundled model), which is not part of this build yet.";

    @Override
    public Optional<String> unavailable() { return Optional.of(NO_GAN); }

    @Override
    public boolean hasBundledModel() { return false; }

    @Override
    public List<StructureEntry> generate(Composition targetCell, int count, long seed, Path checkpoint, Work.Progress p) {
        throw new UnsupportedOperationException(NO_GAN);
    }

    @Override
    public ValidityReport validity(StructureEntry e, Composition targetCell) {
        return new ValidityChecker(ValidityChecker.Options.defaults().withTarget(targetCell)).check(e.name(), e.structure());
    }
}
