package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleUnaryOperator;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.classical.ClassicalPotential;
import org.junit.jupiter.api.Test;

class RelaxerTest {
    /** Minimum of a unimodal function on [lo, hi] by golden-section search. */
    static double argmin(DoubleUnaryOperator f, double lo, double hi) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo, b = hi, c = b - g * (b - a), d = a + g * (b - a);
        double fc = f.applyAsDouble(c), fd = f.applyAsDouble(d);
        while (b - a > 1e-7) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }

    @Test
    void dimerInAFixedBoxEndsAtTheLennardJonesMinimum() {
        LennardJones lj = LennardJones.standard();
        Structure dimer = new Structure(Lattice.cubic(20), List.of(new Site(Element.of("Ar"), 0.4, 0.5, 0.5),
                new Site(Element.of("Ar"), 0.53, 0.52, 0.5)));
        RelaxResult r = new Relaxer(lj, new RelaxOptions(1e-4, 500, false)).relax(dimer);
        assertEquals(Verdict.CONVERGED, r.verdict(), r.reason());
        // the shift changes energies, not forces: the minimum stays at 2^(1/6) σ
        assertEquals(Math.pow(2, 1.0 / 6) * lj.sigma, r.relaxed().distance(0, 1), 1e-4);
        assertEquals(20, r.relaxed().lattice().a(), 0);
        assertEquals(-lj.epsilon - lj.shift, r.finalEnergy(), 1e-7);
        assertEquals(r.steps() + 1, r.energies().length);
        assertTrue(r.energies()[0] > r.energies()[r.steps()]);
    }

    @Test
    void cellFilterRecoversTheLatticeConstantOfAStrainedFccCrystal() {
        LennardJones lj = LennardJones.standard();
        double a0 = argmin(a -> lj.evaluate(LennardJones.fcc("Ar", a)).energy(), 3.0, 4.5);
        // the known full-range value is 1.5424 σ; the cutoff at 2.5 σ moves it a little
        assertEquals(1.5424 * lj.sigma, a0, 0.02 * a0);
        // strained and sheared start: the cell must come back to cubic a0
        Structure start = new Structure(Lattice.fromParameters(1.06 * a0, 0.97 * a0, 1.02 * a0, 87, 92, 91),
                LennardJones.fcc("Ar", a0).sites());
        RelaxResult r = new Relaxer(lj, new RelaxOptions(1e-4, 1000, true)).relax(start);
        assertEquals(Verdict.CONVERGED, r.verdict(), r.reason());
        double[] p = r.relaxed().lattice().parameters();
        for (int k = 0; k < 3; k++) assertEquals(a0, p[k], 2e-4 * a0, "length " + k);
        for (int k = 3; k < 6; k++) assertEquals(90, p[k], 0.02, "angle " + k);
        assertTrue(r.finalEnergy() < r.initialEnergy());
        assertEquals(Math.pow(a0, 3) / start.volume() - 1, r.volumeChange(), 1e-3);
    }

    @Test
    void classicalForceFieldRockSaltRelaxesToTheMinimumOfItsEnergyCurve() {
        ClassicalPotential ff = new ClassicalPotential();
        double a0 = argmin(a -> ff.evaluate(FrechetCellFilterTest.rockSalt(a)).energy(), 3.8, 4.8);
        RelaxResult r = new Relaxer(ff, new RelaxOptions(1e-3, 1000, true)).relax(FrechetCellFilterTest.rattledRockSalt(4.4, 1));
        assertEquals(Verdict.CONVERGED, r.verdict(), r.reason());
        // fmax applies to the generalised forces Dᵀf; D shrinks the cell by about 3 %, so f itself may be that much larger
        assertTrue(r.maxForce() < 1.05e-3, "max force " + r.maxForce());
        double v = r.relaxed().volume();
        assertEquals(a0, Math.cbrt(v), 2e-3, "the relaxed cell has the volume of the best cubic cell");
        assertTrue(r.finalEnergy() < r.initialEnergy());
        assertEquals(r.steps() + 1, r.energies().length);
    }

    @Test
    void aCollapsingCellIsExploded() {
        // purely attractive pairs: atoms fall onto each other
        Potential attract = new PairPotential(x -> -10 / x, x -> 10 / (x * x));
        Structure s = new Structure(Lattice.cubic(6), List.of(new Site(Element.of("Ar"), 0, 0, 0), new Site(Element.of("Ar"), 0.3, 0, 0)));
        RelaxResult c = new Relaxer(attract, new RelaxOptions(0.01, 500, false)).relax(s);
        assertEquals(Verdict.EXPLODED, c.verdict());
        assertTrue(c.reason().contains("atoms 1 (Ar) and 2 (Ar)") && c.reason().contains("Å apart at step"), c.reason());
        // a negative pressure that never relents: the cell grows until the volume bound stops it
        Potential expand = new Potential() {
            public String name() { return "expand"; }
            public String description() { return "E = -V eV/Å³"; }
            public Evaluation evaluate(Structure t) {
                double p = -Evaluation.EV_PER_A3_IN_GPA;
                return new Evaluation(-t.volume(), new double[t.size()][3], new double[] {p, p, p, 0, 0, 0});
            }
        };
        RelaxResult grown = new Relaxer(expand, RelaxOptions.defaults()).relax(s);
        assertEquals(Verdict.EXPLODED, grown.verdict());
        assertTrue(grown.reason().startsWith("the volume changed"), grown.reason());
        assertTrue(grown.relaxed().volume() > 2 * s.volume() && grown.relaxed().volume() <= 3 * s.volume());
        Potential nan = new PairPotential(x -> Double.NaN, x -> 0);
        assertEquals(Verdict.EXPLODED, new Relaxer(nan, RelaxOptions.defaults()).relax(s).verdict());
    }

    @Test
    void refusedAndOverlappingInputFailWithTheReason() {
        Structure mg = LennardJones.fcc("Mg", 4);
        RelaxResult r = new Relaxer(LennardJones.standard(), RelaxOptions.defaults()).relax(mg);
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("the Lennard-Jones test potential covers Ar only, not Mg", r.reason());
        assertTrue(Double.isNaN(r.finalEnergy()));
        Structure overlap = new Structure(Lattice.cubic(5), List.of(new Site(Element.of("Ar"), 0, 0, 0), new Site(Element.of("Ar"), 0.05, 0, 0)));
        RelaxResult o = new Relaxer(LennardJones.standard(), RelaxOptions.defaults()).relax(overlap);
        assertEquals(Verdict.FAILED, o.verdict());
        assertEquals("the input has atoms 1 (Ar) and 2 (Ar) 0.25 Å apart", o.reason());
    }

    @Test
    void stepLimitKeepsTheLastState() {
        Structure start = new Structure(Lattice.cubic(3.9), LennardJones.fcc("Ar", 3.9).sites());
        RelaxResult r = new Relaxer(LennardJones.standard(), new RelaxOptions(1e-6, 3, true)).relax(start);
        assertEquals(Verdict.STEP_LIMIT, r.verdict());
        assertEquals(3, r.steps());
        assertEquals(4, r.energies().length);
        assertTrue(Math.abs(r.volumeChange()) > 0);
    }

    @Test
    void cancellationReturnsWithinASecond() throws Exception {
        LennardJones lj = LennardJones.standard();
        Potential slow = new Potential() {
            public String name() { return "slow"; }
            public String description() { return "LJ at 20 ms per evaluation"; }
            public Evaluation evaluate(Structure t) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return lj.evaluate(t);
            }
        };
        AtomicBoolean cancel = new AtomicBoolean();
        List<Integer> steps = new ArrayList<>();
        CompletableFuture<RelaxResult> f = CompletableFuture.supplyAsync(() -> new Relaxer(slow, new RelaxOptions(1e-12, 100_000, true))
                .relax(LennardJones.fcc("Ar", 3.9), (step, e, fm) -> steps.add(step), org.crystalgan.base.Progress.cancelledWhen(cancel::get)));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        cancel.set(true);
        RelaxResult r = f.get(1, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        assertEquals(Verdict.CANCELLED, r.verdict());
        assertTrue(r.steps() > 0 && steps.size() == r.steps() + 1, steps.size() + " callbacks for " + r.steps() + " steps");
    }

    /** Isotropic pair potential from φ(r) and φ'(r), every pair within 4 Å, any element. */
    record PairPotential(DoubleUnaryOperator phi, DoubleUnaryOperator dphi) implements Potential {
        public String name() { return "pair"; }
        public String description() { return "test pair potential"; }
        public Evaluation evaluate(Structure s) {
            var nl = org.crystalgan.crystal.NeighborList.build(s, 4.0);
            double e = 0;
            double[][] f = new double[s.size()][3];
            double[][] w = new double[3][3];
            for (int i = 0; i < s.size(); i++) {
                for (var nb : nl.of(i)) {
                    double r = nb.distance();
                    e += 0.5 * phi.applyAsDouble(r);
                    double g = dphi.applyAsDouble(r) / r;
                    double[] d = nb.vector().toArray();
                    for (int a = 0; a < 3; a++) {
                        f[i][a] += g * d[a];
                        for (int b = 0; b < 3; b++) w[a][b] += 0.5 * g * d[a] * d[b];
                    }
                }
            }
            double k = Evaluation.EV_PER_A3_IN_GPA / s.volume();
            return new Evaluation(e, f, new double[] {w[0][0] * k, w[1][1] * k, w[2][2] * k, w[1][2] * k, w[0][2] * k, w[0][1] * k});
        }
    }
}
