package org.crystalgan.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code data_} block of a CIF: its single items and its loops, tags compared without case and
 * with DDL2 dots read as underscores ({@code _cell.length_a} is {@code _cell_length_a}).
 */
public final class CifBlock {
    /** A value with the line it stands on; {@code quoted} tells '?' the text from ? the unknown. */
    public record Value(String text, int line, boolean quoted) {
        /** CIF's unknown ('?') or inapplicable ('.'), written without quotes. */
        public boolean isMissing() { return !quoted && (text.equals("?") || text.equals(".")); }
    }

    /** A loop: its tags in order and its rows. */
    public record Loop(List<String> tags, List<List<Value>> rows, int line) {
        public int column(String tag) { return tags.indexOf(normalize(tag)); }

        public boolean has(String tag) { return column(tag) >= 0; }
    }

    private final String name;
    private final int line;
    private final Map<String, Value> items = new LinkedHashMap<>();
    private final List<Loop> loops = new ArrayList<>();
    private StructureFormatException failure;

    CifBlock(String name, int line) {
        this.name = name;
        this.line = line;
    }

    /** The block name (what follows {@code data_}). */
    public String name() { return name; }

    /** The line of the {@code data_} header. */
    public int line() { return line; }

    public List<Loop> loops() { return Collections.unmodifiableList(loops); }

    void put(String tag, Value v) { items.put(normalize(tag), v); }

    /** The single item of a normalized tag, or null. */
    Value item(String normalizedTag) { return items.get(normalizedTag); }

    /** The loop that holds a normalized tag, or null. */
    Loop loopOf(String normalizedTag) {
        for (Loop l : loops) if (l.tags().contains(normalizedTag)) return l;
        return null;
    }

    /** Why the block could not be parsed, or null when it was. */
    public StructureFormatException failure() { return failure; }

    void fail(StructureFormatException e) { failure = e; }

    void add(Loop l) { loops.add(l); }

    /** A single (non-looped) item, or a looped one that has exactly one row. */
    public Optional<Value> value(String tag) {
        String t = normalize(tag);
        Value v = items.get(t);
        if (v != null) return Optional.of(v);
        for (Loop l : loops) {
            int c = l.tags().indexOf(t);
            if (c >= 0 && l.rows().size() == 1) return Optional.of(l.rows().get(0).get(c));
        }
        return Optional.empty();
    }

    /** The text of a present, non-missing value. */
    public Optional<String> text(String tag) {
        return value(tag).filter(v -> !v.isMissing()).map(Value::text);
    }

    /** The loop that holds {@code tag}. */
    public Optional<Loop> loop(String tag) {
        String t = normalize(tag);
        for (Loop l : loops) if (l.tags().contains(t)) return Optional.of(l);
        return Optional.empty();
    }

    /** All values of a tag, looped or single. */
    public List<Value> values(String tag) {
        Optional<Loop> l = loop(tag);
        if (l.isPresent()) {
            int c = l.get().column(tag);
            List<Value> out = new ArrayList<>();
            for (List<Value> row : l.get().rows()) out.add(row.get(c));
            return out;
        }
        Value v = items.get(normalize(tag));
        return v == null ? List.of() : List.of(v);
    }

    public boolean has(String tag) { return items.containsKey(normalize(tag)) || loop(tag).isPresent(); }

    static String normalize(String tag) { return tag.toLowerCase(Locale.ROOT).replace('.', '_'); }

    @Override
    public String toString() { return "data_" + name; }
}
