package org.crystalgan.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations that know CIF's grammar (issue 19), where {@link Mutator} flips bytes and lines: a loop
 * row one value short or long, a text field left open, CR-only and UTF-16 files, a byte-order mark,
 * huge and special numbers in the cell and the coordinates, symmetry operations that are no
 * isometry, symmetry lists of thousands of operations, atom loops of hundreds of thousands of rows,
 * a tag given twice, unclosed quotes, '.' coordinates and block names with commas. Deterministic in
 * the seed, so a failing case replays from it.
 */
final class CifGrammarMutator {
    static final String[] NUMBERS = {"1e308", "1e309", "-1e309", "2147483648", "-2147483649", "NaN", "inf", "-0", "0", "1e-320",
        "0.5(", "(3)", "1/0", "1/3", "9".repeat(400), "0." + "0".repeat(300) + "1", ".", "?", "4.2e+2147483647"};

    /** Rows of the big atom loop; 10^6 rows take a few seconds to write and read here, so CI uses fewer (FuzzBench may use more). */
    static int bigLoopRows = Integer.getInteger("crystalgan.fuzz.bigLoopRows", 100_000);

    private final SplittableRandom rnd;

    CifGrammarMutator(long seed) { this.rnd = new SplittableRandom(seed); }

    Mutator.Mutant mutate(byte[] original) {
        String t = new String(original, StandardCharsets.UTF_8);
        StringBuilder d = new StringBuilder();
        int n = 1 + (rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(1, 3));
        boolean utf16 = false;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(15);
            String what;
            switch (kind) {
                case 0 -> { t = loopRow(t, rnd.nextBoolean()); what = "loop-row-mismatch"; }
                case 1 -> { t = t + "\n_publ_section_title\n;\nA text field that never closes\n"; what = "unterminated-text-field"; }
                case 2 -> { t = t.replace("\r\n", "\n").replace('\n', '\r'); what = "CR-only"; }
                case 3 -> { utf16 = true; what = "UTF-16+BOM"; }
                case 4 -> { t = "\uFEFF" + t; what = "UTF-8 BOM"; }
                case 5 -> { String num = NUMBERS[rnd.nextInt(NUMBERS.length)]; t = replaceValue(t, num); what = "value->" + (num.length() > 12 ? num.substring(0, 12) + "..." : num); }
                case 6 -> { t = addSymmetry(t, nonIsometries(rnd.nextInt(1, 4))); what = "non-isometric-ops"; }
                case 7 -> { int k = rnd.nextInt(1_000, 6_000); t = addSymmetry(t, translations(k)); what = "symops-x" + k; }
                case 8 -> { t = bigAtomLoop(t, bigLoopRows); what = "atom-loop-x" + bigLoopRows; }
                case 9 -> { t = duplicateTag(t); what = "duplicate-tag"; }
                case 10 -> { t = unclosedQuote(t); what = "unclosed-quote"; }
                case 11 -> { t = t.replaceFirst("(?m)^data_(\\S*)", "data_$1,Mg,Mn,O"); what = "block-name-commas"; }
                case 12 -> { t = replaceCoordinate(t, "."); what = "dot-coordinate"; }
                case 13 -> { t = t + "\n" + t.replaceFirst("(?m)^data_(\\S*)", "data_$1_again"); what = "second-block"; }
                default -> { t = t + "\nloop_\n_atom_site_label\n_atom_site_fract_x\nMg9\n"; what = "stray-incomplete-loop"; }
            }
            d.append(d.length() > 0 ? "+" : "").append(what);
        }
        byte[] b = utf16 ? ("\uFEFF" + t).getBytes(StandardCharsets.UTF_16LE) : t.getBytes(StandardCharsets.UTF_8);
        return new Mutator.Mutant(b, d.toString());
    }

    private List<Integer> lineStarts(String t) {
        List<Integer> s = new ArrayList<>();
        s.add(0);
        for (int i = 0; i < t.length(); i++) if (t.charAt(i) == '\n' && i + 1 < t.length()) s.add(i + 1);
        return s;
    }

    /** A line that holds values only (a loop row), picked at random; -1 when there is none. */
    private int rowLine(String t, List<Integer> starts) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String l = line(t, starts, i).strip();
            if (!l.isEmpty() && !l.startsWith("_") && !l.startsWith("#") && !l.startsWith(";") && !l.startsWith("loop_")
                    && !l.startsWith("data_") && l.split("\\s+").length >= 3) rows.add(i);
        }
        return rows.isEmpty() ? -1 : rows.get(rnd.nextInt(rows.size()));
    }

    private static String line(String t, List<Integer> starts, int i) {
        int end = i + 1 < starts.size() ? starts.get(i + 1) - 1 : t.length();
        return t.substring(starts.get(i), Math.max(starts.get(i), end));
    }

    private String loopRow(String t, boolean drop) {
        List<Integer> starts = lineStarts(t);
        int i = rowLine(t, starts);
        if (i < 0) return t;
        String l = line(t, starts, i);
        String changed = drop ? l.strip().replaceFirst("\\s+\\S+$", "") : l + " 0.25";
        return t.substring(0, starts.get(i)) + changed + t.substring(starts.get(i) + l.length());
    }

    private String replaceCoordinate(String t, String with) {
        List<Integer> starts = lineStarts(t);
        int i = rowLine(t, starts);
        if (i < 0) return t;
        String l = line(t, starts, i);
        String[] w = l.strip().split("\\s+");
        w[rnd.nextInt(w.length)] = with;
        return t.substring(0, starts.get(i)) + String.join(" ", w) + t.substring(starts.get(i) + l.length());
    }

    private String replaceValue(String t, String num) {
        if (rnd.nextBoolean()) {
            String tag = new String[] {"_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_gamma"}[rnd.nextInt(5)];
            String r = t.replaceFirst("(?mi)^(\\s*" + tag + "\\s+)\\S+", "$1" + java.util.regex.Matcher.quoteReplacement(num));
            if (!r.equals(t)) return r;
        }
        return replaceCoordinate(t, num);
    }

    private String duplicateTag(String t) {
        String tag = new String[] {"_cell_length_a", "_cell_angle_beta", "_symmetry_space_group_name_H-M"}[rnd.nextInt(3)];
        return t.replaceFirst("(?m)^(data_\\S*)", "$1\n" + java.util.regex.Matcher.quoteReplacement(tag + " " + (rnd.nextBoolean() ? "5.5" : "'P 1'")));
    }

    private String unclosedQuote(String t) {
        List<Integer> starts = lineStarts(t);
        int i = rnd.nextInt(starts.size());
        int at = starts.get(i);
        return t.substring(0, at) + (rnd.nextBoolean() ? "'" : "\"") + t.substring(at);
    }

    private List<String> nonIsometries(int k) {
        List<String> ops = new ArrayList<>(List.of("x,y,z"));
        String[] axes = {"x", "y", "z"};
        for (int i = 0; i < k; i++) {
            StringBuilder op = new StringBuilder();
            for (int row = 0; row < 3; row++) {
                if (row > 0) op.append(',');
                StringBuilder part = new StringBuilder();
                for (int col = 0; col < 3; col++) {
                    int c = rnd.nextInt(-1, 2);
                    if (c != 0) part.append(c > 0 ? "+" : "-").append(axes[col]);
                }
                if (part.length() == 0) part.append(axes[row]);
                if (rnd.nextBoolean()) part.append("+1/2");
                op.append(part);
            }
            ops.add(op.toString());
        }
        return ops;
    }

    private static List<String> translations(int k) {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < k; i++) ops.add("x,y,z+" + i + "/" + k);
        return ops;
    }

    /** Replaces the file's symmetry operations (or adds them) with {@code ops}. */
    private static String addSymmetry(String t, List<String> ops) {
        // the file's own operation tags are renamed (not removed, so their loops keep their shape) and thus ignored
        String stripped = t.replaceAll("(?mi)^(\\s*)_(symmetry_equiv_pos_as_xyz|space_group_symop_operation_xyz|symmetry_equiv_pos_site_id|space_group_symop_id)\\b",
                "$1_fuzz_$2");
        StringBuilder sb = new StringBuilder("\nloop_\n_space_group_symop_operation_xyz\n");
        for (String op : ops) sb.append('\'').append(op).append("'\n");
        return stripped.replaceFirst("(?m)^(data_\\S*)", "$1" + java.util.regex.Matcher.quoteReplacement(sb.toString()));
    }

    private static String bigAtomLoop(String t, int rows) {
        StringBuilder sb = new StringBuilder(rows * 30 + 200);
        sb.append("\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
        for (int i = 0; i < rows; i++) sb.append("O").append(i).append(" O 0.").append(i % 997).append(" 0.25 0.75\n");
        return t.replaceAll("(?mi)^(\\s*)_(atom_site_(label|type_symbol|fract_[xyz]|occupancy))\\s*$", "$1_fuzz_$2") + sb;
    }
}
