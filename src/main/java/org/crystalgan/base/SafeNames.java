package org.crystalgan.base;

import java.util.Locale;

/**
 * File and folder names made from names found in inputs (file stems, CIF data names, formulas,
 * material ids, window titles): only letters, digits, '.', '-' and '_' survive, never a leading
 * dot, at most 80 characters, never a name Windows reserves, so that no name can climb out of the
 * folder it is written to ("../x", "/etc/x", "C:\x") or hide.
 */
public final class SafeNames {
    private SafeNames() {}

    /** The longest name this returns. */
    public static final int MAX_LENGTH = 80;

    /** A safe single path component for {@code name} ("structure" when nothing usable is left). */
    public static String of(String name) { return of(name, "structure"); }

    /** A safe single path component for {@code name}, {@code fallback} when nothing usable is left. */
    public static String of(String name, String fallback) {
        String s = name == null ? "" : name.strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            sb.append(ok ? c : '_');
        }
        String out = sb.toString();
        while (out.startsWith(".")) out = out.substring(1);
        if (out.isEmpty() || out.chars().allMatch(ch -> ch == '_')) out = fallback;
        String upper = out.toUpperCase(Locale.ROOT);
        // names Windows reserves
        if (upper.matches("(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?")) out = "_" + out;
        return out;
    }
}
