package org.crystalgan.io.vasp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a VASP {@code vasprun.xml} says about a finished (or unfinished) run: the final energy, the band
 * gap from the eigenvalues and occupations, the settings that decide how the energy may be used
 * (GGA, GGA+U with its U values, HSE), and whether the electronic and ionic loops converged, with the
 * meaning of pymatgen's {@code Vasprun} (io/vasp/outputs.py): electronic convergence when the last
 * ionic step used fewer than NELM electronic steps; ionic convergence when NSW ≤ 1 or fewer than NSW
 * ionic steps were taken; an XML file that ends early is an unfinished (or killed) run.
 *
 * @param source the file read
 * @param finished the XML was complete (the run ended normally)
 * @param problem why the run is unusable, or null
 * @param structure the final structure (null when none was written)
 * @param finalEnergy energy of the final ionic step, e_0_energy (σ → 0), eV per cell; NaN when absent
 * @param electronicConverged the last SCF finished within NELM steps
 * @param ionicConverged the relaxation finished within NSW steps (or was a static run)
 * @param ionicSteps number of ionic steps in the file
 * @param ldau GGA+U was on
 * @param hubbardU U value per element symbol (eV), only for LDAU runs
 * @param hse hybrid functional (LHFCALC)
 * @param bandGap band gap from eigenvalues and occupations (eV); empty without eigenvalues
 * @param potcars POTCAR titles (e.g. "PAW_PBE Mn_pv 02Aug2007")
 */
