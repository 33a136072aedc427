package org.crystalgan.screening.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.SymOp;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;

/**
 * Textbook structures with known space groups (International Tables; structure data from the usual
 * mineral descriptions), exact and with 0.02 Å of random displacement, in standard and in skewed,
 * shifted, non-standard cells.
 */
public class SpaceGroupFinderTest {
    static final Element MG = Element.of("Mg"), MN = Element.of("Mn"), O = Element.of("O");

    /** All images of the given sites under the setting's operations, duplicates removed. */
    public static Structure generate(SpaceGroups.Setting setting, Lattice lattice, List<Site> asym) {
        List<Site> out = new ArrayList<>();
        for (Site s : asym) {
            for (SymOp op : setting.operations()) {
                Vec3 f = op.apply(s.frac()).wrapped();
                boolean dup = false;
                for (Site o : out) {
                    if (o.element() == s.element() && lattice.minimumImageDistance(o.frac(), f) < 1e-4) dup = true;
                }
                if (!dup) out.add(new Site(s.element(), f));
            }
        }
        return new Structure(lattice, out);
    }

    static Structure rockSalt() {
        Lattice l = Lattice.cubic(4.21);
        List<Site> s = new ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        for (double[] f : fcc) {
            s.add(new Site(MG, f[0], f[1], f[2]));
            s.add(new Site(O, f[0] + 0.5, f[1], f[2]));
        }
        return new Structure(l, s).wrapped();
    }

    public static Structure rutile() {
        double x = 0.3046;
        Lattice l = Lattice.fromParameters(4.398, 4.398, 2.873, 90, 90, 90);
        return new Structure(l, List.of(new Site(MN, 0, 0, 0), new Site(MN, 0.5, 0.5, 0.5),
                new Site(O, x, x, 0), new Site(O, 1 - x, 1 - x, 0), new Site(O, 0.5 + x, 0.5 - x, 0.5), new Site(O, 0.5 - x, 0.5 + x, 0.5)));
    }

    public static Structure spinel() {
        // MgMn2O4 in Fd-3m origin choice 2: Mg 8a, Mn 16d, O 32e
        return generate(SpaceGroups.byHallNumber(526), Lattice.cubic(8.25),
                List.of(new Site(MG, 0.125, 0.125, 0.125), new Site(MN, 0.5, 0.5, 0.5), new Site(O, 0.2625, 0.2625, 0.2625)));
    }

    public static Structure corundum() {
        return generate(SpaceGroups.byNumber(167), Lattice.fromParameters(4.76, 4.76, 12.99, 90, 90, 120),
                List.of(new Site(MN, 0, 0, 0.3522), new Site(O, 0.3064, 0, 0.25)));
    }

    static Structure ilmenite() {
        return generate(SpaceGroups.byNumber(148), Lattice.fromParameters(5.09, 5.09, 14.09, 90, 90, 120),
                List.of(new Site(MG, 0, 0, 0.3554), new Site(MN, 0, 0, 0.1464), new Site(O, 0.317, 0.020, 0.245)));
    }

    static Structure wurtzite() {
        return generate(SpaceGroups.byNumber(186), Lattice.fromParameters(3.25, 3.25, 5.21, 90, 90, 120),
                List.of(new Site(MG, 1 / 3.0, 2 / 3.0, 0), new Site(O, 1 / 3.0, 2 / 3.0, 0.382)));
    }

    static Structure triclinic(boolean centrosymmetric) {
        Random r = new Random(7);
        Lattice l = Lattice.fromParameters(5.1, 6.3, 7.2, 81, 97, 104);
        List<Site> s = new ArrayList<>();
        Element[] el = {MG, MN, O, O};
        for (Element e : el) {
            Vec3 f = new Vec3(r.nextDouble(), r.nextDouble(), r.nextDouble());
            s.add(new Site(e, f));
            if (centrosymmetric) s.add(new Site(e, f.times(-1).wrapped()));
        }
        return new Structure(l, s);
    }

