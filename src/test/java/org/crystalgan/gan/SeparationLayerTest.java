package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Representation;
import org.junit.jupiter.api.Test;

class SeparationLayerTest {
    private static final Representation REP = Representation.MG_MN_O;
    private static final SeparationLayer LAYER = new SeparationLayer(REP, GanConfig.SEPARATION_SWEEPS_DEFAULT, SeparationLayer.DEFAULT);

    /** A cubic cell of {@code a} Å (90° angles), no atoms. */
    private static double[] cubic(double a) {
        double[] m = new double[REP.size()];
        for (int k = 0; k < 3; k++) m[k] = a / REP.maxLengthAngstrom();
        for (int k = 3; k < 6; k++) m[k] = 0.5;
        return m;
    }

    /** Puts the {@code n}-th atom of element block {@code e} (0 Mg, 1 Mn, 2 O) at fractional (x, y, z). */
    private static void put(double[] m, int e, int n, double x, double y, double z) {
        int o = (REP.firstRow(e) + n) * 3;
        double[] f = {x, y, z};
        for (int k = 0; k < 3; k++) m[o + k] = Representation.COORD_SCALE * f[k] + Representation.COORD_OFFSET;
    }

    /** The shortest distance of each pair kind in the decoded structure, by the crystal core's own minimum image. */
    private static double[] shortestByKind(double[] m) {
        Structure s = REP.decode(m, 0);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                boolean ai = s.site(i).element().symbol().equals("O");
                boolean aj = s.site(j).element().symbol().equals("O");
                int kind = ai != aj ? 0 : ai ? 2 : 1;
                best[kind] = Math.min(best[kind], s.distance(i, j));
            }
        }
        return best;
    }

    @Test
    void aShortPairEndsAtItsFloorAndNothingElseMoves() {
        double[] m = cubic(10);
        put(m, 2, 0, 0.40, 0.5, 0.5);
        put(m, 2, 1, 0.50, 0.5, 0.5); // O-O 1.0 Å
        put(m, 0, 0, 0.0, 0.0, 0.0);  // Mg far from both
        double[] before = m.clone();
        SeparationLayer.Result r = LAYER.apply(m, 1);
        assertEquals(new SeparationLayer.Result(1, 0), r);
        Structure s = REP.decode(m, 0);
        assertEquals(3, s.size());
        double oo = shortestByKind(m)[2];
        assertTrue(oo >= 2.1 - 1e-3 && oo < 2.1 * 1.06 + 1e-9, "O-O pushed to its floor, not far beyond: " + oo);
        for (int i = 0; i < 6; i++) assertEquals(before[i], m[i], "the cell is the networks' own");
        int mg = REP.firstRow(0) * 3;
        for (int k = 0; k < 3; k++) assertEquals(before[mg + k], m[mg + k], "an atom without short contacts keeps its entries bit for bit");
        // both atoms moved by the same amount along x, in opposite directions
        int o0 = REP.firstRow(2) * 3;
        int o1 = o0 + 3;
        assertEquals(before[o0] - m[o0], m[o1] - before[o1], 1e-12);
        assertEquals(before[o0 + 1], m[o0 + 1], 1e-12);
    }

    @Test
    void aMatrixWithoutShortContactsIsUntouched() {
        double[] m = cubic(8);
        put(m, 0, 0, 0, 0, 0);
        put(m, 1, 0, 0.5, 0.5, 0.5);
        put(m, 2, 0, 0.25, 0, 0);
        double[] before = m.clone();
        assertEquals(new SeparationLayer.Result(0, 0), LAYER.apply(m, 1));
        assertArrayEquals(before, m);
    }

    @Test
    void coincidentAtomsArePartedTheSameWayEveryTime() {
        double[] m = cubic(9);
        put(m, 1, 0, 0.3, 0.3, 0.3);
        put(m, 2, 0, 0.3, 0.3, 0.3);
        double[] again = m.clone();
        assertEquals(new SeparationLayer.Result(1, 0), LAYER.apply(m, 1));
        assertTrue(shortestByKind(m)[0] >= 1.7 - 1e-3, "Mn-O parted to the cation-anion floor: " + shortestByKind(m)[0]);
        LAYER.apply(again, 1);
        assertArrayEquals(m, again, "deterministic");
    }

    @Test
    void crowdedRandomCellsSettleAboveEveryFloorAndKeepTheirAtoms() {
        Random r = new Random(11);
        int batch = 40;
        double[] m = new double[batch * REP.size()];
        for (int b = 0; b < batch; b++) {
            int off = b * REP.size();
            // the compositions of the generator's report (RawGeometryReport), four cells each
            int[] counts = Sampler.targetCounts(org.crystalgan.crystal.Composition.parse(RawGeometryReport.TARGETS.get(b % 10)));
            int n = counts[0] + counts[1] + counts[2];
            // 12 Å³ per atom, the training structures' median, in a cell with angles of 80-100°
            double edge = Math.cbrt(12.0 * n);
            for (int k = 0; k < 3; k++) m[off + k] = edge * (0.9 + 0.2 * r.nextDouble()) / REP.maxLengthAngstrom();
            for (int k = 3; k < 6; k++) m[off + k] = (80 + 20 * r.nextDouble()) / 180.0;
            for (int e = 0; e < 3; e++) {
                for (int i = 0; i < counts[e]; i++) {
                    int o = off + (REP.firstRow(e) + i) * 3;
                    // the generator's coordinates come from a sigmoid: some lie outside [0, 1) after decoding
                    for (int k = 0; k < 3; k++) m[o + k] = 0.02 + 0.96 * r.nextDouble();
                }
            }
        }
        int[][] before = new int[batch][];
        for (int b = 0; b < batch; b++) before[b] = REP.countsFromMatrix(m, b * REP.size());
        // which cells settle: those the layer reports so, each checked on its own
        boolean[] settled = new boolean[batch];
        int moved = 0;
        for (int b = 0; b < batch; b++) {
            double[] one = java.util.Arrays.copyOfRange(m, b * REP.size(), (b + 1) * REP.size());
            SeparationLayer.Result r1 = LAYER.apply(one, 1);
            settled[b] = r1.unsettled() == 0;
            moved += r1.moved();
        }
        SeparationLayer.Result res = LAYER.apply(m, batch);
        assertEquals(moved, res.moved(), "a batch is its matrices one by one");
        assertTrue(res.unsettled() <= 1, "at most one cell in 40 is left with a short contact: " + res.unsettled());
        assertTrue(res.moved() >= batch / 2, "random cells have short contacts: " + res.moved());
        for (int b = 0; b < batch; b++) {
            int off = b * REP.size();
            assertArrayEquals(before[b], REP.countsFromMatrix(m, off), "the same atoms");
            double[] one = java.util.Arrays.copyOfRange(m, off, off + REP.size());
            double[] d = shortestByKind(one);
            String what = "matrix " + b + ": cation-anion " + d[0] + ", cation-cation " + d[1] + ", anion-anion " + d[2];
            if (settled[b]) {
                assertTrue(d[0] >= 1.7 - 2e-3 && d[1] >= 2.5 - 2e-3 && d[2] >= 2.1 - 2e-3, what);
            } else {
                assertTrue(REP.decode(one, 0).minimumDistance() >= 1.3, "even an unsettled cell is past issue 17's line: " + what);
            }
            for (int row = Representation.HEADER_ROWS; row < REP.rows(); row++) {
                for (int k = 0; k < 3; k++) {
                    double v = m[off + row * 3 + k];
                    assertTrue(v >= 0 && v <= 1, "entries stay within the sigmoid's range: " + v);
                }
            }
        }
    }

    /**
     * The per-pair search (each pair's images within its own floor, no self images) gives the matrices and counts of
     * the full search bit for bit, on random cells of every kind the generator makes: crowded and roomy, skewed, thin
     * (more than MAX_IMAGES cells within the floor along one axis), with coincident atoms, and flat (no cell).
     */
    @Test
    void thePerPairSearchMovesEveryAtomAsTheFullSearchDoes() {
        Random r = new Random(5);
        int batch = 400;
        double[] m = new double[batch * REP.size()];
        for (int b = 0; b < batch; b++) {
            int off = b * REP.size();
            double edge = switch (b % 4) { case 0 -> 4.0; case 1 -> 7.0; case 2 -> 11.0; default -> 2.0 + 10 * r.nextDouble(); };
            for (int k = 0; k < 3; k++) m[off + k] = edge * (0.6 + 0.8 * r.nextDouble()) / REP.maxLengthAngstrom();
            if (b % 10 == 3) m[off] = 0.2 / REP.maxLengthAngstrom(); // thin along a: the box is capped at MAX_IMAGES
            for (int k = 3; k < 6; k++) m[off + k] = (50 + 80 * r.nextDouble()) / 180.0;
            if (b % 25 == 7) { m[off + 3] = 0.99; m[off + 4] = 0.5; m[off + 5] = 0.5; } // flat: no cell
            for (int row = Representation.HEADER_ROWS; row < REP.rows(); row++) {
                int o = off + row * 3;
                boolean atom = r.nextDouble() < 0.6;
                for (int k = 0; k < 3; k++) m[o + k] = atom ? 0.02 + 0.96 * r.nextDouble() : 0.1 * r.nextDouble();
            }
            if (b % 5 == 1) { // two atoms on top of each other
                int o1 = off + (REP.firstRow(2)) * 3, o2 = off + (REP.firstRow(2) + 1) * 3;
                for (int k = 0; k < 3; k++) m[o1 + k] = m[o2 + k] = 0.5;
            }
        }
        for (int sweeps : new int[] {1, 3, GanConfig.SEPARATION_SWEEPS_DEFAULT}) {
            SeparationLayer layer = new SeparationLayer(REP, sweeps, SeparationLayer.DEFAULT);
            double[] full = m.clone();
            double[] perPair = m.clone();
            SeparationLayer.Result a = layer.apply(full, batch, false);
            SeparationLayer.Result b = layer.apply(perPair, batch, true);
            assertEquals(a, b, sweeps + " sweeps");
            assertTrue(a.moved() > batch / 4 && a.unsettled() > 0, "the cells exercise pushing and giving up: " + a);
            assertArrayEquals(full, perPair, 0.0, sweeps + " sweeps");
        }
    }

    @Test
    void aCellTooSmallForItsAtomsIsReportedNotLooped() {
        double[] m = cubic(3.0);
        for (int i = 0; i < 12; i++) put(m, 2, i, 0.08 * i, 0.5, 0.5);
        SeparationLayer.Result r = new SeparationLayer(REP, 5, SeparationLayer.DEFAULT).apply(m, 1);
        assertEquals(1, r.unsettled(), "12 O atoms cannot be 2.1 Å apart in 27 Å³");
        assertEquals(12, REP.countsFromMatrix(m, 0)[2], "they are still 12 atoms");
    }

    @Test
    void configurationsRecordTheLayerAndOldOnesHaveNone() throws Exception {
        GanConfig c = GanConfig.defaults();
        assertNull(SeparationLayer.of(c));
        GanConfig on = c.withSeparationLayer(GanConfig.SEPARATION_SWEEPS_DEFAULT);
        assertEquals(SeparationLayer.DEFAULT, on.separationFloors());
        GanConfig back = ArrayStore.JSON.treeToValue(ArrayStore.JSON.valueToTree(on), GanConfig.class);
        assertEquals(on, back);
        JsonNode tree = ArrayStore.JSON.valueToTree(on);
        SeparationLayer fromHeader = SeparationLayer.of(tree, "model.json");
        assertNotNull(fromHeader);
        assertEquals(GanConfig.SEPARATION_SWEEPS_DEFAULT, fromHeader.sweeps());
        assertEquals(SeparationLayer.DEFAULT, fromHeader.floors());
        // a configuration written before the option existed has none of its fields
        com.fasterxml.jackson.databind.node.ObjectNode old = ArrayStore.JSON.valueToTree(c);
        for (String f : new String[] {"separationSweeps", "separationCationAnion", "separationCationCation", "separationAnionAnion"}) old.remove(f);
        assertNull(SeparationLayer.of(old, "model.json"));
        assertEquals(0, ArrayStore.JSON.treeToValue(old, GanConfig.class).separationSweeps());
        assertEquals(0, on.withSeparationLayer(0).separationSweeps());
        assertThrows(IllegalArgumentException.class, () -> c.withSeparationLayer(30, 0, 2.5, 2.1));
        assertThrows(IllegalArgumentException.class, () -> c.withSeparationLayer(-1));
        com.fasterxml.jackson.databind.node.ObjectNode bad = ArrayStore.JSON.valueToTree(on);
        bad.put("separationAnionAnion", 9.0);
        InputException e = assertThrows(InputException.class, () -> SeparationLayer.of(bad, "run/model.json"));
        assertTrue(e.getMessage().startsWith("run/model.json: separation floors"), e.getMessage());
    }
}
