package org.crystalgan.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All pairs of atoms closer than a cutoff, periodic images included, as records per site sorted by
 * distance: a view on {@link PeriodicNeighbors}, the one periodic-image search of the code, for the
 * callers that walk neighbours site by site (validity, plausibility, the viewer, {@code info}).
 */
public final class NeighborList {
    /** A neighbour j of some site, seen through the lattice translation {@code image} (integers). */
    public record Neighbor(int index, int[] image, double distance, Vec3 vector) {}

    private final List<List<Neighbor>> neighbors;
    private final double cutoff;

    private NeighborList(List<List<Neighbor>> neighbors, double cutoff) {
        this.neighbors = neighbors;
        this.cutoff = cutoff;
    }

    public double cutoff() { return cutoff; }

    /** Neighbours of site i sorted by distance (Å). */
    public List<Neighbor> of(int i) { return neighbors.get(i); }

    public int size() { return neighbors.size(); }

    /**
     * Builds the list. A site is never its own neighbour through the zero translation, but it is
     * through any other lattice vector shorter than the cutoff; pairs at exactly the cutoff count.
     */
    public static NeighborList build(Structure s, double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) throw new IllegalArgumentException("cutoff must be a positive number of Å");
        int n = s.size();
        if (n == 0) return new NeighborList(List.of(), cutoff);
        Lattice lat = s.lattice();
        // the search gets wrapped coordinates, so a far-away coordinate (as a CIF may give) stays legal input here
        double[] wrapped = new double[3 * n];
        int[][] wrapShift = new int[n][3];
        Vec3[] home = new Vec3[n];
        Vec3[] homeCart = new Vec3[n];
        for (int i = 0; i < n; i++) {
            Vec3 f = s.site(i).frac();
            Vec3 w = f.wrapped();
            wrapShift[i] = new int[] {(int) Math.round(f.x() - w.x()), (int) Math.round(f.y() - w.y()), (int) Math.round(f.z() - w.z())};
            home[i] = w;
            homeCart[i] = lat.toCartesian(w);
            wrapped[3 * i] = w.x();
            wrapped[3 * i + 1] = w.y();
            wrapped[3 * i + 2] = w.z();
        }
        double[][] m = lat.matrix();
        PeriodicNeighbors pairs = PeriodicNeighbors.of(new double[] {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]},
                wrapped, cutoff);
        TieOrder ties = new TieOrder(homeCart, cutoff);
        int[] src = pairs.sources(), dst = pairs.targets(), img = pairs.images();
        List<List<Found>> perSite = new ArrayList<>(n);
        for (int i = 0; i < n; i++) perSite.add(new ArrayList<>());
        double c2 = cutoff * cutoff;
        for (int p = 0; p < src.length; p++) {
            int a = src[p], j = dst[p];
            int i0 = img[3 * p], i1 = img[3 * p + 1], i2 = img[3 * p + 2];
            // the search keeps a hair more than the cutoff (d² < c² + 1e-8) and sums its vectors in another
            // order; recomputed as (wrapped f_j + image)·L - (wrapped f_i)·L, distances and the d ≤ cutoff rule
            // stay bit for bit those this class has always given
            Vec3 at = lat.toCartesian(new Vec3(home[j].x() + i0, home[j].y() + i1, home[j].z() + i2));
            Vec3 v = at.minus(homeCart[a]);
            double d2 = v.dot(v);
            if (d2 > c2) continue;
            // translation relative to the sites' original (unwrapped) coordinates
            int[] image = {i0 - wrapShift[j][0] + wrapShift[a][0], i1 - wrapShift[j][1] + wrapShift[a][1], i2 - wrapShift[j][2] + wrapShift[a][2]};
            perSite.get(a).add(new Found(new Neighbor(j, image, Math.sqrt(d2), v), ties.offset(a, at), i0, i1, i2));
        }
        List<List<Neighbor>> result = new ArrayList<>(n);
        for (List<Found> list : perSite) {
            list.sort(null);
            List<Neighbor> out = new ArrayList<>(list.size());
            for (Found f : list) out.add(f.neighbor);
            result.add(Collections.unmodifiableList(out));
        }
        return new NeighborList(Collections.unmodifiableList(result), cutoff);
    }

    /** A neighbour with what orders it among neighbours at the same distance (see {@link TieOrder}). */
    private record Found(Neighbor neighbor, int binOffset, int i0, int i1, int i2) implements Comparable<Found> {
        @Override
        public int compareTo(Found o) {
            int c = Double.compare(neighbor.distance(), o.neighbor.distance());
            if (c == 0) c = Integer.compare(binOffset, o.binOffset);
            if (c == 0) c = Integer.compare(neighbor.index(), o.neighbor.index());
            if (c == 0) c = Integer.compare(i0, o.i0);
            if (c == 0) c = Integer.compare(i1, o.i1);
            if (c == 0) c = Integer.compare(i2, o.i2);
            return c;
        }
    }

    /**
     * The order among equal distances that the former cell-list search of this class gave: Cartesian bins
     * of the cutoff's width over the atoms' bounding box grown by the cutoff, the 27 bins around a site
     * visited offset by offset, within a bin atom by atom, then translation by translation (relative to
     * the wrapped coordinates). Kept because callers report the first of tied contacts ("Mg1-O5 2.10 Å")
     * and the {@code validate}, {@code screen} and {@code info} outputs are contracts.
     */
    private static final class TieOrder {
        private final double cutoff;
        private final double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        private final int[] bins = new int[3];
        private final int[][] homeBin;

        TieOrder(Vec3[] homeCart, double cutoff) {
            this.cutoff = cutoff;
            double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (Vec3 p : homeCart) {
                for (int d = 0; d < 3; d++) {
                    lo[d] = Math.min(lo[d], p.get(d));
                    hi[d] = Math.max(hi[d], p.get(d));
                }
            }
            for (int d = 0; d < 3; d++) {
                lo[d] -= cutoff;
                hi[d] += cutoff;
                bins[d] = Math.max(1, (int) Math.floor((hi[d] - lo[d]) / cutoff));
            }
            homeBin = new int[homeCart.length][];
            for (int i = 0; i < homeCart.length; i++) homeBin[i] = bin(homeCart[i]);
        }

        private int[] bin(Vec3 p) {
            int[] b = new int[3];
            for (int d = 0; d < 3; d++) b[d] = Math.min(bins[d] - 1, Math.max(0, (int) Math.floor((p.get(d) - lo[d]) / cutoff)));
            return b;
        }

        /** The bin of {@code at} relative to site {@code atom}'s, as 0 to 26 in the order the bins were visited. */
        int offset(int atom, Vec3 at) {
            int[] b = bin(at);
            return (b[0] - homeBin[atom][0] + 1) * 9 + (b[1] - homeBin[atom][1] + 1) * 3 + (b[2] - homeBin[atom][2] + 1);
        }
    }
}
