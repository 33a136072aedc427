package org.crystalgan.potential.relax;

import java.util.Arrays;
import java.util.Locale;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;

/**
 * Relaxes positions and cell with any {@link Potential} as matgl's {@code Relaxer} does with ASE:
 * {@link Fire} on the state of a {@link FrechetCellFilter}, converged when every generalised force
 * (atom rows and cell rows) is below fmax. Thread-safe: one relaxer serves a whole batch.
 *
 * <p>Verdicts beyond ASE's: a relaxation is stopped as {@link Verdict#EXPLODED} when two atoms come
 * closer than {@value #MIN_DISTANCE} Å (no bonded pair in an oxide or metal is that short; the
 * potential is outside its training data there and a classical Buckingham term even turns
 * attractive), when the volume leaves [V₀/{@value #MAX_VOLUME_RATIO}, {@value #MAX_VOLUME_RATIO}·V₀]
 * (a threefold volume is 44 % in every length: far beyond any real relaxation, which moves a few
 * percent, or tens for a badly scaled generated cell; past it the atoms have lost each other, e.g.
 * beyond M3GNet's 5 Å cutoff the energy no longer holds the cell together), or when the potential
 * returns a non-finite number.
 */
public final class Relaxer {
    /** Atoms closer than this (Å) end a relaxation as exploded, and an input as failed. */
    public static final double MIN_DISTANCE = 0.5;
    /** The volume may grow or shrink by at most this factor before the relaxation counts as exploded. */
    public static final double MAX_VOLUME_RATIO = 3.0;

    private final Potential potential;
    private final RelaxOptions options;

    public Relaxer(Potential potential, RelaxOptions options) {
        this.potential = potential;
        this.options = options;
    }

    public Potential potential() { return potential; }

    public RelaxOptions options() { return options; }

    public RelaxResult relax(Structure s) { return relax(s, RelaxListener.NONE, Progress.NONE); }

    /**
     * Relaxes one structure. {@code progress} is polled for {@link Progress#isCancelled()} before every
     * evaluation (it hears no counts: steps go to {@code listener}), so a cancel takes effect within one
     * energy evaluation; the state reached so far comes back as {@link Verdict#CANCELLED}, not as an
     * exception. Input the potential refuses comes back as {@link Verdict#FAILED} with
     * its message; nothing is thrown for a bad structure.
     */
    public RelaxResult relax(Structure s, RelaxListener listener, Progress progress) {
        if (s.size() == 0) return RelaxResult.notRun(s, Verdict.FAILED, "the structure has no atoms");
        String contact = closeContact(s);
        if (contact != null) return RelaxResult.notRun(s, Verdict.FAILED, "the input has " + contact);
        if (progress.isCancelled()) return RelaxResult.notRun(s, Verdict.CANCELLED, "cancelled before it started");
        FrechetCellFilter filter = new FrechetCellFilter(s, options.relaxCell());
        double[] state = filter.initialState();
        Evaluation e;
        try {
            e = potential.evaluate(s);
        } catch (InputException ex) {
            return RelaxResult.notRun(s, Verdict.FAILED, ex.getMessage());
        }
        if (!finite(e)) return RelaxResult.notRun(s, Verdict.EXPLODED, "the potential returned a non-finite energy, force or stress for the input");
        Run run = new Run(s, e.energy());
        run.accept(s, e);
        double[] g = filter.generalisedForces(state, e, s.volume());
        double fm = FrechetCellFilter.maxRowNorm(g);
        listener.step(0, e.energy(), fm);
        Fire fire = new Fire();
        int steps = 0;
        double v0 = s.volume();
        while (true) {
            if (fm < options.fmax()) {
                return run.end(steps, Verdict.CONVERGED, String.format(Locale.ROOT, "largest force %.4f eV/Å below fmax %.4g", fm, options.fmax()));
            }
            if (steps >= options.maxSteps()) {
                return run.end(steps, Verdict.STEP_LIMIT, String.format(Locale.ROOT, "%d steps reached with largest force %.4f eV/Å (fmax %.4g)",
                        steps, fm, options.fmax()));
            }
            if (progress.isCancelled()) return run.end(steps, Verdict.CANCELLED, "cancelled after " + steps + " steps");
            double[] dr = fire.step(g);
            double[] next = state.clone();
            for (int i = 0; i < next.length; i++) next[i] += dr[i];
            steps++;
            Structure t;
            try {
                t = filter.structure(next);
            } catch (IllegalArgumentException | ArithmeticException ex) {
                return run.end(steps, Verdict.EXPLODED, "the cell degenerated at step " + steps + " (" + ex.getMessage() + ")");
            }
            double ratio = t.volume() / v0;
            if (!(ratio <= MAX_VOLUME_RATIO && ratio >= 1 / MAX_VOLUME_RATIO)) {
                return run.end(steps, Verdict.EXPLODED, String.format(Locale.ROOT, "the volume changed %.2f-fold at step %d (bound: x%.0f or /%.0f)",
                        ratio, steps, MAX_VOLUME_RATIO, MAX_VOLUME_RATIO));
            }
            contact = closeContact(t);
            if (contact != null) return run.end(steps, Verdict.EXPLODED, contact + " at step " + steps);
            try {
                e = potential.evaluate(t);
            } catch (InputException ex) {
                return run.end(steps, Verdict.FAILED, "step " + steps + ": " + ex.getMessage());
            }
            if (!finite(e)) return run.end(steps, Verdict.EXPLODED, "the potential returned a non-finite number at step " + steps);
            state = next;
            run.accept(t, e);
            g = filter.generalisedForces(state, e, t.volume());
            fm = FrechetCellFilter.maxRowNorm(g);
            listener.step(steps, e.energy(), fm);
        }
    }

