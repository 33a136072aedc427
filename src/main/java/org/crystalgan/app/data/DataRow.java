package org.crystalgan.app.data;

import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.crystal.Lattice;

/**
 * One row of the Data table: the entry and the values shown (lengths Å, angles degrees, volume Å³, density g/cm³),
 * and whether it can go into a training set, with the reason.
 */
public record DataRow(StructureEntry entry, String formula, String spaceGroup, double a, double b, double c,
                      double alpha, double beta, double gamma, double volume, double density, DataServices.TrainingFit training) {
    public static DataRow of(StructureEntry e, String spaceGroup, DataServices.TrainingFit training) {
        Lattice l = e.structure().lattice();
        return new DataRow(e, e.formula(), spaceGroup, l.a(), l.b(), l.c(), l.alpha(), l.beta(), l.gamma(),
                e.structure().volume(), e.structure().density(), training);
    }

    /** "yes", "yes, as its 14-atom primitive cell" or "no: ..." for the table. */
    public String trainingText() { return (training.usable() ? "yes" : "no") + (training.note().isEmpty() ? "" : ": " + training.note()); }

    public String name() { return entry.name(); }

    public String source() { return entry.source(); }
}
