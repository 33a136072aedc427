package org.crystalgan.screening.pourbaix;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain data for drawing a Pourbaix diagram: on a pH × V (vs SHE) grid, the stable domain at each
 * point, named by its species joined with " + ". Row j of {@code domain} is potential {@code v[j]}.
 */
public record PourbaixMap(double[] pH, double[] vShe, String[][] domain) {
    /** Upper water line, O2/H2O: V = 1.229 − 0.0591·pH (vs SHE). */
    public static double oxygenLine(double pH) { return 1.229 - PourbaixSpecies.PREFAC * pH; }

    /** Lower water line, H+/H2: V = −0.0591·pH (vs SHE). */
    public static double hydrogenLine(double pH) { return -PourbaixSpecies.PREFAC * pH; }

    /** Distinct domains in the order first met (rows bottom-up, pH left to right). */
    public List<String> domains() {
        Set<String> s = new LinkedHashSet<>();
        for (String[] row : domain) for (String d : row) s.add(d);
        return List.copyOf(s);
    }
}
