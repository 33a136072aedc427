package org.crystalgan.screening.xrd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;

/**
 * X-ray atomic scattering factors f(s), s = sin θ / λ (1/Å), as pymatgen's {@code XRDCalculator} computes them:
 * f = Z − 41.78214 s² Σ aᵢ exp(−bᵢ s²), the Mott–Bethe relation applied to the four-Gaussian fits of the
 * electron scattering factors by Doyle and Turner (Acta Cryst. A24 (1968) 390), as tabulated by De Graef and
 * McHenry (Structure of Materials, 2007) and in pymatgen's {@code atomic_scattering_params.json} (MIT licence).
 * The coefficients live in {@code /crystalgan/xrd_scattering.tsv}; its header gives the sources.
 *
 * <p>Why these and not the nine-parameter Cromer–Mann fits of the International Tables: the point of the
 * simulated pattern is to match the pattern chemists already get from pymatgen (and the Materials Project's
 * XRD tab, which uses the same code), and the two tables differ by up to a few per cent in relative intensity.
 */
public final class ScatteringFactors {
    /** 8π² a₀ in Å, with a₀ the Bohr radius: the constant of the Mott–Bethe relation in these units. */
    static final double MOTT_BETHE = 41.78214;
    private static final String RESOURCE = "/crystalgan/xrd_scattering.tsv";
    private static final Map<String, double[]> COEFFS = load();

    private ScatteringFactors() { }

    /** Whether the table covers this element (99 elements, H to Cf, not all of them). */
    public static boolean covers(Element e) { return COEFFS.containsKey(e.symbol()); }

    /** {a1, b1, a2, b2, a3, b3, a4, b4} for the element; InputException if the table lacks it. */
    static double[] coefficients(Element e) {
        double[] c = COEFFS.get(e.symbol());
        if (c == null) throw new InputException("no X-ray scattering factors tabulated for " + e.symbol() + ": cannot simulate its pattern");
        return c;
    }

    /** f(s) in electrons for s = sin θ / λ in 1/Å. */
    public static double f(Element e, double s) {
        double[] c = coefficients(e);
        double s2 = s * s, sum = 0;
        for (int i = 0; i < 8; i += 2) sum += c[i] * Math.exp(-c[i + 1] * s2);
        return e.z() - MOTT_BETHE * s2 * sum;
    }

    private static Map<String, double[]> load() {
        Map<String, double[]> m = new HashMap<>();
        try (InputStream in = ScatteringFactors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("scattering-factor table " + RESOURCE + " missing from the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.split("\t");
                double[] c = new double[8];
                for (int i = 0; i < 8; i++) c[i] = Double.parseDouble(p[i + 1]);
                m.put(p[0], c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
