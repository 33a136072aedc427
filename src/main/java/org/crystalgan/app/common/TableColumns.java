package org.crystalgan.app.common;

import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Table columns that keep their text whole. */
public final class TableColumns {
    private TableColumns() { }

    // the cell's padding (modena: 0.166667em a side), the column's resize border and a margin for fonts whose
    // rendering is a pixel wider than their measure; without it the last letter turns into an ellipsis
    private static final double SLACK = 24;

    /**
     * A text column as wide as its longest text (never narrower than {@code minWidth}), re-measured whenever the rows
     * change, so generated names ("MgMn2O4-random-s1-6") are read whole without sideways scrolling; each cell's
     * tooltip repeats its text. The user may still drag the column narrower.
     */
    public static <R> void fitToText(TableColumn<R, String> col, ObservableList<R> rows, Function<R, String> text, double minWidth) {
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(text.apply(cd.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setTooltip(empty || v == null ? null : new Tooltip(v));
            }
        });
        InvalidationListener fit = o -> {
            double w = Math.max(minWidth, width(col.getText(), null) + SLACK);
            for (R r : rows) w = Math.max(w, width(text.apply(r), null) + SLACK);
            col.setPrefWidth(Math.ceil(w));
        };
        rows.addListener(fit);
        fit.invalidated(rows);
    }

    /** Width of {@code s} in {@code font} (null: the default font every table cell uses), px. */
    public static double width(String s, Font font) {
        if (s == null || s.isEmpty()) return 0;
        Text t = new Text(s);
        t.setFont(font == null ? Font.getDefault() : font);
        return t.getLayoutBounds().getWidth();
    }
}
