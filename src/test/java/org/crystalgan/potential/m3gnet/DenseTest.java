package org.crystalgan.potential.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DenseTest {
    @Test
    void fastExpIsWithinThreeBillionthsOfMathExpOverTheActivationsRange() {
        Random r = new Random(7);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = -88 + 176 * r.nextDouble();
            worst = Math.max(worst, Math.abs(Dense.fastExp(x) / Math.exp(x) - 1));
        }
        assertTrue(worst < 3e-9, "worst relative error " + worst);
        assertEquals(1.0, Dense.fastExp(0), 0);
        // saturates instead of overflowing or going negative: sigmoid and swish stay finite
        assertEquals(Dense.fastExp(88), Dense.fastExp(1e6), 0);
        assertTrue(Dense.fastExp(-1e6) > 0 && Dense.fastExp(-1e6) < 1e-38);
    }

    @Test
    void fastAndExactActivationsAgree() {
        Random r = new Random(3);
        double[] z = new double[1000], zf = new double[1000], d = new double[1000], df = new double[1000];
        for (int i = 0; i < z.length; i++) z[i] = zf[i] = 20 * r.nextGaussian();
        Dense.swishInPlace(z, z.length, d, false);
        Dense.swishInPlace(zf, zf.length, df, true);
        for (int i = 0; i < z.length; i++) {
            assertEquals(z[i], zf[i], 1e-8 * (1 + Math.abs(z[i])));
            assertEquals(d[i], df[i], 1e-8);
        }
    }

    /** Narrow outputs take the transposed kernel, wide ones the row kernel: both equal a plain product in float64 to float32 rounding. */
    @Test
    void float32ProductsEqualThePlainProductForNarrowAndWideOutputs() {
        Random r = new Random(11);
        for (int[] shape : new int[][] {{37, 64, 9}, {37, 128, 1}, {37, 9, 64}, {5, 64, 128}, {0, 64, 9}}) {
            int rows = shape[0], k = shape[1], n = shape[2];
            double[] x = new double[rows * k], m = new double[k * n], bias = new double[n];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < m.length; i++) m[i] = r.nextGaussian() / Math.sqrt(k);
            for (int i = 0; i < n; i++) bias[i] = r.nextGaussian();
            double[] want = new double[rows * n];
            for (int i = 0; i < rows; i++) for (int j = 0; j < n; j++) {
                double s = bias[j];
                for (int c = 0; c < k; c++) s += x[i * k + c] * m[c * n + j];
                want[i * n + j] = s;
            }
            double[] got = new double[rows * n];
            Dense.forward(x, rows, k, new Dense.W(m, n, true), n, bias, got);
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 1e-5, "shape " + rows + "x" + k + "x" + n + " element " + i);
            double[] acc = new double[rows * n];
            java.util.Arrays.fill(acc, 1.0);
            // backward adds x · m to what its output holds
            Dense.backward(x, rows, k, new Dense.W(m, n, true), n, acc);
            for (int i = 0; i < acc.length; i++) assertEquals(want[i] - bias[i % n] + 1.0, acc[i], 1e-5);
        }
    }

    /** OpenBLAS's products equal the Java kernels' to float32 rounding, in one call and in row chunks (the path taken while ND4J runs OpenBLAS on several threads). */
    @Test
    void blasProductsEqualTheJavaKernels() {
        Assumptions.assumeTrue(Blas.available(), "OpenBLAS not loadable here: " + Blas.description());
        Random r = new Random(5);
        for (int[] shape : new int[][] {{1216, 64, 128}, {37, 64, 9}, {37, 128, 1}, {37, 9, 64}, {5, 192, 128}, {0, 64, 9}, {3, 0, 4}}) {
            int rows = shape[0], k = shape[1], n = shape[2];
            double[] x = new double[rows * k], m = new double[k * n], bias = new double[n];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < m.length; i++) m[i] = r.nextGaussian() / Math.sqrt(Math.max(1, k));
            for (int i = 0; i < n; i++) bias[i] = r.nextGaussian();
            Dense.W plain = new Dense.W(m, n, true, false), blas = new Dense.W(m, n, true, true);
            double[] want = new double[rows * n], got = new double[rows * n];
            Dense.forward(x, rows, k, plain, n, bias, want);
            Dense.forward(x, rows, k, blas, n, bias, got);
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 2e-5, "shape " + rows + "x" + k + "x" + n + " element " + i);
            java.util.Arrays.fill(want, 0.5);
            java.util.Arrays.fill(got, 0.5);
            Dense.backward(x, rows, k, plain, n, want);
            Dense.backward(x, rows, k, blas, n, got);
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 2e-5, "backward, shape " + rows + "x" + k + "x" + n + " element " + i);
            // the same product in chunks of 7 rows: bit for bit what one call gives for each row's sums
            float[] xf = new float[rows * k], one = new float[rows * n], chunked = new float[rows * n];
            for (int i = 0; i < xf.length; i++) xf[i] = (float) x[i];
            Blas.product(xf, rows, k, blas.blas, one, Math.max(1, rows));
            Blas.product(xf, rows, k, blas.blas, chunked, 7);
            for (int i = 0; i < one.length; i++) assertEquals(one[i], chunked[i], 1e-5f * (1 + Math.abs(one[i])), "chunked, element " + i);
        }
    }
}
