package org.crystalgan.app.viewer;

import org.crystalgan.crystal.Structure;

/** The viewer tests' rock-salt cell for tests in other packages. */
public final class CellGeometryTestAccess {
    private CellGeometryTestAccess() { }

    public static Structure rockSalt() { return CellGeometryTest.rockSalt(); }
}
