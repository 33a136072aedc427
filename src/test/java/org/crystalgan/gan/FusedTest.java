package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fused batch-norm and mask loops: written out here element by element in float64 and compared with both the
 * float64 and the float32 kernels, on arrays that are blocks of rows of larger ones (non-zero buffer offset) inside
 * a workspace, as in training. The passes built from them are compared with SameDiff's autodiff by
 * ExplicitPassesTest (float64) and TrainingFingerprintTest (float32).
 */
class FusedTest {
    private static final int N = 37;
    private static final int C = 23;

    /** A (N, C) block of rows 3..3+N of a larger matrix, so the array starts at a non-zero offset of its buffer. */
    private static INDArray block(double[][] v, DataType dt) {
        double[][] big = new double[N + 5][C];
        for (int r = 0; r < N; r++) big[r + 3] = v[r].clone();
        INDArray m = Nd4j.createFromArray(big).castTo(dt);
        return m.get(NDArrayIndex.interval(3, 3 + N), NDArrayIndex.all());
    }

    private static double[][] random(Rng rng, double shift, double scale) {
        double[][] v = new double[N][C];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < C; j++) v[r][j] = shift + scale * (rng.nextDouble() - 0.5);
        }
        return v;
    }

    private static double at(INDArray a, int r, int j) {
        return a.getDouble(r, j);
    }

    @Test
    void batchNormForwardAndBackwardMatchTheirDefinition() {
        Rng rng = new Rng(5);
        double[][] u = random(rng, 3.0, 4.0);
        double[][] dOut = random(rng, 0.0, 2.0);
        double[] gamma = new double[C];
        double[] beta = new double[C];
        for (int j = 0; j < C; j++) {
            gamma[j] = 0.5 + rng.nextDouble();
            beta[j] = rng.nextDouble() - 0.5;
        }
        double eps = 0.8;
        for (double slope : new double[] {0.0, 0.2}) {
            // the definition, in float64
            double[] mean = new double[C];
            double[] var = new double[C];
            for (int j = 0; j < C; j++) {
                for (int r = 0; r < N; r++) mean[j] += u[r][j] / N;
                for (int r = 0; r < N; r++) var[j] += (u[r][j] - mean[j]) * (u[r][j] - mean[j]) / N;
            }
            double[][] xh = new double[N][C];
            double[][] act = new double[N][C];
            double[][] dy = new double[N][C];
            double[] dg = new double[C];
            double[] db = new double[C];
            for (int r = 0; r < N; r++) {
                for (int j = 0; j < C; j++) {
                    xh[r][j] = (u[r][j] - mean[j]) / Math.sqrt(var[j] + eps);
                    double z = gamma[j] * xh[r][j] + beta[j];
                    act[r][j] = z > 0 ? z : slope * z;
                    dy[r][j] = dOut[r][j] * (z > 0 ? 1 : slope);
                    dg[j] += dy[r][j] * xh[r][j];
                    db[j] += dy[r][j];
                }
            }
            for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double tol = dt == DataType.DOUBLE ? 1e-12 : 2e-5;
                WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "fused-test")) {
                    INDArray ua = block(u, dt);
                    INDArray out = Nd4j.createUninitialized(dt, N, C);
                    double[] m = new double[C];
                    double[] v = new double[C];
                    double[] inv = new double[C];
                    Fused.bnForward(ua, gamma, beta, eps, slope, out, null, null, m, v, inv);
                    for (int j = 0; j < C; j++) {
                        assertEquals(mean[j], m[j], tol * 4, dt + " mean " + j);
                        assertEquals(var[j], v[j], tol * 4, dt + " variance " + j);
                        assertEquals(1 / Math.sqrt(var[j] + eps), inv[j], tol, dt + " 1/sigma " + j);
                    }
                    for (int r = 0; r < N; r++) {
                        for (int j = 0; j < C; j++) {
                            assertEquals(xh[r][j], at(ua, r, j), tol * 4, dt + " x-hat " + r + "," + j);
                            assertEquals(act[r][j], at(out, r, j), tol * 4, dt + " activation " + r + "," + j);
                        }
                    }
                    INDArray d = block(dOut, dt);
                    INDArray dx = Nd4j.createUninitialized(dt, N, C);
                    double[] dgamma = new double[C];
                    double[] dbeta = new double[C];
                    Fused.bnBackward(d, out, slope, ua, gamma, inv, dx, dgamma, dbeta);
                    for (int j = 0; j < C; j++) {
                        assertEquals(dg[j], dgamma[j], tol * 40, dt + " dgamma " + j);
                        assertEquals(db[j], dbeta[j], tol * 40, dt + " dbeta " + j);
                    }
                    for (int r = 0; r < N; r++) {
                        for (int j = 0; j < C; j++) {
                            double s = gamma[j] / Math.sqrt(var[j] + eps);
                            double want = s * (dy[r][j] - xh[r][j] * dg[j] / N - db[j] / N);
                            assertEquals(want, at(dx, r, j), tol * 10, dt + " dx " + r + "," + j);
                        }
                    }
                    // inference mode: the running statistics, and an affine backward
                    double[] rm = {0.3};
                    double[] rv = {2.0};
                    INDArray one = Nd4j.createFromArray(new double[][] {{1.5}, {-2.0}}).castTo(dt);
                    INDArray y1 = Nd4j.createUninitialized(dt, 2, 1);
                    double[] inv1 = new double[1];
                    Fused.bnForward(one, new double[] {2.0}, new double[] {0.1}, eps, slope, y1, rm, rv, new double[1],
                            new double[1], inv1);
                    double s1 = 1 / Math.sqrt(2.0 + eps);
                    assertEquals(2.0 * (1.5 - 0.3) * s1 + 0.1, y1.getDouble(0, 0), tol * 4, dt + " inference, positive");
                    double zNeg = 2.0 * (-2.0 - 0.3) * s1 + 0.1;
                    assertEquals(slope * zNeg, y1.getDouble(1, 0), tol * 4, dt + " inference, negative");
                    INDArray dIn = Nd4j.createFromArray(new double[][] {{3.0}, {5.0}}).castTo(dt);
                    Fused.bnBackward(dIn, y1, slope, one, new double[] {2.0}, inv1, dIn, null, null);
                    assertEquals(3.0 * 2.0 * s1, dIn.getDouble(0, 0), tol * 4, dt + " inference backward");
                    assertEquals(5.0 * slope * 2.0 * s1, dIn.getDouble(1, 0), tol * 4, dt + " inference backward");
                }
            }
        }
    }

    @Test
    void maskAndRunningStatistics() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray a = Nd4j.createFromArray(new double[] {1.0, -0.4, 0.0, 2.0, -3.0}).castTo(dt);
            INDArray d = Nd4j.createFromArray(new double[] {10, 10, 10, -10, -10}).castTo(dt);
            INDArray d0 = d.dup();
            Fused.mask(d, a, 0.2);
            // at exactly 0: LeakyReLU' = 1 and ReLU' = 0, the conventions of the ND4J ops the passes used before
            assertArrayEquals(new double[] {10.0, 2.0, 10.0, -10.0, -2.0}, d.toDoubleVector(), 0.0, dt + " LeakyReLU mask");
            // the smallest normal magnitudes and the largest still get exactly 1 or the slope
            double tiny = dt == DataType.FLOAT ? Float.MIN_NORMAL : Double.MIN_NORMAL;
            double huge = dt == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
            INDArray edge = Nd4j.createFromArray(new double[] {tiny, -tiny, huge, -huge}).castTo(dt);
            INDArray de = Nd4j.createFromArray(new double[] {10, 10, 10, 10}).castTo(dt);
            Fused.mask(de, edge, 0.2);
            assertArrayEquals(Nd4j.createFromArray(new double[] {10, 2, 10, 2}).castTo(dt).toDoubleVector(),
                    de.toDoubleVector(), 0.0, dt + " LeakyReLU mask at the extremes");
            INDArray relu = Nd4j.createFromArray(new double[] {1.0, 0.0, 0.0, 2.0, 0.0}).castTo(dt);
            Fused.mask(d0, relu, 0.0);
            assertArrayEquals(new double[] {10.0, 0.0, 0.0, -10.0, 0.0}, d0.toDoubleVector(), 0.0, dt + " ReLU mask");
            INDArray rm = Nd4j.createFromArray(new double[] {1.0, 2.0}).castTo(dt);
            INDArray rv = Nd4j.createFromArray(new double[] {4.0, 8.0}).castTo(dt);
            Fused.running(rm, rv, new double[] {3.0, -2.0}, new double[] {1.0, 0.5}, 5);
            assertEquals(0.9 * 1.0 + 0.1 * 3.0, rm.getDouble(0), 1e-6);
            assertEquals(0.9 * 2.0 - 0.1 * 2.0, rm.getDouble(1), 1e-6);
            assertEquals(0.9 * 4.0 + 0.1 * 1.0 * 5 / 4, rv.getDouble(0), 1e-6);
            assertEquals(0.9 * 8.0 + 0.1 * 0.5 * 5 / 4, rv.getDouble(1), 1e-6);
        }
    }

    /** The masked rows' column sums, over more rows than one chunk holds and a row count that ends mid-chunk. */
    @Test
    void maskSumsTheFirstRowsColumnByColumn() {
        Rng rng = new Rng(8);
        int n = 700;
        int c = 37;
        double[][] dv = new double[n][c];
        double[][] av = new double[n][c];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) {
                dv[r][j] = rng.nextDouble() - 0.5;
                av[r][j] = rng.nextDouble() - 0.5;
            }
        }
        int rows = 451;
        double[] want = new double[c];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < c; j++) want[j] += dv[r][j] * (av[r][j] > 0 ? 1 : 0.2);
        }
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray d = Nd4j.createFromArray(dv).castTo(dt);
            INDArray a = Nd4j.createFromArray(av).castTo(dt);
            double[] sums = new double[c];
            java.util.Arrays.fill(sums, 99);
            Fused.mask(d, a, 0.2, rows, sums);
            for (int j = 0; j < c; j++) assertEquals(want[j], sums[j], dt == DataType.DOUBLE ? 1e-12 : 1e-4, dt + " sum " + j);
            assertEquals(dv[n - 1][3] * (av[n - 1][3] > 0 ? 1 : 0.2), d.getDouble(n - 1, 3), 1e-6, dt + " last row masked");
        }
    }

    /** Bias and LeakyReLU in one pass give what the broadcast add and the activation op gave, bit for bit. */
    @Test
    void biasAndLeakyReluMatchTheNd4jOps() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray z = Nd4j.rand(dt, 500, 41).subi(0.5);
            INDArray b = Nd4j.rand(dt, 41).subi(0.5);
            INDArray want = org.nd4j.linalg.ops.transforms.Transforms.leakyRelu(z.addRowVector(b.reshape(1, 41)), 0.2, true);
            Fused.biasLeaky(z, b, 0.2);
            assertArrayEquals(want.reshape(-1).toDoubleVector(), z.reshape(-1).toDoubleVector(), 0.0, dt.toString());
        }
    }

    /** On a block of rows (a view with an offset into a larger array): those rows only, bit for bit. */
    @Test
    void biasAndLeakyReluOnARowBlockTouchOnlyItsRows() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray z = Nd4j.rand(dt, 700, 37).subi(0.5);
            INDArray b = Nd4j.rand(dt, 37).subi(0.5);
            INDArray want = org.nd4j.linalg.ops.transforms.Transforms.leakyRelu(z.addRowVector(b.reshape(1, 37)), 0.2, true);
            INDArray head = z.get(NDArrayIndex.interval(0, 96), NDArrayIndex.all()).dup();
            INDArray block = z.get(NDArrayIndex.interval(96, 700), NDArrayIndex.all());
            Fused.biasLeaky(block, b, 0.2);
            assertArrayEquals(want.get(NDArrayIndex.interval(96, 700), NDArrayIndex.all()).dup().reshape(-1).toDoubleVector(),
                    block.dup().reshape(-1).toDoubleVector(), 0.0, dt.toString());
            assertArrayEquals(head.reshape(-1).toDoubleVector(), z.get(NDArrayIndex.interval(0, 96), NDArrayIndex.all()).dup().reshape(-1).toDoubleVector(),
                    0.0, dt + ": rows before the block untouched");
        }
    }

    @Test
    void aColumnBlockIsRefused() {
        INDArray m = Nd4j.create(DataType.FLOAT, 4, 6);
        INDArray cols = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Fused.mask(cols, cols.dup('c'), 0.2));
        INDArray mixed = Nd4j.create(DataType.DOUBLE, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> Fused.mask(mixed, Nd4j.create(DataType.FLOAT, 2, 3), 0.2));
    }
}
