package org.crystalgan.app.viewer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * What the 3-D viewer draws, computed without JavaFX so it can be tested: atoms of the repeated
 * cell (with the images that sit on the far faces, so a cubic cell shows its 8 corners), half-bonds,
 * coordination polyhedra and the cell edges, all in Cartesian Å.
 *
 * <p>Bonds: two atoms are bonded when closer than {@code bondTolerance × (r_cov(A) + r_cov(B))}
 * (Cordero covalent radii) and at least one of them is an anion-former (Pauling electronegativity
 * &ge; 2.5), so that cation-cation contacts in oxides (Mg-Mn at about 3 Å) are not drawn as bonds.
 */
public final class CellGeometry {
    /** Fractional tolerance for an atom on a cell face to be drawn on the opposite face too. */
    private static final double FACE_TOL = 1e-3;
    private static final double ANION_ELECTRONEGATIVITY = 2.5;

    /** An atom drawn: which site of the original cell, where (Cartesian Å) and at which repeat offset. */
    public record Atom(int site, Element element, Vec3 cart, Vec3 frac) {}

    /** Half a bond, from an atom's centre to the bond's midpoint, drawn in that atom's colour. */
    public record HalfBond(Element element, Vec3 from, Vec3 to) {}

    /** A coordination polyhedron: its centre's element and its triangles (each three Cartesian corners). */
    public record Polyhedron(Element centre, int atom, List<Vec3[]> triangles) {}

    private final Structure structure;
    private final int[] repeats;
    private final List<Atom> atoms;
    private final List<HalfBond> halfBonds;
    private final List<Polyhedron> polyhedra;
    private final Vec3 centre;

    private CellGeometry(Structure s, int[] repeats, List<Atom> atoms, List<HalfBond> halfBonds, List<Polyhedron> polyhedra) {
        this.structure = s;
        this.repeats = repeats;
        this.atoms = atoms;
        this.halfBonds = halfBonds;
        this.polyhedra = polyhedra;
        this.centre = s.lattice().toCartesian(new Vec3(repeats[0] / 2.0, repeats[1] / 2.0, repeats[2] / 2.0));
    }

    /**
     * @param repeats cells along a, b, c (1 to 3 each)
     * @param bondTolerance factor on the sum of covalent radii (1.2 is a common choice)
     * @param polyhedronCentres elements whose anion coordination polyhedra are drawn (e.g. Mn for MnO6)
     */
    public static CellGeometry build(Structure s, int[] repeats, double bondTolerance, Set<Element> polyhedronCentres) {
        for (int r : repeats) if (r < 1 || r > 3) throw new IllegalArgumentException("repeats must be 1 to 3 per axis");
        Lattice lat = s.lattice();
        Structure w = s.wrapped();
        double maxR = 0;
        for (Element e : w.elements()) maxR = Math.max(maxR, e.covalentRadius());
        NeighborList nl = w.size() == 0 ? null : NeighborList.build(w, Math.max(0.5, 2 * maxR * bondTolerance));

        List<Atom> atoms = new ArrayList<>();
        Map<Long, Integer> index = new HashMap<>(); // (site, image) -> drawn atom
        for (int i = 0; i < w.size(); i++) {
            Vec3 f = w.site(i).frac();
            for (int x = 0; x <= repeats[0]; x++) {
                for (int y = 0; y <= repeats[1]; y++) {
                    for (int z = 0; z <= repeats[2]; z++) {
                        Vec3 g = new Vec3(f.x() + x, f.y() + y, f.z() + z);
                        if (!inside(g, repeats)) continue;
                        index.put(key(i, x, y, z), atoms.size());
                        atoms.add(new Atom(i, w.site(i).element(), lat.toCartesian(g), g));
                    }
                }
            }
        }

        List<HalfBond> halves = new ArrayList<>();
        List<Polyhedron> polys = new ArrayList<>();
        if (nl != null) {
            for (int k = 0; k < atoms.size(); k++) {
                Atom a = atoms.get(k);
                int[] img = imageOf(a, w);
                List<Vec3> corners = new ArrayList<>();
                for (NeighborList.Neighbor n : nl.of(a.site())) {
                    Element other = w.site(n.index()).element();
                    if (!bonded(a.element(), other, n.distance(), bondTolerance)) continue;
                    Vec3 end = a.cart().plus(n.vector());
                    if (polyhedronCentres.contains(a.element()) && other.electronegativity() >= ANION_ELECTRONEGATIVITY) corners.add(end);
                    int x = img[0] + n.image()[0], y = img[1] + n.image()[1], z = img[2] + n.image()[2];
                    if (index.containsKey(key(n.index(), x, y, z))) {
                        halves.add(new HalfBond(a.element(), a.cart(), a.cart().plus(n.vector().times(0.5))));
                    }
                }
                if (corners.size() >= 4) polys.add(new Polyhedron(a.element(), k, ConvexHull.triangles(corners)));
            }
        }
        return new CellGeometry(s, repeats.clone(), List.copyOf(atoms), List.copyOf(halves), List.copyOf(polys));
    }

