package org.crystalgan.encoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * The 2-D matrix representation of Kim et al., ACS Cent. Sci. 6 (2020) 1412 (and their code,
 * {@code kaist-amsg/Composition-Conditioned-Crystal-GAN}), made a value so that another chemical
 * system is a new instance rather than new code.
 *
 * <p>Layout, {@link #rows()} x 3:
 * <ul>
 *   <li>row 0: a, b, c divided by {@link #maxLengthAngstrom()} (30 Å in the paper);</li>
 *   <li>row 1: α, β, γ divided by 180°;</li>
 *   <li>then one block of {@code maxAtoms(i)} rows per element, in {@link #elements()} order: the
 *       fractional coordinates P of that element's atoms stored as P' = 2/3·P + 1/6 (so in
 *       [1/6, 5/6) and an atom at the origin differs from padding); unused rows are zero.</li>
 * </ul>
 * A row is read as an atom when its sum exceeds {@link #ATOM_THRESHOLD} (0.4, the reference code's value).
 *
 * @param name          a short name for messages ("Mg-Mn-O")
 * @param elements      the elements, in block order
 * @param maxAtoms      the most atoms of each element (same order as {@code elements})
 * @param maxLengthAngstrom the length scale (Å): cell lengths are stored divided by it and may not exceed it
 */
public record Representation(String name, List<Element> elements, List<Integer> maxAtoms, double maxLengthAngstrom) {

    /** Angles are stored divided by this (degrees). */
    public static final double ANGLE_SCALE_DEGREES = 180.0;
    /** A coordinate row is an atom when its sum exceeds this (reference code's threshold). */
    public static final double ATOM_THRESHOLD = 0.4;
    /** P' = COORD_SCALE·P + COORD_OFFSET. */
    public static final double COORD_SCALE = 2.0 / 3.0;
    public static final double COORD_OFFSET = 1.0 / 6.0;
    /** Number of rows before the first coordinate row (lengths, angles). */
    public static final int HEADER_ROWS = 2;

    /** The paper's Mg-Mn-O representation: 8 Mg, 8 Mn, 12 O, lengths / 30 Å: 30 rows. */
    public static final Representation MG_MN_O = of("Mg-Mn-O", 30.0, "Mg", 8, "Mn", 8, "O", 12);

    /**
     * A V-O representation for the paper's benchmark against iMatGen. The paper's text (as summarised
     * in PAPER.md) gives no row limits for V-O; this choice keeps the Mg-Mn-O budget of 28 atom rows
     * and its 8:12 cation:anion split (up to V8O12 per cell, covering V2O3, VO2, V2O5, V3O5, V4O7,
     * V6O13 at Z=1 and the V3O4 / V6O7 cells the paper reports), with the same 30 Å length scale.
     * Cells beyond it (V6O13 at Z=2, for example) are rejected with a message naming the limit.
     */
    public static final Representation V_O = of("V-O", 30.0, "V", 8, "O", 12);

    public Representation {
        Objects.requireNonNull(name, "name");
        elements = List.copyOf(elements);
        maxAtoms = List.copyOf(maxAtoms);
        if (elements.isEmpty()) throw new IllegalArgumentException("a representation needs at least one element");
        if (elements.size() != maxAtoms.size()) {
            throw new IllegalArgumentException("one atom limit per element is needed");
        }
        if (elements.stream().distinct().count() != elements.size()) {
            throw new IllegalArgumentException("elements repeat in " + elements);
        }
        for (int m : maxAtoms) if (m < 1) throw new IllegalArgumentException("atom limits must be at least 1");
        if (!(maxLengthAngstrom > 0) || !Double.isFinite(maxLengthAngstrom)) {
            throw new IllegalArgumentException("the length scale must be a positive number of Å");
        }
    }

    /** {@code of("V-O", 30, "V", 8, "O", 12)}: element symbols each followed by its atom limit. */
    public static Representation of(String name, double maxLengthAngstrom, Object... symbolLimitPairs) {
        if (symbolLimitPairs.length % 2 != 0) throw new IllegalArgumentException("symbol / limit pairs expected");
        List<Element> els = new ArrayList<>();
        List<Integer> lim = new ArrayList<>();
        for (int i = 0; i < symbolLimitPairs.length; i += 2) {
            els.add(Element.of((String) symbolLimitPairs[i]));
            lim.add(((Number) symbolLimitPairs[i + 1]).intValue());
        }
        return new Representation(name, els, lim, maxLengthAngstrom);
    }

    /** Total rows: 2 + the sum of the atom limits (30 for Mg-Mn-O). */
    public int rows() { return HEADER_ROWS + atomRows(); }

    /** Coordinate rows only (28 for Mg-Mn-O). */
    public int atomRows() {
        int n = 0;
        for (int m : maxAtoms) n += m;
        return n;
    }

    /** Values per matrix: rows() x 3. */
    public int size() { return rows() * 3; }

    public int elementCount() { return elements.size(); }

    /** The row where element block {@code i} starts. */
    public int firstRow(int i) {
        int r = HEADER_ROWS;
        for (int k = 0; k < i; k++) r += maxAtoms.get(k);
        return r;
    }

    public int maxAtoms(int i) { return maxAtoms.get(i); }

    /** Index of the element in {@link #elements()}, or -1. */
    public int indexOf(Element e) { return elements.indexOf(e); }

    /** Element of a coordinate row, or null for the two header rows. */
    public Element elementOfRow(int row) {
        if (row < HEADER_ROWS || row >= rows()) return null;
        int r = HEADER_ROWS;
        for (int i = 0; i < elements.size(); i++) {
            r += maxAtoms.get(i);
            if (row < r) return elements.get(i);
        }
        return null;
    }

    /** True when the composition's atom counts all fit (elements known, counts within limits). */
    public boolean fits(Composition c) {
        for (Element e : c.elements()) {
            int i = indexOf(e);
            if (i < 0) return false;
            double amount = c.amount(e);
            if (Math.abs(amount - Math.rint(amount)) > 1e-6 || Math.rint(amount) > maxAtoms.get(i)) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ encode

    /**
     * Check that a structure fits, with a message naming the violated limit.
     *
     * @throws InputException when it holds a foreign element, too many atoms of an element, a
     *                        partially occupied site, or a cell length above the length scale
     */
    public void checkFits(Structure s) {
        if (!s.isOrdered()) {
            throw new InputException(formula(s) + " has partially occupied (disordered) sites; the " + name
                    + " representation holds only ordered structures (one atom per site)");
        }
        int[] counts = new int[elements.size()];
        for (Site site : s.sites()) {
            int i = indexOf(site.element());
            if (i < 0) {
                throw new InputException(formula(s) + " contains " + site.element().symbol() + ", which the " + name
                        + " representation cannot hold (it holds only " + symbols() + ")");
            }
            counts[i]++;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > maxAtoms.get(i)) {
                throw new InputException(formula(s) + " has " + counts[i] + " " + elements.get(i).symbol()
                        + " atoms in its cell; the " + name + " representation holds at most " + maxAtoms.get(i));
            }
        }
        if (s.size() == 0) throw new InputException("the structure has no atoms");
        Lattice l = s.lattice();
        double[] len = {l.a(), l.b(), l.c()};
        String[] names = {"a", "b", "c"};
        for (int k = 0; k < 3; k++) {
            if (len[k] > maxLengthAngstrom) {
                throw new InputException(String.format(java.util.Locale.ROOT,
                        "%s has cell length %s = %.3f Å; the %s representation holds lengths up to %.1f Å",
                        formula(s), names[k], len[k], name, maxLengthAngstrom));
            }
        }
    }

    /** Encode into a new float matrix [rows()][3]. */
    public float[][] encode(Structure s) {
        float[] flat = new float[size()];
        encodeInto(s, flat, 0);
        float[][] m = new float[rows()][3];
        for (int r = 0; r < m.length; r++) System.arraycopy(flat, r * 3, m[r], 0, 3);
        return m;
    }

    /** Encode into a new double matrix [rows()][3]. */
    public double[][] encodeDouble(Structure s) {
        double[] flat = new double[size()];
        encodeInto(s, flat, 0);
        double[][] m = new double[rows()][3];
        for (int r = 0; r < m.length; r++) System.arraycopy(flat, r * 3, m[r], 0, 3);
        return m;
    }

    /** Encode into {@code out[offset .. offset+size())}, row-major; rows not used are set to zero. */
    public void encodeInto(Structure s, float[] out, int offset) {
        double[] tmp = new double[size()];
        encodeInto(s, tmp, 0);
        for (int k = 0; k < tmp.length; k++) out[offset + k] = (float) tmp[k];
    }

    /** Encode into {@code out[offset .. offset+size())}, row-major; rows not used are set to zero. */
    public void encodeInto(Structure s, double[] out, int offset) {
        checkFits(s);
        java.util.Arrays.fill(out, offset, offset + size(), 0.0);
        Lattice l = s.lattice();
        out[offset] = l.a() / maxLengthAngstrom;
        out[offset + 1] = l.b() / maxLengthAngstrom;
        out[offset + 2] = l.c() / maxLengthAngstrom;
        out[offset + 3] = l.alpha() / ANGLE_SCALE_DEGREES;
        out[offset + 4] = l.beta() / ANGLE_SCALE_DEGREES;
        out[offset + 5] = l.gamma() / ANGLE_SCALE_DEGREES;
        int[] next = new int[elements.size()];
        for (int i = 0; i < next.length; i++) next[i] = firstRow(i);
        for (Site site : s.sites()) {
            int i = indexOf(site.element());
            int row = next[i]++;
            Vec3 f = site.frac();
            int o = offset + row * 3;
            out[o] = toStored(f.x());
            out[o + 1] = toStored(f.y());
            out[o + 2] = toStored(f.z());
        }
    }

    /** P -> P' after reducing P into [0, 1). */
    static double toStored(double p) { return COORD_SCALE * wrap(p) + COORD_OFFSET; }

    /**
     * P reduced into [0, 1). A P a rounding error below 0 (as 1.5·(P' − 1/6) gives for a stored
     * 1/6) is the origin, not 1 − ε: wrapping it to 5/6 would move the atom across the stored range.
     */
    static double wrap(double p) {
        if (p < 0 && p > -1e-12) return 0.0;
        double w = p - Math.floor(p);
        return w >= 1.0 ? 0.0 : w;
    }

    /** P' -> P. */
    static double fromStored(double stored) { return (stored - COORD_OFFSET) / COORD_SCALE; }

    // ------------------------------------------------------------------ decode

    /** Decode a float matrix [rows()][3]. */
    public Structure decode(float[][] m) {
        checkShape(m.length, m);
        double[] flat = new double[size()];
        for (int r = 0; r < m.length; r++) for (int k = 0; k < 3; k++) flat[r * 3 + k] = m[r][k];
        return decode(flat, 0);
    }

    /** Decode a double matrix [rows()][3]. */
    public Structure decode(double[][] m) {
        checkShape(m.length, m);
        double[] flat = new double[size()];
        for (int r = 0; r < m.length; r++) System.arraycopy(m[r], 0, flat, r * 3, 3);
        return decode(flat, 0);
    }

    /** Decode the row-major matrix stored at {@code flat[offset .. offset+size())}. */
    public Structure decode(float[] flat, int offset) {
        double[] d = new double[size()];
        for (int k = 0; k < d.length; k++) d[k] = flat[offset + k];
        return decode(d, 0);
    }

    /**
     * Decode the row-major matrix stored at {@code flat[offset .. offset+size())}: rows whose sum
     * exceeds {@link #ATOM_THRESHOLD} become atoms of their block's element, coordinates are reduced
     * into [0, 1).
     *
     * @throws InputException when the first two rows do not describe a three-dimensional cell
     */
    public Structure decode(double[] flat, int offset) {
        double a = flat[offset] * maxLengthAngstrom, b = flat[offset + 1] * maxLengthAngstrom,
                c = flat[offset + 2] * maxLengthAngstrom;
        double al = flat[offset + 3] * ANGLE_SCALE_DEGREES, be = flat[offset + 4] * ANGLE_SCALE_DEGREES,
                ga = flat[offset + 5] * ANGLE_SCALE_DEGREES;
        Lattice lattice;
        try {
            lattice = Lattice.fromParameters(a, b, c, al, be, ga);
        } catch (IllegalArgumentException e) {
            throw new InputException("the matrix's cell rows do not describe a cell: " + e.getMessage(), e);
        }
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            Element el = elements.get(i);
            int first = firstRow(i);
            for (int row = first; row < first + maxAtoms.get(i); row++) {
                int o = offset + row * 3;
                if (flat[o] + flat[o + 1] + flat[o + 2] > ATOM_THRESHOLD) {
                    sites.add(new Site(el, wrap(fromStored(flat[o])), wrap(fromStored(flat[o + 1])), wrap(fromStored(flat[o + 2]))));
                }
            }
        }
        return new Structure(lattice, sites);
    }

    // ------------------------------------------------------------------ counts

    /** Atoms per element (in {@link #elements()} order) by the row-sum threshold. */
    public int[] countsFromMatrix(float[][] m) {
        checkShape(m.length, m);
        int[] counts = new int[elements.size()];
        for (int i = 0; i < counts.length; i++) {
            int first = firstRow(i);
            for (int row = first; row < first + maxAtoms.get(i); row++) {
                if ((double) m[row][0] + m[row][1] + m[row][2] > ATOM_THRESHOLD) counts[i]++;
            }
        }
        return counts;
    }

    /** Atoms per element (in {@link #elements()} order) by the row-sum threshold. */
    public int[] countsFromMatrix(double[][] m) {
        checkShape(m.length, m);
        double[] flat = new double[size()];
        for (int r = 0; r < m.length; r++) System.arraycopy(m[r], 0, flat, r * 3, 3);
        return countsFromMatrix(flat, 0);
    }

    /** Atoms per element of the row-major matrix at {@code flat[offset..]}. */
    public int[] countsFromMatrix(double[] flat, int offset) {
        int[] counts = new int[elements.size()];
        for (int i = 0; i < counts.length; i++) {
            int first = firstRow(i);
            for (int row = first; row < first + maxAtoms.get(i); row++) {
                int o = offset + row * 3;
                if (flat[o] + flat[o + 1] + flat[o + 2] > ATOM_THRESHOLD) counts[i]++;
            }
        }
        return counts;
    }

    /** Atoms per element of the row-major matrix at {@code flat[offset..]}. */
    public int[] countsFromMatrix(float[] flat, int offset) {
        int[] counts = new int[elements.size()];
        for (int i = 0; i < counts.length; i++) {
            int first = firstRow(i);
            for (int row = first; row < first + maxAtoms.get(i); row++) {
                int o = offset + row * 3;
                if ((double) flat[o] + flat[o + 1] + flat[o + 2] > ATOM_THRESHOLD) counts[i]++;
            }
        }
        return counts;
    }

    /** The composition a matrix encodes, e.g. Mg2Mn4O8. */
    public Composition compositionOf(int[] counts) {
        Map<Element, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) if (counts[i] > 0) m.put(elements.get(i), counts[i]);
        return Composition.of(m);
    }

    /** Atom counts of a composition in {@link #elements()} order (foreign elements ignored). */
    public int[] counts(Composition c) {
        int[] out = new int[elements.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) Math.rint(c.amount(elements.get(i)));
        return out;
    }

    private void checkShape(int rows, Object m) {
        if (rows != rows()) {
            throw new InputException("a " + name + " matrix has " + rows() + " rows, this one has " + rows);
        }
        if (m instanceof float[][] f) for (float[] r : f) if (r.length != 3) throw new InputException("matrix rows must have 3 columns");
        if (m instanceof double[][] d) for (double[] r : d) if (r.length != 3) throw new InputException("matrix rows must have 3 columns");
    }

    private String symbols() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) sb.append(i == elements.size() - 1 ? " and " : ", ");
            sb.append(elements.get(i).symbol());
        }
        return sb.toString();
    }

    private static String formula(Structure s) {
        return s.size() == 0 ? "the structure" : s.composition().formula();
    }
}
