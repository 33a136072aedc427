package org.crystalgan.potential.relax;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.potential.Evaluation;

/**
 * Positions and cell as one vector for the optimiser, the way ASE's {@code FrechetCellFilter} (the
 * filter matgl's {@code Relaxer} wraps around the atoms when it relaxes the cell) presents them.
 *
 * <p>The cell is the original one deformed by D = exp(X/N): lattice rows a'ₖ = D·aₖ, atoms at
 * x = D·u. The state is the n rows u (Å, in the undeformed frame) followed by the three rows of X
 * = N·log D, N the number of atoms (ASE's default {@code exp_cell_factor}, which puts cell and atom
 * steps on one scale). The generalised forces are exactly −∂E/∂state: Dᵀ·f on the u rows and, with
 * the virial W = −V·σ and G = W·D⁻ᵀ (= −∂E/∂D), the rows of L*(log D, G)/N where L* is the adjoint of
 * the Fréchet derivative of exp. Stress enters only through W, with ASE's sign (σ = (1/V)·∂E/∂ε).
 * Without cell relaxation the state is just the Cartesian positions and the forces are the forces.
 */
final class FrechetCellFilter {
    private final Structure original;
    private final double[][] cell0;
    private final int n;
    private final boolean relaxCell;
    private final double cellFactor;

    FrechetCellFilter(Structure original, boolean relaxCell) {
        this.original = original;
        this.cell0 = original.lattice().matrix();
        this.n = original.size();
        this.relaxCell = relaxCell;
        this.cellFactor = n;
    }

    /** Rows of the state: the atoms, then three for the cell when it relaxes. */
    int rows() { return n + (relaxCell ? 3 : 0); }

    /** The starting state: Cartesian positions and X = 0 (D = I). */
    double[] initialState() {
        double[] s = new double[3 * rows()];
        for (int i = 0; i < n; i++) {
            Vec3 c = original.cartesian(i);
            s[3 * i] = c.x();
            s[3 * i + 1] = c.y();
            s[3 * i + 2] = c.z();
        }
        return s;
    }

    /** D = exp(X/N) of a state (identity for a fixed cell). */
    double[][] deformation(double[] state) {
        if (!relaxCell) return Matrices.identity(3);
        double[][] x = new double[3][3];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) x[a][b] = state[3 * (n + a) + b] / cellFactor;
        return Matrices.expm(x);
    }

    /** Lattice rows (Å) of a state. */
    double[][] cell(double[] state) {
        return Matrices.multiply(cell0, Matrices.transpose(deformation(state)));
    }

    /**
     * The structure a state describes: the original species, occupancies and labels in the original
     * order (the potential's forces are matched to the state by index), coordinates not wrapped.
     * Throws {@link IllegalArgumentException} for a degenerate cell or non-finite coordinates.
     */
    Structure structure(double[] state) {
        double[][] d = deformation(state);
        Lattice lat = Lattice.fromMatrix(Matrices.multiply(cell0, Matrices.transpose(d)));
        List<Site> sites = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u0 = state[3 * i], u1 = state[3 * i + 1], u2 = state[3 * i + 2];
            Vec3 x = new Vec3(d[0][0] * u0 + d[0][1] * u1 + d[0][2] * u2, d[1][0] * u0 + d[1][1] * u1 + d[1][2] * u2,
                    d[2][0] * u0 + d[2][1] * u1 + d[2][2] * u2);
            Site s = original.site(i);
            sites.add(new Site(s.element(), lat.toFractional(x), s.occupancy(), s.label()));
        }
        return new Structure(lat, sites);
    }

    /** −∂E/∂state at {@code state}, given the potential's evaluation of {@link #structure(double[])}. */
    double[] generalisedForces(double[] state, Evaluation e, double volume) {
        double[] g = new double[3 * rows()];
        double[][] d = deformation(state);
        double[][] f = e.forces();
        for (int i = 0; i < n; i++) {
            // row vector f·D, i.e. Dᵀ f: the chain rule through x = D·u
            for (int b = 0; b < 3; b++) g[3 * i + b] = f[i][0] * d[0][b] + f[i][1] * d[1][b] + f[i][2] * d[2][b];
        }
        if (!relaxCell) return g;
        double[] v = e.stressGPa();
        double k = -volume / Evaluation.EV_PER_A3_IN_GPA;
        double[][] virial = {{k * v[0], k * v[5], k * v[4]}, {k * v[5], k * v[1], k * v[3]}, {k * v[4], k * v[3], k * v[2]}};
        double[][] ucf = Matrices.multiply(virial, Mat3.inverse(Matrices.transpose(d)));
        double[][] logD = new double[3][3];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) logD[a][b] = state[3 * (n + a) + b] / cellFactor;
        double[][] cellForce = Matrices.expmFrechetAdjoint(logD, ucf);
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) g[3 * (n + a) + b] = cellForce[a][b] / cellFactor;
        return g;
    }

    /** The largest row norm of a generalised force vector: ASE's convergence measure. */
    static double maxRowNorm(double[] g) {
        double best = 0;
        for (int r = 0; r < g.length / 3; r++) {
            double x = g[3 * r], y = g[3 * r + 1], z = g[3 * r + 2];
            best = Math.max(best, Math.sqrt(x * x + y * y + z * z));
        }
        return best;
    }
}
