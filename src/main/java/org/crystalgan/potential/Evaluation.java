package org.crystalgan.potential;

/**
 * One single-point result of a {@link Potential}.
 *
 * @param energy    total energy of the cell, eV
 * @param forces    Cartesian force on each site, eV/Å, {@code forces[i] = -dE/dr_i} (n rows of 3)
 * @param stressGPa stress in GPa as six Voigt components xx, yy, zz, yz, xz, xy with ASE's sign
 *                  convention: sigma = (1/V) dE/d(strain), negative = compressive (the cell wants to
 *                  expand). VASP's stress in kB is -10 times this.
 */
public record Evaluation(double energy, double[][] forces, double[] stressGPa) {
    /** eV/Å³ to GPa: 1 eV/Å³ = 160.21766208 GPa. */
    public static final double EV_PER_A3_IN_GPA = 160.21766208;

    public Evaluation {
        if (stressGPa.length != 6) throw new IllegalArgumentException("stress needs six Voigt components");
        for (double[] f : forces) if (f.length != 3) throw new IllegalArgumentException("a force has three components");
    }

    public int size() { return forces.length; }

    public double energyPerAtom() { return forces.length == 0 ? Double.NaN : energy / forces.length; }

    /** The largest force norm on any site, eV/Å (0 for an empty structure). */
    public double maxForce() {
        double best = 0;
        for (double[] f : forces) best = Math.max(best, Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]));
        return best;
    }
}
