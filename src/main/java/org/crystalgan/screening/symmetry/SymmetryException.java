package org.crystalgan.screening.symmetry;

import org.crystalgan.crystal.InputException;

/** A structure whose symmetry cannot be determined (disordered, empty, overlapping atoms). */
public class SymmetryException extends InputException {
    public SymmetryException(String message) { super(message); }
}
