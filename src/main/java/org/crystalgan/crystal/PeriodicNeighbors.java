package org.crystalgan.crystal;

import java.util.Arrays;

/**
 * Every directed pair (i, j, image) of a periodic cell with |x_j + image·L - x_i| below a cutoff,
 * in flat arrays for numerical kernels (a graph network walks these arrays many times per step).
 *
 * <p>Atoms are binned in fractional space into m_d bins per axis with m_d = floor(spacing_d / cutoff),
 * spacing_d being the distance between lattice planes; a neighbour can then only sit in the bins
 * within ceil(cutoff · m_d / spacing_d) of an atom's own bin along each axis, seen through the right
 * lattice translation. The work is linear in the number of atoms for a fixed density, and small
 * cells (spacing below the cutoff) reach as many images as they need.
 *
 * <p>Pairs are grouped by the centre atom i in increasing order; the zero-translation self pair is
 * never listed, an atom's own images closer than the cutoff are. Images are lattice translations
 * relative to the fractional coordinates as given (not wrapped), so
 * {@code vector = (f_j + image - f_i)·L}.
 */
public final class PeriodicNeighbors {
    private final int[] src;
    private final int[] dst;
    private final int[] images;
    private final double[] vectors;
    private final double[] distances;

    private PeriodicNeighbors(int[] src, int[] dst, int[] images, double[] vectors, double[] distances) {
        this.src = src;
        this.dst = dst;
        this.images = images;
        this.vectors = vectors;
        this.distances = distances;
    }

    /** Number of directed pairs. */
    public int size() { return src.length; }

    /** Centre atom of each pair. The arrays are shared, not copied: do not modify them. */
    public int[] sources() { return src; }

    /** Neighbour atom of each pair. */
    public int[] targets() { return dst; }

    /** Lattice translation of each pair, three integers per pair. */
    public int[] images() { return images; }

    /** Cartesian vector from centre to neighbour (Å), three per pair. */
    public double[] vectors() { return vectors; }

    /** Length of each vector (Å). */
    public double[] distances() { return distances; }

