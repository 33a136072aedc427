package org.crystalgan.potential.relax;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;

/**
 * A truncated and energy-shifted Lennard-Jones potential for argon-like test crystals: analytic
 * energy, forces and stress (ASE sign) so the relaxer can be checked against known minima. Only
 * Ar is covered; Kr makes it throw an unchecked exception, standing for a broken potential.
 */
final class LennardJones implements Potential {
    final double epsilon, sigma, cutoff, shift;

    LennardJones(double epsilon, double sigma, double cutoff) {
        this.epsilon = epsilon;
        this.sigma = sigma;
        this.cutoff = cutoff;
        this.shift = phi(cutoff);
    }

    /** ε = 1 eV, σ = 2.3 Å, cut at 2.5σ: a stiff, quick test crystal. */
    static LennardJones standard() { return new LennardJones(1.0, 2.3, 2.5 * 2.3); }

    double phi(double r) {
        double x6 = Math.pow(sigma / r, 6);
        return 4 * epsilon * (x6 * x6 - x6);
    }

    double dphi(double r) {
        double x6 = Math.pow(sigma / r, 6);
        return 4 * epsilon * (-12 * x6 * x6 + 6 * x6) / r;
    }

    @Override
    public String name() { return "lj"; }

    @Override
    public String description() { return "Lennard-Jones test potential"; }

    @Override
    public Evaluation evaluate(Structure s) {
        for (Site site : s.sites()) {
            String el = site.element().symbol();
            if (el.equals("Kr")) throw new IllegalStateException("broken potential");
            if (!el.equals("Ar")) throw new InputException("the Lennard-Jones test potential covers Ar only, not " + el);
        }
        int n = s.size();
        NeighborList nl = NeighborList.build(s, cutoff);
        double energy = 0;
        double[][] f = new double[n][3];
        double[][] w = new double[3][3];
        for (int i = 0; i < n; i++) {
            for (NeighborList.Neighbor nb : nl.of(i)) {
                double r = nb.distance();
                if (r >= cutoff) continue;
                energy += 0.5 * (phi(r) - shift);
                double g = dphi(r) / r;
                double[] d = nb.vector().toArray();
                for (int a = 0; a < 3; a++) {
                    f[i][a] += g * d[a];
                    for (int b = 0; b < 3; b++) w[a][b] += 0.5 * g * d[a] * d[b];
                }
            }
        }
        double k = Evaluation.EV_PER_A3_IN_GPA / s.volume();
        return new Evaluation(energy, f, new double[] {w[0][0] * k, w[1][1] * k, w[2][2] * k, w[1][2] * k, w[0][2] * k, w[0][1] * k});
    }

    /** The conventional four-atom fcc cell of {@code element} with cubic edge a. */
    static Structure fcc(String element, double a) {
        List<Site> sites = new ArrayList<>();
        for (double[] p : new double[][] {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}}) sites.add(new Site(Element.of(element), p[0], p[1], p[2]));
        return new Structure(Lattice.cubic(a), sites);
    }
}
