package org.crystalgan.screening.hull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;

/**
 * Reads hull entries from CSV. The header names the columns (any order, case-insensitive):
 * {@code formula} (required), and either {@code energy_per_atom_eV} or a total energy
 * {@code energy_eV} / {@code total_energy_eV} for the formula as written; an optional
 * {@code name} or {@code id} column names the entry (the formula otherwise). Blank lines and lines
 * starting with {@code #} are skipped.
 */
public final class EntryCsv {
    private EntryCsv() {}

    public static List<HullEntry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return parse(lines, file.toString());
    }

    /** Parses CSV lines; {@code source} names the file in error messages. */
    public static List<HullEntry> parse(List<String> lines, String source) {
        int lineNo = 0;
        String[] header = null;
        int headerLine = 0;
        for (; lineNo < lines.size(); lineNo++) {
            String l = strip(lines.get(lineNo));
            if (l.isEmpty() || l.startsWith("#")) continue;
            header = split(l);
            headerLine = lineNo + 1;
            lineNo++;
            break;
        }
        if (header == null) throw new InputException(source + ": empty file; expected a header 'formula,energy_per_atom_eV'");
        int fCol = find(header, "formula");
        int ePa = find(header, "energy_per_atom_ev");
        int eTot = find(header, "energy_ev");
        if (eTot < 0) eTot = find(header, "total_energy_ev");
        int nameCol = find(header, "name");
        if (nameCol < 0) nameCol = find(header, "id");
        if (fCol < 0 || (ePa < 0 && eTot < 0)) {
            throw new InputException(source + " line " + headerLine + ": header " + Arrays.toString(header)
                    + " must name a 'formula' column and an 'energy_per_atom_eV' (or total 'energy_eV') column");
        }
        List<HullEntry> out = new ArrayList<>();
        for (; lineNo < lines.size(); lineNo++) {
            String l = strip(lines.get(lineNo));
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = split(l);
            String where = source + " line " + (lineNo + 1);
            int need = Math.max(fCol, ePa >= 0 ? ePa : eTot);
            if (f.length <= need) throw new InputException(where + ": expected " + header.length + " fields, found " + f.length);
            Composition c;
            try {
                c = Composition.parse(f[fCol]);
            } catch (IllegalArgumentException ex) {
                throw new InputException(where + ": " + ex.getMessage());
            }
            int eCol = ePa >= 0 ? ePa : eTot;
            double e;
            try {
                e = Double.parseDouble(f[eCol]);
            } catch (NumberFormatException ex) {
                throw new InputException(where + ": energy '" + f[eCol] + "' is not a number");
            }
            if (!Double.isFinite(e)) throw new InputException(where + ": energy '" + f[eCol] + "' is not a finite number");
            String name = nameCol >= 0 && nameCol < f.length && !f[nameCol].isEmpty() ? f[nameCol] : f[fCol];
            out.add(ePa >= 0 ? new HullEntry(name, c, e) : HullEntry.ofTotalEnergy(name, c, e));
        }
        if (out.isEmpty()) throw new InputException(source + ": no entries after the header");
        return out;
    }

    private static String strip(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1).strip() : s.strip();
    }

    private static String[] split(String l) {
        String[] f = l.split(",", -1);
        for (int i = 0; i < f.length; i++) f[i] = f[i].strip();
        return f;
    }

    private static int find(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].toLowerCase(Locale.ROOT).equals(name)) return i;
        return -1;
    }
}
