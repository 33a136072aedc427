package org.crystalgan.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a file's bytes, the kinds of damage real files suffer: cut short, bit rot,
 * lines duplicated, dropped or swapped, numbers replaced by huge or non-finite values, NUL bytes,
 * the text saved in another encoding (UTF-16, UTF-32, Latin-1), a line repeated thousands of times
 * (long loops), a very long line, another file glued on. Deterministic for a given seed, so a
 * failing case can be replayed from its seed alone.
 */
public final class Mutator {
    /**
     * One mutated file: its bytes, what was done to it (for reports), and for targets that read several files,
     * which one it replaces (null otherwise).
     */
    public record Mutant(byte[] bytes, String description, String part) {
        public Mutant(byte[] bytes, String description) { this(bytes, description, null); }
    }

    static final String[] NUMBERS = {"1e309", "-1e309", "1e308", "-1e308", "99999999999999999999", "999999999", "2147483648",
        "-2147483649", "NaN", "nan", "Infinity", "-Infinity", "inf", "-0", "0", "0.0", "1e-320", "-1", "-999999",
        "1.0(", "(3)", ".", "-", "+", "1..2", "0x1F", "1,5", "1e", "٣"};

    /** The largest file re-encoded as UTF-16, UTF-32 or Latin-1. */
    static final int MAX_REENCODE = 32 << 20;

    private final SplittableRandom rnd;

    public Mutator(long seed) { this.rnd = new SplittableRandom(seed); }

