package org.crystalgan.potential.relax;

import org.crystalgan.crystal.Structure;

/**
 * The outcome of one relaxation.
 *
 * @param input         the structure as given
 * @param relaxed       the last state (wrapped into the cell); the input itself when nothing was evaluated
 * @param initialEnergy energy of the input, eV per cell (NaN when the potential refused it)
 * @param finalEnergy   energy of the last evaluated state, eV per cell
 * @param steps         FIRE steps taken
 * @param verdict       how it ended
 * @param reason        one line for people: why it ended so (for failed, the potential's message)
 * @param maxForce      largest force on an atom in the last evaluated state, eV/Å (cell rows not included)
 * @param stressGPa     stress of the last evaluated state, GPa, Voigt xx yy zz yz xz xy, ASE sign
 * @param energies      energy per evaluated step, eV per cell (index = step)
 */
public record RelaxResult(Structure input, Structure relaxed, double initialEnergy, double finalEnergy, int steps, Verdict verdict,
                          String reason, double maxForce, double[] stressGPa, double[] energies) {
    public int atoms() { return input.size(); }

    public double initialEnergyPerAtom() { return initialEnergy / input.size(); }

    public double finalEnergyPerAtom() { return finalEnergy / input.size(); }

    /** Relative volume change, V_relaxed / V_input − 1 (0.05 = 5 % larger). */
    public double volumeChange() { return relaxed.volume() / input.volume() - 1; }

    /** A structure the potential could not start on, or that was never started (cancelled before its turn). */
    public static RelaxResult notRun(Structure input, Verdict verdict, String reason) {
        return new RelaxResult(input, input, Double.NaN, Double.NaN, 0, verdict, reason, Double.NaN,
                new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, new double[0]);
    }
}