    /** Every atom moved by a random Cartesian vector of the given length (Å). */
    public static Structure perturbed(Structure s, double amount, long seed) {
        Random r = new Random(seed);
        List<Site> out = new ArrayList<>();
        for (Site site : s.sites()) {
            Vec3 d = new Vec3(r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
            d = d.times(amount / d.norm());
            Vec3 cart = s.lattice().toCartesian(site.frac()).plus(d);
            out.add(site.withFrac(s.lattice().toFractional(cart)));
        }
        return s.withSites(out);
    }

    /** The same crystal in another cell: basis (a+b, b, a+b+c) and a shifted origin. */
    static Structure reexpressed(Structure s, Vec3 originShift) {
        double[][] m = s.lattice().matrix();
        double[][] n = new double[3][3];
        for (int j = 0; j < 3; j++) {
            n[0][j] = m[0][j] + m[1][j];
            n[1][j] = m[1][j];
            n[2][j] = m[0][j] + m[1][j] + m[2][j];
        }
        Lattice nl = Lattice.fromMatrix(n);
        List<Site> out = new ArrayList<>();
        for (Site site : s.sites()) {
            Vec3 cart = s.lattice().toCartesian(site.frac().plus(originShift));
            out.add(site.withFrac(nl.toFractional(cart).wrapped()));
        }
        return new Structure(nl, out);
    }

    static void assertGroup(int number, String symbol, Structure s) {
        SymmetryDataset d = SpaceGroupFinder.analyze(s, 0.1);
        assertEquals(number + " " + symbol, d.summary(), "exact " + s);
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(number, SpaceGroupFinder.analyze(perturbed(s, 0.02, seed), 0.1).number(), "perturbed by 0.02 Å, seed " + seed);
        }
        Structure other = perturbed(reexpressed(s, new Vec3(0.13, 0.31, 0.07)), 0.02, 11);
        assertEquals(number, SpaceGroupFinder.analyze(other, 0.1).number(), "non-standard cell, shifted origin, perturbed");
    }

    @Test
    void rockSaltIs225() { assertGroup(225, "Fm-3m", rockSalt()); }

    @Test
    void rutileIs136() { assertGroup(136, "P4_2/mnm", rutile()); }

    @Test
    void spinelIs227() { assertGroup(227, "Fd-3m", spinel()); }

    @Test
    void corundumIs167() { assertGroup(167, "R-3c", corundum()); }

    @Test
    void ilmeniteIs148() { assertGroup(148, "R-3", ilmenite()); }

    @Test
    void wurtziteIs186() { assertGroup(186, "P6_3mc", wurtzite()); }

    @Test
    void triclinicCellsAre1And2() {
        assertGroup(1, "P1", triclinic(false));
        assertGroup(2, "P-1", triclinic(true));
    }

    @Test
    void largeNoiseLowersTheSymmetry() {
        // 0.3 Å displacements are far beyond a 0.1 Å tolerance: the rock salt must not be recognised
        SymmetryDataset d = SpaceGroupFinder.analyze(perturbed(rockSalt(), 0.3, 5), 0.1);
        assertTrue(d.number() < 225, "got " + d.summary());
    }

