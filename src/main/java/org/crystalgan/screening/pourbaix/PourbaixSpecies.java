package org.crystalgan.screening.pourbaix;

import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;

/**
 * A solid or an aqueous ion in the Pourbaix scheme of pymatgen's {@code PourbaixEntry}
 * (pymatgen/analysis/pourbaix_diagram.py, Persson et al. PRB 85 (2012) 235438). Its free energy at pH and
 * potential V (vs SHE) is
 * {@code G = G0 + PREFAC·log10(c) − nO·μ(H2O) + npH·PREFAC·pH + nPhi·V}, with npH = nH − 2nO and
 * nPhi = npH − q: the species is formed from the elements with water, releasing H⁺ and electrons.
 *
 * @param name display name ("MnO2(s)", "MnO4[-]")
 * @param composition atoms (H and O included)
 * @param charge charge in e (0 for solids)
 * @param formationEnergy G0: formation (free) energy of the composition as given, eV
 * @param concentration ion concentration in mol/L (ignored for solids)
 * @param solid whether this is a solid phase
 */
public record PourbaixSpecies(String name, Composition composition, int charge, double formationEnergy,
                              double concentration, boolean solid) {
    /** kT·ln(10) at 298 K, eV, as pymatgen's PREFAC. */
    public static final double PREFAC = 0.0591;
    /** Gibbs energy of formation of liquid water, eV per H2O, as pymatgen's MU_H2O. */
    public static final double MU_H2O = -2.4583;
    /** pymatgen's default ion concentration, mol/L. */
    public static final double DEFAULT_CONCENTRATION = 1e-6;

    private static final Element H = Element.of("H");
    private static final Element O = Element.of("O");

    public static PourbaixSpecies solid(String name, Composition c, double formationEnergy) {
        return new PourbaixSpecies(name, c, 0, formationEnergy, 1.0, true);
    }

    public double nH() { return composition.amount(H); }

    public double nO() { return composition.amount(O); }

    public double npH() { return nH() - 2 * nO(); }

    public double nPhi() { return npH() - charge; }

    /** G at pH 0 and 0 V vs SHE, eV. */
    public double energy() {
        double conc = solid ? 0 : PREFAC * Math.log10(concentration);
        return formationEnergy + conc - MU_H2O * nO();
    }

    /** G at pH and V (vs SHE), eV per formula as given. */
    public double energyAt(double pH, double vShe) { return energy() + npH() * PREFAC * pH + nPhi() * vShe; }

    /** Atoms that are neither H nor O: the normalisation of Pourbaix energies. */
    public double nonHOAtoms() { return composition.numAtoms() - nH() - nO(); }

    /** G per non-H, non-O atom at pH and V (vs SHE), eV. */
    public double normalizedEnergyAt(double pH, double vShe) { return energyAt(pH, vShe) / nonHOAtoms(); }
}