public record Vasprun(Path source, boolean finished, String problem, Structure structure, double finalEnergy,
                      boolean electronicConverged, boolean ionicConverged, int ionicSteps, boolean ldau,
                      Map<String, Double> hubbardU, boolean hse, OptionalDouble bandGap, List<String> potcars) {

    /** Occupations above this count as occupied (pymatgen's occu_tol). */
    public static final double OCCUPATION_TOL = 1e-8;

    /** Usable for energies: the run finished and both loops converged. */
    public boolean usable() { return finished && problem == null && electronicConverged && ionicConverged && !Double.isNaN(finalEnergy); }

    /** "GGA", "GGA+U" or "HSE06" (hybrid). */
    public String runType() { return hse ? "HSE06" : ldau ? "GGA+U" : "GGA"; }

    /** Why the run can't be used, in words; null when usable. */
    public String whyNotUsable() {
        if (!finished) return problem != null ? problem : "unfinished run: vasprun.xml ends early";
        if (problem != null) return problem;
        if (Double.isNaN(finalEnergy)) return "no energy in vasprun.xml";
        if (!electronicConverged) return "electronic loop did not converge (NELM reached in the last ionic step)";
        if (!ionicConverged) return "ionic relaxation did not converge (NSW reached)";
        return null;
    }

    public static Vasprun read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in);
        } catch (SAXException e) {
            return new Vasprun(file, false, "unfinished or damaged run: vasprun.xml is not complete XML (" + firstLine(e.getMessage()) + ")",
                    null, Double.NaN, false, false, 0, false, Map.of(), false, OptionalDouble.empty(), List.of());
        }
        return parse(doc, file);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // no DTDs, no external entities: a vasprun.xml never needs them
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }

    private static Vasprun parse(Document doc, Path file) {
        Node root = doc.getDocumentElement();
        if (!"modeling".equals(root.getNodeName())) {
            throw new InputException(file + ": not a vasprun.xml (root element <" + root.getNodeName() + ">)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        // <incar> first, then <parameters> (the full set VASP used) overrides
        for (Node n : children(root, "incar")) collectParams(n, params);
        for (Node n : children(root, "parameters")) collectParams(n, params);
        List<String> elements = new ArrayList<>();
        List<String> typeElements = new ArrayList<>();
        List<String> potcars = new ArrayList<>();
        for (Node ai : children(root, "atominfo")) {
            for (Node arr : children(ai, "array")) {
                String name = attr(arr, "name");
                for (Node set : children(arr, "set")) {
                    for (Node rc : children(set, "rc")) {
                        List<Node> cs = children(rc, "c");
                        if ("atoms".equals(name) && !cs.isEmpty()) elements.add(cs.get(0).getTextContent().strip());
                        if ("atomtypes".equals(name) && cs.size() >= 2) {
                            typeElements.add(cs.get(1).getTextContent().strip());
                            if (cs.size() >= 5) potcars.add(cs.get(4).getTextContent().strip().replaceAll("\\s+", " "));
                        }
                    }
                }
            }
        }
        List<Node> calcs = children(root, "calculation");
        int nelm = (int) Math.round(num(params.getOrDefault("NELM", "60"), file, "NELM"));
        int nsw = (int) Math.round(num(params.getOrDefault("NSW", "0"), file, "NSW"));
        boolean ldau = truthy(params.get("LDAU"));
        boolean hse = truthy(params.get("LHFCALC"));
        Map<String, Double> u = new LinkedHashMap<>();
        if (ldau && params.containsKey("LDAUU")) {
            String[] us = params.get("LDAUU").trim().split("\\s+");
            for (int i = 0; i < typeElements.size() && i < us.length; i++) u.put(cleanSymbol(typeElements.get(i)), num(us[i], file, "LDAUU"));
        }
        double energy = Double.NaN;
        boolean elec = false;
        Structure structure = null;
        OptionalDouble gap = OptionalDouble.empty();
        if (!calcs.isEmpty()) {
            Node last = calcs.get(calcs.size() - 1);
            List<Node> sc = children(last, "scstep");
            elec = !sc.isEmpty() && sc.size() < nelm;
            for (Node en : children(last, "energy")) {
                Map<String, String> m = items(en);
                String e0 = m.get("e_0_energy");
                if (e0 == null) e0 = m.get("e_wo_entrp");
                if (e0 != null) energy = num(e0, file, "e_0_energy");
                // VASP 5.4 writes e_0_energy of the ionic step inconsistently; pymatgen rebuilds it from
                // the last electronic step: e_fr(ionic) + (e_0 − e_fr)(last SCF step)
                if (!sc.isEmpty() && m.containsKey("e_fr_energy")) {
                    Map<String, String> last_sc = new LinkedHashMap<>();
                    for (Node se : children(sc.get(sc.size() - 1), "energy")) last_sc.putAll(items(se));
                    if (last_sc.containsKey("e_0_energy") && last_sc.containsKey("e_fr_energy")) {
                        double fixed = num(m.get("e_fr_energy"), file, "e_fr_energy") + num(last_sc.get("e_0_energy"), file, "e_0_energy")
                                - num(last_sc.get("e_fr_energy"), file, "e_fr_energy");
                        if (Math.abs(fixed - energy) > 1e-7) energy = fixed;
                    }
                }
            }
            for (Node st : children(last, "structure")) structure = structure(st, elements, file);
            for (Node ev : children(last, "eigenvalues")) gap = bandGap(ev, file);
        }
        for (Node st : children(root, "structure")) {
            if ("finalpos".equals(attr(st, "name"))) structure = structure(st, elements, file);
        }
        boolean ionic = nsw <= 1 || calcs.size() < nsw;
        return new Vasprun(file, true, null, structure, energy, elec, ionic, calcs.size(), ldau, u, hse, gap, potcars);
    }

    private static String cleanSymbol(String s) {
        String t = s.strip();
        return Element.find(t).map(Element::symbol).orElse(t);
    }

    private static boolean truthy(String v) {
        if (v == null) return false;
        String t = v.strip().toUpperCase(java.util.Locale.ROOT);
        return t.startsWith("T") || t.startsWith(".T");
    }

    private static void collectParams(Node n, Map<String, String> out) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() != Node.ELEMENT_NODE) continue;
            String tag = c.getNodeName();
            if (tag.equals("i") || tag.equals("v")) {
                String name = attr(c, "name");
                if (name != null) out.put(name.toUpperCase(java.util.Locale.ROOT), c.getTextContent().strip());
            } else if (tag.equals("separator")) {
                collectParams(c, out);
            }
        }
    }

    private static Map<String, String> items(Node n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Node c : children(n, "i")) m.put(attr(c, "name"), c.getTextContent().strip());
        return m;
    }

    private static Structure structure(Node st, List<String> elements, Path file) {
        double[][] basis = null;
        List<double[]> pos = new ArrayList<>();
        for (Node cr : children(st, "crystal")) {
            for (Node va : children(cr, "varray")) {
                if ("basis".equals(attr(va, "name"))) basis = vectors(va, file).toArray(new double[0][]);
            }
        }
        for (Node va : children(st, "varray")) if ("positions".equals(attr(va, "name"))) pos = vectors(va, file);
        if (basis == null || basis.length != 3) throw new InputException(file + ": a <structure> without a 3-vector basis");
        if (pos.size() != elements.size()) {
            throw new InputException(file + ": " + pos.size() + " positions but " + elements.size() + " atoms in <atominfo>");
        }
        Lattice lat = Lattice.fromMatrix(basis);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            Element e = Element.find(elements.get(i)).orElseThrow(() -> new InputException(file + ": unknown element in <atominfo>"));
            double[] p = pos.get(i);
            sites.add(new Site(e, new Vec3(p[0], p[1], p[2]), 1.0, null));
        }
        return new Structure(lat, sites);
    }

    private static List<double[]> vectors(Node varray, Path file) {
        List<double[]> out = new ArrayList<>();
        for (Node v : children(varray, "v")) {
            String[] f = v.getTextContent().trim().split("\\s+");
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = num(f[i], file, "varray " + attr(varray, "name"));
            out.add(d);
        }
        return out;
    }

    /** Band gap as pymatgen's eigenvalue_band_properties: CBM (lowest empty) − VBM (highest occupied), at least 0. */
    private static OptionalDouble bandGap(Node eigenvalues, Path file) {
        double vbm = Double.NEGATIVE_INFINITY, cbm = Double.POSITIVE_INFINITY;
        boolean any = false;
        for (Node array : children(eigenvalues, "array")) {
            for (Node top : children(array, "set")) {
                for (Node spin : children(top, "set")) {
                    for (Node kp : children(spin, "set")) {
                        for (Node r : children(kp, "r")) {
                            String[] f = r.getTextContent().trim().split("\\s+");
                            if (f.length < 2) continue;
                            double e = num(f[0], file, "eigenvalue"), occ = num(f[1], file, "occupation");
                            any = true;
                            if (occ > OCCUPATION_TOL) vbm = Math.max(vbm, e);
                            else cbm = Math.min(cbm, e);
                        }
                    }
                }
            }
        }
        if (!any || Double.isInfinite(vbm) || Double.isInfinite(cbm)) return OptionalDouble.empty();
        return OptionalDouble.of(Math.max(cbm - vbm, 0));
    }

    private static double num(String s, Path file, String what) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            // VASP writes "********" when a number overflows its field
            throw new InputException(file + ": " + what + " '" + s.strip() + "' is not a number");
        }
    }

    private static String attr(Node n, String name) {
        Node a = n.getAttributes() == null ? null : n.getAttributes().getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }

    private static List<Node> children(Node n, String tag) {
        List<Node> out = new ArrayList<>();
        NodeList nl = n.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node c = nl.item(i);
            if (c.getNodeType() == Node.ELEMENT_NODE && c.getNodeName().equals(tag)) out.add(c);
        }
        return out;
    }
}
