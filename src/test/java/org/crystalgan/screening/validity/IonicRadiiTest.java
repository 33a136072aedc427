package org.crystalgan.screening.validity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class IonicRadiiTest {
    private static final Element MG = Element.of("Mg"), MN = Element.of("Mn"), O = Element.of("O");

    @Test
    void chargeBalancedStatesOfTheMgMnOSpace() {
        assertEquals(Map.of(MG, 2, MN, 3, O, -2), IonicRadii.states(Composition.parse("MgMn2O4")));
        assertEquals(Map.of(MG, 2, MN, 4, O, -2), IonicRadii.states(Composition.parse("Mg2MnO4")));
        // Mn3O4: mean +8/3, nearest tabulated state +3
        assertEquals(3, IonicRadii.states(Composition.parse("Mn3O4")).get(MN));
        assertTrue(IonicRadii.isAnion(O));
        assertFalse(IonicRadii.isAnion(MN));
    }

    @Test
    void gateAndCheckerTakeTheSameRadiusForTheSameState() {
        Structure s = new Structure(Lattice.cubic(8), List.of(new Site(MG, 0, 0, 0), new Site(MN, 0.5, 0, 0), new Site(MN, 0, 0.5, 0),
                new Site(O, 0.25, 0, 0), new Site(O, 0.75, 0, 0), new Site(O, 0, 0.25, 0), new Site(O, 0, 0.75, 0)));
        Map<Element, Double> gate = PlausibilityGate.ionicRadii(s.composition());
        Map<Element, Integer> states = IonicRadii.states(s.composition());
        int[] formal = new int[s.size()];
        double[] expected = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
            formal[i] = states.get(s.site(i).element());
            expected[i] = gate.get(s.site(i).element());
        }
        assertArrayEquals(expected, IonicRadii.forSites(s, formal), 0);
        assertEquals(1.40, gate.get(O), 1e-9, "Shannon O2- (VI)");
        assertEquals(0.645, gate.get(MN), 1e-9, "Shannon high-spin Mn3+ (VI)");
    }
}
