package org.crystalgan.app.data;

import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.crystal.Lattice;

/** One row of the Data table: the entry and the values shown (lengths Å, angles degrees, volume Å³, density g/cm³). */
public record DataRow(StructureEntry entry, String formula, String spaceGroup, double a, double b, double c,
                      double alpha, double beta, double gamma, double volume, double density) {
    public static DataRow of(StructureEntry e, String spaceGroup) {
        Lattice l = e.structure().lattice();
        return new DataRow(e, e.formula(), spaceGroup, l.a(), l.b(), l.c(), l.alpha(), l.beta(), l.gamma(),
                e.structure().volume(), e.structure().density());
    }

    public String name() { return entry.name(); }

    public String source() { return entry.source(); }
}
