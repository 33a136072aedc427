package org.crystalgan.app.common;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * A ViewModel's list as the view sees it: every element and change of the source, and no way to change it (add, set
 * and remove throw {@link UnsupportedOperationException}), unlike {@code FXCollections.unmodifiableObservableList},
 * whose wrapper a caller may let go while its listeners silently stop; this one lives as long as the ViewModel
 * field that holds it. It has no writable property either (a {@code FilteredList} or {@code SortedList} would
 * hand the view its predicate or comparator).
 */
public final class ReadOnlyList<E> extends TransformationList<E, E> {
    public ReadOnlyList(ObservableList<E> source) {
        super(source);
    }

    @Override
    public E get(int index) { return getSource().get(index); }

    @Override
    public int size() { return getSource().size(); }

    @Override
    public int getSourceIndex(int index) { return index; }

    @Override
    public int getViewIndex(int index) { return index; }

    @Override
    @SuppressWarnings("unchecked")
    protected void sourceChanged(ListChangeListener.Change<? extends E> c) {
        beginChange();
        while (c.next()) {
            if (c.wasPermutated()) {
                int[] perm = new int[c.getTo() - c.getFrom()];
                for (int i = c.getFrom(); i < c.getTo(); i++) perm[i - c.getFrom()] = c.getPermutation(i);
                nextPermutation(c.getFrom(), c.getTo(), perm);
            } else if (c.wasUpdated()) {
                for (int i = c.getFrom(); i < c.getTo(); i++) nextUpdate(i);
            } else if (c.wasReplaced()) {
                nextReplace(c.getFrom(), c.getTo(), (java.util.List<E>) c.getRemoved());
            } else {
                if (c.wasRemoved()) nextRemove(c.getFrom(), (java.util.List<E>) c.getRemoved());
                if (c.wasAdded()) nextAdd(c.getFrom(), c.getTo());
            }
        }
        endChange();
    }
}
