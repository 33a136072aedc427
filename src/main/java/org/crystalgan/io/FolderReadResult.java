package org.crystalgan.io;

import java.util.List;

/**
 * What reading a folder gave: the structures, the files that could not be read (one line each:
 * "name: problem"), and warnings about files that were read (partial occupancies and the like).
 */
public record FolderReadResult(List<NamedStructure> structures, List<String> skipped, List<String> warnings) {
    public FolderReadResult {
        structures = List.copyOf(structures);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    public FolderReadResult(List<NamedStructure> structures, List<String> skipped) { this(structures, skipped, List.of()); }
}
