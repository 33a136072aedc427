package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.validity.ValidityReport;

/** What the Generate pane needs from the gan and screening packages (a fake in the ViewModel tests). */
public interface GenerateServices {
    /** Empty when generation works in this build; otherwise why not. */
    Optional<String> unavailable();

    /** Whether a bundled (pretrained) model ships with this build. */
    boolean hasBundledModel();

    /**
     * Generates {@code count} structures of the target cell composition.
     *
     * @param checkpoint a trained checkpoint, or null for the bundled model
     */
    List<StructureEntry> generate(Composition targetCell, int count, long seed, Path checkpoint, Work.Progress p) throws Exception;

    /** Validity checks of one generated structure against its target cell composition. */
    ValidityReport validity(StructureEntry e, Composition targetCell);
}