    @Test
    void spinelConventionalCellAndAsymmetricUnit() {
        // a primitive-cell description of spinel (14 atoms) must give back the 56-atom cubic cell
        Structure conv = spinel();
        double[][] m = conv.lattice().matrix();
        double[][] p = new double[3][3];
        for (int j = 0; j < 3; j++) {
            p[0][j] = 0.5 * (m[1][j] + m[2][j]);
            p[1][j] = 0.5 * (m[0][j] + m[2][j]);
            p[2][j] = 0.5 * (m[0][j] + m[1][j]);
        }
        Lattice pl = Lattice.fromMatrix(p);
        List<Site> ps = new ArrayList<>();
        for (Site s : conv.sites()) {
            Vec3 f = pl.toFractional(conv.lattice().toCartesian(s.frac())).wrapped();
            if (ps.stream().noneMatch(o -> o.element() == s.element() && pl.minimumImageDistance(o.frac(), f) < 1e-3)) ps.add(s.withFrac(f));
        }
        assertEquals(14, ps.size());
        SymmetryDataset d = SpaceGroupFinder.analyze(perturbed(new Structure(pl, ps), 0.02, 3), 0.1);
        assertEquals(227, d.number());
        assertEquals(525, d.hallNumber(), "standard setting: origin choice 1, as spglib");
        assertEquals(14, d.primitiveSize());
        assertEquals(56, d.conventional().size());
        assertEquals(8.25, d.conventional().lattice().a(), 0.02);
        assertEquals(90, d.conventional().lattice().gamma(), 1e-9);
        List<AsymmetricSite> asym = new ArrayList<>(d.asymmetricUnit());
        asym.sort(Comparator.comparingInt(AsymmetricSite::multiplicity));
        assertEquals(3, asym.size());
        assertEquals(List.of(8, 16, 32), asym.stream().map(AsymmetricSite::multiplicity).toList());
        assertEquals(MG, asym.get(0).site().element());
        assertEquals(MN, asym.get(1).site().element());
        // origin choice 1: Mg on 8a at (0,0,0) or an equivalent (3/4,1/4,3/4) etc.: coordinates are multiples of 1/4
        for (int i = 0; i < 3; i++) {
            double c = asym.get(0).site().frac().get(i) * 4;
            assertEquals(Math.rint(c), c, 1e-9, "symmetrised Mg coordinate");
        }
        assertEquals(48, d.operations().size(), "primitive input: 48 point operations, no pure translations");
        // every input atom belongs to one of three orbits
        int[] eq = d.equivalentAtoms();
        assertEquals(3, java.util.Arrays.stream(eq).distinct().count());
    }

    @Test
    void supercellKeepsTheGroupAndListsPureTranslations() {
        Structure sc = rutile().supercell(2, 1, 1);
        SymmetryDataset d = SpaceGroupFinder.analyze(sc, 0.1);
        assertEquals(136, d.number());
        assertEquals(6, d.primitiveSize());
        // the 2x1x1 cell keeps only the orthorhombic subgroup of the rotations (8) and has 2 pure translations
        assertEquals(16, d.operations().size());
        assertEquals(12, d.equivalentAtoms().length);
    }

    @Test
    void largeSupercellIsFastAndKeepsTheGroup() {
        // 1,512 atoms: the atom lookups go through a grid, so this takes well under a second
        Structure big = perturbed(spinel().supercell(3, 3, 3), 0.02, 9);
        long t0 = System.nanoTime();
        SymmetryDataset d = SpaceGroupFinder.analyze(big, 0.1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(227, d.number());
        assertEquals(14, d.primitiveSize());
        assertEquals(1512, d.equivalentAtoms().length);
        assertTrue(seconds < 20, "took " + seconds + " s");
    }

    @Test
    void rockSaltAsymmetricUnit() {
        SymmetryDataset d = SpaceGroupFinder.analyze(rockSalt(), 0.1);
        assertEquals(2, d.asymmetricUnit().size());
        for (AsymmetricSite a : d.asymmetricUnit()) assertEquals(4, a.multiplicity());
        assertEquals(8, d.conventional().size());
        assertEquals(192, d.operations().size());
    }

    @Test
    void badInputIsReportedNotCrashed() {
        Lattice l = Lattice.cubic(4);
        Structure overlapping = new Structure(l, List.of(new Site(MG, 0, 0, 0), new Site(O, 0.01, 0, 0)));
        SymmetryException e = assertThrows(SymmetryException.class, () -> SpaceGroupFinder.analyze(overlapping, 0.1));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        Structure disordered = new Structure(l, List.of(new Site(MG, new Vec3(0, 0, 0), 0.5, null)));
        assertTrue(assertThrows(SymmetryException.class, () -> SpaceGroupFinder.analyze(disordered, 0.1)).getMessage().contains("disordered"));
        assertThrows(SymmetryException.class, () -> SpaceGroupFinder.analyze(new Structure(l, List.of()), 0.1));
        assertThrows(SymmetryException.class, () -> SpaceGroupFinder.analyze(rockSalt(), -1));
        // a single atom in a cell is a valid crystal: simple cubic Pm-3m
        assertEquals(221, SpaceGroupFinder.analyze(new Structure(l, List.of(new Site(MG, 0, 0, 0))), 0.1).number());
    }
}
