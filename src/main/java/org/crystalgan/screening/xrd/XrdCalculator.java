package org.crystalgan.screening.xrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * The simulated powder X-ray pattern of a structure, defined as pymatgen's {@code XRDCalculator} (v2022.11)
 * defines it, so that the lines and relative intensities agree with what chemists get there:
 * <ol>
 *   <li>every reciprocal-lattice point g = h a* + k b* + l c* with 2 sin(θ_min)/λ ≤ |g| ≤ 2 sin(θ_max)/λ
 *       (Bragg: |g| = 1/d = 2 sin θ / λ);</li>
 *   <li>structure factor F = Σ_j occ_j f_j(s) exp(2πi g·r_j), s = |g|/2, with f from {@link ScatteringFactors};
 *       no Debye–Waller factor;</li>
 *   <li>intensity |F|² times the Lorentz-polarisation factor (1 + cos² 2θ) / (sin² θ cos θ);</li>
 *   <li>reflections within 10⁻⁵° of 2θ merge into one line: this sums the symmetry-equivalent reflections, so
 *       the multiplicity is counted, not multiplied in; merged indices are grouped into families of
 *       permutations of |h|, |k|, |l| (four Miller–Bravais indices for a hexagonal cell, as pymatgen);</li>
 *   <li>lines weaker than 10⁻³ of the strongest are dropped and the strongest is scaled to 100.</li>
 * </ol>
 */
public final class XrdCalculator {
    /** Cu Kα, the weighted mean of Kα1 and Kα2 (Å), pymatgen's default. */
    public static final double CU_KALPHA = 1.54184;
    /** Named X-ray tube lines (Å), as pymatgen's {@code WAVELENGTHS}. */
    public static final Map<String, Double> WAVELENGTHS = wavelengths();
    static final double TWO_THETA_TOL = 1e-5;
    static final double SCALED_INTENSITY_TOL = 1e-3;
    /** Reciprocal points visited at most: about 10⁷ covers a 3,000,000 Å³ cell out to 90°, far beyond any crystal here. */
    static final long MAX_POINTS = 10_000_000L;

    private final double wavelength;

    /** Cu Kα. */
    public XrdCalculator() { this(CU_KALPHA); }

    /** @param wavelength X-ray wavelength in Å (0.1 to 5) */
    public XrdCalculator(double wavelength) {
        if (!(wavelength >= 0.1 && wavelength <= 5)) {
            throw new InputException(String.format(Locale.ROOT, "X-ray wavelength must be between 0.1 and 5 Å, got %s", wavelength));
        }
        this.wavelength = wavelength;
    }

    public double wavelength() { return wavelength; }

