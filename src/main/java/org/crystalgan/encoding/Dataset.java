package org.crystalgan.encoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.crystalgan.base.Csv;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;

/**
 * A training set: {@code count()} matrices of one {@link Representation}, stored row-major as
 * float32 (what the networks consume), each with its cell composition ("Mg2Mn4O8") and the name of
 * the structure it came from.
 *
 * <p>On disk: {@code FILE.npy} of shape (n, rows, 3) float32 and {@code FILE.csv} with one line per
 * matrix, {@code composition,source} (no header line, so line i is matrix i; fields quoted as RFC 4180
 * when they hold a comma or quote).
 */
public record Dataset(Representation representation, float[] matrices, List<String> compositions, List<String> sources) {

    public Dataset {
        Objects.requireNonNull(representation);
        compositions = List.copyOf(compositions);
        sources = List.copyOf(sources);
        if (compositions.size() != sources.size() || (long) compositions.size() * representation.size() != matrices.length) {
            throw new IllegalArgumentException("matrices, compositions and sources disagree in count");
        }
    }

    public static Dataset of(Augmenter.Result r) {
        return new Dataset(r.representation(), r.matrices(), r.compositions(), r.sources());
    }

    public int count() { return compositions.size(); }

    /** Matrix i as [rows][3]. */
    public float[][] matrix(int i) {
        int rows = representation.rows();
        float[][] m = new float[rows][3];
        for (int r = 0; r < rows; r++) System.arraycopy(matrices, i * rows * 3 + r * 3, m[r], 0, 3);
        return m;
    }

    public Structure structure(int i) { return representation.decode(matrices, i * representation.size()); }

    /** The .csv that goes with an .npy: same folder, same stem. */
    public static Path csvFor(Path npy) { return sibling(npy, ".csv"); }

    static Path sibling(Path npy, String suffix) {
        String name = npy.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return npy.resolveSibling(stem + suffix);
    }

