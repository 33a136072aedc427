package org.crystalgan.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Splits CIF 1.1 text into data blocks, items and loops (syntax after Hall, Allen and Brown, Acta
 * Cryst. A47 (1991) 655 and the CIF 1.1 specification): whitespace-separated tokens, {@code #}
 * comments, 'single' and "double" quoted values whose closing quote must be followed by
 * whitespace, text fields between lines that begin with ';', and the reserved words data_, loop_,
 * save_, global_, stop_. Items before the first {@code data_} go into a block named after the file.
 *
 * <p>The text is read line by line from a stream and only what a structure needs is kept, so
 * memory stays bounded whatever the file holds: loops other than atom sites, symmetry and cell
 * (reflection lists, anisotropic displacements, references) are checked and counted but not
 * kept; an atom-site loop stops at the site limit as it is read; lines, kept text and the number of
 * kept values have limits far above any real CIF. A block with an error is recorded with that error
 * and the reading goes on at the next {@code data_} line, so one bad block does not lose the others.
 */
final class CifParser {
    /** Longest line read; a CIF 1.1 line has at most 2048 characters, real files stay far below this. */
    static final int MAX_LINE_CHARS = 1 << 20;
    /** Characters of a text field kept; no structure item needs more (titles and embedded hkl data are cut). */
    static final int MAX_TEXT_FIELD_CHARS = 1 << 16;
    /** Values kept in all blocks of one file together. */
    static final int MAX_KEPT_VALUES = 1_000_000;
    /** Characters kept in all blocks of one file together. */
    static final long MAX_KEPT_CHARS = 32L << 20;
    /** Rows of a kept loop that is not the atom-site loop (symmetry operations: 192 at most in any setting). */
    static final int MAX_OTHER_LOOP_ROWS = 10_000;
    /** Tags of one loop. */
    static final int MAX_LOOP_TAGS = 1_000;

    private enum Kind { TAG, VALUE, DATA, LOOP, SAVE, GLOBAL, STOP, EOF }

    private record Token(Kind kind, String text, int line, boolean quoted) {}

    /** Thrown inside a block; the block records it and reading resumes at the next data_ line. */
    private static final class BlockFailure extends RuntimeException {
        final StructureFormatException error;

        BlockFailure(StructureFormatException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    private final LineSource src;
    private final Path file;
    private final String defaultName;
    private final Consumer<String> warnings;
    private final int maxSites;
    private String cur = "";
    private int curLine;
    private boolean curTooLong;
    private int pos;
    private boolean started;
    private boolean inLoopValues;
    private Token peeked;
    private long keptValues;
    private long keptChars;

    private CifParser(Reader reader, Path file, String defaultName, Consumer<String> warnings, int maxSites) {
        this.src = new LineSource(reader, MAX_LINE_CHARS);
        this.file = file;
        this.defaultName = defaultName;
        this.warnings = warnings;
        this.maxSites = maxSites;
    }

    static List<CifBlock> parse(String text, Path file, String defaultName) {
        return parse(new java.io.StringReader(text), file, defaultName, w -> { }, TextFiles.maxSites());
    }

    /** The blocks of the text; a block that could not be parsed carries its {@link CifBlock#failure()}. */
    static List<CifBlock> parse(Reader reader, Path file, String defaultName, Consumer<String> warnings, int maxSites) {
        return new CifParser(reader, file, defaultName, warnings, maxSites).blocks();
    }

    private List<CifBlock> blocks() {
        List<CifBlock> out = new ArrayList<>();
        CifBlock block = null;
        boolean inSave = false;
        while (true) {
            Token t;
            try {
                t = next();
                switch (t.kind) {
                    case EOF -> {
                        return out;
                    }
                    case DATA, GLOBAL -> {
                        String name = t.kind == Kind.GLOBAL ? "global" : t.text.substring(5);
                        block = new CifBlock(name, t.line);
                        out.add(block);
                        inSave = false;
                        if (name.isEmpty()) throw error(t.line, "'data_' without a block name");
                    }
                    case SAVE -> inSave = t.text.length() > 5; // save_name opens a frame, plain save_ closes it
                    case STOP -> { /* CIF 1.1 reserves it; nothing to do */ }
                    case TAG -> {
                        if (block == null) block = implicitBlock(out, t.line);
                        Token v = next();
                        if (v.kind != Kind.VALUE) {
                            throw error(t.line, v.kind == Kind.EOF ? "file ends after " + t.text + " without its value (truncated file?)"
                                    : t.text + " has no value (next comes '" + v.text + "')");
                        }
                        if (!inSave) putItem(block, t, v);
                    }
                    case LOOP -> {
                        if (block == null) block = implicitBlock(out, t.line);
                        loop(t, block, inSave);
                    }
                    case VALUE -> throw error(t.line, "value '" + abbreviate(t.text) + "' without a tag before it");
                    default -> throw new IllegalStateException(t.kind.toString());
                }
            } catch (BlockFailure f) {
                if (block == null) block = implicitBlock(out, f.error.line());
                if (block.failure() == null) block.fail(f.error);
                inLoopValues = false;
                skipToNextBlock();
            }
        }
    }

    private CifBlock implicitBlock(List<CifBlock> out, int atLine) {
        CifBlock b = new CifBlock(defaultName, atLine);
        out.add(b);
        return b;
    }

    private void putItem(CifBlock block, Token tag, Token v) {
        String t = CifBlock.normalize(tag.text);
        CifBlock.Value old = block.item(t);
        if (old != null) {
            if (old.text().equals(v.text)) {
                warnings.accept(where() + "data_" + block.name() + ": " + tag.text + " is given twice (lines " + old.line() + " and "
                        + tag.line + ") with the same value; read once");
                return;
            }
            throw error(tag.line, tag.text + " is given twice, as '" + abbreviate(old.text()) + "' (line " + old.line() + ") and '"
                    + abbreviate(v.text) + "' (line " + tag.line + "): which one is meant is not clear");
        }
        if (block.loopOf(t) != null) {
            throw error(tag.line, tag.text + " is given both in the loop_ of line " + block.loopOf(t).line() + " and as a single item");
        }
        keep(v.text);
        block.put(t, new CifBlock.Value(v.text, v.line, v.quoted));
    }

    /** Tags whose loops a structure needs; every other loop is checked but not kept. */
    static boolean kept(String normalizedTag) {
        return (normalizedTag.startsWith("_atom_site_") && !normalizedTag.startsWith("_atom_site_aniso_"))
                || normalizedTag.startsWith("_symmetry_") || normalizedTag.startsWith("_space_group_") || normalizedTag.startsWith("_cell_");
    }

    private void loop(Token loopToken, CifBlock block, boolean inSave) {
        List<String> tags = new ArrayList<>();
        List<String> written = new ArrayList<>();
        // the token after the last tag is the first value: it is read in the loop's rules
        inLoopValues = true;
        while (peek().kind == Kind.TAG) {
            Token t = next();
            String n = CifBlock.normalize(t.text);
            if (tags.contains(n)) throw error(t.line, t.text + " appears twice in the loop_ of line " + loopToken.line);
            if (tags.size() == MAX_LOOP_TAGS) throw error(t.line, "the loop_ of line " + loopToken.line + " has more than " + MAX_LOOP_TAGS + " tags");
            tags.add(n);
            written.add(t.text);
        }
        if (tags.isEmpty()) throw error(loopToken.line, "loop_ without any tags");
        boolean keep = !inSave && tags.stream().anyMatch(CifParser::kept);
        if (keep) {
            for (int i = 0; i < tags.size(); i++) {
                String t = tags.get(i);
                CifBlock.Value item = block.item(t);
                if (item != null) throw error(loopToken.line, written.get(i) + " is given both as a single item (line " + item.line() + ") and in this loop_");
                CifBlock.Loop other = block.loopOf(t);
                if (other != null) throw error(loopToken.line, written.get(i) + " is given in two loops (lines " + other.line() + " and " + loopToken.line + ")");
            }
        }
        boolean atoms = tags.stream().anyMatch(t -> t.startsWith("_atom_site_") && !t.startsWith("_atom_site_aniso_"));
        int maxRows = atoms ? maxSites : MAX_OTHER_LOOP_ROWS;
        List<List<CifBlock.Value>> rows = new ArrayList<>();
        List<CifBlock.Value> row = new ArrayList<>(tags.size());
        long count = 0;
        int lastLine = loopToken.line;
        inLoopValues = true;
        try {
            while (peek().kind == Kind.VALUE) {
                Token v = next();
                count++;
                lastLine = v.line;
                if (!keep) continue;
                row.add(new CifBlock.Value(v.text, v.line, v.quoted));
                keep(v.text);
                if (row.size() == tags.size()) {
                    if (rows.size() == maxRows) {
                        throw error(loopToken.line, atoms
                                ? "the atom-site loop has more than " + maxRows + " rows, above the limit of " + maxSites
                                        + " sites (raise it with -Dcrystalgan.io.maxSites=...)"
                                : "the loop of " + written.get(0) + " has more than " + maxRows + " rows; no crystal needs that many");
                    }
                    rows.add(List.copyOf(row));
                    row.clear();
                }
            }
        } finally {
            inLoopValues = false;
        }
        if (count == 0) {
            throw error(loopToken.line, "empty loop: " + String.join(", ", written) + " "
                    + (tags.size() == 1 ? "has" : "have") + " no values");
        }
        if (count % tags.size() != 0) {
            throw error(lastLine, "loop of " + written.get(0) + " (from line " + loopToken.line + ") has " + count
                    + " values for " + tags.size() + " columns: a row is incomplete (truncated file or a value with spaces that lacks quotes?)");
        }
        if (keep) block.add(new CifBlock.Loop(List.copyOf(tags), List.copyOf(rows), loopToken.line));
    }

    /** Counts what is kept against the file's budget. */
    private void keep(String text) {
        keptValues++;
        keptChars += text.length();
        if (keptValues > MAX_KEPT_VALUES || keptChars > MAX_KEPT_CHARS) {
            throw error(curLine, "the file holds more structure data than " + MAX_KEPT_VALUES + " values or " + (MAX_KEPT_CHARS >> 20)
                    + " M characters; no set of crystal structures needs that much (split the file)");
        }
    }

    private Token peek() {
        if (peeked == null) peeked = read();
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private String where() { return file == null ? "" : file.getFileName() + ": "; }

    /** Moves to the next line; false at the end of the text. */
    private boolean nextLine() {
        try {
            String l = src.next();
            if (l == null) {
                cur = null;
                return false;
            }
            cur = l;
            curLine = src.lineNumber();
            curTooLong = src.tooLong();
            pos = 0;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the rest of the current block: reading resumes at the next line that starts a data block. */
    private void skipToNextBlock() {
        // the token that ended a loop or an item may be the next block's header
        if (peeked != null && (peeked.kind == Kind.DATA || peeked.kind == Kind.GLOBAL || peeked.kind == Kind.EOF)) return;
        peeked = null;
        while (nextLine()) {
            String s = cur.stripLeading();
            if (s.regionMatches(true, 0, "data_", 0, 5) || s.regionMatches(true, 0, "global_", 0, 7)) {
                pos = cur.length() - s.length();
                return;
            }
        }
    }

    private Token read() {
        if (!started) {
            started = true;
            if (!nextLine()) return new Token(Kind.EOF, "", curLine, false);
        }
        while (true) {
            if (cur == null) return new Token(Kind.EOF, "", curLine, false);
            int n = cur.length();
            while (pos < n && Character.isWhitespace(cur.charAt(pos))) pos++;
            if (pos >= n || cur.charAt(pos) == '#') {
                if (pos >= n && curTooLong) {
                    throw error(curLine, "line is longer than " + MAX_LINE_CHARS + " characters; no CIF item is that long (not a CIF file?)");
                }
                if (!nextLine()) return new Token(Kind.EOF, "", curLine, false);
                continue;
            }
            break;
        }
        char c = cur.charAt(pos);
        int n = cur.length();
        if (c == ';' && pos == 0) return textField();
        if (c == '\'' || c == '"') {
            int start = pos + 1;
            int i = start;
            while (i < n && !(cur.charAt(i) == c && (i + 1 >= n || Character.isWhitespace(cur.charAt(i + 1))))) i++;
            if (i < n) {
                pos = i + 1;
                return new Token(Kind.VALUE, cur.substring(start, i), curLine, true);
            }
            if (curTooLong) throw error(curLine, "line is longer than " + MAX_LINE_CHARS + " characters; no CIF item is that long (not a CIF file?)");
            // an unclosed quote: read as pymatgen does rather than refuse a file it opens, and say so
            String rest = cur.substring(start).strip();
            if (inLoopValues) {
                warnings.accept(where() + "line " + curLine + ": the quote before '" + abbreviate(rest) + "' is not closed; read without it");
                pos = start;
                return read();
            }
            warnings.accept(where() + "line " + curLine + ": the quoted value '" + abbreviate(rest) + "' is not closed; read to the end of the line");
            pos = n;
            return new Token(Kind.VALUE, rest, curLine, true);
        }
        int start = pos;
        while (pos < n && !Character.isWhitespace(cur.charAt(pos))) pos++;
        if (pos >= n && curTooLong) {
            throw error(curLine, "line is longer than " + MAX_LINE_CHARS + " characters; no CIF item is that long (not a CIF file?)");
        }
        String w = cur.substring(start, pos);
        if (w.charAt(0) == '_') return new Token(Kind.TAG, w, curLine, false);
        String lw = w.toLowerCase(Locale.ROOT);
        if (lw.startsWith("data_")) return new Token(Kind.DATA, w, curLine, false);
        if (lw.equals("loop_")) return new Token(Kind.LOOP, w, curLine, false);
        if (lw.startsWith("save_")) return new Token(Kind.SAVE, w, curLine, false);
        if (lw.equals("global_")) return new Token(Kind.GLOBAL, w, curLine, false);
        if (lw.equals("stop_")) return new Token(Kind.STOP, w, curLine, false);
        return new Token(Kind.VALUE, w, curLine, false);
    }

    private Token textField() {
        int startLine = curLine;
        StringBuilder sb = new StringBuilder();
        sb.append(cur, 1, Math.min(cur.length(), 1 + MAX_TEXT_FIELD_CHARS));
        while (true) {
            if (!nextLine()) throw error(startLine, "text field opened with ';' is never closed (truncated file?)");
            if (cur.startsWith(";")) {
                pos = 1;
                break;
            }
            if (sb.length() < MAX_TEXT_FIELD_CHARS) {
                sb.append('\n').append(cur, 0, Math.min(cur.length(), Math.max(0, MAX_TEXT_FIELD_CHARS - sb.length())));
            }
        }
        // the text starts after the opening ';' and ends before the newline that precedes the closing one
        String text = sb.toString();
        return new Token(Kind.VALUE, text.strip().isEmpty() ? "" : text, startLine, true);
    }

    private BlockFailure error(int atLine, String problem) {
        return new BlockFailure(new StructureFormatException(file, atLine, problem));
    }

    static String abbreviate(String t) {
        String one = t.replaceAll("\\s+", " ");
        return one.length() > 40 ? one.substring(0, 37) + "..." : one;
    }

    /**
     * Lines of a character stream, ended by LF, CR LF or a lone CR (old Mac files), with their
     * 1-based numbers; a line longer than the limit comes back cut at the limit with {@link
     * #tooLong()} set, its rest skipped without being kept.
     */
    static final class LineSource {
        private final Reader in;
        private final int max;
        private final char[] buf = new char[1 << 16];
        private int len;
        private int at;
        private int number;
        private boolean tooLong;
        private boolean eof;
        private boolean skipLf;

        LineSource(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        int lineNumber() { return number; }

        boolean tooLong() { return tooLong; }

        private final StringBuilder sb = new StringBuilder();

        String next() throws IOException {
            if (eof) return null;
            sb.setLength(0);
            tooLong = false;
            boolean any = false;
            while (true) {
                if (at == len) {
                    len = in.read(buf, 0, buf.length);
                    at = 0;
                    if (len <= 0) {
                        len = 0;
                        eof = true;
                        if (!any) return null;
                        number++;
                        return sb.toString();
                    }
                }
                char c = buf[at++];
                if (skipLf) {
                    skipLf = false;
                    if (c == '\n') continue;
                }
                any = true;
                if (c == '\n' || c == '\r') {
                    skipLf = c == '\r';
                    number++;
                    return sb.toString();
                }
                if (sb.length() < max) sb.append(c);
                else tooLong = true;
            }
        }
    }
}