    /** The pairs of {@code structure} closer than {@code cutoff} Å. */
    public static PeriodicNeighbors of(Structure structure, double cutoff) {
        int n = structure.size();
        double[] frac = new double[3 * n];
        for (int i = 0; i < n; i++) {
            Vec3 f = structure.site(i).frac();
            frac[3 * i] = f.x();
            frac[3 * i + 1] = f.y();
            frac[3 * i + 2] = f.z();
        }
        double[][] m = structure.lattice().matrix();
        return of(new double[] {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]}, frac, cutoff);
    }

    /**
     * @param lattice lattice vectors as rows, row-major (a_x a_y a_z b_x ... c_z), Å
     * @param frac    fractional coordinates, three per atom
     * @param cutoff  Å; pairs with distance² &lt; cutoff² + 1e-8 are kept
     */
    public static PeriodicNeighbors of(double[] lattice, double[] frac, double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) throw new IllegalArgumentException("cutoff must be a positive number of Å");
        if (lattice.length != 9 || frac.length % 3 != 0) throw new IllegalArgumentException("lattice needs 9 numbers, coordinates 3 per atom");
        int n = frac.length / 3;
        for (int k = 0; k < frac.length; k++) {
            // beyond a million cells the wrapped coordinate has lost its digits (and the image count its int)
            if (!Double.isFinite(frac[k]) || Math.abs(frac[k]) > 1e6) throw new InputException("site " + (k / 3 + 1) + " has an absurd fractional coordinate " + frac[k]);
        }
        double[] a = Arrays.copyOfRange(lattice, 0, 3), b = Arrays.copyOfRange(lattice, 3, 6), c = Arrays.copyOfRange(lattice, 6, 9);
        double[] bc = cross(b, c), ca = cross(c, a), ab = cross(a, b);
        double volume = Math.abs(dot(a, bc));
        if (!(volume > 1e-9) || !Double.isFinite(volume)) throw new InputException("the cell has no volume (" + volume + " Å³)");
        double[] spacing = {volume / norm(bc), volume / norm(ca), volume / norm(ab)};
        int[] bins = new int[3];
        int[] reach = new int[3];
        for (int d = 0; d < 3; d++) bins[d] = (int) Math.max(1, Math.min(1000, Math.floor(spacing[d] / cutoff)));
        // a mostly empty cell (a molecule in vacuum) needs no more bins than about two per atom
        while ((long) bins[0] * bins[1] * bins[2] > Math.max(27, 2L * n)) {
            int d = bins[0] >= bins[1] && bins[0] >= bins[2] ? 0 : bins[1] >= bins[2] ? 1 : 2;
            bins[d] = Math.max(1, bins[d] / 2);
        }
        for (int d = 0; d < 3; d++) {
            reach[d] = (int) Math.ceil(cutoff * bins[d] / spacing[d] - 1e-12);
            if (reach[d] > 1000) throw new InputException("the cell is too thin for a " + cutoff + " Å neighbour search (plane spacing " + spacing[d] + " Å)");
        }
        // wrapped coordinates, the shift that wrapped them, and each atom's bin
        double[] w = new double[3 * n];
        int[] shift = new int[3 * n];
        int[] binOf = new int[n];
        int nBins = bins[0] * bins[1] * bins[2];
        int[] count = new int[nBins + 1];
        for (int i = 0; i < n; i++) {
            int[] cell = new int[3];
            for (int d = 0; d < 3; d++) {
                double f = frac[3 * i + d];
                double fl = Math.floor(f);
                double x = f - fl;
                if (x >= 1) { x -= 1; fl += 1; }
                w[3 * i + d] = x;
                shift[3 * i + d] = (int) fl;
                cell[d] = Math.min(bins[d] - 1, (int) (x * bins[d]));
            }
            binOf[i] = (cell[0] * bins[1] + cell[1]) * bins[2] + cell[2];
            count[binOf[i] + 1]++;
        }
        for (int k = 0; k < nBins; k++) count[k + 1] += count[k];
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(count, nBins);
        for (int i = 0; i < n; i++) members[fill[binOf[i]]++] = i;

        double r2 = cutoff * cutoff + 1e-8;
        Growable out = new Growable(Math.max(16, n * 64));
        double[] ci = new double[3];
        for (int i = 0; i < n; i++) {
            cart(lattice, w[3 * i], w[3 * i + 1], w[3 * i + 2], ci);
            int bi = binOf[i];
            int c0 = bi / (bins[1] * bins[2]), c1 = (bi / bins[2]) % bins[1], c2 = bi % bins[2];
            for (int d0 = -reach[0]; d0 <= reach[0]; d0++) {
                int t0 = c0 + d0, i0 = Math.floorDiv(t0, bins[0]), b0 = t0 - i0 * bins[0];
                for (int d1 = -reach[1]; d1 <= reach[1]; d1++) {
                    int t1 = c1 + d1, i1 = Math.floorDiv(t1, bins[1]), b1 = t1 - i1 * bins[1];
                    for (int d2 = -reach[2]; d2 <= reach[2]; d2++) {
                        int t2 = c2 + d2, i2 = Math.floorDiv(t2, bins[2]), b2 = t2 - i2 * bins[2];
                        int bin = (b0 * bins[1] + b1) * bins[2] + b2;
                        // translation of the image as a Cartesian vector
                        double ox = i0 * lattice[0] + i1 * lattice[3] + i2 * lattice[6];
                        double oy = i0 * lattice[1] + i1 * lattice[4] + i2 * lattice[7];
                        double oz = i0 * lattice[2] + i1 * lattice[5] + i2 * lattice[8];
                        for (int p = count[bin]; p < count[bin + 1]; p++) {
                            int j = members[p];
                            if (j == i && i0 == 0 && i1 == 0 && i2 == 0) continue;
                            double jx = w[3 * j] * lattice[0] + w[3 * j + 1] * lattice[3] + w[3 * j + 2] * lattice[6] + ox;
                            double jy = w[3 * j] * lattice[1] + w[3 * j + 1] * lattice[4] + w[3 * j + 2] * lattice[7] + oy;
                            double jz = w[3 * j] * lattice[2] + w[3 * j + 1] * lattice[5] + w[3 * j + 2] * lattice[8] + oz;
                            double dx = jx - ci[0], dy = jy - ci[1], dz = jz - ci[2];
                            double d2sq = dx * dx + dy * dy + dz * dz;
                            if (d2sq >= r2) continue;
                            // translation relative to the coordinates as given
                            int g0 = i0 - shift[3 * j] + shift[3 * i];
                            int g1 = i1 - shift[3 * j + 1] + shift[3 * i + 1];
                            int g2 = i2 - shift[3 * j + 2] + shift[3 * i + 2];
                            out.add(i, j, g0, g1, g2, dx, dy, dz, Math.sqrt(d2sq));
                        }
                    }
                }
            }
        }
        return out.build();
    }

    private static void cart(double[] l, double f0, double f1, double f2, double[] out) {
        out[0] = f0 * l[0] + f1 * l[3] + f2 * l[6];
        out[1] = f0 * l[1] + f1 * l[4] + f2 * l[7];
        out[2] = f0 * l[2] + f1 * l[5] + f2 * l[8];
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    private static double dot(double[] u, double[] v) { return u[0] * v[0] + u[1] * v[1] + u[2] * v[2]; }

    private static double norm(double[] u) { return Math.sqrt(dot(u, u)); }

    private static final class Growable {
        int size;
        int[] src, dst, img;
        double[] vec, dist;

        Growable(int capacity) {
            src = new int[capacity];
            dst = new int[capacity];
            img = new int[3 * capacity];
            vec = new double[3 * capacity];
            dist = new double[capacity];
        }

        void add(int i, int j, int g0, int g1, int g2, double dx, double dy, double dz, double d) {
            if (size == src.length) {
                int cap = size * 2;
                src = Arrays.copyOf(src, cap);
                dst = Arrays.copyOf(dst, cap);
                img = Arrays.copyOf(img, 3 * cap);
                vec = Arrays.copyOf(vec, 3 * cap);
                dist = Arrays.copyOf(dist, cap);
            }
            src[size] = i;
            dst[size] = j;
            img[3 * size] = g0;
            img[3 * size + 1] = g1;
            img[3 * size + 2] = g2;
            vec[3 * size] = dx;
            vec[3 * size + 1] = dy;
            vec[3 * size + 2] = dz;
            dist[size] = d;
            size++;
        }

        PeriodicNeighbors build() {
            return new PeriodicNeighbors(Arrays.copyOf(src, size), Arrays.copyOf(dst, size), Arrays.copyOf(img, 3 * size),
                    Arrays.copyOf(vec, 3 * size), Arrays.copyOf(dist, size));
        }
    }
}
