package org.crystalgan.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** The list a ViewModel hands out: the source's elements and changes, and no way to change them. */
class ReadOnlyListTest {
    @Test
    void showsEveryChangeOfTheSourceAndRefusesWrites() {
        ObservableList<String> source = FXCollections.observableArrayList("b", "a");
        ReadOnlyList<String> view = new ReadOnlyList<>(source);
        List<String> heard = new ArrayList<>();
        view.addListener((ListChangeListener<String>) c -> {
            while (c.next()) {
                if (c.wasPermutated()) heard.add("permuted " + c.getFrom() + "-" + c.getTo());
                else if (c.wasReplaced()) heard.add("replaced " + c.getRemoved() + " by " + c.getAddedSubList());
                else if (c.wasRemoved()) heard.add("removed " + c.getRemoved());
                else if (c.wasAdded()) heard.add("added " + c.getAddedSubList());
            }
        });
        source.add("c");
        FXCollections.sort(source);
        source.set(0, "z");
        source.remove("b");
        source.setAll("x");
        assertEquals(List.of("added [c]", "permuted 0-3", "replaced [a] by [z]", "removed [b]", "replaced [z, c] by [x]"), heard);
        assertEquals(List.of("x"), List.copyOf(view));
        assertThrows(UnsupportedOperationException.class, () -> view.add("y"));
        assertThrows(UnsupportedOperationException.class, () -> view.set(0, "y"));
        assertThrows(UnsupportedOperationException.class, () -> view.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> view.setAll("y"));
        assertThrows(UnsupportedOperationException.class, view::clear);
        assertEquals(List.of("x"), List.copyOf(source));
    }
}