    /** A wavelength in Å from "1.5406" or a tube line name ("CuKa", "MoKa1", ...), case-insensitive. */
    public static double parseWavelength(String text) {
        String t = text.trim();
        for (var e : WAVELENGTHS.entrySet()) if (e.getKey().equalsIgnoreCase(t)) return e.getValue();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InputException("wavelength '" + text + "' is neither a number in Å nor one of " + String.join(", ", WAVELENGTHS.keySet()));
        }
    }

    /** The pattern from 0 to 90° 2θ. */
    public List<XrdPeak> peaks(Structure s) { return peaks(s, 0, 90); }

    /** The lines between two 2θ angles (degrees, 0 ≤ min < max ≤ 180), strongest scaled to 100. Empty if none fall there. */
    public List<XrdPeak> peaks(Structure s, double minTwoTheta, double maxTwoTheta) {
        if (!(minTwoTheta >= 0 && maxTwoTheta > minTwoTheta && maxTwoTheta <= 180)) {
            throw new InputException(String.format(Locale.ROOT, "2θ range must satisfy 0 ≤ min < max ≤ 180°, got %s to %s", minTwoTheta, maxTwoTheta));
        }
        if (s.size() == 0) throw new InputException("the structure has no atoms: no diffraction pattern");
        for (Site site : s.sites()) ScatteringFactors.coefficients(site.element());
        double minR = 2 * Math.sin(Math.toRadians(minTwoTheta / 2)) / wavelength;
        double maxR = 2 * Math.sin(Math.toRadians(maxTwoTheta / 2)) / wavelength;
        Lattice lat = s.lattice();
        // |h| = |g·a| ≤ |g| |a|: exact bounds on the indices of points inside the sphere
        int hMax = (int) Math.floor(maxR * lat.a() + 1e-9), kMax = (int) Math.floor(maxR * lat.b() + 1e-9),
                lMax = (int) Math.floor(maxR * lat.c() + 1e-9);
        long points = (2L * hMax + 1) * (2L * kMax + 1) * (2L * lMax + 1);
        if (points > MAX_POINTS) {
            throw new InputException(String.format(Locale.ROOT, "cell too large for a pattern out to %.0f° (%d reciprocal points to visit; at most %d)",
                    maxTwoTheta, points, MAX_POINTS));
        }
        double[][] rs = lat.reciprocalCrystallographic().matrix();
        List<Reflection> refl = new ArrayList<>();
        for (int h = -hMax; h <= hMax; h++) {
            for (int k = -kMax; k <= kMax; k++) {
                for (int l = -lMax; l <= lMax; l++) {
                    if (h == 0 && k == 0 && l == 0) continue;
                    double gx = h * rs[0][0] + k * rs[1][0] + l * rs[2][0];
                    double gy = h * rs[0][1] + k * rs[1][1] + l * rs[2][1];
                    double gz = h * rs[0][2] + k * rs[1][2] + l * rs[2][2];
                    double g = Math.sqrt(gx * gx + gy * gy + gz * gz);
                    if (g > maxR || g < minR) continue;
                    refl.add(new Reflection(h, k, l, g));
                }
            }
        }
        // pymatgen's order: by |g|, then by descending h, k, l (decides which 2θ names a merged line)
        refl.sort((a, b) -> a.g != b.g ? Double.compare(a.g, b.g)
                : a.h != b.h ? Integer.compare(b.h, a.h) : a.k != b.k ? Integer.compare(b.k, a.k) : Integer.compare(b.l, a.l));

        int n = s.size();
        double[] fx = new double[n], fy = new double[n], fz = new double[n], occ = new double[n];
        double[][] coeff = new double[n][];
        int[] z = new int[n];
        for (int j = 0; j < n; j++) {
            Site site = s.site(j);
            fx[j] = site.frac().x();
            fy[j] = site.frac().y();
            fz[j] = site.frac().z();
            occ[j] = site.occupancy();
            coeff[j] = ScatteringFactors.coefficients(site.element());
            z[j] = site.element().z();
        }
        boolean hex = isHexagonal(lat);
        List<Line> lines = new ArrayList<>();
        Line current = null;
        for (Reflection r : refl) {
            double theta = Math.asin(wavelength * r.g / 2);
            double s2 = r.g * r.g / 4;
            double re = 0, im = 0;
            for (int j = 0; j < n; j++) {
                double[] c = coeff[j];
                double sum = c[0] * Math.exp(-c[1] * s2) + c[2] * Math.exp(-c[3] * s2)
                        + c[4] * Math.exp(-c[5] * s2) + c[6] * Math.exp(-c[7] * s2);
                double f = (z[j] - ScatteringFactors.MOTT_BETHE * s2 * sum) * occ[j];
                double phase = 2 * Math.PI * (r.h * fx[j] + r.k * fy[j] + r.l * fz[j]);
                re += f * Math.cos(phase);
                im += f * Math.sin(phase);
            }
            double lp = (1 + Math.pow(Math.cos(2 * theta), 2)) / (Math.pow(Math.sin(theta), 2) * Math.cos(theta));
            double intensity = (re * re + im * im) * lp;
            double twoTheta = Math.toDegrees(2 * theta);
            int[] hkl = hex ? new int[] {r.h, r.k, -r.h - r.k, r.l} : new int[] {r.h, r.k, r.l};
            if (current != null && Math.abs(twoTheta - current.twoTheta) < TWO_THETA_TOL) {
                current.intensity += intensity;
                current.hkls.add(hkl);
            } else {
                current = new Line(twoTheta, 1 / r.g);
                current.intensity = intensity;
                current.hkls.add(hkl);
                lines.add(current);
            }
        }
        double max = 0;
        for (Line l : lines) max = Math.max(max, l.intensity);
        List<XrdPeak> peaks = new ArrayList<>();
        if (max <= 0) return peaks;
        for (Line l : lines) {
            double scaled = l.intensity / max * 100;
            if (scaled > SCALED_INTENSITY_TOL) peaks.add(new XrdPeak(l.twoTheta, scaled, l.d, families(l.hkls)));
        }
        return peaks;
    }

    /** Groups indices into families whose absolute values are permutations of each other; each named by its largest member. */
    static List<XrdPeak.Family> families(List<int[]> hkls) {
        Map<String, List<int[]>> groups = new LinkedHashMap<>();
        for (int[] hkl : hkls) {
            int[] key = new int[hkl.length];
            for (int i = 0; i < hkl.length; i++) key[i] = Math.abs(hkl[i]);
            Arrays.sort(key);
            groups.computeIfAbsent(Arrays.toString(key), x -> new ArrayList<>()).add(hkl);
        }
        List<XrdPeak.Family> out = new ArrayList<>();
        for (List<int[]> g : groups.values()) {
            int[] best = g.get(0);
            for (int[] h : g) if (Arrays.compare(h, best) > 0) best = h;
            out.add(new XrdPeak.Family(best, g.size()));
        }
        return out;
    }

    /** pymatgen's test: two right angles, one of 60° or 120° (5° tolerance), the two lengths at the right angles within 0.01 Å. */
    static boolean isHexagonal(Lattice lat) {
        double[] len = {lat.a(), lat.b(), lat.c()};
        double[] ang = {lat.alpha(), lat.beta(), lat.gamma()};
        List<Integer> right = new ArrayList<>();
        int hexAngles = 0;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(ang[i] - 90) < 5) right.add(i);
            if (Math.abs(ang[i] - 60) < 5 || Math.abs(ang[i] - 120) < 5) hexAngles++;
        }
        return right.size() == 2 && hexAngles == 1 && Math.abs(len[right.get(0)] - len[right.get(1)]) < 0.01;
    }

    private record Reflection(int h, int k, int l, double g) { }

    private static final class Line {
        final double twoTheta, d;
        double intensity;
        final List<int[]> hkls = new ArrayList<>();

        Line(double twoTheta, double d) {
            this.twoTheta = twoTheta;
            this.d = d;
        }
    }

    private static Map<String, Double> wavelengths() {
        // pymatgen's table (Å), from the X-ray data booklet values it cites
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("CuKa", 1.54184);
        m.put("CuKa2", 1.54439);
        m.put("CuKa1", 1.54056);
        m.put("CuKb1", 1.39222);
        m.put("MoKa", 0.71073);
        m.put("MoKa2", 0.71359);
        m.put("MoKa1", 0.70930);
        m.put("MoKb1", 0.63229);
        m.put("CrKa", 2.29100);
        m.put("CrKa2", 2.29361);
        m.put("CrKa1", 2.28970);
        m.put("CrKb1", 2.08487);
        m.put("FeKa", 1.93735);
        m.put("FeKa2", 1.93998);
        m.put("FeKa1", 1.93604);
        m.put("FeKb1", 1.75661);
        m.put("CoKa", 1.79026);
        m.put("CoKa2", 1.79285);
        m.put("CoKa1", 1.78896);
        m.put("CoKb1", 1.63079);
        m.put("AgKa", 0.560885);
        m.put("AgKa2", 0.563813);
        m.put("AgKa1", 0.559421);
        m.put("AgKb1", 0.497082);
        return java.util.Collections.unmodifiableMap(m);
    }
}
