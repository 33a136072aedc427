package org.crystalgan.gan;

import org.crystalgan.crystal.Element;
import org.crystalgan.encoding.Representation;

/**
 * Contact features of matrices for the critic: for every atom row, its distance to the nearest atom, to the nearest
 * atom of the other kind (cation to anion, anion to cation) and to the nearest atom of the same kind (periodic images
 * included, an atom's own images too), each capped at {@link #REACH} and divided by it; zero for the cell rows and for
 * rows that are not atoms. With {@link #backward} the exact derivative of the features with respect to the matrix
 * entries (a min is differentiable where it is attained by one contact; ties are measure zero).
 *
 * <p>Why: the paper's critic (Kim et al. 2020) sees each coordinate row on its own and averages the rows of each element,
 * so it can match the distribution of single rows but cannot see where two atoms are relative to each other. A generator
 * that places every atom independently is then as good as any, and two atoms 0.5 Å apart cost it nothing (issue 17:
 * median shortest distance 0.5-1.0 Å against at least 1.38 Å in every training structure). Given these columns, the
 * critic can tell a real contact (cation-anion 1.9-2.2 Å, like with like 2.5 Å and more) from an overlap, and the
 * generator gets the gradient of that judgement through the distances. Our option ({@link GanConfig#criticContacts()}),
 * not in the paper.
 *
 * <p>The decoding is {@link Representation#decode}'s, as in {@link DistancePenalty}: lengths {@code maxLength · m},
 * angles {@code 180° · m}, fractional coordinates {@code 1.5 · (P' − 1/6)}, a row is an atom when its sum exceeds 0.4
 * (a hard choice with no gradient).
 */
final class ContactFeatures {
    /** Features per row. */
    static final int COUNT = 3;
    /** Distances at or beyond this (Å) read as 1 and carry no gradient. */
    static final double REACH = 4.0;
    /** Images per axis and direction at most (cells thinner than REACH / 4 have atoms closer than REACH anyway). */
    private static final int MAX_IMAGES = 4;

    private final Representation rep;
    private final boolean[] anionBlock;

    ContactFeatures(Representation rep) {
        this.rep = rep;
        this.anionBlock = new boolean[rep.elementCount()];
        for (int e = 0; e < anionBlock.length; e++) anionBlock[e] = isAnion(rep.elements().get(e));
    }

    private static boolean isAnion(Element e) {
        int[] common = e.commonOxidationStates();
        if (common.length == 0) return false;
        for (int ox : common) if (ox >= 0) return false;
        return true;
    }

    /** Columns per row of the critic's input with these features: 3 values of the matrix, then the features. */
    static int width() {
        return 3 + COUNT;
    }

    /**
     * The features of {@code batch} row-major matrices, with what {@link #backward} needs.
     *
     * @param input the critic's input, (batch, rows · (3 + COUNT)) row-major: each row's 3 values, then its features
     */
    record Features(double[] input, int batch, Contact[] contacts) {
    }

    /** The contact that attains one feature of one row (null: none within reach). */
    private record Contact(int off, int rowI, int rowJ, double d, double[] v, double[] gv, double[] len, double[] cos,
                           double[] sin) {
    }

