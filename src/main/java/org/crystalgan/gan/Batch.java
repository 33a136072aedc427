package org.crystalgan.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One batch of real matrices with their classifier labels, and condition vectors for the generator. */
final class Batch {
    final float[] matrices;
    final int[][] counts;
    final boolean[][] atomRows;

    private Batch(float[] matrices, int[][] counts, boolean[][] atomRows) {
        this.matrices = matrices;
        this.counts = counts;
        this.atomRows = atomRows;
    }

    static Batch real(TrainingSet data, int[] perm, int from, int bs) {
        float[] m = new float[bs * 90];
        int[][] c = new int[bs][];
        boolean[][] rows = new boolean[bs][30];
        float[] d = data.data();
        for (int i = 0; i < bs; i++) {
            int k = perm[from + i];
            System.arraycopy(d, k * 90, m, i * 90, 90);
            c[i] = data.counts(k);
            for (int r = 0; r < 30; r++) {
                rows[i][r] = d[k * 90 + r * 3] + d[k * 90 + r * 3 + 1] + d[k * 90 + r * 3 + 2] > TrainingSet.ATOM_THRESHOLD;
            }
        }
        return new Batch(m, c, rows);
    }

    /** Generator condition: natoms/28, then one-hot (nMg − 1) of 8, (nMn − 1) of 8, (nO − 1) of 12 (train.py's order). */
    static INDArray conditions(int[][] counts) {
        int bs = counts.length;
        float[] c = new float[bs * GeneratorNet.CONDITION];
        for (int i = 0; i < bs; i++) {
            int o = i * GeneratorNet.CONDITION;
            c[o] = (counts[i][0] + counts[i][1] + counts[i][2]) / 28f;
            c[o + 1 + counts[i][0] - 1] = 1;
            c[o + 9 + counts[i][1] - 1] = 1;
            c[o + 17 + counts[i][2] - 1] = 1;
        }
        return Nd4j.createFromArray(c).reshape(bs, GeneratorNet.CONDITION);
    }

    /** Per row of element {@code e}'s block (batch·rows), 1 where the row holds an atom, else 0. */
    int[] rowLabels(int e) {
        int n = ClassifierNet.ROWS[e];
        int[] l = new int[counts.length * n];
        for (int i = 0; i < counts.length; i++) {
            for (int r = 0; r < n; r++) l[i * n + r] = atomRows[i][ClassifierNet.FIRST_ROW[e] + r] ? 1 : 0;
        }
        return l;
    }

    /** Count classes of element {@code e}: class k stands for k + 1 atoms. */
    static int[] countLabels(int[][] counts, int e) {
        int[] l = new int[counts.length];
        for (int i = 0; i < counts.length; i++) l[i] = counts[i][e] - 1;
        return l;
    }

    /** natoms/28, the classifier's cell-head target. */
    static float[] natoms(int[][] counts) {
        float[] n = new float[counts.length];
        for (int i = 0; i < counts.length; i++) n[i] = (counts[i][0] + counts[i][1] + counts[i][2]) / 28f;
        return n;
    }

    /**
     * Row labels (batch·rows of element {@code e}) for requested counts: the first n rows of the block are atoms,
     * the rest empty, as every real matrix is laid out (atoms first, then zero rows).
     */
    static int[] requestedRowLabels(int[][] counts, int e) {
        int n = ClassifierNet.ROWS[e];
        int[] l = new int[counts.length * n];
        for (int i = 0; i < counts.length; i++) {
            for (int r = 0; r < counts[i][e]; r++) l[i * n + r] = 1;
        }
        return l;
    }
}
