package org.crystalgan.crystal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 230 space groups in their 530 tabulated settings (International Tables Vol. A; Hall symbols
 * after Hall 1981; setting numbers as in spglib), loaded from {@code /crystalgan/spacegroups.tsv},
 * whose header cites the sources. Lookup by number (the standard setting, which is the first
 * tabulated one, as in spglib), by Hermann-Mauguin symbol (full or short, with or without spaces,
 * optional ":1", ":2", ":H", ":R" origin or axes choice) or by Hall symbol.
 */
public final class SpaceGroups {
    /** One tabulated setting of a space group with its general-position operations (centring included). */
    public record Setting(int hallNumber, int number, String schoenflies, String hallSymbol, String hmFull,
                          String hmShort, String hmSpaced, String choice, List<SymOp> operations) {
        /** The Hermann-Mauguin symbol as written in CIFs, e.g. "F d -3 m" or "P 21/c". */
        public String symbol() { return hmShort; }
    }

    private static final List<Setting> SETTINGS;
    private static final Map<String, Setting> BY_HM = new HashMap<>();
    private static final Map<String, Setting> BY_HALL = new HashMap<>();
    private static final Setting[] STANDARD = new Setting[231];

    static {
        List<Setting> list = new ArrayList<>();
        try (InputStream in = SpaceGroups.class.getResourceAsStream("/crystalgan/spacegroups.tsv")) {
            if (in == null) throw new IllegalStateException("space-group table missing from the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.split("\t", -1);
                List<SymOp> ops = new ArrayList<>();
                for (String o : p[8].split(";")) ops.add(SymOp.parse(o));
                Setting s = new Setting(Integer.parseInt(p[0]), Integer.parseInt(p[1]), p[2], p[3], p[4], p[5], p[6], p[7], List.copyOf(ops));
                list.add(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SETTINGS = List.copyOf(list);
        for (Setting s : SETTINGS) {
            if (STANDARD[s.number()] == null) STANDARD[s.number()] = s;
            BY_HALL.putIfAbsent(normHall(s.hallSymbol()), s);
            String choice = s.choice().isEmpty() ? "" : ":" + s.choice().toUpperCase(Locale.ROOT);
            for (String hm : List.of(s.hmFull(), s.hmShort(), s.hmSpaced())) {
                String k = normHm(hm);
                BY_HM.putIfAbsent(k + choice, s);
                // the plain symbol means the first tabulated choice (origin choice 1, hexagonal axes for R)
                BY_HM.putIfAbsent(k, s);
            }
        }
    }

    private SpaceGroups() {}

    public static List<Setting> all() { return SETTINGS; }

    /** The standard setting of space group 1-230. */
    public static Setting byNumber(int number) {
        if (number < 1 || number > 230) throw new IllegalArgumentException("space-group number must be 1-230, got " + number);
        return STANDARD[number];
    }

    public static Setting byHallNumber(int hallNumber) {
        if (hallNumber < 1 || hallNumber > SETTINGS.size()) throw new IllegalArgumentException("Hall number must be 1-530");
        return SETTINGS.get(hallNumber - 1);
    }

    /** Finds a setting by Hermann-Mauguin symbol, e.g. "Fd-3m", "F d -3 m", "P 21/c", "R-3:H", "Pnma". */
    public static Optional<Setting> byHermannMauguin(String symbol) {
        if (symbol == null) return Optional.empty();
        String k = normHm(symbol);
        Setting s = BY_HM.get(k);
        if (s == null && k.endsWith(":S")) s = BY_HM.get(k.substring(0, k.length() - 2) + ":1");
        if (s == null && k.endsWith(":Z")) s = BY_HM.get(k.substring(0, k.length() - 2) + ":2");
        return Optional.ofNullable(s);
    }

    /** Finds a setting by its Hall symbol, e.g. "-F 4vw 2vw 3". */
    public static Optional<Setting> byHall(String hall) {
        return hall == null ? Optional.empty() : Optional.ofNullable(BY_HALL.get(normHall(hall)));
    }

    // "F d -3 m" / "Fd-3m" / "F 41/d -3 2/m" / "P 2_1/c" -> one key; keep the choice suffix
    static String normHm(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"')) t = t.substring(1, t.length() - 1);
        String choice = "";
        int colon = t.indexOf(':');
        if (colon >= 0) {
            choice = ":" + t.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            t = t.substring(0, colon);
        }
        t = t.replace(" ", "").replace("_", "");
        if (t.isEmpty()) return choice;
        // lattice letter upper case, the rest lower case (glide planes a b c n d e m; CIF writers vary)
        return Character.toUpperCase(t.charAt(0)) + t.substring(1).toLowerCase(Locale.ROOT) + choice;
    }

    static String normHall(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"')) t = t.substring(1, t.length() - 1);
        return t.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