    /** "atoms 3 (O) and 5 (Mn) 0.42 Å apart" for the closest pair under {@link #MIN_DISTANCE}, or null. */
    static String closeContact(Structure s) {
        NeighborList nl = NeighborList.build(s, MIN_DISTANCE);
        int bi = -1, bj = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.size(); i++) {
            for (NeighborList.Neighbor nb : nl.of(i)) {
                if (nb.distance() < MIN_DISTANCE && nb.distance() < best) {
                    best = nb.distance();
                    bi = i;
                    bj = nb.index();
                }
            }
        }
        if (bi < 0) return null;
        if (bi == bj) {
            return String.format(Locale.ROOT, "atom %d (%s) %.2f Å from its own periodic image", bi + 1, s.site(bi).element().symbol(), best);
        }
        int i = Math.min(bi, bj), j = Math.max(bi, bj);
        return String.format(Locale.ROOT, "atoms %d (%s) and %d (%s) %.2f Å apart", i + 1, s.site(i).element().symbol(), j + 1,
                s.site(j).element().symbol(), best);
    }

    private static boolean finite(Evaluation e) {
        if (!Double.isFinite(e.energy())) return false;
        for (double[] f : e.forces()) for (double v : f) if (!Double.isFinite(v)) return false;
        for (double v : e.stressGPa()) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** The trajectory so far: last evaluated structure and evaluation, energy per step. */
    private static final class Run {
        final Structure input;
        final double initialEnergy;
        Structure last;
        Evaluation lastEval;
        double[] energies = new double[16];
        int count;

        Run(Structure input, double initialEnergy) {
            this.input = input;
            this.initialEnergy = initialEnergy;
        }

        void accept(Structure s, Evaluation e) {
            last = s;
            lastEval = e;
            if (count == energies.length) energies = Arrays.copyOf(energies, 2 * count);
            energies[count++] = e.energy();
        }

        RelaxResult end(int steps, Verdict verdict, String reason) {
            return new RelaxResult(input, last.wrapped(), initialEnergy, lastEval.energy(), steps, verdict, reason, lastEval.maxForce(),
                    lastEval.stressGPa().clone(), Arrays.copyOf(energies, count));
        }
    }
}
