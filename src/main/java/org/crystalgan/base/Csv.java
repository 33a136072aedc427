package org.crystalgan.base;

/**
 * CSV fields as RFC 4180 writes them, for every table the workbench saves (screening results,
 * validity and relaxation reports, dataset indexes, Materials Project downloads): a field holding a
 * comma, a double quote or a line break is quoted, with its quotes doubled; anything else is
 * written as it is, so the tables stay byte-for-byte what they were for ordinary names.
 */
public final class Csv {
    private Csv() {}

    /** The field as it stands in a CSV row; null is the empty field. */
    public static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The fields joined into one row (no line end). */
    public static String row(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(field(fields[i]));
        }
        return sb.toString();
    }

    /** One row (no line end) into its fields, the inverse of {@link #row}: quotes opened and doubled as RFC 4180 says. */
    public static java.util.List<String> split(String line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
