package org.crystalgan.io.vasp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.PoscarWriter;

/**
 * VASP inputs for handing a candidate to DFT, consistent with the Materials Project so that the
 * results can be compared with MP entries (pymatgen 2022.11.7, io/vasp/MPRelaxSet.yaml,
 * MPHSERelaxSet.yaml, VASPIncarBase.yaml and sets.py MPHSEBSSet):
 * <ul>
 *   <li>{@link #mpRelax}: PBE PAW, ENCUT 520 eV, EDIFF 5e-5 eV per atom, ISIF 3, IBRION 2, NSW 99,
 *       ISMEAR −5, spin-polarised with MAGMOM 5 μB on Mn and 0.6 elsewhere, GGA+U (Dudarev, LDAUTYPE 2)
 *       with U(Mn) = 3.9 eV when O or F is present, LMAXMIX 4 for d elements, k-points at a
 *       reciprocal density of 64 per Å⁻³;</li>
 *   <li>{@link #hseGap}: HSE06 (LHFCALC, HFSCREEN 0.2, default AEXX 0.25) static run (NSW 0, ISMEAR 0,
 *       SIGMA 0.05, ISYM 3, NELMIN 5, ALGO All, PRECFOCK Fast) on a uniform mesh of reciprocal density 50,
 *       as MPHSEBSSet's uniform mode; no +U, as in MP's HSE sets. ICHARG 1 of MPHSERelaxSet is left out
 *       because the folder is meant to run on its own (no CHGCAR to read).</li>
 * </ul>
 * POTCAR symbols only (Mg_pv, Mn_pv, O as MPRelaxSet chooses): POTCAR files are licensed by VASP and
 * are never written.
 */
public record VaspInputSet(String name, Structure structure, Map<String, Object> incar, Kpoints kpoints, List<String> potcarSymbols) {
    /** MPRelaxSet's POTCAR choices for the elements this workbench handles, and a few neighbours. */
    private static final Map<String, String> POTCAR = Map.ofEntries(Map.entry("Mg", "Mg_pv"), Map.entry("Mn", "Mn_pv"),
            Map.entry("O", "O"), Map.entry("H", "H"), Map.entry("Li", "Li_sv"), Map.entry("Na", "Na_pv"), Map.entry("Ca", "Ca_sv"),
            Map.entry("Al", "Al"), Map.entry("Fe", "Fe_pv"), Map.entry("Co", "Co"), Map.entry("Ni", "Ni_pv"), Map.entry("Zn", "Zn"),
            Map.entry("Ti", "Ti_pv"), Map.entry("V", "V_pv"), Map.entry("Cr", "Cr_pv"), Map.entry("F", "F"));
    /** MPRelaxSet LDAUU for oxides and fluorides, eV. */
    private static final Map<String, Double> U_OXIDE = Map.of("Co", 3.32, "Cr", 3.7, "Fe", 5.3, "Mn", 3.9, "Mo", 4.38,
            "Ni", 6.2, "V", 3.25, "W", 6.2);
    /** VASPIncarBase MAGMOM for elements without oxidation states (default 0.6). */
    private static final Map<String, Double> MAGMOM = Map.of("Ce", 5.0, "Co", 0.6, "Cr", 5.0, "Eu", 10.0, "Fe", 5.0,
            "Mn", 5.0, "Mo", 5.0, "Ni", 5.0, "V", 5.0, "W", 5.0);

    /** Grouped by element (first-appearance order), so MAGMOM and LDAU lists follow the POSCAR blocks. */
    private static Structure grouped(Structure s) {
        if (!s.isOrdered()) throw new InputException("VASP inputs need an ordered cell; " + s.composition().formula() + " has partial occupancies");
        Map<Element, List<Site>> g = new LinkedHashMap<>();
        for (Site site : s.sites()) g.computeIfAbsent(site.element(), e -> new ArrayList<>()).add(site);
        List<Site> out = new ArrayList<>();
        g.values().forEach(out::addAll);
        return s.withSites(out);
    }

    private static List<Element> species(Structure s) {
        List<Element> out = new ArrayList<>();
        for (Site site : s.sites()) if (!out.contains(site.element())) out.add(site.element());
        return out;
    }

    private static List<String> potcars(List<Element> els) {
        List<String> out = new ArrayList<>();
        for (Element e : els) {
            String p = POTCAR.get(e.symbol());
            if (p == null) throw new InputException("no Materials Project POTCAR choice is bundled for " + e.symbol());
            out.add(p);
        }
        return out;
    }

    private static Map<String, Object> common(Structure s, List<Element> els) {
        Map<String, Object> incar = new LinkedHashMap<>();
        incar.put("EDIFF", 5.0e-5 * s.size());
        incar.put("ENCUT", 520);
        incar.put("ISPIN", 2);
        incar.put("LORBIT", 11);
        incar.put("LREAL", "Auto");
        incar.put("LWAVE", false);
        incar.put("NELM", 100);
        incar.put("PREC", "Accurate");
        incar.put("SIGMA", 0.05);
        List<Double> mag = new ArrayList<>();
        for (Site site : s.sites()) mag.add(MAGMOM.getOrDefault(site.element().symbol(), 0.6));
        incar.put("MAGMOM", mag);
        return incar;
    }

