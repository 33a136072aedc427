package org.crystalgan.app.common;

import java.nio.file.Path;
import java.util.Objects;
import org.crystalgan.crystal.Structure;

/**
 * A structure as the panes list it: a name, the structure, where it came from in words ("sample",
 * "file", "Materials Project", "generated") and the file it was read from, if any.
 */
public record StructureEntry(String name, Structure structure, String source, Path file) {
    public StructureEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(source, "source");
    }

    public String formula() { return structure.composition().reducedFormula(); }
}
