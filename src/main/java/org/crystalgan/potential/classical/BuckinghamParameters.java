package org.crystalgan.potential.classical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Buckingham pair parameters V(r) = A·exp(−r/ρ) − C/r⁶ of the classical force field, keyed by ion
 * ("Mg2+", "Mn3+", "O2-"), from resources/crystalgan/buckingham.tsv where each line carries its source
 * (Lewis and Catlow, J. Phys. C 18 (1985) 1149, and others named there).
 */
public final class BuckinghamParameters {
    /** One pair: A in eV, ρ in Å, C in eV·Å⁶, and the literature key. */
    public record Pair(String ion1, String ion2, double a, double rho, double c, String source) {}

    private static final String RESOURCE = "/crystalgan/buckingham.tsv";
    private static volatile BuckinghamParameters bundled;

    private final Map<String, Pair> pairs;

    public BuckinghamParameters(Map<String, Pair> pairs) { this.pairs = Map.copyOf(pairs); }

    /** The bundled Mg-Mn-O parameters. */
    public static BuckinghamParameters bundled() {
        BuckinghamParameters b = bundled;
        if (b == null) bundled = b = load();
        return b;
    }

    /** The pair for two ions in either order; empty when they interact by Coulomb only. */
    public Optional<Pair> pair(String ion1, String ion2) {
        Pair p = pairs.get(key(ion1, ion2));
        return Optional.ofNullable(p);
    }

    public Map<String, Pair> all() { return pairs; }

    private static String key(String a, String b) { return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a; }

    private static BuckinghamParameters load() {
        try (InputStream in = BuckinghamParameters.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Pair> m = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                Pair p = new Pair(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5]);
                m.put(key(p.ion1(), p.ion2()), p);
            }
            return new BuckinghamParameters(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
