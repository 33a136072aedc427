package org.crystalgan.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Bounds on what a read structure may be, so that every analysis after reading (neighbour lists,
 * symmetry, screening) does bounded work: a cell no longer than any crystal's, atoms no denser
 * than any solid's, and no position holding more than one atom. Each refusal says which bound and
 * by how much; the limits sit far outside real crystals (the longest cell edges in the ICSD are a
 * few hundred Å; solids hold at least about 5 Å³ per atom, diamond 5.7).
 */
final class StructureLimits {
    /** Longest cell edge accepted, Å. */
    static final double MAX_CELL_LENGTH = 10_000;
    /** Smallest volume per atom accepted (occupancy-weighted), Å³. */
    static final double MIN_VOLUME_PER_ATOM = 1.0;

    private StructureLimits() {}

    static void check(Path file, String name, Structure s) {
        Lattice l = s.lattice();
        double[] len = {l.a(), l.b(), l.c()};
        for (int i = 0; i < 3; i++) {
            if (!(len[i] <= MAX_CELL_LENGTH)) {
                throw new StructureFormatException(file, 0, String.format(Locale.ROOT,
                        "structure %s: cell edge %s = %.6g Å is longer than any crystal cell (limit %,.0f Å); is the unit pm or a typo?",
                        name, "abc".charAt(i), len[i], MAX_CELL_LENGTH));
            }
        }
        double atoms = 0;
        for (Site site : s.sites()) atoms += site.occupancy();
        double perAtom = l.volume() / atoms;
        if (perAtom < MIN_VOLUME_PER_ATOM) {
            throw new StructureFormatException(file, 0, String.format(Locale.ROOT,
                    "structure %s: %.4g atoms in a %.4g Å³ cell leave %.3g Å³ per atom, denser than any solid (at least %.0f Å³ per atom)",
                    name, atoms, l.volume(), perAtom, MIN_VOLUME_PER_ATOM));
        }
        overlaps(file, name, s);
    }

    /** Sites on one position (within the CIF merge tolerance) may share it only with occupancies adding up to at most 1. */
    private static void overlaps(Path file, String name, Structure s) {
        Lattice l = s.lattice();
        double[] rec = l.reciprocalNorms();
        double[] bound = new double[3];
        for (int i = 0; i < 3; i++) bound[i] = Math.max(CifReader.MERGE_FRACTIONAL, CifReader.MERGE_ANGSTROM * rec[i] * 1.0001);
        CifReader.SiteGrid grid = new CifReader.SiteGrid(bound);
        List<Site> sites = s.sites();
        for (int i = 0; i < sites.size(); i++) grid.add(sites.get(i).frac(), i);
        boolean[] done = new boolean[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            if (done[i]) continue;
            double total = sites.get(i).occupancy();
            List<Integer> members = new ArrayList<>(List.of(i));
            for (int k : grid.near(sites.get(i).frac())) {
                if (k > i && !done[k] && CifReader.close(l, sites.get(i).frac(), sites.get(k).frac(), bound)) {
                    done[k] = true;
                    members.add(k);
                    total += sites.get(k).occupancy();
                }
            }
            if (members.size() > 1 && total > 1 + 1e-3) {
                Site a = sites.get(i);
                throw new StructureFormatException(file, 0, String.format(Locale.ROOT,
                        "structure %s: %d sites (%s...) sit on one position (%.4f, %.4f, %.4f) with total occupancy %.4g; a position holds at most one atom",
                        name, members.size(), a.element().symbol(), a.frac().x(), a.frac().y(), a.frac().z(), total));
            }
        }
    }
}
