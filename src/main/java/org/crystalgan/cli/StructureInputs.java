package org.crystalgan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormat;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.crystalgan.screening.match.Deduplicator.Item;

/**
 * Reads the structures a screening command is given: one file, every file of a folder, or one row
 * of a structures table ({@code structures.csv@1253}).
 */
final class StructureInputs {
    private StructureInputs() {}

    /** Every structure in a file or (non-recursively) a folder, in file-name order; unreadable files of a folder go to {@code skipped}. */
    static List<Item> read(Path path, List<String> skipped) {
        if (Files.isDirectory(path)) {
            List<Item> out = new ArrayList<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path f : files) {
                if (!DecodedStructureCsv.looksLikeTable(f)) {
                    var format = StructureFormat.of(f);
                    if (format.isEmpty() || !format.get().readable()) {
                        skipped.add(f.getFileName() + ": not a readable structure file (" + StructureFormat.supported() + ")");
                        continue;
                    }
                }
                try {
                    out.addAll(readFile(f));
                } catch (InputException e) {
                    skipped.add(e.getMessage());
                }
            }
            return out;
        }
        if (!Files.exists(path)) throw new InputException(path + ": no such file or folder");
        return readFile(path);
    }

    /** Exactly one structure: a single-structure file, or {@code table.csv@ROW}. */
    static Item readOne(String spec) {
        int at = spec.lastIndexOf('@');
        if (at > 0 && spec.substring(at + 1).matches("\\d+") && !Files.exists(Path.of(spec))) {
            Path table = Path.of(spec.substring(0, at));
            int row = Integer.parseInt(spec.substring(at + 1));
            for (Item it : readFile(table)) if (it.name().endsWith("#" + row)) return it;
            throw new InputException(table + ": no row with index " + row);
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) throw new InputException(spec + ": no such file");
        List<Item> items = readFile(p);
        if (items.size() != 1) throw new InputException(spec + ": holds " + items.size() + " structures; give a file with one (for a table, FILE@ROW)");
        return items.get(0);
    }

    private static List<Item> readFile(Path f) {
        List<Item> out = new ArrayList<>();
        if (DecodedStructureCsv.looksLikeTable(f)) {
            for (DecodedStructureCsv.Row r : DecodedStructureCsv.read(f)) out.add(new Item(r.name() + "#" + r.index(), r.structure()));
            return out;
        }
        try {
            for (NamedStructure ns : StructureFiles.read(f)) out.add(new Item(ns.name(), ns.structure()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