    static boolean bonded(Element a, Element b, double distance, double tolerance) {
        if (a.electronegativity() < ANION_ELECTRONEGATIVITY && b.electronegativity() < ANION_ELECTRONEGATIVITY) return false;
        return distance < tolerance * (a.covalentRadius() + b.covalentRadius());
    }

    private static boolean inside(Vec3 g, int[] n) {
        return g.x() < n[0] + FACE_TOL && g.y() < n[1] + FACE_TOL && g.z() < n[2] + FACE_TOL;
    }

    // the integer translation of a drawn atom relative to its wrapped site
    private static int[] imageOf(Atom a, Structure w) {
        Vec3 f = w.site(a.site()).frac();
        return new int[] {(int) Math.round(a.frac().x() - f.x()), (int) Math.round(a.frac().y() - f.y()), (int) Math.round(a.frac().z() - f.z())};
    }

    private static long key(int site, int x, int y, int z) {
        // images reach -1..4 through neighbours; 8 values per axis leave room
        return ((long) site << 12) | ((long) (x + 2) << 8) | ((long) (y + 2) << 4) | (z + 2);
    }

    public Structure structure() { return structure; }

    public int[] repeats() { return repeats.clone(); }

    public List<Atom> atoms() { return atoms; }

    public List<HalfBond> halfBonds() { return halfBonds; }

    public List<Polyhedron> polyhedra() { return polyhedra; }

    /** Centre of the repeated cell (Cartesian Å): the point the view rotates about. */
    public Vec3 centre() { return centre; }

    /** The 12 edges of the repeated cell as pairs of Cartesian corners. */
    public List<Vec3[]> cellEdges() {
        Lattice lat = structure.lattice();
        List<Vec3[]> edges = new ArrayList<>();
        int[] n = repeats;
        for (int d = 0; d < 3; d++) {
            int e1 = (d + 1) % 3, e2 = (d + 2) % 3;
            for (int i = 0; i <= 1; i++) {
                for (int j = 0; j <= 1; j++) {
                    double[] p = new double[3], q = new double[3];
                    p[e1] = q[e1] = i * n[e1];
                    p[e2] = q[e2] = j * n[e2];
                    p[d] = 0;
                    q[d] = n[d];
                    edges.add(new Vec3[] {lat.toCartesian(new Vec3(p[0], p[1], p[2])), lat.toCartesian(new Vec3(q[0], q[1], q[2]))});
                }
            }
        }
        return edges;
    }

    /** Largest distance of any drawn point from the centre, to place the camera. */
    public double radius() {
        double r = 1;
        for (Vec3[] e : cellEdges()) for (Vec3 v : e) r = Math.max(r, v.minus(centre).norm());
        for (Atom a : atoms) r = Math.max(r, a.cart().minus(centre).norm());
        return r;
    }

    /** The elements present, in formula order, for the legend. */
    public List<Element> elements() {
        return structure.elements().stream().sorted(Element.FORMULA_ORDER).toList();
    }
}
