package org.crystalgan.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Writes a VASP 5 POSCAR: scale 1, the lattice vectors as they are, the species line, counts and
 * Direct coordinates with 16 decimals. Sites are grouped by element in the order each first
 * appears (VASP needs each species in one block), otherwise kept in order.
 */
public final class PoscarWriter {
    private PoscarWriter() {}

    /** POSCAR text; {@code comment} (one line) defaults to the formula. */
    public static String write(Structure s, String comment) {
        if (!s.isOrdered()) {
            throw new InputException("a POSCAR cannot hold partially occupied sites (" + s.composition().formula()
                    + " is disordered); write CIF or JSON instead");
        }
        if (s.size() == 0) throw new InputException("a POSCAR needs at least one atom");
        Map<Element, List<Site>> groups = new LinkedHashMap<>();
        for (Site site : s.sites()) groups.computeIfAbsent(site.element(), e -> new ArrayList<>()).add(site);
        StringBuilder sb = new StringBuilder();
        String c = comment == null || comment.isBlank() ? s.composition().formula() : comment.replaceAll("[\r\n]+", " ");
        sb.append(c).append('\n').append("1.0\n");
        double[][] m = s.lattice().matrix();
        for (double[] row : m) sb.append(String.format(Locale.ROOT, "  %22.16f %22.16f %22.16f%n", row[0], row[1], row[2]));
        StringBuilder names = new StringBuilder(), counts = new StringBuilder();
        for (Map.Entry<Element, List<Site>> g : groups.entrySet()) {
            names.append(' ').append(g.getKey().symbol());
            counts.append(' ').append(g.getValue().size());
        }
        sb.append(names).append('\n').append(counts).append('\n').append("direct\n");
        for (List<Site> g : groups.values()) {
            for (Site site : g) {
                sb.append(String.format(Locale.ROOT, "  %.16f %.16f %.16f %s%n", site.frac().x(), site.frac().y(), site.frac().z(),
                        site.element().symbol()));
            }
        }
        return sb.toString().replace("\r\n", "\n");
    }
}
