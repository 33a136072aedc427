package org.crystalgan.app.viewer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/** State of the 3-D viewer: what is shown and how, and the text about the atom the user clicked. */
public final class ViewerViewModel {
    /** Neighbours listed for a clicked atom: those within this distance (Å). */
    static final double INFO_CUTOFF = 3.5;

    private final ObjectProperty<Structure> structure = new SimpleObjectProperty<>(this, "structure");
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final DoubleProperty radiusScale = new SimpleDoubleProperty(this, "radiusScale", 0.45);
    private final DoubleProperty bondTolerance = new SimpleDoubleProperty(this, "bondTolerance", 1.2);
    private final BooleanProperty showBonds = new SimpleBooleanProperty(this, "showBonds", true);
    private final BooleanProperty showCell = new SimpleBooleanProperty(this, "showCell", true);
    private final BooleanProperty showAxes = new SimpleBooleanProperty(this, "showAxes", true);
    private final BooleanProperty mnPolyhedra = new SimpleBooleanProperty(this, "mnPolyhedra", false);
    private final BooleanProperty mgPolyhedra = new SimpleBooleanProperty(this, "mgPolyhedra", false);
    private final IntegerProperty repeatA = new SimpleIntegerProperty(this, "repeatA", 1);
    private final IntegerProperty repeatB = new SimpleIntegerProperty(this, "repeatB", 1);
    private final IntegerProperty repeatC = new SimpleIntegerProperty(this, "repeatC", 1);
    private final StringProperty atomInfo = new SimpleStringProperty(this, "atomInfo", "Click an atom for its element, position and neighbours.");

    public ObjectProperty<Structure> structureProperty() { return structure; }
    public StringProperty titleProperty() { return title; }
    public DoubleProperty radiusScaleProperty() { return radiusScale; }
    public DoubleProperty bondToleranceProperty() { return bondTolerance; }
    public BooleanProperty showBondsProperty() { return showBonds; }
    public BooleanProperty showCellProperty() { return showCell; }
    public BooleanProperty showAxesProperty() { return showAxes; }
    public BooleanProperty mnPolyhedraProperty() { return mnPolyhedra; }
    public BooleanProperty mgPolyhedraProperty() { return mgPolyhedra; }
    public IntegerProperty repeatAProperty() { return repeatA; }
    public IntegerProperty repeatBProperty() { return repeatB; }
    public IntegerProperty repeatCProperty() { return repeatC; }
    public StringProperty atomInfoProperty() { return atomInfo; }

    /** Shows a structure (null clears the view). */
    public void show(String name, Structure s) {
        title.set(name == null ? "" : name);
        structure.set(s);
        atomInfo.set(s == null ? "No structure selected." : "Click an atom for its element, position and neighbours.");
    }

    public int[] repeats() {
        return new int[] {clamp(repeatA.get()), clamp(repeatB.get()), clamp(repeatC.get())};
    }

    private static int clamp(int r) { return Math.max(1, Math.min(3, r)); }

    public Set<Element> polyhedronCentres() {
        Set<Element> s = new HashSet<>();
        if (mnPolyhedra.get()) s.add(Element.of("Mn"));
        if (mgPolyhedra.get()) s.add(Element.of("Mg"));
        return s;
    }

    /** The geometry for the current settings, or null without a structure. */
    public CellGeometry geometry() {
        Structure s = structure.get();
        return s == null ? null : CellGeometry.build(s, repeats(), bondTolerance.get(), polyhedronCentres());
    }

    /** Fills {@link #atomInfoProperty()} for a drawn atom. */
    public void select(CellGeometry.Atom atom) {
        atomInfo.set(describe(structure.get(), atom));
    }

    /** Element, fractional and Cartesian position, and neighbours within 3.5 Å with their distances. */
    public static String describe(Structure s, CellGeometry.Atom atom) {
        StringBuilder sb = new StringBuilder();
        Vec3 f = atom.frac(), c = atom.cart();
        sb.append(String.format(Locale.ROOT, "%s (site %d)  frac (%.4f, %.4f, %.4f)  cart (%.3f, %.3f, %.3f) Å%n",
                atom.element().symbol(), atom.site() + 1, f.x(), f.y(), f.z(), c.x(), c.y(), c.z()));
        Structure w = s.wrapped();
        List<NeighborList.Neighbor> ns = NeighborList.build(w, INFO_CUTOFF).of(atom.site());
        if (ns.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "no neighbours within %.1f Å", INFO_CUTOFF));
        } else {
            List<String> parts = new ArrayList<>();
            for (NeighborList.Neighbor n : ns) {
                parts.add(String.format(Locale.ROOT, "%s%d %.3f", w.site(n.index()).element().symbol(), n.index() + 1, n.distance()));
            }
            sb.append("neighbours (Å): ").append(String.join(", ", parts));
        }
        return sb.toString();
    }

}
