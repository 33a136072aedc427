package org.crystalgan.screening.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crystalgan.crystal.InputException;

/**
 * File and folder names for exports, made from names found in inputs (file stems, CIF data names,
 * formulas): only letters, digits, '.', '-' and '_' survive, never a leading dot, at most 80
 * characters, so that no name can climb out of the export folder ("../x", "/etc/x", "C:\x") or hide.
 */
public final class ExportPaths {
    private ExportPaths() {}

    /** A safe single path component for {@code name} ("structure" when nothing usable is left). */
    public static String safeName(String name) {
        String s = name == null ? "" : name.strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            sb.append(ok ? c : '_');
        }
        String out = sb.toString();
        while (out.startsWith(".")) out = out.substring(1);
        if (out.isEmpty() || out.chars().allMatch(ch -> ch == '_')) out = "structure";
        String upper = out.toUpperCase(Locale.ROOT);
        // names Windows reserves
        if (upper.matches("(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?")) out = "_" + out;
        return out;
    }

    /** {@code root/safeName(name)}, checked to lie inside {@code root}. */
    public static Path child(Path root, String name) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(safeName(name)).normalize();
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
