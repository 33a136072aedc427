package org.crystalgan.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;

/**
 * Reads and writes structure files, the format told by the file name (see {@link StructureFormat}):
 * {@code .cif}; {@code .vasp}, {@code .poscar}, {@code POSCAR*}, {@code CONTCAR*}; {@code .json}
 * (pymatgen Structure dict); {@code .xyz} (write only). Files above the size limit (100 MB, or
 * {@code -Dcrystalgan.io.maxFileMB}) are refused before they are read. Writes are atomic. Folders are read by
 * {@code workflow.StructureSources}.
 */
public final class StructureFiles {
    private StructureFiles() {}

    /** Every structure in a file. */
    public static List<NamedStructure> read(Path file) throws IOException { return read(file, w -> { }); }

    /** Every structure in a file; partial occupancies and similar notes go to {@code warnings}. */
    public static List<NamedStructure> read(Path file, Consumer<String> warnings) throws IOException {
        return read(file, warnings, null);
    }

    /**
     * Every structure in a file; {@code vasp4Species} (may be null) names the species of a VASP 4
     * POSCAR, which has no species line.
     */
    public static List<NamedStructure> read(Path file, Consumer<String> warnings, List<String> vasp4Species) throws IOException {
        StructureFormat f = formatOf(file);
        if (!f.readable()) throw new StructureFormatException(file, 0, f + " files can be written but not read; read CIF, POSCAR or JSON");
        TextFiles.checkReadable(file, TextFiles.maxBytes());
        List<NamedStructure> all = switch (f) {
            case CIF -> new CifReader(warnings).read(file);
            case POSCAR -> List.of(PoscarReader.read(file, vasp4Species));
            case PYMATGEN_JSON -> PymatgenJson.read(file);
            case XYZ -> throw new IllegalStateException("unreachable");
        };
        // every reader refuses an empty structure itself; this keeps the promise for any reader added later
        for (NamedStructure n : all) {
            if (n.structure().size() == 0) throw new StructureFormatException(file, 0, "structure " + n.name() + " holds no atoms");
            StructureLimits.check(file, n.name(), n.structure());
        }
        return all;
    }

    /** The format a file name implies. */
    public static StructureFormat formatOf(Path file) {
        return StructureFormat.of(file).orElseThrow(() -> new StructureFormatException(file, 0,
                "unknown structure format (from the file name); use " + StructureFormat.supported()));
    }

    /** Writes one structure, the format from the file name, named after the file. */
    public static void write(Path file, Structure s) throws IOException { write(file, s, null); }

    /** Writes one structure; {@code name} becomes the CIF data block or the POSCAR comment (file stem when null). */
    public static void write(Path file, Structure s, String name) throws IOException {
        StructureFormat f = formatOf(file);
        if (Files.isDirectory(file)) throw new StructureFormatException(file, 0, "is a folder; give the name of a file to write");
        // a POSCAR's comment line defaults to the formula, the other formats' names to the file name
        String n = name != null ? name : f == StructureFormat.POSCAR ? null : CifReader.stem(file);
        if (s.size() == 0) throw new StructureFormatException(file, 0, "not written: the structure holds no atoms");
        String text;
        try {
            text = format(s, f, n);
        } catch (StructureFormatException e) {
            throw e;
        } catch (InputException e) {
            // the writers say what the format cannot hold; the user also needs to know which file was not written
            throw new StructureFormatException(file, 0, "not written: " + e.getMessage(), e);
        }
        AtomicFiles.writeString(file, text);
    }

    /** The text of a structure in a format. */
    public static String format(Structure s, StructureFormat f, String name) {
        return switch (f) {
            case CIF -> CifWriter.write(s, name);
            case POSCAR -> PoscarWriter.write(s, name);
            case PYMATGEN_JSON -> PymatgenJson.write(s);
            case XYZ -> XyzWriter.write(s, name);
        };
    }
}
