package org.crystalgan.screening.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;

/**
 * Export targets inside an output folder: names made safe by {@link SafeNames}, checked to stay
 * inside the folder, and never replacing an earlier export unless asked.
 */
public final class ExportPaths {
    private ExportPaths() {}

    /** {@code root/SafeNames.of(name)}, checked to lie inside {@code root}. */
    public static Path child(Path root, String name) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(SafeNames.of(name)).normalize();
        if (!p.startsWith(base) || p.equals(base)) throw new InputException("export name '" + name + "' would leave the folder " + root);
        return p;
    }

    /**
     * Refuses to replace an existing export unless {@code overwrite}: the check every exporter makes
     * before writing.
     */
    public static void checkWritable(Path target, boolean overwrite) throws IOException {
        if (Files.exists(target) && !overwrite) {
            throw new InputException(target + " already exists; choose another output folder or pass --overwrite to replace it");
        }
    }
}
