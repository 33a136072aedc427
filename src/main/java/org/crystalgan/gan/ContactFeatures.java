package org.crystalgan.gan;

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

    private final Representation rep;
    private final boolean[] anionBlock;

    ContactFeatures(Representation rep) {
        this.rep = rep;
        this.anionBlock = new boolean[rep.elementCount()];
        for (int e = 0; e < anionBlock.length; e++) anionBlock[e] = DistancePenalty.isAnion(rep.elements().get(e));
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
    private record Contact(int off, int rowI, int rowJ, double d, double[] v, double[] gv, MatrixCell cell) {
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
        double lenScale = MatrixCell.lengthScale(rep);
        double angScale = MatrixCell.angleScale();
        double coordScale = MatrixCell.COORD_DERIVATIVE;
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
                    double[] dLen = new double[3];
                    double[] dAng = new double[3];
                    ct.cell().addDistanceDerivative(ct.v(), s, dLen, dAng);
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
        MatrixCell cell = MatrixCell.of(rep, m, off);
        // a flat or impossible cell has no distances: its features stay 0, the value of atoms on top of each other
        if (cell == null) return;
        MatrixCell.Atoms atoms = MatrixCell.atoms(rep, m, off);
        int n = atoms.count();
        int[] atomRow = atoms.rows();
        boolean[] anion = new boolean[n];
        for (int i = 0; i < n; i++) anion[i] = anionBlock[rep.indexOf(rep.elementOfRow(atomRow[i]))];
        // best[i][c]: the shortest distance of feature c of atom i so far, with its contact
        double[][] best = new double[n][COUNT];
        Contact[][] at = new Contact[n][COUNT];
        for (double[] b : best) java.util.Arrays.fill(b, REACH);
        cell.contacts(atoms.frac(), REACH, (i, j, v, gv, d) -> {
            int kind = anion[i] == anion[j] ? 2 : 1;
            if (!(d < best[i][0] || d < best[i][kind] || (j != i && (d < best[j][0] || d < best[j][kind])))) return;
            // two atoms on top of each other: a distance of 0 with no direction to carry a gradient
            Contact ci = d < 1e-9 ? null : new Contact(off, atomRow[i], atomRow[j], d, v.clone(), gv.clone(), cell);
            // seen from j the difference vector is −v: same distance, the gradient with roles swapped
            Contact cj = d < 1e-9 || j == i ? ci : new Contact(off, atomRow[j], atomRow[i], d, neg(v), neg(gv), cell);
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
        });
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
