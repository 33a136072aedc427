package org.crystalgan.crystal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A chemical element. All data come from one resource, {@code /crystalgan/elements.tsv}, whose
 * header cites the sources (IUPAC masses, Pauling electronegativities, Shannon 1976 ionic radii,
 * Cordero 2008 covalent radii, Jmol colours).
 */
public final class Element {
    /** Pymatgen's formula order: by Pauling electronegativity, then by symbol. */
    public static final Comparator<Element> FORMULA_ORDER =
            Comparator.comparingDouble(Element::formulaSortKey).thenComparing(Element::symbol);

    private static final String RESOURCE = "/crystalgan/elements.tsv";
    private static final List<Element> BY_Z;
    private static final Map<String, Element> BY_SYMBOL;

    private final int z;
    private final String symbol;
    private final String name;
    private final double mass;
    private final double electronegativity;
    private final int[] commonOxidationStates;
    private final int[] oxidationStates;
    private final Map<Integer, double[]> shannon; // ox -> {coordination number, radius Å}
    private final double covalentRadius;
    private final int rgb;

    private Element(int z, String symbol, String name, double mass, double x, int[] common, int[] all,
                    Map<Integer, double[]> shannon, double covalent, int rgb) {
        this.z = z;
        this.symbol = symbol;
        this.name = name;
        this.mass = mass;
        this.electronegativity = x;
        this.commonOxidationStates = common;
        this.oxidationStates = all;
        this.shannon = shannon;
        this.covalentRadius = covalent;
        this.rgb = rgb;
    }

    static {
        List<Element> list = new ArrayList<>();
        Map<String, Element> map = new HashMap<>();
        try (InputStream in = Element.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("element table " + RESOURCE + " missing from the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.split("\t", -1);
                Map<Integer, double[]> radii = new LinkedHashMap<>();
                if (!p[7].isEmpty()) {
                    for (String t : p[7].split(",")) {
                        String[] q = t.split(":");
                        radii.put(Integer.parseInt(q[0]), new double[] {Integer.parseInt(q[1]), Double.parseDouble(q[2])});
                    }
                }
                Element e = new Element(Integer.parseInt(p[0]), p[1], p[2], Double.parseDouble(p[3]),
                        p[4].isEmpty() ? Double.NaN : Double.parseDouble(p[4]), ints(p[5]), ints(p[6]),
                        Collections.unmodifiableMap(radii), Double.parseDouble(p[8]), Integer.parseInt(p[9].substring(1), 16));
                list.add(e);
                map.put(e.symbol, e);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        BY_Z = List.copyOf(list);
        BY_SYMBOL = Map.copyOf(map);
    }

    private static int[] ints(String s) {
        if (s.isEmpty()) return new int[0];
        String[] p = s.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i]);
        return out;
    }

    /** The element with this symbol (case as written, e.g. "Mn"). */
    public static Element of(String symbol) {
        Element e = BY_SYMBOL.get(symbol);
        if (e == null) throw new IllegalArgumentException("unknown element '" + symbol + "'");
        return e;
    }

    /**
     * Lenient lookup for file readers: accepts "MN", "mn", and labels with charges or digits such as
     * "Mn3+", "O2-", "Mn1" (the leading letters are the symbol).
     */
    public static Optional<Element> find(String text) {
        if (text == null) return Optional.empty();
        String t = text.strip();
        int n = 0;
        while (n < t.length() && n < 2 && Character.isLetter(t.charAt(n))) n++;
        if (n == 0) return Optional.empty();
        // try the two-letter symbol first ("Mn" before "M"), then one letter
        for (int len = n; len >= 1; len--) {
            String s = t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1, len).toLowerCase(Locale.ROOT);
            Element e = BY_SYMBOL.get(s);
            if (e != null) {
                // a one-letter match must not be followed by a letter that failed ("Xx" is no element)
                if (len == 1 && n == 2 && Character.isLowerCase(t.charAt(1))) continue;
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static Element ofZ(int z) {
        if (z < 1 || z > BY_Z.size()) throw new IllegalArgumentException("no element with Z = " + z);
        return BY_Z.get(z - 1);
    }

    public static List<Element> all() { return BY_Z; }

    public int z() { return z; }
    public String symbol() { return symbol; }
    public String name() { return name; }
    /** Standard atomic weight, g/mol. */
    public double mass() { return mass; }
    /** Pauling electronegativity; NaN where undefined (noble gases). */
    public double electronegativity() { return electronegativity; }
    public int[] commonOxidationStates() { return commonOxidationStates.clone(); }
    public int[] oxidationStates() { return oxidationStates.clone(); }
    /** Covalent radius in Å (Cordero 2008). */
    public double covalentRadius() { return covalentRadius; }
    /** Display colour as 0xRRGGBB (Jmol). */
    public int rgb() { return rgb; }

    /** Shannon effective ionic radius (Å) for this oxidation state, coordination VI where tabulated. */
    public OptionalDouble ionicRadius(int oxidationState) {
        double[] r = shannon.get(oxidationState);
        return r == null ? OptionalDouble.empty() : OptionalDouble.of(r[1]);
    }

    /** The coordination number whose Shannon radius {@link #ionicRadius(int)} gives. */
    public int ionicRadiusCoordination(int oxidationState) {
        double[] r = shannon.get(oxidationState);
        return r == null ? 0 : (int) r[0];
    }

    public Map<Integer, Double> ionicRadii() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        shannon.forEach((k, v) -> out.put(k, v[1]));
        return out;
    }

    private double formulaSortKey() { return Double.isNaN(electronegativity) ? 100 + z : electronegativity; }

    @Override
    public String toString() { return symbol; }
}
