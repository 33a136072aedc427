package org.crystalgan.potential.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class ClassicalForceFieldTest {
    static Structure rockSalt(double a) {
        List<Site> sites = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] p : fcc) sites.add(new Site(Element.of("Mg"), p[0], p[1], p[2]));
        for (double[] p : fcc) sites.add(new Site(Element.of("O"), p[0] + .5, p[1], p[2]));
        return new Structure(Lattice.cubic(a), sites).wrapped();
    }

    /** A distorted triclinic Mg-Mn-O cell with mixed-valence Mn (Mg2Mn3O7: mean Mn 3.33). */
    static Structure distorted(long seed) {
        Random r = new Random(seed);
        List<Site> sites = new ArrayList<>();
        String[] els = {"Mg", "Mg", "Mn", "Mn", "Mn", "O", "O", "O", "O", "O", "O", "O"};
        // start from a slightly perturbed lattice grid so no two ions are too close
        int idx = 0;
        for (int i = 0; i < 3 && idx < els.length; i++)
            for (int j = 0; j < 2 && idx < els.length; j++)
                for (int k = 0; k < 2 && idx < els.length; k++) {
                    sites.add(new Site(Element.of(els[idx++]), i / 3.0 + 0.03 * r.nextGaussian(),
                            j / 2.0 + 0.03 * r.nextGaussian(), k / 2.0 + 0.03 * r.nextGaussian()));
                }
        return new Structure(Lattice.fromParameters(6.1, 4.3, 4.2, 86, 95, 92), sites);
    }

    @Test
    void erfcMatchesReferenceValues() {
        // reference values of erfc from standard tables (Abramowitz and Stegun, Table 7.1; high-precision values)
        double[][] ref = {{0, 1.0}, {0.5, 0.4795001221869535}, {1.0, 0.15729920705028513}, {2.0, 0.004677734981047266},
            {2.5, 4.069520174449590e-4}, {3.0, 2.209049699858544e-5}, {4.0, 1.541725790028002e-8}, {-1.0, 1.8427007929497148}};
        for (double[] r : ref) assertEquals(r[1], Erfc.erfc(r[0]), 1e-12 * r[1], "erfc(" + r[0] + ")");
    }

    @Test
    void ewaldReproducesTheRockSaltMadelungEnergy() {
        // Coulomb only: E = −M·q²·k/r0 per ion pair, M(NaCl) = 1.747565, r0 = a/2; 4 pairs per cubic cell
        ClassicalForceField coulombOnly = new ClassicalForceField(new BuckinghamParameters(Map.of()));
        double a = 4.2;
        var res = coulombOnly.evaluate(rockSalt(a));
        assertEquals(-4 * 1.747565 * 4 * ClassicalForceField.COULOMB / (a / 2), res.energy(), 1e-4);
        assertTrue(res.maxForce() < 1e-8, "ideal rock salt has no forces");
        // cubic symmetry: isotropic stress; Coulomb energy scales as 1/a so ∂E/∂ε_xx = −E/3
        assertEquals(-res.energy() / 3 / Math.pow(a, 3), res.stress()[0][0], 1e-6);
        assertEquals(res.stress()[0][0], res.stress()[2][2], 1e-9);
        assertEquals(0, res.stress()[0][1], 1e-9);
    }

    @Test
    void forcesMatchFiniteDifferences() {
        Structure s = distorted(3);
        List<String> ions = FormalCharges.assign(s);
        ClassicalForceField ff = new ClassicalForceField();
        double[][] cell = s.lattice().matrix();
        double[][] cart = cartesian(s);
        var res = ff.evaluate(cell, cart, ions);
        double h = 1e-5;
        for (int i : new int[] {0, 3, 7, 11}) {
            for (int x = 0; x < 3; x++) {
                double[][] p = copy(cart), m = copy(cart);
                p[i][x] += h;
                m[i][x] -= h;
                double fd = -(ff.evaluate(cell, p, ions).energy() - ff.evaluate(cell, m, ions).energy()) / (2 * h);
                assertEquals(fd, res.forces()[i][x], 1e-5 * Math.max(1, Math.abs(fd)), "force on site " + i + " axis " + x);
            }
        }
        // total force vanishes (translation invariance)
        for (int x = 0; x < 3; x++) {
            double sum = 0;
            for (double[] fi : res.forces()) sum += fi[x];
            assertEquals(0, sum, 1e-8);
        }
    }

    @Test
    void stressMatchesFiniteStrainDifferences() {
        Structure s = distorted(5);
        List<String> ions = FormalCharges.assign(s);
        ClassicalForceField ff = new ClassicalForceField();
        double[][] cell = s.lattice().matrix();
        double[][] cart = cartesian(s);
        var res = ff.evaluate(cell, cart, ions);
        double vol = s.volume();
        double h = 1e-6;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double ep = strained(ff, cell, cart, ions, a, b, h), em = strained(ff, cell, cart, ions, a, b, -h);
                double fd = (ep - em) / (2 * h) / vol;
                assertEquals(fd, res.stress()[a][b], 2e-6, "stress " + a + b);
            }
        }
    }

    @Test
    void energyDoesNotDependOnSiteOrderOrCellChoice() {
        Structure s = distorted(7);
        ClassicalForceField ff = new ClassicalForceField();
        double e = ff.evaluate(s).energy();
        List<Site> shuffled = new ArrayList<>(s.sites());
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(e, ff.evaluate(s.withSites(shuffled)).energy(), 1e-6);
        assertEquals(8 * e, ff.evaluate(s.supercell(2, 2, 2)).energy(), 1e-5 * Math.abs(8 * e));
    }

    @Test
    void mixedValenceManganeseGetsHigherStatesOnShorterBonds() {
        Structure s = distorted(3);
        List<String> ions = FormalCharges.assign(s);
        int total = 0;
        for (String ion : ions) total += FormalCharges.charge(ion);
        assertEquals(0, total);
        assertEquals(2, ions.stream().filter(i -> i.equals("Mn3+")).count());
        assertEquals(1, ions.stream().filter(i -> i.equals("Mn4+")).count());
    }

    @Test
    void unsupportedElementsAndImpossibleChargesAreClearErrors() {
        Structure fe = new Structure(Lattice.cubic(4), List.of(new Site(Element.of("Fe"), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5)));
        assertTrue(assertThrows(InputException.class, () -> FormalCharges.assign(fe)).getMessage().contains("Mg, Mn and O only"));
        Structure mno4 = new Structure(Lattice.cubic(5), List.of(new Site(Element.of("Mn"), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5),
                new Site(Element.of("O"), .5, 0, 0), new Site(Element.of("O"), 0, .5, 0), new Site(Element.of("O"), 0, 0, .5)));
        assertTrue(assertThrows(InputException.class, () -> FormalCharges.assign(mno4)).getMessage().contains("outside Mn2+..Mn4+"));
    }

    private static double strained(ClassicalForceField ff, double[][] cell, double[][] cart, List<String> ions, int a, int b, double h) {
        double[][] eps = new double[3][3];
        for (int i = 0; i < 3; i++) eps[i][i] = 1;
        eps[a][b] += h;
        return ff.evaluate(transform(cell, eps), transform(cart, eps), ions).energy();
    }

    /** Row vectors v → (I+ε)v, i.e. v_row · (I+ε)ᵀ. */
    private static double[][] transform(double[][] rows, double[][] m) {
        double[][] out = new double[rows.length][3];
        for (int i = 0; i < rows.length; i++)
            for (int x = 0; x < 3; x++)
                for (int y = 0; y < 3; y++) out[i][x] += m[x][y] * rows[i][y];
        return out;
    }

    static double[][] cartesian(Structure s) {
        double[][] c = new double[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            var v = s.cartesian(i);
            c[i] = new double[] {v.x(), v.y(), v.z()};
        }
        return c;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
