package org.crystalgan.potential.classical;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.potential.relax.Verdict;

/**
 * Relaxes positions and cell with the classical force field (Buckingham + Ewald) by FIRE (Bitzek et
 * al., PRL 97 (2006) 170201; parameters as ASE's FIRE defaults), treating the cell through a
 * deformation gradient D as ASE's UnitCellFilter does: positions r = D·u, generalised forces Dᵀ·f on
 * u and −V·σ·D⁻ᵀ / N on N·D. Converged when every force is below {@code fmax} and every stress
 * component below {@code smax}; stops after {@code maxSteps} or when the cell collapses (an ion pair
 * closer than 0.5 Å, where the Buckingham form has no barrier) or explodes (volume × 4).
 */
public final class ForceFieldRelaxer {
    /** Convergence: max force, eV/Å; max stress component, eV/Å³; step limit; whether the cell may change. */
    public record Options(double fmax, double smax, int maxSteps, boolean relaxCell) {
        public static Options defaults() { return new Options(0.02, 0.001, 1000, true); }
    }

    /**
     * Outcome: the relaxed structure, the classical force-field energy (eV per cell and per atom; not a
     * formation energy), the last max force and stress, steps taken, and whether it converged (or why not),
     * with the verdict the relax command reports for every potential and the energy of the input (eV per cell).
     */
    public record Result(Structure structure, double energy, double energyPerAtom, double maxForce, double maxStress,
                         int steps, boolean converged, String message, Verdict verdict, double initialEnergy) {}

    private static final double MIN_PAIR = 0.5;

    private final ClassicalForceField ff;
    private final Options options;

    public ForceFieldRelaxer(ClassicalForceField ff, Options options) {
        this.ff = ff;
        this.options = options;
    }

    public ForceFieldRelaxer() { this(new ClassicalForceField(), Options.defaults()); }

    public Result relax(Structure s) { return relax(s, Progress.NONE); }

