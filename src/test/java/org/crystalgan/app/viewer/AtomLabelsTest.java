package org.crystalgan.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;

/** The viewer's atom labels through the ViewModel (no stage): off by default, one per drawn atom, naming its site. */
class AtomLabelsTest {
    @Test
    void everyDrawnAtomOfASupercellIsLabelledWithItsElementAndSite() throws Exception {
        Structure spinel = StructureFiles.read(Path.of("samples/MgMn2O4_spinel.cif")).get(0).structure();
        ViewerViewModel vm = new ViewerViewModel();
        vm.show("spinel", spinel);
        assertTrue(vm.labels(vm.geometry()).isEmpty(), "labels are off by default");

        vm.showLabelsProperty().set(true);
        vm.repeatAProperty().set(2);
        CellGeometry g = vm.geometry();
        List<ViewerViewModel.AtomLabel> labels = vm.labels(g);
        assertEquals(g.atoms().size(), labels.size());
        assertTrue(labels.size() > 2 * spinel.size(), "a 2x1x1 supercell with its face images: " + labels.size());
        Structure cell = spinel.wrapped();
        Set<String> seen = new TreeSet<>();
        for (int k = 0; k < labels.size(); k++) {
            CellGeometry.Atom a = g.atoms().get(k);
            ViewerViewModel.AtomLabel l = labels.get(k);
            var site = cell.site(a.site());
            // the text names the drawn atom's own site: its element and 1-based number; the label sits on that atom
            assertEquals(site.element().symbol() + (a.site() + 1), l.text());
            assertEquals(0, l.cart().minus(a.cart()).norm(), 1e-12);
            Vec3 f = a.frac(), s = site.frac();
            for (double d : new double[] {f.x() - s.x(), f.y() - s.y(), f.z() - s.z()}) {
                assertEquals(0, d - Math.rint(d), 1e-9, l.text() + " is an image of its site");
            }
            seen.add(l.text());
        }
        assertEquals(spinel.size(), seen.size(), "every site of the cell has a label");
        assertTrue(seen.contains("Mn" + (firstMn(cell) + 1)), seen.toString());
        assertEquals(labels.stream().filter(l -> l.text().equals("O" + cell.size())).count() >= 2, true, "images share their site's label");

        vm.showLabelsProperty().set(false);
        assertTrue(vm.labels(g).isEmpty());
    }

    private static int firstMn(Structure s) {
        for (int i = 0; i < s.size(); i++) if (s.site(i).element().symbol().equals("Mn")) return i;
        throw new AssertionError("no Mn");
    }
}
