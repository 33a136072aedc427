package org.crystalgan.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The structure file formats, told apart by file name. */
public enum StructureFormat {
    /** CIF 1.1 ({@code .cif}): read and write. */
    CIF(true),
    /** VASP POSCAR / CONTCAR ({@code .vasp}, {@code .poscar}, names starting POSCAR or CONTCAR): read and write. */
    POSCAR(true),
    /** pymatgen {@code Structure.as_dict()} JSON as the Materials Project serves it ({@code .json}): read and write. */
    PYMATGEN_JSON(true),
    /** Extended XYZ with the cell ({@code .xyz}): write only. */
    XYZ(false);

    private final boolean readable;

    StructureFormat(boolean readable) { this.readable = readable; }

    public boolean readable() { return readable; }

    /** The format a file name implies, if any. */
    public static Optional<StructureFormat> of(Path file) {
        Path name = file.getFileName();
        if (name == null) return Optional.empty();
        String n = name.toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".cif")) return Optional.of(CIF);
        if (lower.endsWith(".json")) return Optional.of(PYMATGEN_JSON);
        if (lower.endsWith(".xyz") || lower.endsWith(".extxyz")) return Optional.of(XYZ);
        if (lower.endsWith(".vasp") || lower.endsWith(".poscar")) return Optional.of(POSCAR);
        String upper = n.toUpperCase(Locale.ROOT);
        if (upper.startsWith("POSCAR") || upper.startsWith("CONTCAR")) return Optional.of(POSCAR);
        return Optional.empty();
    }

    /** The file names this program understands, for messages. */
    public static String supported() {
        return ".cif, .vasp / POSCAR / CONTCAR, .json (pymatgen Structure), .xyz (write only)";
    }
}