    /**
     * One to three mutations of {@code original}; {@code other} (may be null) is a second file of
     * the same kind to splice in.
     */
    public Mutant mutate(byte[] original, byte[] other) {
        byte[] b = original;
        StringBuilder d = new StringBuilder();
        int n = 1 + (rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(1, 3));
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(19);
            // a re-encoding makes up to 4 times the bytes and a 2-byte-per-character String on the way; twice on
            // a 28 MB checkpoint bin that is more than the benchmark's heap, so large files get flipped bits instead
            if (kind >= 8 && kind <= 10 && b.length > MAX_REENCODE) kind = 1;
            String what;
            switch (kind) {
                case 0 -> { int at = b.length == 0 ? 0 : rnd.nextInt(b.length); b = java.util.Arrays.copyOf(b, at); what = "truncate@" + at; }
                case 1 -> { b = flipBits(b); what = "flip-bits"; }
                case 2 -> { b = lines(b, LineOp.DUPLICATE); what = "duplicate-line"; }
                case 3 -> { b = lines(b, LineOp.DROP); what = "drop-line"; }
                case 4 -> { b = lines(b, LineOp.SWAP); what = "swap-lines"; }
                case 5, 6 -> { String num = NUMBERS[rnd.nextInt(NUMBERS.length)]; b = replaceNumber(b, num); what = "number->" + num; }
                case 7 -> { b = insert(b, new byte[rnd.nextInt(1, 4)]); what = "insert-NUL"; }
                case 8 -> { b = reencode(b, rnd.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE, true); what = "UTF-16"; }
                case 9 -> { b = reencode(b, Charset.forName("UTF-32"), false); what = "UTF-32"; }
                case 10 -> { b = latin1(b); what = "Latin-1"; }
                case 11 -> { byte[] junk = new byte[rnd.nextInt(1, 64)]; nextBytes(junk); b = insert(b, junk); what = "insert-random-bytes"; }
                case 12 -> { int times = rnd.nextInt(2, 20_000); b = repeatLine(b, times, 8 << 20); what = "repeat-line-x" + times; }
                case 13 -> { b = deleteChunk(b); what = "delete-chunk"; }
                case 14 -> { b = lineEndings(b); what = "line-endings"; }
                case 15 -> {
                    byte[] o = other == null ? original : other;
                    b = rnd.nextBoolean() ? concat(b, o) : concat(java.util.Arrays.copyOf(b, b.length / 2), java.util.Arrays.copyOfRange(o, o.length / 2, o.length));
                    what = "splice";
                }
                case 16 -> { byte[] longLine = new byte[rnd.nextInt(1_000, 200_000)]; java.util.Arrays.fill(longLine, (byte) (rnd.nextBoolean() ? '9' : 'x')); b = insert(b, longLine); what = "long-line"; }
                case 17 -> { b = rnd.nextBoolean() ? new byte[0] : new byte[] {(byte) rnd.nextInt(256)}; what = "empty-or-one-byte"; }
                default -> { b = setByte(b); what = "set-byte"; }
            }
            if (d.length() > 0) d.append('+');
            d.append(what);
        }
        return new Mutant(b, d.toString());
    }

    /** What a damaged or hand-edited JSON value may become: huge, non-finite, negative, fractional, another type. */
    static final String[] JSON_VALUES = {"1e309", "-1e309", "99999999999999999999", "2147483648", "-2147483649",
        "9223372036854775808", "NaN", "\"NaN\"", "Infinity", "-1", "-0", "0", "0.5", "1e3", "\"x\"", "\"\"", "null",
        "true", "[]", "{}", "[1]"};

    private static final java.util.regex.Pattern JSON_FIELD =
            java.util.regex.Pattern.compile("\"[^\"\\\\]*\"\\s*:\\s*(-?[0-9][0-9.eE+-]*|\"[^\"\\\\]*\"|true|false|null)");

    /**
     * One to three values of {@code "key" : value} pairs in the first {@code limit} bytes of a JSON text replaced by
     * {@link #JSON_VALUES}: byte-level damage rarely reaches the few fields of a header that carries a long index
     * of numbers, and mostly breaks the syntax before a value is ever interpreted.
     */
    public Mutant mutateJsonFields(byte[] json, int limit) {
        String t = new String(json, StandardCharsets.UTF_8);
        StringBuilder d = new StringBuilder();
        int n = 1 + (rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(1, 3));
        for (int k = 0; k < n; k++) {
            List<int[]> values = new ArrayList<>();
            java.util.regex.Matcher m = JSON_FIELD.matcher(t).region(0, Math.min(limit, t.length()));
            while (m.find()) values.add(new int[] {m.start(), m.start(1), m.end(1)});
            if (values.isEmpty()) break;
            int[] v = values.get(rnd.nextInt(values.size()));
            String with = JSON_VALUES[rnd.nextInt(JSON_VALUES.length)];
            if (d.length() > 0) d.append('+');
            d.append("field ").append(t, v[0], v[1]).append(with);
            limit += with.length() - (v[2] - v[1]);
            t = t.substring(0, v[1]) + with + t.substring(v[2]);
        }
        return new Mutant(t.getBytes(StandardCharsets.UTF_8), d.length() == 0 ? "field (none)" : d.toString().replaceAll("\\s+", " "));
    }

    private enum LineOp { DUPLICATE, DROP, SWAP }

    private static List<int[]> lineSpans(byte[] b) {
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') { spans.add(new int[] {start, i + 1}); start = i + 1; }
        }
        if (start < b.length) spans.add(new int[] {start, b.length});
        return spans;
    }

    private byte[] lines(byte[] b, LineOp op) {
        List<int[]> spans = lineSpans(b);
        if (spans.isEmpty()) return b;
        int i = rnd.nextInt(spans.size());
        int j = rnd.nextInt(spans.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 256);
        for (int k = 0; k < spans.size(); k++) {
            int[] s = k == i && op == LineOp.SWAP ? spans.get(j) : k == j && op == LineOp.SWAP ? spans.get(i) : spans.get(k);
            if (k == i && op == LineOp.DROP) continue;
            out.write(b, s[0], s[1] - s[0]);
            if (k == i && op == LineOp.DUPLICATE) {
                int times = rnd.nextInt(1, 4);
                for (int t = 0; t < times; t++) out.write(b, s[0], s[1] - s[0]);
            }
        }
        return out.toByteArray();
    }

    private byte[] repeatLine(byte[] b, int times, int maxBytes) {
        List<int[]> spans = lineSpans(b);
        if (spans.isEmpty()) return b;
        // prefer the later lines: in CIF and POSCAR files those are the atom rows and loop rows
        int i = spans.size() / 2 + rnd.nextInt(spans.size() - spans.size() / 2);
        int[] s = spans.get(i);
        times = Math.min(times, maxBytes / Math.max(1, s[1] - s[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, s[1]);
        for (int t = 0; t < times; t++) out.write(b, s[0], s[1] - s[0]);
        out.write(b, s[1], b.length - s[1]);
        return out.toByteArray();
    }

    /** Replaces one run of digits (with sign, point and exponent) by {@code num}. */
    private byte[] replaceNumber(byte[] b, String num) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if (b[i] >= '0' && b[i] <= '9') {
                int s = i;
                if (s > 0 && (b[s - 1] == '-' || b[s - 1] == '+')) s--;
                while (i < b.length && ((b[i] >= '0' && b[i] <= '9') || b[i] == '.' || b[i] == 'e' || b[i] == 'E')) i++;
                runs.add(new int[] {s, i});
            } else {
                i++;
            }
        }
        if (runs.isEmpty()) return insert(b, num.getBytes(StandardCharsets.UTF_8));
        int[] r = runs.get(rnd.nextInt(runs.size()));
        return concat(concat(java.util.Arrays.copyOf(b, r[0]), num.getBytes(StandardCharsets.UTF_8)), java.util.Arrays.copyOfRange(b, r[1], b.length));
    }

    private byte[] flipBits(byte[] b) {
        if (b.length == 0) return b;
        byte[] c = b.clone();
        int n = rnd.nextInt(1, 9);
        for (int k = 0; k < n; k++) c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
        return c;
    }

    private byte[] setByte(byte[] b) {
        if (b.length == 0) return b;
        byte[] c = b.clone();
        byte[] interesting = {0, (byte) 0xff, 0x7f, (byte) 0x80, '\'', '"', ';', '_', '#', '\n', '\r', ' ', '(', ')', '?', '.', '-', '{', '}', '[', ']', ','};
        c[rnd.nextInt(c.length)] = interesting[rnd.nextInt(interesting.length)];
        return c;
    }

    private byte[] insert(byte[] b, byte[] what) {
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        return concat(concat(java.util.Arrays.copyOf(b, at), what), java.util.Arrays.copyOfRange(b, at, b.length));
    }

    private byte[] deleteChunk(byte[] b) {
        if (b.length < 2) return b;
        int at = rnd.nextInt(b.length);
        int len = rnd.nextInt(1, Math.min(b.length - at, 512) + 1);
        return concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + len, b.length));
    }

    private byte[] lineEndings(byte[] b) {
        String t = new String(b, StandardCharsets.ISO_8859_1);
        String r = switch (rnd.nextInt(3)) {
            case 0 -> t.replace("\n", "\r\n");
            case 1 -> t.replace("\n", "\r");
            default -> t.replace("\n", "");
        };
        return r.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] reencode(byte[] b, Charset cs, boolean bom) {
        String t = new String(b, StandardCharsets.UTF_8);
        byte[] body = t.getBytes(cs);
        if (!bom) return body;
        byte[] mark = cs == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xff, (byte) 0xfe} : new byte[] {(byte) 0xfe, (byte) 0xff};
        return concat(mark, body);
    }

    /** Non-ASCII characters as a Latin-1 editor would save them: Å, é, µ, ° in single high bytes. */
    private byte[] latin1(byte[] b) {
        String t = new String(b, StandardCharsets.UTF_8);
        String[] add = {"Å", "é", "µ", "°", "ñ", "ß"};
        int at = t.isEmpty() ? 0 : rnd.nextInt(t.length() + 1);
        t = t.substring(0, at) + add[rnd.nextInt(add.length)] + t.substring(at);
        return t.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void nextBytes(byte[] junk) {
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) rnd.nextInt(256);
    }

    static byte[] concat(byte[] a, byte[] c) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, r, a.length, c.length);
        return r;
    }

    /** A {@link Random} for code that wants one, drawn from this mutator's stream. */
    Random random() { return new Random(rnd.nextLong()); }
}