    Features of(double[] m, int batch) {
        int size = rep.size();
        if (m.length != (long) batch * size) throw new IllegalArgumentException("expected " + batch + " matrices of " + size + " values");
        int rows = rep.rows();
        int w = width();
        double[] in = new double[batch * rows * w];
        Contact[] contacts = new Contact[batch * rows * COUNT];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < 3; k++) in[(b * rows + r) * w + k] = m[b * size + r * 3 + k];
            }
            one(m, b * size, in, (b * rows) * w, contacts, b * rows * COUNT);
        }
        return new Features(in, batch, contacts);
    }

    /**
     * d(loss)/d(matrix entries), (batch, rows · 3), from d(loss)/d(critic input), (batch, rows · (3 + COUNT)): the first
     * three columns as they are, plus the features' gradient carried back through their contacts.
     */
    double[] backward(Features f, double[] dInput) {
        int rows = rep.rows();
        int w = width();
        int size = rep.size();
        double[] g = new double[f.batch() * size];
        double lenScale = rep.maxLengthAngstrom();
        double angScale = Math.PI * Representation.ANGLE_SCALE_DEGREES / 180.0;
        double coordScale = 1.0 / Representation.COORD_SCALE;
        for (int b = 0; b < f.batch(); b++) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < 3; k++) g[b * size + r * 3 + k] += dInput[(b * rows + r) * w + k];
                for (int c = 0; c < COUNT; c++) {
                    Contact ct = f.contacts()[(b * rows + r) * COUNT + c];
                    double up = dInput[(b * rows + r) * w + 3 + c];
                    if (ct == null || up == 0) continue;
                    // feature = d / REACH; d d / d v = G·v / d; v = 1.5·(P'_i − P'_j) + image
                    double s = up / REACH / ct.d();
                    if (ct.rowI() != ct.rowJ()) {
                        for (int k = 0; k < 3; k++) {
                            double gk = s * ct.gv()[k] * coordScale;
                            g[ct.off() + ct.rowI() * 3 + k] += gk;
                            g[ct.off() + ct.rowJ() * 3 + k] -= gk;
                        }
                    }
                    double[] v = ct.v();
                    double[] len = ct.len();
                    double[] cos = ct.cos();
                    double[] sin = ct.sin();
                    // d d = d q / (2 d), q = vᵀ·G·v; s already holds 1/d
                    double[] dLen = {
                        s * (len[0] * v[0] * v[0] + v[0] * v[1] * len[1] * cos[2] + v[0] * v[2] * len[2] * cos[1]),
                        s * (len[1] * v[1] * v[1] + v[0] * v[1] * len[0] * cos[2] + v[1] * v[2] * len[2] * cos[0]),
                        s * (len[2] * v[2] * v[2] + v[0] * v[2] * len[0] * cos[1] + v[1] * v[2] * len[1] * cos[0])};
                    double[] dAng = {
                        -s * v[1] * v[2] * len[1] * len[2] * sin[0],
                        -s * v[0] * v[2] * len[0] * len[2] * sin[1],
                        -s * v[0] * v[1] * len[0] * len[1] * sin[2]};
                    for (int k = 0; k < 3; k++) {
                        g[ct.off() + k] += dLen[k] * lenScale;
                        g[ct.off() + 3 + k] += dAng[k] * angScale;
                    }
                }
            }
        }
        return g;
    }

    /** Writes one matrix's rows (features only) at {@code inOff} of {@code in}; contacts at {@code cOff}. */
    private void one(double[] m, int off, double[] in, int inOff, Contact[] contacts, int cOff) {
        int w = width();
        double lenScale = rep.maxLengthAngstrom();
        double angScale = Math.PI * Representation.ANGLE_SCALE_DEGREES / 180.0;
        double[] len = {lenScale * m[off], lenScale * m[off + 1], lenScale * m[off + 2]};
        double[] ang = {angScale * m[off + 3], angScale * m[off + 4], angScale * m[off + 5]};
        double[] cos = {Math.cos(ang[0]), Math.cos(ang[1]), Math.cos(ang[2])};
        double[] sin = {Math.sin(ang[0]), Math.sin(ang[1]), Math.sin(ang[2])};
        double[][] g = new double[3][3];
        for (int k = 0; k < 3; k++) g[k][k] = len[k] * len[k];
        g[1][2] = g[2][1] = len[1] * len[2] * cos[0];
        g[0][2] = g[2][0] = len[0] * len[2] * cos[1];
        g[0][1] = g[1][0] = len[0] * len[1] * cos[2];
        double det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[1][2]) - g[0][1] * (g[0][1] * g[2][2] - g[1][2] * g[0][2])
                + g[0][2] * (g[0][1] * g[1][2] - g[1][1] * g[0][2]);
        // a flat or impossible cell has no distances: its features stay 0, the value of atoms on top of each other
        if (!(det > 1e-6 * g[0][0] * g[1][1] * g[2][2]) || !(len[0] > 0 && len[1] > 0 && len[2] > 0)) return;
        double[] reach = {
            REACH * Math.sqrt((g[1][1] * g[2][2] - g[1][2] * g[1][2]) / det),
            REACH * Math.sqrt((g[0][0] * g[2][2] - g[0][2] * g[0][2]) / det),
            REACH * Math.sqrt((g[0][0] * g[1][1] - g[0][1] * g[0][1]) / det)};

        int n = 0;
        int[] atomRow = new int[rep.atomRows()];
        boolean[] anion = new boolean[rep.atomRows()];
        for (int row = Representation.HEADER_ROWS; row < rep.rows(); row++) {
            int o = off + row * 3;
            if (m[o] + m[o + 1] + m[o + 2] > Representation.ATOM_THRESHOLD) {
                anion[n] = anionBlock[rep.indexOf(rep.elementOfRow(row))];
                atomRow[n++] = row;
            }
        }
        double coordScale = 1.0 / Representation.COORD_SCALE;
        double[][] f = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) f[i][k] = coordScale * (m[off + atomRow[i] * 3 + k] - Representation.COORD_OFFSET);
        }
        // best[i][c]: the shortest distance of feature c of atom i so far, with its contact
        double[][] best = new double[n][COUNT];
        Contact[][] at = new Contact[n][COUNT];
        for (double[] b : best) java.util.Arrays.fill(b, REACH);
        double[] v = new double[3];
        double[] gv = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double[] base = new double[3];
                int[] lo = new int[3];
                int[] hi = new int[3];
                for (int k = 0; k < 3; k++) {
                    double dfk = f[i][k] - f[j][k];
                    base[k] = dfk - Math.rint(dfk);
                    double rk = Math.min(reach[k], MAX_IMAGES);
                    lo[k] = (int) Math.ceil(-rk - base[k]);
                    hi[k] = (int) Math.floor(rk - base[k]);
                }
                int kind = anion[i] == anion[j] ? 2 : 1;
                for (int n0 = lo[0]; n0 <= hi[0]; n0++) {
                    for (int n1 = lo[1]; n1 <= hi[1]; n1++) {
                        for (int n2 = lo[2]; n2 <= hi[2]; n2++) {
                            if (i == j && n0 == 0 && n1 == 0 && n2 == 0) continue;
                            v[0] = base[0] + n0;
                            v[1] = base[1] + n1;
                            v[2] = base[2] + n2;
                            for (int k = 0; k < 3; k++) gv[k] = g[k][0] * v[0] + g[k][1] * v[1] + g[k][2] * v[2];
                            double q = v[0] * gv[0] + v[1] * gv[1] + v[2] * gv[2];
                            if (!(q < REACH * REACH)) continue;
                            double d = Math.sqrt(Math.max(q, 0));
                            // two atoms on top of each other: a distance of 0 with no direction to carry a gradient
                            boolean i0 = d < best[i][0] || d < best[i][kind];
                            boolean j0 = j != i && (d < best[j][0] || d < best[j][kind]);
                            if (!i0 && !j0) continue;
                            Contact ci = d < 1e-9 ? null : new Contact(off, atomRow[i], atomRow[j], d, v.clone(), gv.clone(), len, cos, sin);
                            // seen from j the difference vector is −v: same distance, the gradient with roles swapped
                            Contact cj = d < 1e-9 || j == i ? ci
                                    : new Contact(off, atomRow[j], atomRow[i], d, neg(v), neg(gv), len, cos, sin);
                            for (int c : new int[] {0, kind}) {
                                if (d < best[i][c]) {
                                    best[i][c] = d;
                                    at[i][c] = ci;
                                }
                                if (j != i && d < best[j][c]) {
                                    best[j][c] = d;
                                    at[j][c] = cj;
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < COUNT; c++) {
                in[inOff + atomRow[i] * w + 3 + c] = best[i][c] / REACH;
                contacts[cOff + atomRow[i] * COUNT + c] = best[i][c] < REACH ? at[i][c] : null;
            }
        }
    }

    private static double[] neg(double[] a) {
        return new double[] {-a[0], -a[1], -a[2]};
    }
}
