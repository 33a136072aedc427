package org.crystalgan.screening;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.SymOp;
import org.crystalgan.crystal.Vec3;

/** Textbook oxides built from their space group and Wyckoff positions, for tests. */
public final class TestStructures {
    private TestStructures() {}

    /** Periclase MgO, rock salt, a = 4.212 Å (conventional cell, 8 atoms). */
    public static Structure periclase() {
        return expand(Lattice.cubic(4.212), SpaceGroups.byNumber(225).operations(),
                new Object[][] {{"Mg", 0.0, 0.0, 0.0}, {"O", 0.5, 0.5, 0.5}});
    }

    /**
     * Pyrolusite β-MnO2, rutile type P4_2/mnm, a = 4.3983 Å, c = 2.8730 Å, O at 4f (x, x, 0) with
     * x = 0.3046 (Bolzan, Fong, Kennedy and Howard, Aust. J. Chem. 46 (1993) 939).
     */
    public static Structure pyrolusite() {
        return expand(Lattice.fromParameters(4.3983, 4.3983, 2.8730, 90, 90, 90), SpaceGroups.byNumber(136).operations(),
                new Object[][] {{"Mn", 0.0, 0.0, 0.0}, {"O", 0.3046, 0.3046, 0.0}});
    }

    /**
     * Hausmannite Mn3O4, I4_1/amd origin choice 2, a = 5.765 Å, c = 9.442 Å; Mn(II) 4a (0, 3/4, 1/8),
     * Mn(III) 8d (0, 0, 1/2), O 16h (0, 0.4716, 0.2587) (Jarosch, Mineral. Petrol. 37 (1987) 15).
     */
    public static Structure hausmannite() {
        SpaceGroups.Setting s = SpaceGroups.all().stream()
                .filter(g -> g.number() == 141 && "2".equals(g.choice())).findFirst().orElseThrow();
        return expand(Lattice.fromParameters(5.765, 5.765, 9.442, 90, 90, 90), s.operations(),
                new Object[][] {{"Mn", 0.0, 0.75, 0.125}, {"Mn", 0.0, 0.0, 0.5}, {"O", 0.0, 0.4716, 0.2587}});
    }

    /** Applies every operation to every position and keeps one atom per distinct wrapped position. */
    public static Structure expand(Lattice lattice, List<SymOp> ops, Object[][] asym) {
        List<Site> sites = new ArrayList<>();
        for (Object[] a : asym) {
            Element e = Element.of((String) a[0]);
            Vec3 p = new Vec3((double) a[1], (double) a[2], (double) a[3]);
            for (SymOp op : ops) {
                Vec3 q = op.apply(p).wrapped();
                boolean seen = false;
                for (Site s : sites) if (lattice.minimumImageDistance(s.frac(), q) < 1e-3) { seen = true; break; }
                if (!seen) sites.add(new Site(e, q));
            }
        }
        return new Structure(lattice, sites);
    }
}
