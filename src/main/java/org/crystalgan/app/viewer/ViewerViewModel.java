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
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/** State of the 3-D viewer: what is shown and how, and the text about the atom the user clicked. */
public final class ViewerViewModel implements org.crystalgan.app.common.StructureDisplay {
    /** Neighbours listed for a clicked atom: those within this distance (Å). */
    static final double INFO_CUTOFF = 3.5;

    private final javafx.beans.property.ReadOnlyObjectWrapper<Structure> structure = new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "structure");
    private final javafx.beans.property.ReadOnlyStringWrapper title = new javafx.beans.property.ReadOnlyStringWrapper(this, "title", "");
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
    private final StringProperty atomInfo = new SimpleStringProperty(this, "atomInfo", "Click an atom for its element, position and neighbours; click a second and a third to measure a distance and an angle.");

    public javafx.beans.property.ReadOnlyObjectProperty<Structure> structureProperty() { return structure.getReadOnlyProperty(); }
    public javafx.beans.property.ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    @BoundInput public DoubleProperty radiusScaleProperty() { return radiusScale; }
    @BoundInput public DoubleProperty bondToleranceProperty() { return bondTolerance; }
    @BoundInput public BooleanProperty showBondsProperty() { return showBonds; }
    @BoundInput public BooleanProperty showCellProperty() { return showCell; }
    @BoundInput public BooleanProperty showAxesProperty() { return showAxes; }
    @BoundInput public BooleanProperty mnPolyhedraProperty() { return mnPolyhedra; }
    @BoundInput public BooleanProperty mgPolyhedraProperty() { return mgPolyhedra; }
    @BoundInput public IntegerProperty repeatAProperty() { return repeatA; }
    @BoundInput public IntegerProperty repeatBProperty() { return repeatB; }
    @BoundInput public IntegerProperty repeatCProperty() { return repeatC; }
    @BoundInput public StringProperty atomInfoProperty() { return atomInfo; }

    /** Shows a structure (null clears the view). */
    public void show(String name, Structure s) {
        title.set(name == null ? "" : name);
        picks.clear();
        structure.set(s);
        atomInfo.set(s == null ? "No structure selected." : "Click an atom for its element, position and neighbours; click a second and a third to measure a distance and an angle.");
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

    // the last atoms clicked, newest last: two give a distance, three an angle (at the middle one)
    private final List<CellGeometry.Atom> picks = new ArrayList<>();

    /** The atoms picked for measuring, oldest first (at most three). */
    public List<CellGeometry.Atom> picks() { return List.copyOf(picks); }

    /**
     * Fills {@link #atomInfoProperty()} for a drawn atom and measures: with the atom clicked before, the distance
     * between the two drawn positions (so in a supercell the image clicked is the one measured); with the two
     * before, also the angle at the middle atom. Clicking the same atom twice starts a new measurement.
     */
    public void select(CellGeometry.Atom atom) {
        if (!picks.isEmpty() && picks.get(picks.size() - 1).cart().minus(atom.cart()).norm() < 1e-6) picks.clear();
        picks.add(atom);
        while (picks.size() > 3) picks.remove(0);
        String m = measurement(picks);
        atomInfo.set(describe(structure.get(), atom) + (m.isEmpty() ? "" : System.lineSeparator() + m));
    }

    /** "Mg3–O12 2.105 Å; O7–Mg3–O12 90.00°" for two or three picked atoms, empty for fewer. */
    public static String measurement(List<CellGeometry.Atom> atoms) {
        int n = atoms.size();
        if (n < 2) return "";
        CellGeometry.Atom a = atoms.get(n - 2), b = atoms.get(n - 1);
        String text = String.format(Locale.ROOT, "distance %s–%s %.3f Å", label(a), label(b), a.cart().minus(b.cart()).norm());
        if (n >= 3) {
            CellGeometry.Atom c = atoms.get(n - 3);
            Vec3 u = c.cart().minus(a.cart()), v = b.cart().minus(a.cart());
            double cos = u.dot(v) / (u.norm() * v.norm());
            double angle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
            text += String.format(Locale.ROOT, "; angle %s–%s–%s %.2f°", label(c), label(a), label(b), angle);
        }
        return text + "  (click the last atom again to start over)";
    }

    /** "Mn3": the element and the 1-based site of the cell, the same for every image of that site in a supercell. */
    public static String label(CellGeometry.Atom a) { return a.element().symbol() + (a.site() + 1); }

    /**
     * One site for the table that replaces the picture where there is no 3-D: its bonded neighbours by the
     * viewer's own bond rule (so the table and the drawn bonds agree), e.g. "6 O 2.105–2.117".
     *
     * @param number     1-based site number, as in the atom details
     * @param neighbours bonded neighbours per element with their distance range (Å)
     * @param shortest   distance to the nearest atom of any kind (Å), NaN for a lone atom
     */
    public record SiteRow(int number, String element, double x, double y, double z, int coordination, String neighbours, double shortest) {}

    /** The sites of {@code s} with their coordination, for the table view (empty for null). */
    public static List<SiteRow> siteTable(Structure s, double bondTolerance) {
        if (s == null) return List.of();
        Structure w = s.wrapped();
        double maxR = 0;
        for (var site : w.sites()) maxR = Math.max(maxR, site.element().covalentRadius());
        NeighborList nl = NeighborList.build(w, Math.max(INFO_CUTOFF, 2 * maxR * bondTolerance));
        List<SiteRow> rows = new ArrayList<>(w.size());
        for (int i = 0; i < w.size(); i++) {
            Element e = w.site(i).element();
            java.util.Map<String, double[]> byElement = new java.util.TreeMap<>(); // element -> {count, min, max}
            double shortest = Double.NaN;
            int cn = 0;
            for (NeighborList.Neighbor n : nl.of(i)) {
                if (Double.isNaN(shortest) || n.distance() < shortest) shortest = n.distance();
                Element other = w.site(n.index()).element();
                if (!CellGeometry.bonded(e, other, n.distance(), bondTolerance)) continue;
                cn++;
                double[] v = byElement.computeIfAbsent(other.symbol(), k -> new double[] {0, Double.MAX_VALUE, 0});
                v[0]++;
                v[1] = Math.min(v[1], n.distance());
                v[2] = Math.max(v[2], n.distance());
            }
            List<String> parts = new ArrayList<>();
            byElement.forEach((el, v) -> parts.add(String.format(Locale.ROOT, v[2] - v[1] < 5e-4 ? "%d %s %.3f" : "%d %s %.3f–%.3f",
                    (int) v[0], el, v[1], v[2])));
            var f = w.site(i).frac();
            rows.add(new SiteRow(i + 1, e.symbol(), f.x(), f.y(), f.z(), cn, parts.isEmpty() ? "none" : String.join(", ", parts), shortest));
        }
        return rows;
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

    private final BooleanProperty showLabels = new SimpleBooleanProperty(this, "showLabels", false);

    /** Whether every drawn atom carries its label ("Mn3") beside it; off by default, since a supercell's labels crowd the view. */
    @BoundInput public BooleanProperty showLabelsProperty() { return showLabels; }

    /** A label the viewer draws beside a drawn atom: its text and the atom's centre (Cartesian Å, as drawn). */
    public record AtomLabel(String text, Vec3 cart) {}

    /** One label per drawn atom of {@code g} (supercell images included) while labels are on; none otherwise. */
    public List<AtomLabel> labels(CellGeometry g) {
        if (!showLabels.get() || g == null) return List.of();
        List<AtomLabel> out = new ArrayList<>(g.atoms().size());
        for (CellGeometry.Atom a : g.atoms()) out.add(new AtomLabel(label(a), a.cart()));
        return out;
    }
}
