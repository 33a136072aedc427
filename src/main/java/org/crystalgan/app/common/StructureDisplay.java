package org.crystalgan.app.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import org.crystalgan.crystal.Structure;

/**
 * Where the panes send the structure to look at (the 3-D viewer's ViewModel implements it), so that the panes and
 * this package need not know the viewer: {@code app.common} sits below {@code app.viewer}.
 */
public interface StructureDisplay {
    /** Shows {@code s} under {@code name}; both null clear the display. */
    void show(String name, Structure s);

    ReadOnlyObjectProperty<Structure> structureProperty();

    ReadOnlyStringProperty titleProperty();
}
