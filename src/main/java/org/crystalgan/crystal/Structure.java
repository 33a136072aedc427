package org.crystalgan.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** An immutable periodic crystal: a lattice and its sites. */
public final class Structure {
    /** Avogadro's number, 1/mol (CODATA 2018, exact). */
    private static final double AVOGADRO = 6.02214076e23;

    private final Lattice lattice;
    private final List<Site> sites;

    public Structure(Lattice lattice, List<Site> sites) {
        this.lattice = Objects.requireNonNull(lattice, "lattice");
        this.sites = List.copyOf(sites);
    }

    public Lattice lattice() { return lattice; }
    public List<Site> sites() { return sites; }
    public int size() { return sites.size(); }
    public Site site(int i) { return sites.get(i); }
    public double volume() { return lattice.volume(); }

    /** Composition weighted by occupancy. */
    public Composition composition() {
        Composition.Builder b = Composition.builder();
        for (Site s : sites) b.add(s.element(), s.occupancy());
        return b.build();
    }

    /** True when every site is fully occupied (no disorder). */
    public boolean isOrdered() {
        for (Site s : sites) if (!s.isFullyOccupied()) return false;
        return true;
    }

    /** Density in g/cm³. */
    public double density() {
        double mass = 0;
        for (Site s : sites) mass += s.element().mass() * s.occupancy();
        return mass / AVOGADRO / (lattice.volume() * 1e-24);
    }

    public Vec3 cartesian(int i) { return lattice.toCartesian(sites.get(i).frac()); }

    /** Minimum-image distance (Å) between sites i and j; for i == j the shortest lattice vector. */
    public double distance(int i, int j) {
        if (i == j) return shortestLatticeVector();
        return lattice.minimumImageDistance(sites.get(i).frac(), sites.get(j).frac());
    }

    private double shortestLatticeVector() {
        Lattice r = lattice.reducedBasis();
        double best = Double.MAX_VALUE;
        for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) for (int c = -1; c <= 1; c++) {
            if (a == 0 && b == 0 && c == 0) continue;
            best = Math.min(best, r.cartesianLength(a, b, c));
        }
        return best;
    }

    /**
     * The shortest distance (Å) between two different atoms, or between an atom and its own
     * periodic image when the cell holds one atom. NaN for an empty structure.
     */
    public double minimumDistance() {
        int n = sites.size();
        if (n == 0) return Double.NaN;
        if (n == 1) return shortestLatticeVector();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) best = Math.min(best, distance(i, j));
        // an atom's own image can be closer than any other atom in a long thin cell
        return Math.min(best, shortestLatticeVector());
    }

    /** All pairwise minimum-image distances i &lt; j, sorted ascending (Å). */
    public double[] sortedPairDistances() {
        int n = sites.size();
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) d[k++] = distance(i, j);
        java.util.Arrays.sort(d);
        return d;
    }

    public Structure withSites(List<Site> newSites) { return new Structure(lattice, newSites); }

    public Structure withLattice(Lattice newLattice) { return new Structure(newLattice, sites); }

    /** Every fractional coordinate reduced into [0, 1). */
    public Structure wrapped() {
        List<Site> out = new ArrayList<>(sites.size());
        for (Site s : sites) out.add(s.withFrac(s.frac().wrapped()));
        return new Structure(lattice, out);
    }

    /** Sites sorted by electronegativity (the conventional formula order), stable within an element. */
    public Structure sortedBySpecies() {
        List<Site> out = new ArrayList<>(sites);
        out.sort(Comparator.comparing(Site::element, Element.FORMULA_ORDER));
        return new Structure(lattice, out);
    }

    /** The supercell made of n0 x n1 x n2 copies of this cell. */
    public Structure supercell(int n0, int n1, int n2) {
        if (n0 < 1 || n1 < 1 || n2 < 1) throw new IllegalArgumentException("supercell multiples must be >= 1");
        double[][] m = lattice.matrix();
        int[] n = {n0, n1, n2};
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i][j] *= n[i];
        List<Site> out = new ArrayList<>(sites.size() * n0 * n1 * n2);
        for (Site s : sites) {
            for (int i = 0; i < n0; i++) for (int j = 0; j < n1; j++) for (int k = 0; k < n2; k++) {
                Vec3 f = s.frac();
                out.add(s.withFrac(new Vec3((f.x() + i) / n0, (f.y() + j) / n1, (f.z() + k) / n2)));
            }
        }
        return new Structure(Lattice.fromMatrix(m), out);
    }

    public List<Element> elements() {
        List<Element> out = new ArrayList<>();
        for (Site s : sites) if (!out.contains(s.element())) out.add(s.element());
        out.sort(Element.FORMULA_ORDER);
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Structure s && lattice.equals(s.lattice) && sites.equals(s.sites);
    }

    @Override
    public int hashCode() { return Objects.hash(lattice, sites); }

    @Override
    public String toString() {
        return "Structure(" + composition().formula() + ", " + lattice + ", " + sites.size() + " sites)";
    }
}
