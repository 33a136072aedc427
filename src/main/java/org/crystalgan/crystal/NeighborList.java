package org.crystalgan.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All pairs of atoms closer than a cutoff, periodic images included, found with cell lists so the
 * cost grows linearly with the number of atoms once the cell is larger than the cutoff.
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
     * through any other lattice vector shorter than the cutoff.
     */
    public static NeighborList build(Structure s, double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) throw new IllegalArgumentException("cutoff must be a positive number of Å");
        int n = s.size();
        Lattice lat = s.lattice();
        double[] rec = lat.reciprocalNorms();
        // translations needed so that every image within `cutoff` of a point in the cell is present
        int[] reach = new int[3];
        for (int d = 0; d < 3; d++) reach[d] = (int) Math.ceil(cutoff * rec[d]);

        Vec3[] home = new Vec3[n];
        Vec3[] homeCart = new Vec3[n];
        int[][] wrapShift = new int[n][3];
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            Vec3 f = s.site(i).frac();
            Vec3 w = f.wrapped();
            wrapShift[i] = new int[] {(int) Math.round(f.x() - w.x()), (int) Math.round(f.y() - w.y()), (int) Math.round(f.z() - w.z())};
            home[i] = w;
            homeCart[i] = lat.toCartesian(w);
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], homeCart[i].get(d));
                hi[d] = Math.max(hi[d], homeCart[i].get(d));
            }
        }
        List<List<Neighbor>> result = new ArrayList<>(n);
        if (n == 0) return new NeighborList(List.of(), cutoff);
        // image atoms kept only inside the home atoms' bounding box grown by the cutoff
        for (int d = 0; d < 3; d++) {
            lo[d] -= cutoff;
            hi[d] += cutoff;
        }
        double bin = cutoff;
        int[] nb = new int[3];
        for (int d = 0; d < 3; d++) nb[d] = Math.max(1, (int) Math.floor((hi[d] - lo[d]) / bin));
        Map<Long, List<int[]>> bins = new HashMap<>(); // key -> list of {atom, i, j, k}
        List<Vec3> imgPos = new ArrayList<>();
        List<int[]> imgRef = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int i = -reach[0]; i <= reach[0]; i++) {
                for (int j = -reach[1]; j <= reach[1]; j++) {
                    for (int k = -reach[2]; k <= reach[2]; k++) {
                        Vec3 p = lat.toCartesian(new Vec3(home[a].x() + i, home[a].y() + j, home[a].z() + k));
                        if (p.x() < lo[0] || p.x() > hi[0] || p.y() < lo[1] || p.y() > hi[1] || p.z() < lo[2] || p.z() > hi[2]) continue;
                        int id = imgPos.size();
                        imgPos.add(p);
                        imgRef.add(new int[] {a, i, j, k});
                        bins.computeIfAbsent(key(binOf(p, lo, bin, nb)), x -> new ArrayList<>()).add(new int[] {id});
                    }
                }
            }
        }
        double c2 = cutoff * cutoff;
        for (int a = 0; a < n; a++) {
            List<Neighbor> list = new ArrayList<>();
            Vec3 p = homeCart[a];
            int[] b = binOf(p, lo, bin, nb);
            for (int di = -1; di <= 1; di++) {
                for (int dj = -1; dj <= 1; dj++) {
                    for (int dk = -1; dk <= 1; dk++) {
                        List<int[]> cell = bins.get(key(new int[] {b[0] + di, b[1] + dj, b[2] + dk}));
                        if (cell == null) continue;
                        for (int[] entry : cell) {
                            int id = entry[0];
                            int[] ref = imgRef.get(id);
                            if (ref[0] == a && ref[1] == 0 && ref[2] == 0 && ref[3] == 0) continue;
                            Vec3 v = imgPos.get(id).minus(p);
                            double d2 = v.dot(v);
                            if (d2 <= c2) {
                                int other = ref[0];
                                // translation relative to the sites' original (unwrapped) coordinates
                                int[] image = {ref[1] - wrapShift[other][0] + wrapShift[a][0],
                                        ref[2] - wrapShift[other][1] + wrapShift[a][1],
                                        ref[3] - wrapShift[other][2] + wrapShift[a][2]};
                                list.add(new Neighbor(other, image, Math.sqrt(d2), v));
                            }
                        }
                    }
                }
            }
            list.sort((x, y) -> Double.compare(x.distance(), y.distance()));
            result.add(Collections.unmodifiableList(list));
        }
        return new NeighborList(Collections.unmodifiableList(result), cutoff);
    }

    private static int[] binOf(Vec3 p, double[] lo, double bin, int[] nb) {
        int[] b = new int[3];
        for (int d = 0; d < 3; d++) b[d] = Math.min(nb[d] - 1, Math.max(0, (int) Math.floor((p.get(d) - lo[d]) / bin)));
        return b;
    }

    private static long key(int[] b) {
        return ((long) (b[0] + 1) << 42) | ((long) (b[1] + 1) << 21) | (long) (b[2] + 1);
    }
}
