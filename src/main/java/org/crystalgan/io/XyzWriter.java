package org.crystalgan.io;

import java.util.Locale;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * Writes extended XYZ (the ASE / OVITO convention): atom count, a comment line carrying
 * {@code Lattice="ax ay az bx by bz cx cy cz"}, {@code Properties=species:S:1:pos:R:3} and
 * {@code pbc="T T T"}, then one line per atom with Cartesian coordinates in Å. Plain XYZ readers
 * read it too (they ignore the comment line). Occupancies are not representable and are dropped
 * from the coordinates, so the writer refuses disordered structures.
 */
public final class XyzWriter {
    private XyzWriter() {}

    public static String write(Structure s, String comment) {
        if (!s.isOrdered()) {
            throw new org.crystalgan.crystal.InputException("XYZ cannot hold partially occupied sites (" + s.composition().formula()
                    + " is disordered); write CIF or JSON instead");
        }
        Lattice l = s.lattice();
        double[][] m = l.matrix();
        StringBuilder sb = new StringBuilder();
        sb.append(s.size()).append('\n');
        sb.append("Lattice=\"");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) sb.append(i + j > 0 ? " " : "").append(String.format(Locale.ROOT, "%.10f", m[i][j]));
        }
        sb.append("\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"");
        if (comment != null && !comment.isBlank()) sb.append(" comment=\"").append(comment.replaceAll("[\"\r\n]+", " ").strip()).append('"');
        sb.append('\n');
        for (Site site : s.sites()) {
            Vec3 c = l.toCartesian(site.frac());
            sb.append(String.format(Locale.ROOT, "%-2s %16.10f %16.10f %16.10f%n", site.element().symbol(), c.x(), c.y(), c.z()));
        }
        return sb.toString().replace("\r\n", "\n");
    }
}
