package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.LatticeReduction;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Periodic;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * The primitive cell of a structure with a distance tolerance, by the method of pymatgen's
 * {@code Structure.get_primitive_structure} (tolerance 0.25 Å there): candidate translations are
 * the vectors between atoms of the least frequent species that map every species onto itself;
 * sub-lattices are tried as Hermite normal forms of each divisor of the formula-unit count, smallest
 * first; a candidate is accepted when the atoms fall into groups of equal size that are cliques of
 * "same position in the smaller cell", and positions are averaged within each group. Recursive,
 * and the result is Niggli-reduced.
 */
public final class PrimitiveCell {
    private PrimitiveCell() {}

    public static Structure find(Structure s, double tolerance) {
        // group sites by species (element and occupancy)
        Map<String, List<Site>> groups = new TreeMap<>(); // species in alphabetical order, as pymatgen sorts them
        for (Site site : s.sites()) groups.computeIfAbsent(site.element().symbol() + "@" + site.occupancy(), k -> new ArrayList<>()).add(site);
        List<List<Site>> grouped = new ArrayList<>(groups.values());
        int nGroups = grouped.size();
        double[][][] gf = new double[nGroups][][];
        int numFu = 0;
        for (int g = 0; g < nGroups; g++) {
            List<Site> list = grouped.get(g);
            gf[g] = new double[list.size()][];
            for (int i = 0; i < list.size(); i++) gf[g][i] = list.get(i).frac().toArray();
            numFu = Mat3.gcd(numFu, list.size());
        }
        if (numFu <= 1) return s;
        Lattice lat = s.lattice();
        double[] superFtol = {tolerance / lat.a(), tolerance / lat.b(), tolerance / lat.c()};
        double[] superFtol2 = {2 * superFtol[0], 2 * superFtol[1], 2 * superFtol[2]};

        // candidate translations from the smallest group, kept only if they map every group onto itself
        int minG = 0;
        for (int g = 1; g < nGroups; g++) if (gf[g].length < gf[minG].length) minG = g;
        List<double[]> minVecs = new ArrayList<>();
        for (double[] p : gf[minG]) minVecs.add(Mat3.sub(p, gf[minG][0]));
        for (int g = 0; g < nGroups; g++) {
            List<double[]> keep = new ArrayList<>();
            for (double[] v : minVecs) {
                for (double[] p : gf[g]) {
                    if (close(v, Mat3.sub(p, gf[g][0]), superFtol2)) { keep.add(v); break; }
                }
            }
            minVecs = keep;
        }

        // atoms of one species that are neighbours in the big cell must never merge
        boolean[][][] nonNbrs = new boolean[nGroups][][];
        for (int g = 0; g < nGroups; g++) {
            int m = gf[g].length;
            nonNbrs[g] = new boolean[m][m];
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) nonNbrs[g][i][j] = i == j || !close(gf[g][i], gf[g][j], superFtol2);
        }

        for (int det = 2; det <= numFu; det++) {
            if (numFu % det != 0) continue;
            for (int a = 1; a <= det; a++) {
                if (det % a != 0) continue;
                for (int e = 1; e <= det / a; e++) {
                    if ((det / a) % e != 0) continue;
                    int gg = det / a / e;
                    for (int b = 0; b < a; b++) for (int c = 0; c < a; c++) for (int f = 0; f < e; f++) {
                        double[][] m = {{a, b, c}, {0, e, f}, {0, 0, gg}};
                        double[][] inv = Mat3.inverse(m);
                        if (!rowsInMinVecs(inv, minVecs, superFtol)) continue;
                        Structure prim = tryCell(s, lat, grouped, gf, nonNbrs, m, inv, det, tolerance);
                        if (prim != null) return LatticeReduction.niggli(find(prim, tolerance), 1e-5);
                    }
                }
            }
        }
        return s;
    }

    private static Structure tryCell(Structure s, Lattice lat, List<List<Site>> grouped, double[][][] gf, boolean[][][] nonNbrs,
                                     double[][] m, double[][] inv, int size, double tolerance) {
        double[][] newM = Mat3.mul(inv, lat.matrix());
        double[] ftol = new double[3];
        for (int i = 0; i < 3; i++) ftol[i] = tolerance / Math.sqrt(newM[i][0] * newM[i][0] + newM[i][1] * newM[i][1] + newM[i][2] * newM[i][2]);
        List<Site> newSites = new ArrayList<>();
        for (int g = 0; g < gf.length; g++) {
            int n = gf[g].length;
            double[][] all = new double[n][];
            for (int i = 0; i < n; i++) all[i] = Mat3.rowTimes(gf[g][i], m);
            boolean[][] grp = new boolean[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) grp[i][j] = close(all[i], all[j], ftol) && nonNbrs[g][i][j];
            for (int j = 0; j < n; j++) {
                int sum = 0;
                for (int i = 0; i < n; i++) if (grp[i][j]) sum++;
                if (sum != size) return null;
            }
            for (int i = 0; i < n; i++) {
                for (int x = 0; x < n; x++) {
                    if (!grp[i][x]) continue;
                    for (int y = 0; y < n; y++) if (grp[i][y] && !grp[x][y]) return null;
                }
            }
            boolean[] added = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (added[i]) continue;
                double[] coords = null;
                int count = 0;
                for (int j = 0; j < n; j++) {
                    if (!grp[i][j]) continue;
                    added[j] = true;
                    double[] fj = Periodic.wrap(all[j]);
                    if (coords == null) {
                        coords = fj;
                    } else {
                        // running mean of the images nearest to the first member
                        for (int k = 0; k < 3; k++) {
                            double off = fj[k] - coords[k];
                            coords[k] += (off - Math.rint(off)) / (count + 1);
                        }
                    }
                    count++;
                }
                Site proto = grouped.get(g).get(i);
                newSites.add(new Site(proto.element(), new Vec3(coords[0], coords[1], coords[2]), proto.occupancy(), proto.label()));
            }
        }
        return new Structure(Lattice.fromMatrix(newM), newSites).wrapped();
    }

    private static boolean rowsInMinVecs(double[][] inv, List<double[]> minVecs, double[] tol) {
        for (double[] row : inv) {
            boolean any = false;
            for (double[] v : minVecs) if (close(row, v, tol)) { any = true; break; }
            if (!any) return false;
        }
        return true;
    }

    static boolean close(double[] p, double[] q, double[] tol) {
        for (int k = 0; k < 3; k++) {
            double d = p[k] - q[k];
            d -= Math.rint(d);
            if (!(Math.abs(d) < tol[k])) return false;
        }
        return true;
    }



}
