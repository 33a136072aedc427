package org.crystalgan.app.common;

import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
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
    private final ObjectProperty<Path> trainingSet = new SimpleObjectProperty<>(this, "trainingSet");

    public ObservableList<StructureEntry> loaded() { return loaded; }

    public ObservableList<StructureEntry> generated() { return generated; }

    /** The training set the Data pane built last; the Training pane takes it as its set. */
    public ObjectProperty<Path> trainingSetProperty() { return trainingSet; }
}
