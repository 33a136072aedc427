package org.crystalgan.app.viewer;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Vec3;

/**
 * Triangles of the convex hull of a handful of points (a coordination shell: 4 to 12 corners), by
 * testing every triple: O(n^4), trivial for n &le; 12 and free of the degeneracy handling an
 * incremental hull needs. Triangles face outwards.
 */
final class ConvexHull {
    private ConvexHull() { }

    static List<Vec3[]> triangles(List<Vec3> pts) {
        int n = pts.size();
        Vec3 c = new Vec3(0, 0, 0);
        for (Vec3 p : pts) c = c.plus(p);
        c = c.times(1.0 / n);
        double scale = 0;
        for (Vec3 p : pts) scale = Math.max(scale, p.minus(c).norm());
        double eps = 1e-6 * Math.max(1, scale * scale);
        List<Vec3[]> out = new ArrayList<>();
        List<int[]> seenPlanes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int k = j + 1; k < n; k++) {
                    Vec3 a = pts.get(i), b = pts.get(j), d = pts.get(k);
                    Vec3 normal = b.minus(a).cross(d.minus(a));
                    if (normal.norm() < eps) continue;
                    int above = 0, below = 0;
                    List<Integer> onPlane = new ArrayList<>();
                    for (int m = 0; m < n; m++) {
                        double s = normal.dot(pts.get(m).minus(a));
                        if (s > eps) above++; else if (s < -eps) below++; else onPlane.add(m);
                    }
                    if (above > 0 && below > 0) continue;
                    // a face with more than three corners (e.g. a square of an octahedron cut along a
                    // diagonal) would otherwise be covered twice: keep only triangles of the fan
                    // from its lowest-indexed corner
                    if (onPlane.size() > 3 && !fanTriangle(pts, onPlane, normal, i, j, k)) continue;
                    if (normal.dot(c.minus(a)) > 0) out.add(new Vec3[] {a, d, b}); else out.add(new Vec3[] {a, b, d});
                }
            }
        }
        return out;
    }

    // the coplanar corners sorted by angle round their centre; keep (first, p, next-of-p) only
    private static boolean fanTriangle(List<Vec3> pts, List<Integer> face, Vec3 normal, int i, int j, int k) {
        Vec3 c = new Vec3(0, 0, 0);
        for (int m : face) c = c.plus(pts.get(m));
        c = c.times(1.0 / face.size());
        Vec3 u = pts.get(face.get(0)).minus(c);
        Vec3 v = normal.cross(u);
        final Vec3 cc = c;
        List<Integer> order = new ArrayList<>(face);
        order.sort((p, q) -> Double.compare(angle(pts.get(p).minus(cc), u, v), angle(pts.get(q).minus(cc), u, v)));
        int first = order.get(0);
        for (int t = 1; t + 1 < order.size(); t++) {
            int p = order.get(t), q = order.get(t + 1);
            int[] tri = {first, p, q};
            java.util.Arrays.sort(tri);
            if (tri[0] == i && tri[1] == j && tri[2] == k) return true;
        }
        return false;
    }

    private static double angle(Vec3 w, Vec3 u, Vec3 v) { return Math.atan2(w.dot(v), w.dot(u)); }
}
