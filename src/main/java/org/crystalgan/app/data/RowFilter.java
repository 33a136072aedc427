package org.crystalgan.app.data;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The Data table's filter field: every word typed must occur (case-insensitive) in the row's name, formula,
 * space group, source or training verdict, so "spinel", "Fd-3m", "MgMn2O4 no" all narrow the table.
 */
public final class RowFilter {
    private RowFilter() { }

    public static Predicate<DataRow> of(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return r -> true;
        String[] words = t.split("\\s+");
        return r -> {
            String hay = String.join(" ", r.name(), r.formula(), r.spaceGroup(), r.source() == null ? "" : r.source(), r.trainingText())
                    .toLowerCase(Locale.ROOT);
            for (String w : words) if (!hay.contains(w)) return false;
            return true;
        };
    }
}
