package org.crystalgan.screening.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Structure;

/**
 * The Materials Project 2020 energy corrections (pymatgen 2022.11.7, entries/compatibility.py
 * {@code MaterialsProject2020Compatibility} with entries/MP2020Compatibility.yaml; Wang et al., Sci.
 * Rep. 11 (2021) 15496), for the Mg-Mn-O chemistry:
 * <ul>
 *   <li>oxygen anion correction per O atom: oxide −0.687 eV (±0.002), peroxide −0.465 (±0.0172),
 *       superoxide −0.161 (±0.0075), the type from the shortest O-O distance (pymatgen's oxide_type
 *       with relative cutoff 1.05: below 1.05·1.35 Å superoxide, below 1.05·1.49 Å peroxide);</li>
 *   <li>GGA/GGA+U mixing correction per Mn atom in oxides: −1.668 eV (±0.0053), which requires the run
 *       to have used U(Mn) = 3.9 eV; every other element must have no U.</li>
 * </ul>
 * Pure elements get no correction. Runs with other U values, hybrid functionals or other POTCARs are
 * not compatible and are reported so, never silently corrected.
 */
public final class Mp2020Compatibility {
    public static final double OXIDE = -0.687, PEROXIDE = -0.465, SUPEROXIDE = -0.161;
    public static final double OXIDE_ERR = 0.002, PEROXIDE_ERR = 0.0172, SUPEROXIDE_ERR = 0.0075;
    public static final double MN_U = -1.668, MN_U_ERR = 0.0053;
    /** U values (eV) the corrections assume for oxides (MPRelaxSet). */
    public static final Map<String, Double> U_OXIDE = Map.of("Co", 3.32, "Cr", 3.7, "Fe", 5.3, "Mn", 3.9, "Mo", 4.38,
            "Ni", 6.2, "V", 3.25, "W", 6.2);
    /** Fitted corrections exist only for these among the U elements here. */
    private static final Map<String, Double> U_CORRECTION = Map.of("Mn", MN_U);
    private static final Map<String, String> MP_POTCARS = Map.of("Mg", "Mg_pv", "Mn", "Mn_pv", "O", "O");

    private Mp2020Compatibility() {}

    /**
     * Outcome: the total correction (eV per cell, add it to the DFT energy), its uncertainty, the
     * parts in words, or why the run is not compatible (then the correction is NaN).
     */
    public record Correction(double energy, double uncertainty, List<String> parts, String incompatible) {
        public boolean compatible() { return incompatible == null; }
    }

    /**
     * @param comp the cell's composition
     * @param structure the final structure (for the oxide type), or null to assume a plain oxide
     * @param runType "GGA", "GGA+U" or "HSE06"
     * @param hubbardU U per element symbol used in the run (empty for GGA)
     * @param potcars POTCAR titles from the run, or empty when unknown
     */
    public static Correction correct(Composition comp, Structure structure, String runType, Map<String, Double> hubbardU, List<String> potcars) {
        if (!runType.equals("GGA") && !runType.equals("GGA+U")) {
            return new Correction(Double.NaN, Double.NaN, List.of(), "MP2020 corrections apply to GGA/GGA+U runs, not " + runType);
        }
        for (String t : potcars) {
            String[] f = t.trim().split("\\s+");
            if (f.length < 2) continue;
            String sym = f[1];
            String el = sym.split("_")[0];
            String want = MP_POTCARS.get(el);
            if (want != null && !want.equals(sym)) {
                return new Correction(Double.NaN, Double.NaN, List.of(), "POTCAR " + sym + " differs from the Materials Project's " + want);
            }
        }
        List<String> parts = new ArrayList<>();
        if (comp.numElements() <= 1) return new Correction(0, 0, parts, null);
        Element mostElectronegative = null;
        for (Element e : comp.elements()) {
            if (mostElectronegative == null || e.electronegativity() > mostElectronegative.electronegativity()) mostElectronegative = e;
        }
        boolean oxide = mostElectronegative.symbol().equals("O");
        double corr = 0, var = 0;
        for (Element e : comp.elements()) {
            double expected = oxide ? U_OXIDE.getOrDefault(e.symbol(), 0.0) : 0.0;
            double used = hubbardU.getOrDefault(e.symbol(), 0.0);
            if (Math.abs(expected - used) > 1e-6) {
                return new Correction(Double.NaN, Double.NaN, List.of(), String.format(java.util.Locale.ROOT,
                        "U(%s) = %.2f eV in the run, the Materials Project uses %.2f eV here", e.symbol(), used, expected));
            }
        }
        double nO = comp.amount("O");
        if (nO > 0) {
            String type = structure == null ? "oxide" : oxideType(structure);
            double per = switch (type) {
                case "peroxide" -> PEROXIDE;
                case "superoxide" -> SUPEROXIDE;
                default -> OXIDE;
            };
            double err = switch (type) {
                case "peroxide" -> PEROXIDE_ERR;
                case "superoxide" -> SUPEROXIDE_ERR;
                default -> OXIDE_ERR;
            };
            corr += per * nO;
            var += Math.pow(err * nO, 2);
            parts.add(String.format(java.util.Locale.ROOT, "%s %.3f eV x %s O", type, per, trim(nO)));
        }
        if (oxide) {
            for (Element e : comp.elements()) {
                Double c = U_CORRECTION.get(e.symbol());
                if (c == null) continue;
                double n = comp.amount(e);
                corr += c * n;
                var += Math.pow(MN_U_ERR * n, 2);
                parts.add(String.format(java.util.Locale.ROOT, "GGA+U %s %.3f eV x %s", e.symbol(), c, trim(n)));
            }
        }
        return new Correction(corr, Math.sqrt(var), parts, null);
    }

    private static String trim(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v); }

    /** pymatgen's oxide_type by the shortest O-O distance (relative cutoff 1.05). */
    public static String oxideType(Structure s) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.size(); i++) {
            if (!s.site(i).element().symbol().equals("O")) continue;
            for (int j = i + 1; j < s.size(); j++) {
                if (s.site(j).element().symbol().equals("O")) min = Math.min(min, s.distance(i, j));
            }
        }
        if (min < 1.05 * 1.35) return "superoxide";
        if (min < 1.05 * 1.49) return "peroxide";
        return "oxide";
    }
}
