package org.crystalgan.potential.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.junit.jupiter.api.Test;

class ClassicalPotentialTest {
    @Test
    void adapterKeepsTheForceFieldNumbersAndOrdersVoigtAsXxYyZzYzXzXy() {
        Structure s = ClassicalForceFieldTest.distorted(7);
        ClassicalForceField.Result ff = new ClassicalForceField().evaluate(s);
        ClassicalPotential p = new ClassicalPotential();
        Evaluation e = p.evaluate(s);
        assertEquals("classical", p.name());
        assertTrue(p.description().contains("NOT formation energies"));
        assertEquals(ff.energy(), e.energy(), 0);
        for (int i = 0; i < s.size(); i++) assertArrayEquals(ff.forces()[i], e.forces()[i], 0);
        double[][] t = ff.stress();
        double k = 160.21766208;
        double[] expected = {t[0][0] * k, t[1][1] * k, t[2][2] * k, t[1][2] * k, t[0][2] * k, t[0][1] * k};
        assertArrayEquals(expected, e.stressGPa(), 1e-12);
        assertTrue(Math.abs(e.stressGPa()[3]) > 1e-3 && Math.abs(e.stressGPa()[5]) > 1e-3, "the triclinic cell has shear stress");
    }

    @Test
    void unsupportedElementIsRefusedWithTheFieldsReason() {
        Structure nacl = new Structure(Lattice.cubic(5.6), List.of(new Site(Element.of("Na"), 0, 0, 0), new Site(Element.of("Cl"), .5, .5, .5)));
        var ex = assertThrows(InputException.class, () -> new ClassicalPotential().evaluate(nacl));
        assertTrue(ex.getMessage().contains("Mg, Mn and O only"), ex.getMessage());
    }
}
