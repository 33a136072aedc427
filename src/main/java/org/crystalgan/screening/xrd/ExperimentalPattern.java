package org.crystalgan.screening.xrd;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.crystalgan.crystal.InputException;

/**
 * A measured powder pattern read from two-column text (2θ in degrees, intensity), as diffractometer software
 * exports it (.xy, .xye, .dat, .csv, .txt): columns split by spaces, tabs, commas or semicolons; further columns
 * (the .xye error) ignored; comment lines (#, !, ;, //) skipped anywhere, and header lines until the first line of two numbers.
 * Intensities are scaled so the highest is 100, to overlay the simulated pattern.
 *
 * @param twoTheta  angles, strictly increasing after sorting
 * @param intensity intensities scaled to a maximum of 100
 */
public record ExperimentalPattern(String name, double[] twoTheta, double[] intensity) {
    /** At most this many points (a slow scan in 0.001° steps over 5-150° is 145,000). */
    static final int MAX_POINTS = 2_000_000;

    public static ExperimentalPattern read(Path file) throws IOException {
        double[] x = new double[1024], y = new double[1024];
        int n = 0, lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || t.startsWith("!") || t.startsWith(";") || t.startsWith("//")) continue;
                String[] p = t.split("[\\s,;]+");
                if (n == 0 && !(p.length >= 2 && isNumber(p[0]) && isNumber(p[1]))) continue; // a header before the data ("2Theta Counts")
                if (p.length < 2) throw new InputException(String.format(Locale.ROOT, "%s line %d: expected two columns (2θ, intensity), found '%s'", file, lineNo, clip(t)));
                double a, b;
                try {
                    a = Double.parseDouble(p[0]);
                    b = Double.parseDouble(p[1]);
                } catch (NumberFormatException e) {
                    throw new InputException(String.format(Locale.ROOT, "%s line %d: not two numbers: '%s'", file, lineNo, clip(t)));
                }
                if (!Double.isFinite(a) || !Double.isFinite(b) || a < 0 || a > 180) {
                    throw new InputException(String.format(Locale.ROOT, "%s line %d: 2θ must be 0 to 180° and the intensity finite, got '%s'", file, lineNo, clip(t)));
                }
                if (n == MAX_POINTS) throw new InputException(file + ": more than " + MAX_POINTS + " points; is this a powder pattern?");
                if (n == x.length) {
                    x = Arrays.copyOf(x, 2 * n);
                    y = Arrays.copyOf(y, 2 * n);
                }
                x[n] = a;
                y[n] = b;
                n++;
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not a text file (two columns of numbers expected)");
        }
        if (n < 2) throw new InputException(file + ": fewer than two data points (expected two columns: 2θ in degrees, intensity)");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        final double[] fx = x;
        Arrays.sort(order, (i, j) -> Double.compare(fx[i], fx[j]));
        double[] sx = new double[n], sy = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            sx[i] = x[order[i]];
            sy[i] = y[order[i]];
            max = Math.max(max, sy[i]);
        }
        if (max > 0) for (int i = 0; i < n; i++) sy[i] = sy[i] / max * 100;
        return new ExperimentalPattern(file.getFileName().toString(), sx, sy);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String clip(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
