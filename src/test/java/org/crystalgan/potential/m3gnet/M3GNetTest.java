package org.crystalgan.potential.m3gnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.potential.Evaluation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The M3GNet potential against matgl's published numbers, finite differences and symmetry. */
class M3GNetTest {
    /** float64 products: finite differences and symmetries hold to 1e-9 only there. */
    private static M3GNet mp;
    /** The default, float32 products (matgl's precision). */
    private static M3GNet mp32;

    @BeforeAll
    static void load() {
        mp = M3GNet.bundledFloat64();
        mp32 = M3GNet.bundled();
    }

    static Structure sample(String name) throws Exception {
        return StructureFiles.read(Path.of("samples", name + ".cif")).get(0).structure();
    }

    static Structure of(Lattice lattice, Object... symbolAndFrac) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < symbolAndFrac.length; i += 4) {
            sites.add(new Site(Element.of((String) symbolAndFrac[i]), (double) symbolAndFrac[i + 1], (double) symbolAndFrac[i + 2], (double) symbolAndFrac[i + 3]));
        }
        return new Structure(lattice, sites);
    }

    /** Each site moved by a Gaussian of {@code sigma} Å per Cartesian component. */
    static Structure rattled(Structure s, double sigma, long seed) {
        Random r = new Random(seed);
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Vec3 c = s.cartesian(i).plus(new Vec3(r.nextGaussian() * sigma, r.nextGaussian() * sigma, r.nextGaussian() * sigma));
            out.add(s.site(i).withFrac(s.lattice().toFractional(c)));
        }
        return s.withSites(out);
    }

    /** The cell deformed by (I + eps): every lattice row a becomes a·(I + eps), fractional coordinates kept. */
    static Structure strained(Structure s, double[][] eps) {
        double[][] l = s.lattice().matrix(), out = new double[3][3];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) {
            out[a][b] = l[a][b];
            for (int k = 0; k < 3; k++) out[a][b] += l[a][k] * eps[k][b];
        }
        return new Structure(Lattice.fromMatrix(out), s.sites());
    }

    /** A distorted Mg-Mn-O cell: rock salt with Mn on two cation sites, sheared, rattled. */
    static Structure distortedMgMnO() throws Exception {
        Structure rs = sample("MgO_periclase");
        List<Site> sites = new ArrayList<>(rs.sites());
        int swapped = 0;
        for (int i = 0; i < sites.size() && swapped < 2; i++) {
            if (sites.get(i).element().symbol().equals("Mg")) {
                sites.set(i, sites.get(i).withElement(Element.of("Mn")));
                swapped++;
            }
        }
        Structure s = strained(rs.withSites(sites), new double[][] {{0.03, 0.04, -0.02}, {0.01, -0.02, 0.05}, {0.0, 0.03, 0.01}});
        return rattled(s, 0.08, 11);
    }

    @Test
    void matglsPublishedMoSEnergy() {
        // matgl tests/conftest.py MoS: cubic 4.0 Å, Mo at 0, S at the body centre; tests/ext/test_ase_dgl.py expects -10.824362 eV
        Structure mos = of(Lattice.cubic(4.0), "Mo", 0.0, 0.0, 0.0, "S", 0.5, 0.5, 0.5);
        assertEquals(-10.824362, mp32.evaluate(mos).energy(), 2e-3);
        assertEquals(-10.824362, mp.energy(mos), 2e-5, "float64 here against matgl's float32: agrees far below 1 meV");
    }

    @Test
    void samplesMatchMatglsStaticEnergies() throws Exception {
        // ../shared/notes/m3gnet.md: matgl's own code on the files of samples/
        Evaluation mgo = mp.evaluate(sample("MgO_periclase"));
        Evaluation mno = mp.evaluate(sample("MnO_manganosite"));
        assertEquals(-5.95132, mgo.energyPerAtom(), 1e-3);
        assertEquals(-7.81034, mno.energyPerAtom(), 1e-3);
        assertEquals(-5.95132, mp32.evaluate(sample("MgO_periclase")).energyPerAtom(), 1e-3);
        assertEquals(-7.81034, mp32.evaluate(sample("MnO_manganosite")).energyPerAtom(), 1e-3);
        // cubic, every atom on an inversion centre: no force, isotropic stress
        assertTrue(mgo.maxForce() < 1e-9, "forces vanish by symmetry: " + mgo.maxForce());
        double[] s = mgo.stressGPa();
        assertEquals(s[0], s[1], 1e-9);
        assertEquals(s[0], s[2], 1e-9);
        assertEquals(0, Math.abs(s[3]) + Math.abs(s[4]) + Math.abs(s[5]), 1e-9);
    }

    /** Forces and stress against central differences of the energy; h = 1e-5 Å (strain) keeps clear of cutoff kinks. */
    static void checkAgainstFiniteDifferences(M3GNet pot, Structure s, int atoms) {
        Evaluation ev = pot.evaluate(s);
        double h = 1e-5;
        for (int i = 0; i < atoms; i++) {
            for (int c = 0; c < 3; c++) {
                double[] e = new double[2];
                for (int sign = 0; sign < 2; sign++) {
                    double[] x = s.cartesian(i).toArray();
                    x[c] += sign == 0 ? h : -h;
                    List<Site> sites = new ArrayList<>(s.sites());
                    sites.set(i, sites.get(i).withFrac(s.lattice().toFractional(Vec3.of(x))));
                    e[sign] = pot.energy(s.withSites(sites));
                }
                double fd = -(e[0] - e[1]) / (2 * h);
                assertEquals(fd, ev.forces()[i][c], 2e-5 + 1e-5 * Math.abs(fd), "force on site " + i + " component " + c);
            }
        }
        int[][] voigt = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
        for (int v = 0; v < 6; v++) {
            double[] e = new double[2];
            for (int sign = 0; sign < 2; sign++) {
                double d = sign == 0 ? h : -h;
                double[][] eps = new double[3][3];
                int a = voigt[v][0], b = voigt[v][1];
                if (a == b) eps[a][a] = d;
                else {
                    eps[a][b] = d / 2;
                    eps[b][a] = d / 2;
                }
                e[sign] = pot.energy(strained(s, eps));
            }
            double fd = (e[0] - e[1]) / (2 * h) / s.volume() * Evaluation.EV_PER_A3_IN_GPA;
            assertEquals(fd, ev.stressGPa()[v], 2e-4 + 1e-5 * Math.abs(fd), "stress component " + v);
        }
    }

    @Test
    void forcesAndStressAreTheEnergysGradientOnADistortedMgMnOCell() throws Exception {
        Structure s = distortedMgMnO();
        assertTrue(mp.evaluate(s).maxForce() > 0.1, "the distortion gives real forces to check");
        checkAgainstFiniteDifferences(mp, s, s.size());
    }

    @Test
    void forcesAndStressAreTheEnergysGradientOnASmallRattledCell() {
        // two atoms in a small triclinic cell: every neighbour is a periodic image, some of an atom itself
        Structure s = rattled(of(Lattice.fromParameters(3.1, 3.3, 3.6, 80, 95, 105), "Mn", 0.0, 0.0, 0.0, "O", 0.45, 0.55, 0.5), 0.1, 5);
        checkAgainstFiniteDifferences(mp, s, s.size());
    }

    @Test
    void invariantUnderTranslationRotationPermutationAndSupercell() throws Exception {
        Structure s = distortedMgMnO();
        Evaluation ref = mp.evaluate(s);
        int n = s.size();

        List<Site> moved = new ArrayList<>();
        for (Site site : s.sites()) moved.add(site.withFrac(site.frac().plus(new Vec3(0.31, -0.77, 1.45))));
        Evaluation t = mp.evaluate(s.withSites(moved));
        assertEquals(ref.energy(), t.energy(), 1e-9);
        for (int i = 0; i < n; i++) assertArrayEquals(ref.forces()[i], t.forces()[i], 1e-9);

        // rotate the Cartesian frame: lattice rows a -> R a; forces rotate with it, energy does not change
        double ang = 0.7, ux = 1 / Math.sqrt(3), uy = ux, uz = ux, c = Math.cos(ang), si = Math.sin(ang);
        double[][] r = {
            {c + ux * ux * (1 - c), ux * uy * (1 - c) - uz * si, ux * uz * (1 - c) + uy * si},
            {uy * ux * (1 - c) + uz * si, c + uy * uy * (1 - c), uy * uz * (1 - c) - ux * si},
            {uz * ux * (1 - c) - uy * si, uz * uy * (1 - c) + ux * si, c + uz * uz * (1 - c)}};
        double[][] l = s.lattice().matrix(), lr = new double[3][3];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) for (int k = 0; k < 3; k++) lr[a][b] += r[b][k] * l[a][k];
        Evaluation rot = mp.evaluate(new Structure(Lattice.fromMatrix(lr), s.sites()));
        assertEquals(ref.energy(), rot.energy(), 1e-9);
        for (int i = 0; i < n; i++) {
            double[] expected = new double[3];
            for (int b = 0; b < 3; b++) for (int k = 0; k < 3; k++) expected[b] += r[b][k] * ref.forces()[i][k];
            assertArrayEquals(expected, rot.forces()[i], 1e-9);
        }
        // the trace of the stress is frame-independent
        assertEquals(ref.stressGPa()[0] + ref.stressGPa()[1] + ref.stressGPa()[2], rot.stressGPa()[0] + rot.stressGPa()[1] + rot.stressGPa()[2], 1e-8);

        List<Site> reversed = new ArrayList<>(s.sites());
        java.util.Collections.reverse(reversed);
        Evaluation p = mp.evaluate(s.withSites(reversed));
        assertEquals(ref.energy(), p.energy(), 1e-9);
        for (int i = 0; i < n; i++) assertArrayEquals(ref.forces()[i], p.forces()[n - 1 - i], 1e-9);

        Evaluation sc = mp.evaluate(s.supercell(2, 1, 1));
        assertEquals(ref.energyPerAtom(), sc.energyPerAtom(), 1e-9);
        assertArrayEquals(ref.stressGPa(), sc.stressGPa(), 1e-8);
    }

    @Test
    void matPesModelRunsAndItsForcesAreGradients() throws Exception {
        Path folder = Path.of("..", "shared", "models", "M3GNet-MatPES-PBE-v2025.1-PES");
        Assumptions.assumeTrue(Files.isDirectory(folder), "needs ../shared/models/M3GNet-MatPES-PBE-v2025.1-PES (shared material absent)");
        M3GNet matpes = new M3GNet(M3GNetModelFiles.load(folder), false);
        Evaluation mno = matpes.evaluate(sample("MnO_manganosite"));
        assertTrue(Double.isFinite(mno.energy()));
        // a PBE model without +U: a few eV per atom bound, and far from MP's GGA+U reference scale
        assertTrue(mno.energyPerAtom() < -3 && mno.energyPerAtom() > -12, "MnO with MatPES: " + mno.energyPerAtom() + " eV/atom");
        Structure s = rattled(of(Lattice.fromParameters(3.1, 3.3, 3.6, 80, 95, 105), "Mg", 0.0, 0.0, 0.0, "O", 0.45, 0.55, 0.5), 0.1, 9);
        checkAgainstFiniteDifferences(matpes, s, s.size());
    }

    @Test
    void float32ProductsChangeEnergiesFarLessThanAMilliElectronVoltPerAtom() throws Exception {
        for (Structure s : List.of(distortedMgMnO(), sample("MgMn2O4_spinel"), sample("MnO_manganosite"))) {
            Evaluation e64 = mp.evaluate(s), e32 = mp32.evaluate(s);
            double dE = Math.abs(e64.energyPerAtom() - e32.energyPerAtom()), dF = 0, dS = 0;
            for (int i = 0; i < s.size(); i++) for (int c = 0; c < 3; c++) dF = Math.max(dF, Math.abs(e64.forces()[i][c] - e32.forces()[i][c]));
            for (int v = 0; v < 6; v++) dS = Math.max(dS, Math.abs(e64.stressGPa()[v] - e32.stressGPa()[v]));
            System.out.printf(java.util.Locale.ROOT, "float32 vs float64, %d atoms: %.2e eV/atom, %.2e eV/A, %.2e GPa%n", s.size(), dE, dF, dS);
            assertTrue(dE < 1e-5, "energy moved by " + dE + " eV/atom");
            assertTrue(dF < 1e-3, "forces moved by " + dF + " eV/A");
            assertTrue(dS < 1e-2, "stress moved by " + dS + " GPa");
        }
    }

    /** The float32 products through OpenBLAS give what the Java kernels give, to float32 rounding (the default path against the fallback). */
    @Test
    void blasProductsGiveWhatTheJavaKernelsGive() throws Exception {
        Assumptions.assumeTrue(Blas.available(), "OpenBLAS not loadable here: " + Blas.description());
        M3GNet plain = new M3GNet(M3GNetModelFiles.bundled(), true, false);
        for (Structure s : List.of(distortedMgMnO(), sample("MgMn2O4_spinel"))) {
            Evaluation a = plain.evaluate(s), b = mp32.evaluate(s);
            double dF = 0, dS = 0;
            for (int i = 0; i < s.size(); i++) for (int c = 0; c < 3; c++) dF = Math.max(dF, Math.abs(a.forces()[i][c] - b.forces()[i][c]));
            for (int v = 0; v < 6; v++) dS = Math.max(dS, Math.abs(a.stressGPa()[v] - b.stressGPa()[v]));
            System.out.printf(java.util.Locale.ROOT, "OpenBLAS vs Java kernels, %d atoms: %.2e eV/atom, %.2e eV/A, %.2e GPa%n", s.size(),
                    Math.abs(a.energyPerAtom() - b.energyPerAtom()), dF, dS);
            assertEquals(a.energyPerAtom(), b.energyPerAtom(), 1e-6);
            assertTrue(dF < 1e-5, "forces differ by " + dF + " eV/A");
            assertTrue(dS < 1e-4, "stress differs by " + dS + " GPa");
        }
    }

    @Test
    void anIsolatedAtomHasItsReferenceEnergyWhateverTheCell() {
        Evaluation a = mp.evaluate(of(Lattice.cubic(12), "Mg", 0.1, 0.2, 0.3));
        Evaluation b = mp.evaluate(of(Lattice.cubic(15), "Mg", 0.5, 0.5, 0.5));
        assertTrue(Double.isFinite(a.energy()));
        assertEquals(a.energy(), b.energy(), 1e-12);
        assertEquals(0, a.maxForce(), 0);
        assertArrayEquals(new double[6], a.stressGPa(), 0);
        // reference energy of Mg plus the network's value for a bare Mg embedding: not the reference alone
        double ref = M3GNetModelFiles.bundled().elementRefs()[11];
        assertTrue(Math.abs(a.energy() - ref) > 1e-3, "the network adds its own term to the reference " + ref);
    }

    @Test
    void refusesWhatItCannotCompute() {
        InputException e = assertThrows(InputException.class, () -> mp.evaluate(of(Lattice.cubic(4), "Am", 0.0, 0.0, 0.0, "O", 0.5, 0.5, 0.5)));
        assertTrue(e.getMessage().contains("Am") && e.getMessage().contains("not covered"), e.getMessage());
        e = assertThrows(InputException.class, () -> mp.evaluate(of(Lattice.cubic(4), "Mg", 0.0, 0.0, 0.0, "O", 0.05, 0.0, 0.0)));
        assertTrue(e.getMessage().startsWith("overlapping atoms"), e.getMessage());
        e = assertThrows(InputException.class, () -> mp.evaluate(of(Lattice.cubic(0.4), "Mg", 0.0, 0.0, 0.0)));
        assertTrue(e.getMessage().contains("absurd cell") || e.getMessage().contains("overlapping"), e.getMessage());
        e = assertThrows(InputException.class, () -> mp.evaluate(of(Lattice.cubic(200), "Mg", 0.0, 0.0, 0.0)));
        assertTrue(e.getMessage().contains("absurd cell"), e.getMessage());
        Structure partial = new Structure(Lattice.cubic(4), List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0), 0.5, "Mg1")));
        e = assertThrows(InputException.class, () -> mp.evaluate(partial));
        assertTrue(e.getMessage().contains("partially occupied"), e.getMessage());
    }

    /** The work arrays are reused between evaluations: a larger cell, an energy alone, then the first cell again must give exactly what a fresh instance gives. */
    @Test
    void reusedWorkArraysGiveExactlyWhatFreshOnesGive() throws Exception {
        for (boolean f32 : new boolean[] {true, false}) {
            Structure small = distortedMgMnO(), large = sample("MgMn2O4_spinel").supercell(2, 1, 1);
            M3GNet fresh = new M3GNet(M3GNetModelFiles.bundled(), f32);
            Evaluation expected = fresh.evaluate(small);
            M3GNet used = f32 ? mp32 : mp;
            used.evaluate(large);
            used.energy(small);
            Evaluation got = used.evaluate(small);
            assertEquals(expected.energy(), got.energy(), 0);
            for (int i = 0; i < small.size(); i++) assertArrayEquals(expected.forces()[i], got.forces()[i], 0);
            assertArrayEquals(expected.stressGPa(), got.stressGPa(), 0);
            assertEquals(expected.energy(), new M3GNet(M3GNetModelFiles.bundled(), f32).energy(small), 0);
        }
    }

    @Test
    void oneInstanceServesTwoThreads() throws Exception {
        for (M3GNet pot : List.of(mp, mp32)) servesTwoThreads(pot);
    }

    private static void servesTwoThreads(M3GNet mp) throws Exception {
        Structure a = distortedMgMnO(), b = sample("MnO_manganosite");
        Evaluation ea = mp.evaluate(a), eb = mp.evaluate(b);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Evaluation>> fs = new ArrayList<>();
            for (int k = 0; k < 6; k++) fs.add(pool.submit(() -> mp.evaluate(a)));
            for (int k = 0; k < 6; k++) fs.add(pool.submit(() -> mp.evaluate(b)));
            for (int k = 0; k < 12; k++) assertEquals((k < 6 ? ea : eb).energy(), fs.get(k).get().energy(), 0);
        } finally {
            pool.shutdownNow();
        }
    }
}
