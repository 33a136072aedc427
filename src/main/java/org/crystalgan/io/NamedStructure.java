package org.crystalgan.io;

import java.nio.file.Path;
import java.util.Objects;
import org.crystalgan.crystal.Structure;

/**
 * A structure read from a file with the name the file gives it (the CIF data block, the POSCAR
 * comment's file, the Materials Project id) and the file it came from ({@code null} when it came
 * from memory).
 */
public record NamedStructure(String name, Structure structure, Path source) {
    public NamedStructure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(structure, "structure");
    }
}