    /** Write FILE.npy (float32, shape (n, rows, 3)) and FILE.csv, each atomically. */
    public void save(Path npy) {
        Npy.writeFloat32(npy, new int[] {count(), representation.rows(), 3}, matrices);
        StringBuilder sb = new StringBuilder(count() * 40);
        for (int i = 0; i < count(); i++) {
            sb.append(Csv.field(compositions.get(i))).append(',').append(Csv.field(sources.get(i))).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Npy.writeAtomically(csvFor(npy), out -> out.write(bytes));
    }

    /**
     * Read FILE.npy (and FILE.csv when present; without it, compositions are read from the matrices
     * and sources are "FILE.npy#i").
     */
    public static Dataset load(Path npy, Representation rep) {
        Npy.Array a = readMatrices(npy, rep);
        int n = a.shape()[0];
        float[] m = a.floats();
        List<String> comps = new ArrayList<>(n), srcs = new ArrayList<>(n);
        Path csv = csvFor(npy);
        if (Files.exists(csv)) {
            List<String[]> rows = readCsv(csv);
            if (rows.size() != n) {
                throw new InputException(csv + ": has " + rows.size() + " lines but " + npy.getFileName() + " holds " + n + " matrices");
            }
            for (int i = 0; i < n; i++) {
                String[] f = rows.get(i);
                if (f.length < 2) throw new InputException(csv + ", line " + (i + 1) + ": expected composition,source");
                comps.add(f[0]);
                srcs.add(f[1]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                comps.add(rep.compositionOf(rep.countsFromMatrix(m, i * rep.size())).formula());
                srcs.add(npy.getFileName() + "#" + i);
            }
        }
        return new Dataset(rep, m, comps, srcs);
    }

    /** An .npy of {@code rep}'s matrices, shape (n, rows, 3): the one reader and check every .npy input goes through. */
    public static Npy.Array readMatrices(Path npy, Representation rep) {
        Npy.Array a = Npy.read(npy);
        int[] shape = a.shape();
        if (shape.length != 3 || shape[1] != rep.rows() || shape[2] != 3) {
            throw new InputException(npy + ": array of shape " + a.shapeText() + " does not hold " + rep.name()
                    + " matrices, which have shape (n, " + rep.rows() + ", 3)");
        }
        return a;
    }

    static List<String[]> readCsv(Path csv) {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) continue;
                out.add(parseCsvLine(line));
            }
        } catch (IOException e) {
            throw new InputException(csv + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    static String[] parseCsvLine(String line) {
        return Csv.split(line).toArray(new String[0]);
    }

    // ------------------------------------------------------------------ statistics

    /**
     * What the Data pane shows: matrices per cell composition, and the ranges of the lattice
     * parameters (Å, degrees), volume (Å³) and atoms per cell over the set.
     */
    public record Statistics(int count, Map<String, Integer> perComposition, double[] min, double[] max,
                             double minVolume, double maxVolume, int minAtoms, int maxAtoms) {
        /** Parameter names in the order of {@code min} and {@code max}. */
        public static final List<String> PARAMETERS = List.of("a", "b", "c", "alpha", "beta", "gamma");

        public int compositionCount() { return perComposition.size(); }

        /** A few lines of text for the command line. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d matrices, %d compositions%n", count, perComposition.size()));
            String[] units = {"Å", "Å", "Å", "°", "°", "°"};
            for (int k = 0; k < 6; k++) {
                sb.append(String.format(Locale.ROOT, "%-6s %9.4f .. %9.4f %s%n", PARAMETERS.get(k), min[k], max[k], units[k]));
            }
            sb.append(String.format(Locale.ROOT, "%-6s %9.3f .. %9.3f Å³%n", "volume", minVolume, maxVolume));
            sb.append(String.format(Locale.ROOT, "%-6s %9d .. %9d per cell%n", "atoms", minAtoms, maxAtoms));
            sb.append("composition count\n");
            for (Map.Entry<String, Integer> e : perComposition.entrySet()) {
                sb.append(String.format(Locale.ROOT, "%-12s %d%n", e.getKey(), e.getValue()));
            }
            return sb.toString();
        }
    }

    /** Statistics read from the matrices themselves (lattice rows and atom-row counts). */
    public Statistics statistics() {
        Map<String, Integer> per = new TreeMap<>();
        double[] min = new double[6], max = new double[6];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double vmin = Double.POSITIVE_INFINITY, vmax = Double.NEGATIVE_INFINITY;
        int amin = Integer.MAX_VALUE, amax = 0;
        int size = representation.size();
        for (int i = 0; i < count(); i++) {
            per.merge(compositions.get(i), 1, Integer::sum);
            int o = i * size;
            double[] p = new double[6];
            for (int k = 0; k < 6; k++) {
                p[k] = matrices[o + k] * (k < 3 ? representation.maxLengthAngstrom() : Representation.ANGLE_SCALE_DEGREES);
                min[k] = Math.min(min[k], p[k]);
                max[k] = Math.max(max[k], p[k]);
            }
            double v = volume(p);
            vmin = Math.min(vmin, v);
            vmax = Math.max(vmax, v);
            int atoms = 0;
            for (int c : representation.countsFromMatrix(matrices, o)) atoms += c;
            amin = Math.min(amin, atoms);
            amax = Math.max(amax, atoms);
        }
        if (count() == 0) { Arrays.fill(min, Double.NaN); Arrays.fill(max, Double.NaN); vmin = vmax = Double.NaN; amin = 0; }
        return new Statistics(count(), per, min, max, vmin, vmax, amin, amax);
    }

    /** Cell volume (Å³) from a, b, c (Å) and α, β, γ (degrees). */
    static double volume(double[] p) {
        double ca = Math.cos(Math.toRadians(p[3])), cb = Math.cos(Math.toRadians(p[4])), cg = Math.cos(Math.toRadians(p[5]));
        double f = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
        return p[0] * p[1] * p[2] * Math.sqrt(Math.max(0, f));
    }
}
