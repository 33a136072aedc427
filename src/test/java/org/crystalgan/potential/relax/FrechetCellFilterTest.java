package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.classical.ClassicalPotential;
import org.junit.jupiter.api.Test;

class FrechetCellFilterTest {
    static Structure rattledRockSalt(double a, long seed) {
        Random r = new Random(seed);
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] p : fcc) sites.add(new Site(Element.of("Mg"), p[0] + 0.02 * r.nextGaussian(), p[1] + 0.02 * r.nextGaussian(), p[2]));
        for (double[] p : fcc) sites.add(new Site(Element.of("O"), p[0] + .5, p[1] + 0.02 * r.nextGaussian(), p[2] + 0.02 * r.nextGaussian()));
        return new Structure(Lattice.fromParameters(a, a * 1.03, a * 0.98, 88, 91, 93), sites);
    }

    /** Ideal cubic rock salt MgO with edge a. */
    static Structure rockSalt(double a) {
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] p : fcc) sites.add(new Site(Element.of("Mg"), p[0], p[1], p[2]));
        for (double[] p : fcc) sites.add(new Site(Element.of("O"), p[0] + .5, p[1], p[2]));
        return new Structure(Lattice.cubic(a), sites);
    }

    @Test
    void generalisedForcesAreMinusTheGradientOfTheEnergyOverTheState() {
        checkGradient(LennardJones.standard(), new Structure(Lattice.fromParameters(3.5, 3.6, 3.4, 85, 92, 95),
                LennardJones.fcc("Ar", 3.5).sites()), 1e-5, 2e-5);
        checkGradient(new ClassicalPotential(), rattledRockSalt(4.3, 5), 1e-5, 2e-4);
    }

    /** At a state with a non-trivial deformation X (D ≠ I), every component against central differences. */
    private static void checkGradient(Potential p, Structure s, double h, double tol) {
        FrechetCellFilter filter = new FrechetCellFilter(s, true);
        double[] state = filter.initialState();
        int n = s.size();
        Random r = new Random(11);
        for (int k = 3 * n; k < state.length; k++) state[k] = 0.03 * n * r.nextGaussian();
        Structure t = filter.structure(state);
        double[] g = filter.generalisedForces(state, p.evaluate(t), t.volume());
        for (int k = 0; k < state.length; k++) {
            double[] sp = state.clone(), sm = state.clone();
            sp[k] += h;
            sm[k] -= h;
            double fd = -(p.evaluate(filter.structure(sp)).energy() - p.evaluate(filter.structure(sm)).energy()) / (2 * h);
            assertEquals(fd, g[k], tol, p.name() + " component " + k);
        }
    }

    @Test
    void withoutCellRelaxationTheStateIsThePositions() {
        Structure s = rattledRockSalt(4.3, 2);
        FrechetCellFilter filter = new FrechetCellFilter(s, false);
        assertEquals(s.size(), filter.rows());
        var e = new ClassicalPotential().evaluate(s);
        double[] g = filter.generalisedForces(filter.initialState(), e, s.volume());
        for (int i = 0; i < s.size(); i++) for (int a = 0; a < 3; a++) assertEquals(e.forces()[i][a], g[3 * i + a], 1e-12);
    }
}