    /**
     * Relaxes; {@code progress} is polled for {@link Progress#isCancelled()} every step (it hears no counts). A cancelled
     * run returns the current state, not converged, with the verdict {@link Verdict#CANCELLED}; nothing is thrown.
     */
    public Result relax(Structure s, Progress progress) {
        List<String> ions = FormalCharges.assign(s);
        int n = s.size();
        double[][] cell0 = s.lattice().matrix();
        double v0 = s.volume();
        double[][] u = new double[n][];
        for (int i = 0; i < n; i++) {
            Vec3 c = s.cartesian(i);
            u[i] = new double[] {c.x(), c.y(), c.z()};
        }
        double cellFactor = n;
        double[][] dg = identity();
        // FIRE state
        double dt = 0.1, dtMax = 1.0, alpha = 0.1;
        final double alphaStart = 0.1, fInc = 1.1, fDec = 0.5, fAlpha = 0.99, maxMove = 0.2;
        final int nMin = 5;
        int sincePositive = 0;
        int dof = n + (options.relaxCell() ? 3 : 0);
        double[][] v = new double[dof][3];
        ClassicalForceField.Result r = null;
        double[][] cell = cell0;
        double[][] cart = u;
        double e0 = Double.NaN;
        for (int step = 0; step <= options.maxSteps(); step++) {
            cell = mul(cell0, Mat3.transpose(dg));
            cart = new double[n][];
            for (int i = 0; i < n; i++) cart[i] = apply(dg, u[i]);
            String bad = sanity(cell, v0);
            if (bad != null) return done(s, cell, cart, ions, r, step, Verdict.EXPLODED, bad, e0);
            r = ff.evaluate(cell, cart, ions);
            if (step == 0) e0 = r.energy();
            if (r.minDistance() < MIN_PAIR) {
                // at step 0 the input itself is at fault: failed, not exploded
                return done(s, cell, cart, ions, r, step, step == 0 ? Verdict.FAILED : Verdict.EXPLODED, String.format(java.util.Locale.ROOT,
                        "ions %.2f Å apart: below %.1f Å the Buckingham form has no barrier", r.minDistance(), MIN_PAIR), e0);
            }
            boolean conv = r.maxForce() < options.fmax() && (!options.relaxCell() || r.maxStress() < options.smax());
            if (conv) return done(s, cell, cart, ions, r, step, Verdict.CONVERGED, "converged", e0);
            if (step == options.maxSteps()) break;
            if (progress.isCancelled()) return done(s, cell, cart, ions, r, step, Verdict.CANCELLED, "cancelled", e0);
            // generalised forces
            double[][] g = new double[dof][3];
            for (int i = 0; i < n; i++) g[i] = applyT(dg, r.forces()[i]);
            if (options.relaxCell()) {
                double vol = Math.abs(Mat3.det(cell));
                double[][] dinvT = Mat3.transpose(Mat3.inverse(dg));
                double[][] cf = mul(r.stress(), dinvT);
                for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) g[n + a][b] = -vol * cf[a][b] / cellFactor;
            }
            // FIRE velocity mixing
            double pw = 0, vn = 0, fn = 0;
            for (int i = 0; i < dof; i++) {
                for (int x = 0; x < 3; x++) {
                    pw += g[i][x] * v[i][x];
                    vn += v[i][x] * v[i][x];
                    fn += g[i][x] * g[i][x];
                }
            }
            vn = Math.sqrt(vn);
            fn = Math.sqrt(fn);
            if (pw > 0) {
                for (int i = 0; i < dof; i++) for (int x = 0; x < 3; x++) v[i][x] = (1 - alpha) * v[i][x] + alpha * g[i][x] / fn * vn;
                if (sincePositive > nMin) {
                    dt = Math.min(dt * fInc, dtMax);
                    alpha *= fAlpha;
                }
                sincePositive++;
            } else {
                for (double[] vi : v) java.util.Arrays.fill(vi, 0);
                alpha = alphaStart;
                dt *= fDec;
                sincePositive = 0;
            }
            // Euler step with the move capped at maxMove (largest row)
            double[][] dr = new double[dof][3];
            double maxRow = 0;
            for (int i = 0; i < dof; i++) {
                for (int x = 0; x < 3; x++) {
                    v[i][x] += dt * g[i][x];
                    dr[i][x] = dt * v[i][x];
                }
                maxRow = Math.max(maxRow, Math.sqrt(dr[i][0] * dr[i][0] + dr[i][1] * dr[i][1] + dr[i][2] * dr[i][2]));
            }
            double scale = maxRow > maxMove ? maxMove / maxRow : 1;
            for (int i = 0; i < n; i++) for (int x = 0; x < 3; x++) u[i][x] += scale * dr[i][x];
            if (options.relaxCell()) {
                for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) dg[a][b] += scale * dr[n + a][b] / cellFactor;
            }
        }
        return done(s, cell, cart, ions, r, options.maxSteps(), Verdict.STEP_LIMIT, "step limit " + options.maxSteps() + " reached", e0);
    }

    private Result done(Structure s0, double[][] cell, double[][] cart, List<String> ions, ClassicalForceField.Result r,
                        int steps, Verdict verdict, String message, double e0) {
        Lattice lat = Lattice.fromMatrix(cell);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < cart.length; i++) {
            Site old = s0.site(i);
            Vec3 frac = lat.toFractional(new Vec3(cart[i][0], cart[i][1], cart[i][2]));
            sites.add(new Site(old.element(), frac, old.occupancy(), old.label()));
        }
        Structure out = new Structure(lat, sites).wrapped();
        if (r == null) {
            return new Result(out, Double.NaN, Double.NaN, Double.NaN, Double.NaN, steps, false, message, verdict, e0);
        }
        return new Result(out, r.energy(), r.energy() / cart.length, r.maxForce(), r.maxStress(), steps, verdict == Verdict.CONVERGED,
                message, verdict, e0);
    }

    private static String sanity(double[][] cell, double v0) {
        double vol = Math.abs(Mat3.det(cell));
        if (vol > 4 * v0) return "cell expanded more than four-fold: the structure is falling apart";
        if (vol < 0.25 * v0) return "cell volume collapsed";
        return null;
    }

    private static double[][] identity() { return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}; }

    private static double[] apply(double[][] m, double[] x) {
        return new double[] {m[0][0] * x[0] + m[0][1] * x[1] + m[0][2] * x[2], m[1][0] * x[0] + m[1][1] * x[1] + m[1][2] * x[2],
            m[2][0] * x[0] + m[2][1] * x[1] + m[2][2] * x[2]};
    }

    private static double[] applyT(double[][] m, double[] x) {
        return new double[] {m[0][0] * x[0] + m[1][0] * x[1] + m[2][0] * x[2], m[0][1] * x[0] + m[1][1] * x[1] + m[2][1] * x[2],
            m[0][2] * x[0] + m[1][2] * x[1] + m[2][2] * x[2]};
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][3];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }
}
