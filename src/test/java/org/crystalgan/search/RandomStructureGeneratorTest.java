package org.crystalgan.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.Progress;
import org.junit.jupiter.api.Test;

class RandomStructureGeneratorTest {
    @Test
    void cellsHaveTheCompositionVolumeAndSeparation() {
        Composition c = Composition.parse("Mg2Mn4O8");
        var gen = new RandomStructureGenerator(RandomStructureGenerator.Options.withSeparation(1.5));
        List<Structure> cells = gen.generate(c, 20, 7, Progress.NONE).structures();
        assertEquals(20, cells.size());
        double fit = RandomStructureGenerator.fittedVolume(c);
        assertEquals(2 * 15.457 + 4 * 18.074 + 8 * 7.728, fit, 1e-9);
        for (Structure s : cells) {
            assertTrue(s.composition().almostEquals(c, 1e-9), s.composition().formula());
            assertTrue(s.volume() >= 0.9 * fit - 1e-6 && s.volume() <= 1.1 * fit + 1e-6, "volume " + s.volume());
            assertTrue(s.minimumDistance() >= 1.5 - 1e-9, "shortest " + s.minimumDistance());
            for (double angle : new double[] {s.lattice().alpha(), s.lattice().beta(), s.lattice().gamma()}) {
                assertTrue(angle >= 60 - 1e-6 && angle <= 120 + 1e-6, "angle " + angle);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameCells() {
        var gen = new RandomStructureGenerator(RandomStructureGenerator.Options.withSeparation(1.5));
        Composition c = Composition.parse("MgMnO3");
        List<Structure> a = gen.generate(c, 5, 42, Progress.NONE).structures();
        List<Structure> b = gen.generate(c, 5, 42, Progress.NONE).structures();
        for (int i = 0; i < 5; i++) {
            assertEquals(a.get(i).lattice(), b.get(i).lattice());
            assertEquals(a.get(i).sites(), b.get(i).sites());
        }
    }

    @Test
    void impossibleSeparationsSayWhy() {
        var gen = new RandomStructureGenerator(RandomStructureGenerator.Options.withSeparation(4.0));
        var e = assertThrows(InputException.class, () -> gen.generate(Composition.parse("Mg4Mn4O12"), 2, 1, Progress.NONE));
        assertTrue(e.getMessage().contains("lower the separations"), e.getMessage());
        assertThrows(InputException.class, () -> gen.generate(Composition.parse("Mg0.5O"), 1, 1, Progress.NONE));
    }

    @Test
    void cancellationStopsEarly() {
        var gen = new RandomStructureGenerator(RandomStructureGenerator.Options.withSeparation(1.5));
        assertEquals(0, gen.generate(Composition.parse("MgO"), 100, 1, Progress.cancelledWhen(() -> true)).structures().size());
    }
}
