package org.crystalgan.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits CIF 1.1 text into data blocks, items and loops (syntax after Hall, Allen and Brown, Acta
 * Cryst. A47 (1991) 655 and the CIF 1.1 specification): whitespace-separated tokens, {@code #}
 * comments, 'single' and "double" quoted values whose closing quote must be followed by
 * whitespace, text fields between lines that begin with ';', and the reserved words data_, loop_,
 * save_, global_, stop_. Items before the first {@code data_} go into a block named after the file.
 */
final class CifParser {
    private enum Kind { TAG, VALUE, DATA, LOOP, SAVE, GLOBAL, STOP, EOF }

    private record Token(Kind kind, String text, int line, boolean quoted) {}

    private final String s;
    private final Path file;
    private final String defaultName;
    private int pos;
    private int line = 1;
    private Token peeked;

    private CifParser(String text, Path file, String defaultName) {
        this.s = text;
        this.file = file;
        this.defaultName = defaultName;
    }

    static List<CifBlock> parse(String text, Path file, String defaultName) {
        return new CifParser(text, file, defaultName).blocks();
    }

    private List<CifBlock> blocks() {
        List<CifBlock> out = new ArrayList<>();
        CifBlock block = null;
        boolean inSave = false;
        while (true) {
            Token t = next();
            switch (t.kind) {
                case EOF -> {
                    return out;
                }
                case DATA, GLOBAL -> {
                    String name = t.kind == Kind.GLOBAL ? "global" : t.text.substring(5);
                    if (name.isEmpty()) throw error(t.line, "'data_' without a block name");
                    block = new CifBlock(name, t.line);
                    out.add(block);
                    inSave = false;
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
                    if (!inSave) block.put(t.text, new CifBlock.Value(v.text, v.line, v.quoted));
                }
                case LOOP -> {
                    if (block == null) block = implicitBlock(out, t.line);
                    CifBlock.Loop l = loop(t);
                    if (!inSave) block.add(l);
                }
                case VALUE -> throw error(t.line, "value '" + abbreviate(t.text) + "' without a tag before it");
                default -> throw new IllegalStateException(t.kind.toString());
            }
        }
    }

    private CifBlock implicitBlock(List<CifBlock> out, int atLine) {
        CifBlock b = new CifBlock(defaultName, atLine);
        out.add(b);
        return b;
    }

    private CifBlock.Loop loop(Token loopToken) {
        List<String> tags = new ArrayList<>();
        while (peek().kind == Kind.TAG) tags.add(CifBlock.normalize(next().text));
        if (tags.isEmpty()) throw error(loopToken.line, "loop_ without any tags");
        List<CifBlock.Value> values = new ArrayList<>();
        while (peek().kind == Kind.VALUE) {
            Token v = next();
            values.add(new CifBlock.Value(v.text, v.line, v.quoted));
        }
        if (values.isEmpty()) {
            throw error(loopToken.line, "empty loop: " + String.join(", ", tags) + " "
                    + (tags.size() == 1 ? "has" : "have") + " no values");
        }
        if (values.size() % tags.size() != 0) {
            int lastLine = values.get(values.size() - 1).line();
            throw error(lastLine, "loop of " + tags.get(0) + " (from line " + loopToken.line + ") has " + values.size()
                    + " values for " + tags.size() + " columns: a row is incomplete (truncated file or a value with spaces that lacks quotes?)");
        }
        List<List<CifBlock.Value>> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i += tags.size()) rows.add(List.copyOf(values.subList(i, i + tags.size())));
        return new CifBlock.Loop(List.copyOf(tags), List.copyOf(rows), loopToken.line);
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

    private Token read() {
        int n = s.length();
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < n && s.charAt(pos) != '\n') pos++;
            } else {
                break;
            }
        }
        if (pos >= n) return new Token(Kind.EOF, "", line, false);
        char c = s.charAt(pos);
        int startLine = line;
        if (c == ';' && (pos == 0 || s.charAt(pos - 1) == '\n' || s.charAt(pos - 1) == '\r')) return textField();
        if (c == '\'' || c == '"') {
            int start = pos + 1;
            int i = start;
            while (true) {
                if (i >= n || s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                    throw error(startLine, "quoted value " + abbreviate(s.substring(pos, Math.min(i, n)))
                            + " is not closed on its line");
                }
                if (s.charAt(i) == c && (i + 1 >= n || Character.isWhitespace(s.charAt(i + 1)))) break;
                i++;
            }
            String text = s.substring(start, i);
            pos = i + 1;
            return new Token(Kind.VALUE, text, startLine, true);
        }
        int start = pos;
        while (pos < n && !Character.isWhitespace(s.charAt(pos))) pos++;
        String w = s.substring(start, pos);
        if (w.charAt(0) == '_') return new Token(Kind.TAG, w, startLine, false);
        String lw = w.toLowerCase(Locale.ROOT);
        if (lw.startsWith("data_")) return new Token(Kind.DATA, w, startLine, false);
        if (lw.equals("loop_")) return new Token(Kind.LOOP, w, startLine, false);
        if (lw.startsWith("save_")) return new Token(Kind.SAVE, w, startLine, false);
        if (lw.equals("global_")) return new Token(Kind.GLOBAL, w, startLine, false);
        if (lw.equals("stop_")) return new Token(Kind.STOP, w, startLine, false);
        return new Token(Kind.VALUE, w, startLine, false);
    }

    private Token textField() {
        int startLine = line;
        int n = s.length();
        int i = pos + 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            int eol = s.indexOf('\n', i);
            if (eol < 0) throw error(startLine, "text field opened with ';' is never closed (truncated file?)");
            sb.append(s, i, eol + 1);
            line++;
            i = eol + 1;
            if (i < n && s.charAt(i) == ';') {
                pos = i + 1;
                break;
            }
        }
        String text = sb.toString();
        // the text starts after the opening ';' and ends before the newline that precedes the closing one
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        return new Token(Kind.VALUE, text.strip().isEmpty() ? "" : text, startLine, true);
    }

    private StructureFormatException error(int atLine, String problem) {
        return new StructureFormatException(file, atLine, problem);
    }

    static String abbreviate(String t) {
        String one = t.replaceAll("\\s+", " ");
        return one.length() > 40 ? one.substring(0, 37) + "..." : one;
    }
}
