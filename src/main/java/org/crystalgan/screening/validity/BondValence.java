package org.crystalgan.screening.validity;

import java.util.OptionalDouble;
import org.crystalgan.crystal.Element;

/**
 * Bond-valence parameters for cation-oxygen bonds: s = exp((R0 − R) / b).
 *
 * <p>R0 values and b = 0.37 Å are those of N. E. Brese and M. O'Keeffe, "Bond-valence parameters
 * for solids", Acta Cryst. B47 (1991) 192-197 (Table 1, oxides): Mg(II)-O 1.693 Å, Mn(II)-O
 * 1.790 Å, Mn(III)-O 1.760 Å, Mn(IV)-O 1.753 Å (the Mg and Mn values go back to Brown and Altermatt,
 * Acta Cryst. B41 (1985) 244). Only the Mg-Mn-O chemistry of the workbench is tabulated.
 */
public final class BondValence {
    /** The softness parameter b in Å, the same for every bond in Brese and O'Keeffe's table. */
    public static final double B = 0.37;

    private BondValence() {}

    /** R0 (Å) for a bond of {@code cation} in oxidation state {@code state} to O(-II), when tabulated. */
    public static OptionalDouble r0(Element cation, int state) {
        switch (cation.symbol()) {
            case "Mg":
                return state == 2 ? OptionalDouble.of(1.693) : OptionalDouble.empty();
            case "Mn":
                return switch (state) {
                    case 2 -> OptionalDouble.of(1.790);
                    case 3 -> OptionalDouble.of(1.760);
                    case 4 -> OptionalDouble.of(1.753);
                    default -> OptionalDouble.empty();
                };
            default:
                return OptionalDouble.empty();
        }
    }

    /** Whether some R0 to oxygen is tabulated for this cation. */
    public static boolean hasParameters(Element cation) {
        return cation.symbol().equals("Mg") || cation.symbol().equals("Mn");
    }

    /** The tabulated state nearest to {@code state} (Mn above IV uses the Mn(IV) value, below II the Mn(II) one). */
    public static int nearestTabulatedState(Element cation, int state) {
        if (cation.symbol().equals("Mg")) return 2;
        return Math.max(2, Math.min(4, state));
    }

    /** One bond's valence (valence units) for bond length {@code r} in Å. */
    public static double bondValence(double r0, double r) { return Math.exp((r0 - r) / B); }
}
