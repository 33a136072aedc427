package org.crystalgan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFormat;
import org.crystalgan.screening.match.Deduplicator.Item;
import org.crystalgan.workflow.StructureSources;

/**
 * The structures a screening command is given: one file, every file of a folder, or one row of a structures table
 * ({@code structures.csv@1253}), read by {@link StructureSources}; this class keeps the lines these commands have
 * always printed for the files they skip.
 */
final class StructureInputs {
    private StructureInputs() {}

    /** Every structure in a file or (non-recursively) a folder, in file-name order; unreadable files of a folder go to {@code skipped}. */
    static List<Item> read(Path path, List<String> skipped) {
        if (Files.isDirectory(path)) {
            StructureSources.Folder f;
            try {
                f = StructureSources.readFolder(path, true, Progress.NONE);
            } catch (NoSuchFileException e) {
                throw new InputException(path + ": no such file or folder");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (StructureSources.Skipped s : f.skipped()) {
                skipped.add(s.kind() == StructureSources.Kind.UNREADABLE ? s.message()
                        : s.file().getFileName() + ": not a readable structure file (" + StructureFormat.supported() + ")");
            }
            return items(f.structures());
        }
        if (!Files.exists(path)) throw new InputException(path + ": no such file or folder");
        return items(StructureSources.readFile(path));
    }

    /** Exactly one structure: a single-structure file, or {@code table.csv@ROW}. */
    static Item readOne(String spec) {
        NamedStructure ns = StructureSources.readOne(spec);
        return new Item(ns.name(), ns.structure());
    }

    private static List<Item> items(List<NamedStructure> structures) {
        List<Item> out = new ArrayList<>(structures.size());
        for (NamedStructure ns : structures) out.add(new Item(ns.name(), ns.structure()));
        return out;
    }
}
