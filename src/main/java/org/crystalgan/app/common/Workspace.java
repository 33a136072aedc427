package org.crystalgan.app.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the panes share in one session: the loaded data set (Data pane) and the generated structures
 * (Generate pane), which the Generate pane marks on its composition triangle and the Screening pane
 * screens. Modified on the FX thread only.
 */
public final class Workspace {
    private final ObservableList<StructureEntry> loaded = FXCollections.observableArrayList();
    private final ObservableList<StructureEntry> generated = FXCollections.observableArrayList();

    public ObservableList<StructureEntry> loaded() { return loaded; }

    public ObservableList<StructureEntry> generated() { return generated; }
}
