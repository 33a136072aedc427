package org.crystalgan.screening.symmetry;

import org.crystalgan.crystal.Mat3;
import java.util.Arrays;
import org.crystalgan.crystal.Periodic;

/**
 * Finds the atom nearest to a point (periodic, same species, within a radius) through a grid of
 * bins over the fractional cell, so that mapping all atoms under an operation costs O(n) instead of
 * O(n²) and large cells stay fast. Bins are at least as wide as the search radius along every
 * lattice direction, so the 27 bins around a point hold every atom within the radius.
 */
final class AtomIndex {
    private final double[][] x;
    private final int[] species;
    private final double[][] lat;
    private final int[] nb = new int[3];
    private final int[] head;
    private final int[] next;

    /** @param radius the largest search radius (Å) that will be asked for; below half the smallest interplanar spacing */
    AtomIndex(double[][] x, int[] species, double[][] lat, double radius) {
        this.x = x;
        this.species = species;
        this.lat = lat;
        double[][] inv = Mat3.inverse(lat);
        for (int k = 0; k < 3; k++) {
            double recip = Math.sqrt(inv[0][k] * inv[0][k] + inv[1][k] * inv[1][k] + inv[2][k] * inv[2][k]);
            double spacing = 1 / recip;
            nb[k] = (int) Math.max(1, Math.min(64, Math.floor(spacing / radius)));
        }
        // no more bins than about two per atom: wider bins stay correct, only less selective
        int cap = Math.max(27, 2 * x.length);
        while ((long) nb[0] * nb[1] * nb[2] > cap) {
            int k = nb[0] >= nb[1] && nb[0] >= nb[2] ? 0 : nb[1] >= nb[2] ? 1 : 2;
            nb[k] = Math.max(1, nb[k] / 2);
        }
        head = new int[nb[0] * nb[1] * nb[2]];
        Arrays.fill(head, -1);
        next = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int b = bin(x[i][0], x[i][1], x[i][2]);
            next[i] = head[b];
            head[b] = i;
        }
    }

    private int cell(double f, int k) {
        double w = f - Math.floor(f);
        int c = (int) (w * nb[k]);
        return c >= nb[k] ? nb[k] - 1 : c;
    }

    private int bin(double f0, double f1, double f2) {
        return (cell(f0, 0) * nb[1] + cell(f1, 1)) * nb[2] + cell(f2, 2);
    }

    /**
     * The atom of {@code sp} closest to fractional point y within {@code radius} Å, skipping atoms
     * marked in {@code used} (may be null); -1 when there is none.
     */
    int nearest(double y0, double y1, double y2, int sp, double radius, boolean[] used) {
        int c0 = cell(y0, 0), c1 = cell(y1, 1), c2 = cell(y2, 2);
        int found = -1;
        double best = radius;
        // neighbour bins -1, 0, +1 along each axis; with two bins -1 and +1 are the same bin, with one there is only 0
        int r0 = nb[0] >= 2 ? 1 : 0, r1 = nb[1] >= 2 ? 1 : 0, r2 = nb[2] >= 2 ? 1 : 0;
        for (int d0 = -r0; d0 <= r0; d0++) {
            if (nb[0] == 2 && d0 == -1) continue;
            int b0 = Math.floorMod(c0 + d0, nb[0]);
            for (int d1 = -r1; d1 <= r1; d1++) {
                if (nb[1] == 2 && d1 == -1) continue;
                int b1 = Math.floorMod(c1 + d1, nb[1]);
                for (int d2 = -r2; d2 <= r2; d2++) {
                    if (nb[2] == 2 && d2 == -1) continue;
                    int b2 = Math.floorMod(c2 + d2, nb[2]);
                    for (int j = head[(b0 * nb[1] + b1) * nb[2] + b2]; j >= 0; j = next[j]) {
                        if (species[j] != sp || (used != null && used[j])) continue;
                        double d = Periodic.wrappedLength(lat, x[j][0] - y0, x[j][1] - y1, x[j][2] - y2);
                        if (d < best) {
                            best = d;
                            found = j;
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Distance (Å) from atom j to fractional point y, lattice translations removed. */
    double distance(int j, double y0, double y1, double y2) {
        return Periodic.wrappedLength(lat, x[j][0] - y0, x[j][1] - y1, x[j][2] - y2);
    }
}
