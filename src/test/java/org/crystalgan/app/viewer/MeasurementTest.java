package org.crystalgan.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.crystalgan.crystal.Element;
import org.junit.jupiter.api.Test;

/** Distance and angle by clicking drawn atoms, through the ViewModel (no stage). */
class MeasurementTest {
    @Test
    void twoClicksGiveADistanceThreeAnAngleAndTheSameAtomStartsOver() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.show("MgO", CellGeometryTest.rockSalt());
        CellGeometry g = CellGeometry.build(CellGeometryTest.rockSalt(), new int[] {1, 1, 1}, 1.2, Set.of());
        CellGeometry.Atom mg = null, o1 = null, o2 = null;
        // an Mg and two O neighbours of it along x and y (rock salt: Mg-O 2.106 Å, O-Mg-O 90°)
        for (CellGeometry.Atom a : g.atoms()) if (a.element() == Element.of("Mg") && mg == null) mg = a;
        for (CellGeometry.Atom a : g.atoms()) {
            if (a.element() != Element.of("O")) continue;
            var d = a.cart().minus(mg.cart());
            if (Math.abs(d.norm() - 2.1) > 0.1) continue;
            if (o1 == null) o1 = a;
            else if (o2 == null && Math.abs(d.dot(o1.cart().minus(mg.cart()))) < 1e-6) o2 = a;
        }
        vm.select(o1);
        assertTrue(!vm.atomInfoProperty().get().contains("distance"));
        vm.select(mg);
        String two = vm.atomInfoProperty().get();
        assertTrue(two.contains(String.format(java.util.Locale.ROOT, "distance O%d–Mg%d %.3f Å", o1.site() + 1, mg.site() + 1, o1.cart().minus(mg.cart()).norm())), two);
        vm.select(o2);
        assertTrue(vm.atomInfoProperty().get().contains("angle O" + (o1.site() + 1) + "–Mg" + (mg.site() + 1) + "–O" + (o2.site() + 1) + " 90.00°"),
                vm.atomInfoProperty().get());
        vm.select(o2);
        assertEquals(1, vm.picks().size(), "the same atom again starts a new measurement");
        vm.show("other", CellGeometryTest.rockSalt());
        assertEquals(0, vm.picks().size());
    }
}
