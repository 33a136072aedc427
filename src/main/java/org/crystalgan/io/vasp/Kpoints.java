package org.crystalgan.io.vasp;

import java.util.Locale;
import org.crystalgan.crystal.Structure;

/**
 * An automatic k-point mesh chosen by density, as pymatgen's {@code Kpoints.automatic_density_by_vol}
 * (pymatgen 2022.11.7, io/vasp/inputs.py), which the Materials Project input sets use: a density of
 * {@code d} points per Å⁻³ of reciprocal volume (2π included) gives kppa = d·V*·N points per atom·cell;
 * divisions n_i = max(1, floor(m/|a_i|)) with m = (kppa/N · abc)^(1/3); Gamma-centred when any division
 * is odd or the cell is hexagonal, Monkhorst-Pack otherwise.
 *
 * @param divisions mesh divisions along a, b, c
 * @param gamma Gamma-centred (else Monkhorst-Pack)
 * @param kppa the grid density behind it, points per reciprocal atom
 */
public record Kpoints(int[] divisions, boolean gamma, double kppa) {
    public static Kpoints byReciprocalDensity(Structure s, double perInverseCubicAngstrom) {
        double recipVol = s.lattice().reciprocal().volume();
        double kppa = perInverseCubicAngstrom * recipVol * s.size();
        // pymatgen nudges perfect cubes so that rounding does not flip a division
        if (Math.abs(Math.pow(Math.floor(Math.cbrt(kppa) + 0.5), 3) - kppa) < 1) kppa += kppa * 0.01;
        double[] p = s.lattice().parameters();
        double ngrid = kppa / s.size();
        double mult = Math.cbrt(ngrid * p[0] * p[1] * p[2]);
        int[] div = new int[3];
        boolean odd = false;
        for (int i = 0; i < 3; i++) {
            div[i] = (int) Math.floor(Math.max(mult / p[i], 1));
            odd |= div[i] % 2 == 1;
        }
        return new Kpoints(div, odd || isHexagonal(p), kppa);
    }

    /** pymatgen's Lattice.is_hexagonal (angle tolerance 5°, length tolerance 0.01 Å). */
    static boolean isHexagonal(double[] p) {
        int right = 0, hex = 0;
        int[] rightIdx = new int[3];
        for (int i = 0; i < 3; i++) {
            double ang = p[3 + i];
            if (Math.abs(ang - 90) < 5) rightIdx[right++] = i;
            if (Math.abs(ang - 60) < 5 || Math.abs(ang - 120) < 5) hex++;
        }
        return right == 2 && hex == 1 && Math.abs(p[rightIdx[0]] - p[rightIdx[1]]) < 0.01;
    }

    /** KPOINTS file text. */
    public String text() {
        return String.format(Locale.ROOT, "crystalgan: grid density %.0f / number of atoms (automatic density by volume)%n0%n%s%n%d %d %d%n",
                kppa, gamma ? "Gamma" : "Monkhorst", divisions[0], divisions[1], divisions[2]);
    }
}