    /** The Materials Project GGA(+U) relaxation (MPRelaxSet). */
    public static VaspInputSet mpRelax(String name, Structure s0) {
        Structure s = grouped(s0);
        List<Element> els = species(s);
        Map<String, Object> incar = new LinkedHashMap<>();
        incar.put("ALGO", "Fast");
        incar.putAll(common(s, els));
        incar.put("IBRION", 2);
        incar.put("ISIF", 3);
        incar.put("ISMEAR", -5);
        incar.put("LASPH", true);
        incar.put("NSW", 99);
        // U only for oxides/fluorides with a U element (MPRelaxSet keys LDAUU by the most electronegative element)
        boolean anion = els.stream().anyMatch(e -> e.symbol().equals("O") || e.symbol().equals("F"));
        boolean anyU = anion && els.stream().anyMatch(e -> U_OXIDE.containsKey(e.symbol()));
        if (anyU) {
            List<Double> u = new ArrayList<>();
            List<Integer> l = new ArrayList<>(), j = new ArrayList<>();
            for (Element e : els) {
                Double v = U_OXIDE.get(e.symbol());
                u.add(v == null ? 0.0 : v);
                l.add(v == null ? 0 : 2);
                j.add(0);
            }
            incar.put("LDAU", true);
            incar.put("LDAUJ", j);
            incar.put("LDAUL", l);
            incar.put("LDAUTYPE", 2);
            incar.put("LDAUU", u);
            incar.put("LDAUPRINT", 1);
        }
        lmaxmix(incar, els);
        return new VaspInputSet(name, s, sorted(incar), Kpoints.byReciprocalDensity(s, 64), potcars(els));
    }

    /** HSE06 band-gap calculation on the (relaxed) cell: MPHSEBSSet in uniform mode, automatic mesh. */
    public static VaspInputSet hseGap(String name, Structure s0) {
        Structure s = grouped(s0);
        List<Element> els = species(s);
        Map<String, Object> incar = new LinkedHashMap<>();
        incar.put("ALGO", "All");
        incar.putAll(common(s, els));
        incar.put("HFSCREEN", 0.2);
        incar.put("IBRION", 2);
        incar.put("ISIF", 3);
        incar.put("ISMEAR", 0);
        incar.put("LHFCALC", true);
        incar.put("NSW", 0);
        incar.put("PRECFOCK", "Fast");
        incar.put("ISYM", 3);
        incar.put("LCHARG", false);
        incar.put("NELMIN", 5);
        lmaxmix(incar, els);
        return new VaspInputSet(name, s, sorted(incar), Kpoints.byReciprocalDensity(s, 50), potcars(els));
    }

    private static void lmaxmix(Map<String, Object> incar, List<Element> els) {
        if (els.stream().anyMatch(e -> e.z() > 56)) incar.put("LMAXMIX", 6);
        else if (els.stream().anyMatch(e -> e.z() > 20)) incar.put("LMAXMIX", 4);
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.keySet().stream().sorted().forEach(k -> out.put(k, m.get(k)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** INCAR text: one "KEY = value" per line, lists space-separated, booleans .TRUE./.FALSE.. */
    public String incarText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : incar.entrySet()) sb.append(e.getKey()).append(" = ").append(format(e.getValue())).append('\n');
        return sb.toString();
    }

    private static String format(Object v) {
        if (v instanceof Boolean b) return b ? ".TRUE." : ".FALSE.";
        if (v instanceof Double d) return num(d);
        if (v instanceof List<?> l) {
            // run-length form for repeated values, as VASP reads it ("4*0.6")
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (i < l.size()) {
                int j = i;
                while (j + 1 < l.size() && l.get(j + 1).equals(l.get(i))) j++;
                if (sb.length() > 0) sb.append(' ');
                int run = j - i + 1;
                String item = format(l.get(i));
                sb.append(run > 1 ? run + "*" + item : item);
                i = j + 1;
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    private static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) return String.valueOf((long) d);
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", d)).stripTrailingZeros().toPlainString();
    }

    public String poscarText() { return PoscarWriter.write(structure, name); }

    public String potcarSymbolsText() {
        return "# POTCAR symbols (PBE, as the Materials Project's MPRelaxSet). POTCAR files are licensed by VASP and\n"
                + "# are not included: concatenate your own PAW_PBE POTCARs in this order.\n" + String.join(" ", potcarSymbols) + "\n";
    }

    /**
     * Writes POSCAR, INCAR, KPOINTS and POTCAR.symbols into {@code dir} atomically. Refuses an existing
     * folder that already holds any of them unless {@code overwrite}.
     */
    public void write(Path dir, boolean overwrite) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("POSCAR", poscarText());
        files.put("INCAR", incarText());
        files.put("KPOINTS", kpoints.text());
        files.put("POTCAR.symbols", potcarSymbolsText());
        if (!overwrite) {
            for (String f : files.keySet()) {
                if (Files.exists(dir.resolve(f))) {
                    throw new InputException(dir.resolve(f) + " already exists; pass --overwrite to replace the DFT inputs");
                }
            }
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : files.entrySet()) AtomicFiles.writeString(dir.resolve(e.getKey()), e.getValue());
    }
}
