package org.crystalgan.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;

class RepresentationTest {
    private static final Representation R = Representation.MG_MN_O;

    @Test
    void layoutOfThePaper() {
        assertEquals(30, R.rows());
        assertEquals(28, R.atomRows());
        assertEquals(2, R.firstRow(0));
        assertEquals(10, R.firstRow(1));
        assertEquals(18, R.firstRow(2));
        assertEquals(Element.of("Mn"), R.elementOfRow(17));
        assertEquals(Element.of("O"), R.elementOfRow(29));
        assertEquals(22, Representation.V_O.rows());
    }

    @Test
    void encodesAKnownCellByHand() {
        Structure s = new Structure(Lattice.fromParameters(3, 6, 15, 90, 100, 120), List.of(
                new Site(Element.of("O"), 0.5, 0.25, 0.0),
                new Site(Element.of("Mg"), 0.0, 0.0, 0.0),
                new Site(Element.of("Mn"), -0.25, 1.5, 0.999)));
        float[][] m = R.encode(s);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.5f}, m[0], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 100f / 180, 120f / 180}, m[1], 1e-6f);
        assertArrayEquals(new float[] {1f / 6, 1f / 6, 1f / 6}, m[2], 1e-7f);  // Mg at origin
        assertArrayEquals(new float[] {0, 0, 0}, m[3]);
        // Mn wrapped to (0.75, 0.5, 0.999)
        assertArrayEquals(new float[] {(float) (2.0 / 3 * 0.75 + 1.0 / 6), 0.5f, (float) (2.0 / 3 * 0.999 + 1.0 / 6)}, m[10], 1e-6f);
        assertArrayEquals(new float[] {0.5f, (float) (2.0 / 3 * 0.25 + 1.0 / 6), 1f / 6}, m[18], 1e-6f);
        assertArrayEquals(new int[] {1, 1, 1}, R.countsFromMatrix(m));

        Structure back = R.decode(m);
        assertEquals("MgMnO", back.composition().formula());
        assertEquals(s.volume(), back.volume(), 1e-3);
        assertEquals(0.75, back.site(1).frac().x(), 1e-6);
    }

    @Test
    void namesTheViolatedLimit() {
        Lattice cube = Lattice.cubic(5);
        java.util.ArrayList<Site> nineMn = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) nineMn.add(new Site(Element.of("Mn"), i / 9.0, 0, 0));
        InputException tooMany = assertThrows(InputException.class, () -> R.encode(new Structure(cube, nineMn)));
        assertTrue(tooMany.getMessage().contains("9 Mn atoms") && tooMany.getMessage().contains("at most 8"), tooMany.getMessage());

        Structure foreign = new Structure(cube, List.of(new Site(Element.of("Fe"), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5)));
        InputException fe = assertThrows(InputException.class, () -> R.encode(foreign));
        assertTrue(fe.getMessage().contains("contains Fe") && fe.getMessage().contains("Mg, Mn and O"), fe.getMessage());

        Structure longCell = new Structure(Lattice.fromParameters(4, 4, 31.5, 90, 90, 90), List.of(new Site(Element.of("Mg"), 0, 0, 0)));
        InputException len = assertThrows(InputException.class, () -> R.encode(longCell));
        assertTrue(len.getMessage().contains("c = 31.500 Å") && len.getMessage().contains("30.0 Å"), len.getMessage());

        Structure disordered = new Structure(cube, List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0), 0.5, null),
                new Site(Element.of("Mn"), new Vec3(0, 0, 0), 0.5, null)));
        InputException dis = assertThrows(InputException.class, () -> R.encode(disordered));
        assertTrue(dis.getMessage().contains("disordered"), dis.getMessage());

        // the same nine-Mn cell fits nowhere, but a V-O cell fits V_O and not Mg-Mn-O
        Structure vo2 = new Structure(cube, List.of(new Site(Element.of("V"), 0, 0, 0),
                new Site(Element.of("O"), .3, .3, 0), new Site(Element.of("O"), .7, .7, 0)));
        assertEquals(22, Representation.V_O.encode(vo2).length);
        assertEquals("VO2", Representation.V_O.decode(Representation.V_O.encode(vo2)).composition().formula());
        assertThrows(InputException.class, () -> R.encode(vo2));
    }

    @Test
    void decodeRejectsAMatrixOfTheWrongShapeOrCell() {
        assertThrows(InputException.class, () -> R.decode(new float[29][3]));
        float[][] flat = new float[30][3];  // zero lengths
        InputException e = assertThrows(InputException.class, () -> R.decode(flat));
        assertTrue(e.getMessage().contains("cell"), e.getMessage());
    }

    /** Decode -> encode reproduces every row of the reference array to float precision. */
    @Test
    void roundTripsTheReferenceArray() {
        Npy.Array a = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        assertArrayEquals(new int[] {2627, 30, 3}, a.shape());
        double[] d = a.data();
        double worst = 0;
        for (int n = 0; n < 2627; n++) {
            Structure s = R.decode(d, n * 90);
            double[] again = new double[90];
            R.encodeInto(s, again, 0);
            for (int k = 0; k < 90; k++) worst = Math.max(worst, Math.abs(again[k] - d[n * 90 + k]));
        }
        // float32 resolution near 1 is 6e-8; double round-trip should be far below it
        assertTrue(worst < 1e-7, "largest difference " + worst);
    }

    /** Decoding agrees with structures.csv (written by the data's preparer with numpy). */
    @Test
    void decodingAgreesWithStructuresCsv() throws IOException {
        Npy.Array a = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        List<String> lines = Files.readAllLines(SharedData.mgmno("structures.csv"));
        assertEquals(2628, lines.size());
        for (int n = 0; n < 2627; n++) {
            String[] f = lines.get(n + 1).split(",", 14);
            Structure s = R.decode(a.data(), n * 90);
            String ctx = "row " + n;
            assertEquals(org.crystalgan.crystal.Composition.parse(f[2]), s.composition(), ctx);
            assertArrayEquals(new int[] {Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])},
                    R.counts(s.composition()), ctx);
            double[] p = s.lattice().parameters();
            for (int k = 0; k < 6; k++) assertEquals(Double.parseDouble(f[6 + k]), p[k], k < 3 ? 6e-6 : 6e-5, ctx);
            assertEquals(Double.parseDouble(f[12]), s.volume(), 1e-3, ctx);
            String[] sites = f[13].split(";");
            assertEquals(sites.length, s.size(), ctx);
            for (int i = 0; i < sites.length; i++) {
                String[] t = sites[i].trim().split("\\s+");
                assertEquals(t[0], s.site(i).element().symbol(), ctx);
                for (int k = 0; k < 3; k++) {
                    double diff = Double.parseDouble(t[1 + k]) - s.site(i).frac().get(k);
                    diff -= Math.rint(diff);  // the CSV may print 1.000000 for 0.9999997
                    assertEquals(0, diff, 1e-6, ctx + " site " + i);
                }
            }
        }
    }
}
