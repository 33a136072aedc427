package org.crystalgan.potential.relax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Primitive cells of the cubic structure types in the cubic-crystal table of an M3GNet model's
 * README (FCC, BCC, halite, zinc blende, diamond, caesium chloride, cubic perovskite), built from
 * the formula and the type, and the cubic a recovered from a relaxed cell's volume.
 */
final class CubicCrystals {
    private CubicCrystals() {}

    /** One table row: the material, its structure type, the MP lattice constant and the model's predicted one (Å). */
    record Row(String material, String type, double mpA, double predictedA) {}

    private static final Pattern SYMBOL = Pattern.compile("([A-Z][a-z]?)(\\d*)");

    /** The rows of a README's markdown table "| Material | Crystal structure | a (Å) | MP a (Å) | Predicted a (Å) | ...". */
    static List<Row> parseTable(String readme) {
        List<Row> rows = new ArrayList<>();
        for (String line : readme.lines().toList()) {
            String[] c = line.split("\\|");
            if (c.length < 6) continue;
            String material = c[1].strip(), type = c[2].strip();
            try {
                rows.add(new Row(material, type, Double.parseDouble(c[4].strip()), Double.parseDouble(c[5].strip())));
            } catch (NumberFormatException e) {
                // header and separator lines
            }
        }
        return rows;
    }

    /** Volume of the primitive cell per cubic a³. */
    static double primitiveVolumeFraction(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.startsWith("bcc")) return 0.5;
        if (t.startsWith("caesium chloride") || t.startsWith("cubic perovskite")) return 1;
        return 0.25; // every other type here sits on an fcc lattice
    }

    /** The cubic a (Å) of a primitive cell of {@code type}, from its volume. */
    static double cubicA(Structure s, String type) { return Math.cbrt(s.volume() / primitiveVolumeFraction(type)); }

    /**
     * The primitive cell of the row with cubic edge a, or empty where the formula is not a whole-number
     * compound of the type (VC0.97 and the like) or the type is not one of the seven above.
     */
    static Optional<Structure> build(Row row, double a) {
        String formula = row.material().replace(" (diamond)", "");
        if (!formula.matches("([A-Z][a-z]?\\d*)+")) return Optional.empty();
        List<String> species = new ArrayList<>();
        Matcher m = SYMBOL.matcher(formula);
        while (m.find()) {
            int count = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
            for (int k = 0; k < count; k++) species.add(m.group(1));
        }
        String t = row.type().toLowerCase(Locale.ROOT);
        double h = a / 2;
        Lattice fcc = Lattice.fromMatrix(new double[][] {{0, h, h}, {h, 0, h}, {h, h, 0}});
        Lattice bcc = Lattice.fromMatrix(new double[][] {{-h, h, h}, {h, -h, h}, {h, h, -h}});
        Lattice sc = Lattice.cubic(a);
        if (t.startsWith("fcc") && species.size() == 1) return Optional.of(cell(fcc, species, new double[][] {{0, 0, 0}}));
        if (t.startsWith("bcc") && species.size() == 1) return Optional.of(cell(bcc, species, new double[][] {{0, 0, 0}}));
        if (t.startsWith("diamond") && species.size() == 1) {
            return Optional.of(cell(fcc, List.of(species.get(0), species.get(0)), new double[][] {{0, 0, 0}, {.25, .25, .25}}));
        }
        if (t.startsWith("halite") && species.size() == 2) return Optional.of(cell(fcc, species, new double[][] {{0, 0, 0}, {.5, .5, .5}}));
        if (t.startsWith("zinc blende") && species.size() == 2) return Optional.of(cell(fcc, species, new double[][] {{0, 0, 0}, {.25, .25, .25}}));
        if (t.startsWith("caesium chloride") && species.size() == 2) return Optional.of(cell(sc, species, new double[][] {{0, 0, 0}, {.5, .5, .5}}));
        if (t.startsWith("cubic perovskite") && species.size() == 5) {
            return Optional.of(cell(sc, species, new double[][] {{0, 0, 0}, {.5, .5, .5}, {.5, .5, 0}, {.5, 0, .5}, {0, .5, .5}}));
        }
        return Optional.empty();
    }

    private static Structure cell(Lattice lattice, List<String> species, double[][] frac) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < frac.length; i++) sites.add(new Site(Element.of(species.get(i)), frac[i][0], frac[i][1], frac[i][2]));
        return new Structure(lattice, sites);
    }
}
