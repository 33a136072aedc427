package org.crystalgan.screening.pourbaix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Composition;

/**
 * An aqueous ion with its experimental standard Gibbs energy of formation and the reference solid
 * used to bring it onto the computed energy scale (Persson et al., PRB 85 (2012) 235438).
 *
 * @param formula the ion as written in the table, e.g. {@code MnO4[-]}
 * @param composition atoms of the ion (H and O included)
 * @param charge charge in units of e
 * @param gibbsKjPerMol standard Gibbs energy of formation, kJ/mol
 * @param referenceSolid reduced formula of the reference solid, e.g. {@code MnO2}
 * @param referenceSolidGibbsKjPerMol experimental Gibbs energy of formation of the reference solid, kJ/mol (per reduced formula)
 * @param source short key of the literature source (see resources/crystalgan/aqueous-ions.tsv)
 */
public record AqueousIon(String formula, Composition composition, int charge, double gibbsKjPerMol,
                         String referenceSolid, double referenceSolidGibbsKjPerMol, String source) {
    /** kJ/mol per eV (CODATA: e·N_A / 1000). */
    public static final double KJ_PER_MOL_PER_EV = 96.48533212;

    private static final String RESOURCE = "/crystalgan/aqueous-ions.tsv";
    private static volatile List<AqueousIon> bundled;

    /** Standard Gibbs energy of formation, eV per ion. */
    public double gibbsEv() { return gibbsKjPerMol / KJ_PER_MOL_PER_EV; }

    /** The bundled Mg and Mn ion table. */
    public static List<AqueousIon> bundled() {
        List<AqueousIon> b = bundled;
        if (b == null) bundled = b = load();
        return b;
    }

    private static List<AqueousIon> load() {
        try (InputStream in = AqueousIon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<AqueousIon> out = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                String formula = f[0];
                String body = formula.replaceAll("\\[.*\\]", "");
                out.add(new AqueousIon(formula, Composition.parse(body), Integer.parseInt(f[1]),
                        Double.parseDouble(f[2]), f[3], Double.parseDouble(f[4]), f[5]));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
