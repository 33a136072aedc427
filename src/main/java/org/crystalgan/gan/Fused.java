package org.crystalgan.gan;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise chains of the training passes (batch normalisation with its activation, its backward pass,
 * activation masks, running statistics) as plain Java loops over the arrays' own memory.
 *
 * <p>Why: a batch-norm layer and its LeakyReLU took 10 ND4J ops forward and 14 backward (broadcasts, column sums
 * as matrix products, scalar ops), each costing ~36 µs of Java and JNI around a few µs of work on the small
 * (rows, channels) matrices of the classifier and generator, and each reading and writing the whole matrix again.
 * Here a layer is three passes forward and two backward, in the JIT's code, with no native call at all.
 *
 * <p>Each array is copied once into a per-thread Java array (one bulk copy out of its direct buffer, and back),
 * where the loops are simple enough for the JIT to vectorise: element by element through the direct buffer was
 * two to three times slower. Arrays must be dense in c order (a block of rows of a c-order matrix is); anything
 * else is a programming error. Float arrays are computed in float (column sums included, as ND4J's own products
 * do), double arrays (the tests' float64 comparisons) in double: the double kernels are the float ones with the
 * type replaced, nothing else.
 */
final class Fused {
    private Fused() {
    }

    /** Per-thread work arrays (the main training thread and the worker each run these kernels). */
    private static final class Scratch {
        final float[][] f = new float[4][];
        final double[][] d = new double[4][];

        float[] f(int slot, int n) {
            if (f[slot] == null || f[slot].length < n) f[slot] = new float[Math.max(n, 1024)];
            return f[slot];
        }

        double[] d(int slot, int n) {
            if (d[slot] == null || d[slot].length < n) d[slot] = new double[Math.max(n, 1024)];
            return d[slot];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static void check(INDArray a, DataType dt) {
        boolean dense = a.length() == 0
                || a.elementWiseStride() == 1 && (a.ordering() == 'c' || a.rank() < 2 || a.isVector());
        if (!dense) throw new IllegalArgumentException("not a dense c-order array: " + a.shapeInfoToString());
        if (a.length() > Integer.MAX_VALUE) throw new IllegalArgumentException("array too long: " + a.length());
        if (a.dataType() != dt) throw new IllegalArgumentException(a.dataType() + " array among " + dt + " ones");
    }

    /** Elements per chunk of the element-wise passes over large arrays: 32 KiB of floats per array, in L1/L2. */
    private static final int CHUNK = 8192;

    private static int offset(INDArray a) {
        return Math.toIntExact(a.offset());
    }

    private static FloatBuffer floats(INDArray a) {
        check(a, DataType.FLOAT);
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static DoubleBuffer doubles(INDArray a) {
        check(a, DataType.DOUBLE);
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    private static float[] load(INDArray a, float[] to) {
        check(a, DataType.FLOAT);
        FloatBuffer b = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.get(Math.toIntExact(a.offset()), to, 0, (int) a.length());
        Reference.reachabilityFence(a);
        return to;
    }

    private static void store(float[] from, INDArray a) {
        check(a, DataType.FLOAT);
        FloatBuffer b = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(Math.toIntExact(a.offset()), from, 0, (int) a.length());
        Reference.reachabilityFence(a);
    }

    private static double[] load(INDArray a, double[] to) {
        check(a, DataType.DOUBLE);
        DoubleBuffer b = a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        b.get(Math.toIntExact(a.offset()), to, 0, (int) a.length());
        Reference.reachabilityFence(a);
        return to;
    }

    private static void store(double[] from, INDArray a) {
        check(a, DataType.DOUBLE);
        DoubleBuffer b = a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        b.put(Math.toIntExact(a.offset()), from, 0, (int) a.length());
        Reference.reachabilityFence(a);
    }

    /** A vector's values. */
    static double[] values(INDArray v) {
        double[] r = new double[(int) v.length()];
        if (v.dataType() == DataType.FLOAT) {
            float[] f = load(v, new float[r.length]);
            for (int i = 0; i < r.length; i++) r[i] = f[i];
        } else {
            load(v, r);
        }
        return r;
    }

    /** A (length) vector of the given type made from {@code v} (in the current workspace, if any). */
    static INDArray vector(double[] v, DataType dt) {
        if (dt == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return Nd4j.createFromArray(f);
        }
        return Nd4j.createFromArray(v.clone()).castTo(dt);
    }

    private static int rows(INDArray m) {
        if (m.rank() != 2) throw new IllegalArgumentException("not a matrix: " + m.shapeInfoToString());
        return (int) m.size(0);
    }

    private static int cols(INDArray m, INDArray... same) {
        for (INDArray o : same) {
            if (o.length() != m.length()) throw new IllegalArgumentException("arrays of different lengths");
        }
        return (int) m.size(1);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static void widen(float[] f, double[] to) {
        for (int i = 0; i < to.length; i++) to[i] = f[i];
    }

    /**
     * Batch normalisation of u (n, c) followed by LeakyReLU with {@code slope} (0: ReLU): u is overwritten with x̂,
     * {@code out} (n, c) receives the activation. In training mode ({@code runMean} null) the batch's mean and biased
     * variance go into {@code mean} and {@code var}; otherwise the running ones are used. 1/σ goes into {@code inv}.
     */
    static void bnForward(INDArray u, double[] gamma, double[] beta, double eps, double slope, INDArray out,
                          double[] runMean, double[] runVar, double[] mean, double[] var, double[] inv) {
        int n = rows(u);
        int c = cols(u, out);
        Scratch s = SCRATCH.get();
        if (u.dataType() == DataType.FLOAT) {
            float[] x = load(u, s.f(0, n * c));
            float[] y = s.f(1, n * c);
            float[] m = new float[c];
            float[] iv = new float[c];
            if (runMean == null) {
                java.util.Arrays.fill(mean, 0, c, 0);
                java.util.Arrays.fill(var, 0, c, 0);
                bnStats(x, n, c, eps, mean, var, m, iv);
            } else {
                for (int j = 0; j < c; j++) {
                    m[j] = (float) runMean[j];
                    iv[j] = (float) (1 / Math.sqrt(runVar[j] + eps));
                }
            }
            widen(iv, inv);
            bnApply(x, y, n, c, m, iv, floats(gamma), floats(beta), (float) slope);
            store(x, u);
            store(y, out);
        } else {
            double[] x = load(u, s.d(0, n * c));
            double[] y = s.d(1, n * c);
            if (runMean == null) {
                java.util.Arrays.fill(mean, 0, c, 0);
                java.util.Arrays.fill(var, 0, c, 0);
                bnStats(x, n, c, eps, mean, var, mean, inv);
            } else {
                System.arraycopy(runMean, 0, mean, 0, c);
                for (int j = 0; j < c; j++) inv[j] = 1 / Math.sqrt(runVar[j] + eps);
            }
            bnApply(x, y, n, c, mean, inv, gamma, beta, slope);
            store(x, u);
            store(y, out);
        }
    }

    /**
     * The backward pass of {@link #bnForward}: from dOut (gradient of the activation; {@code act} the activation,
     * whose sign is the pre-activation's) to dx, written into {@code dx} (may be dOut itself). In training mode
     * (dgamma non-null) the mean and variance depend on the batch and γ's and β's gradients go into dgamma and
     * dbeta; in inference mode the layer is affine and dx = dy·γ/σ.
     */
    static void bnBackward(INDArray dOut, INDArray act, double slope, INDArray xhat, double[] gamma, double[] inv,
                           INDArray dx, double[] dgamma, double[] dbeta) {
        int n = rows(dOut);
        int c = cols(dOut, act, xhat, dx);
        Scratch s = SCRATCH.get();
        if (dOut.dataType() == DataType.FLOAT) {
            float[] d = load(dOut, s.f(0, n * c));
            float[] a = load(act, s.f(1, n * c));
            float[] sc = new float[c];
            for (int j = 0; j < c; j++) sc[j] = (float) (gamma[j] * inv[j]);
            if (dgamma == null) {
                bnBackEval(d, a, n, c, sc, (float) slope);
            } else {
                float[] h = load(xhat, s.f(2, n * c));
                java.util.Arrays.fill(dgamma, 0, c, 0);
                java.util.Arrays.fill(dbeta, 0, c, 0);
                bnBackTrain(d, a, h, n, c, sc, (float) slope, dgamma, dbeta);
            }
            store(d, dx);
        } else {
            double[] d = load(dOut, s.d(0, n * c));
            double[] a = load(act, s.d(1, n * c));
            double[] sc = new double[c];
            for (int j = 0; j < c; j++) sc[j] = gamma[j] * inv[j];
            if (dgamma == null) {
                bnBackEval(d, a, n, c, sc, slope);
            } else {
                double[] h = load(xhat, s.d(2, n * c));
                java.util.Arrays.fill(dgamma, 0, c, 0);
                java.util.Arrays.fill(dbeta, 0, c, 0);
                bnBackTrain(d, a, h, n, c, sc, slope, dgamma, dbeta);
            }
            store(d, dx);
        }
    }

    /** d ⊙ LeakyReLU'(z) in place, with {@code act} = LeakyReLU(z) (same sign as z; slope 0: ReLU; at 0 see below). */
    static void mask(INDArray d, INDArray act, double slope) {
        mask(d, act, slope, 0, null);
    }

    /**
     * {@link #mask(INDArray, INDArray, double)} of a matrix that also sums the first {@code sumRows} rows of the
     * masked d into {@code colSums} (a bias gradient, while the rows are in cache, instead of a matrix product
     * that reads them again).
     */
    static void mask(INDArray d, INDArray act, double slope, int sumRows, double[] colSums) {
        int len = (int) d.length();
        if (act.length() != len) throw new IllegalArgumentException("mask of another length");
        int c = d.rank() == 2 ? (int) d.size(1) : len;
        if (colSums != null) {
            if (d.rank() != 2 || colSums.length != c || sumRows > d.size(0)) {
                throw new IllegalArgumentException("column sums of " + d.shapeInfoToString());
            }
            java.util.Arrays.fill(colSums, 0);
        }
        int sumLen = colSums == null ? 0 : sumRows * c;
        Scratch s = SCRATCH.get();
        int od = offset(d);
        int oa = offset(act);
        // in chunks of whole rows that stay in cache: the critic's arrays are megabytes, and a whole-array copy in
        // and out would cost more memory traffic than the ND4J multiply it replaces
        int chunk = Math.max(1, CHUNK / c) * c;
        if (d.dataType() == DataType.FLOAT) {
            FloatBuffer db = floats(d);
            FloatBuffer ab = floats(act);
            float[] g = s.f(0, chunk);
            float[] a = s.f(1, chunk);
            float[] part = colSums == null ? null : new float[c];
            for (int k = 0; k < len; k += chunk) {
                int n = Math.min(chunk, len - k);
                db.get(od + k, g, 0, n);
                ab.get(oa + k, a, 0, n);
                mask(g, a, n, (float) slope);
                db.put(od + k, g, 0, n);
                if (k < sumLen) {
                    // float sums over a chunk's few rows (a loop the JIT vectorises), gathered in double
                    java.util.Arrays.fill(part, 0);
                    int end = Math.min(n, sumLen - k);
                    for (int o = 0; o < end; o += c) {
                        for (int j = 0; j < c; j++) part[j] += g[o + j];
                    }
                    for (int j = 0; j < c; j++) colSums[j] += part[j];
                }
            }
        } else {
            DoubleBuffer db = doubles(d);
            DoubleBuffer ab = doubles(act);
            double[] g = s.d(0, chunk);
            double[] a = s.d(1, chunk);
            for (int k = 0; k < len; k += chunk) {
                int n = Math.min(chunk, len - k);
                db.get(od + k, g, 0, n);
                ab.get(oa + k, a, 0, n);
                mask(g, a, n, slope);
                db.put(od + k, g, 0, n);
                int end = Math.min(n, sumLen - k);
                for (int o = 0; o < end; o += c) {
                    for (int j = 0; j < c; j++) colSums[j] += g[o + j];
                }
            }
        }
        Reference.reachabilityFence(d);
        Reference.reachabilityFence(act);
    }

    /**
     * z ← LeakyReLU(z + bias) in place over the rows of matrix z, in one chunked pass (the broadcast add and the
     * activation were two passes over the critic's megabyte arrays). The same roundings as those two ops.
     */
    static void biasLeaky(INDArray z, INDArray bias, double slope) {
        int n = rows(z);
        int c = (int) z.size(1);
        if (bias.length() != c) throw new IllegalArgumentException("bias of length " + bias.length() + " for " + c);
        int len = n * c;
        int oz = offset(z);
        Scratch s = SCRATCH.get();
        int chunk = Math.max(1, CHUNK / c) * c;
        if (z.dataType() == DataType.FLOAT) {
            FloatBuffer zb = floats(z);
            float[] b = load(bias, new float[c]);
            float[] x = s.f(0, chunk);
            for (int k = 0; k < len; k += chunk) {
                int m = Math.min(chunk, len - k);
                zb.get(oz + k, x, 0, m);
                biasLeaky(x, m, c, b, (float) slope);
                zb.put(oz + k, x, 0, m);
            }
        } else {
            DoubleBuffer zb = doubles(z);
            double[] b = load(bias, new double[c]);
            double[] x = s.d(0, chunk);
            for (int k = 0; k < len; k += chunk) {
                int m = Math.min(chunk, len - k);
                zb.get(oz + k, x, 0, m);
                biasLeaky(x, m, c, b, slope);
                zb.put(oz + k, x, 0, m);
            }
        }
        Reference.reachabilityFence(z);
    }

    /**
     * One Adam step in place, as libnd4j's adam_updater and then p −= update computed it, operation for operation
     * in the arrays' type: m ← β₁m + g(1−β₁), v ← β₂v + g·g(1−β₂), p ← p − m·stepSize/(√v + ε). One pass over the
     * four arrays instead of two native ops (the first writing the update into g, the second reading it back).
     */
    static void adam(INDArray p, INDArray g, INDArray m, INDArray v, double beta1, double beta2, double eps,
                     double stepSize) {
        int len = (int) p.length();
        if (g.length() != len || m.length() != len || v.length() != len) {
            throw new IllegalArgumentException("Adam arrays of different lengths");
        }
        int op = offset(p);
        int og = offset(g);
        int om = offset(m);
        int ov = offset(v);
        Scratch s = SCRATCH.get();
        if (p.dataType() == DataType.FLOAT) {
            FloatBuffer pb = floats(p);
            FloatBuffer gb = floats(g);
            FloatBuffer mb = floats(m);
            FloatBuffer vb = floats(v);
            float[] pa = s.f(0, CHUNK);
            float[] ga = s.f(1, CHUNK);
            float[] ma = s.f(2, CHUNK);
            float[] va = s.f(3, CHUNK);
            for (int k = 0; k < len; k += CHUNK) {
                int n = Math.min(CHUNK, len - k);
                pb.get(op + k, pa, 0, n);
                gb.get(og + k, ga, 0, n);
                mb.get(om + k, ma, 0, n);
                vb.get(ov + k, va, 0, n);
                adam(pa, ga, ma, va, n, (float) beta1, (float) beta2, (float) eps, (float) stepSize);
                pb.put(op + k, pa, 0, n);
                mb.put(om + k, ma, 0, n);
                vb.put(ov + k, va, 0, n);
            }
        } else {
            DoubleBuffer pb = doubles(p);
            DoubleBuffer gb = doubles(g);
            DoubleBuffer mb = doubles(m);
            DoubleBuffer vb = doubles(v);
            double[] pa = s.d(0, CHUNK);
            double[] ga = s.d(1, CHUNK);
            double[] ma = s.d(2, CHUNK);
            double[] va = s.d(3, CHUNK);
            for (int k = 0; k < len; k += CHUNK) {
                int n = Math.min(CHUNK, len - k);
                pb.get(op + k, pa, 0, n);
                gb.get(og + k, ga, 0, n);
                mb.get(om + k, ma, 0, n);
                vb.get(ov + k, va, 0, n);
                adam(pa, ga, ma, va, n, beta1, beta2, eps, stepSize);
                pb.put(op + k, pa, 0, n);
                mb.put(om + k, ma, 0, n);
                vb.put(ov + k, va, 0, n);
            }
        }
        Reference.reachabilityFence(p);
        Reference.reachabilityFence(g);
        Reference.reachabilityFence(m);
        Reference.reachabilityFence(v);
    }

    /** PyTorch's running-statistics update, momentum 0.1, variance made unbiased over m rows, in place. */
    static void running(INDArray runMean, INDArray runVar, double[] mean, double[] var, long m) {
        double[] rm = values(runMean);
        double[] rv = values(runVar);
        double unbias = m / (m - 1.0);
        for (int j = 0; j < mean.length; j++) {
            rm[j] = 0.9 * rm[j] + 0.1 * mean[j];
            rv[j] = 0.9 * rv[j] + 0.1 * unbias * var[j];
        }
        if (runMean.dataType() == DataType.FLOAT) {
            store(floats(rm), runMean);
            store(floats(rv), runVar);
        } else {
            store(rm, runMean);
            store(rv, runVar);
        }
    }

    // ------------------------------------------------------------------ the loops, float (sums over rows in double)

    // The derivative where the activation is exactly 0 (z = 0, or -0): 1 for LeakyReLU and 0 for ReLU, as the ND4J
    // ops these loops replace gave (leakyReluDerivative is 1 for z >= 0, step is 0 at 0), so training stays as it
    // was. PyTorch uses the slope there; it matters only for exact zeros, e.g. zero rows of the input meeting the
    // zero biases of a freshly initialised critic in its first step.

    private static void bnStats(float[] x, int n, int c, double eps, double[] mean, double[] var, float[] m, float[] inv) {
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) mean[j] += x[o + j];
        }
        for (int j = 0; j < c; j++) {
            mean[j] /= n;
            m[j] = (float) mean[j];
        }
        // a second pass about the mean, as ND4J's and PyTorch's variance: no cancellation when the mean is large
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                float d = x[o + j] - m[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < c; j++) {
            var[j] /= n;
            inv[j] = (float) (1 / Math.sqrt(var[j] + eps));
        }
    }

    /** x ← x̂ = (x − μ)/σ; y ← LeakyReLU(γ·x̂ + β), which for 0 ≤ slope < 1 is max(z, slope·z). */
    private static void bnApply(float[] x, float[] y, int n, int c, float[] mean, float[] inv, float[] gamma, float[] beta, float slope) {
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                float h = (x[o + j] - mean[j]) * inv[j];
                x[o + j] = h;
                float z = gamma[j] * h + beta[j];
                y[o + j] = Math.max(z, slope * z);
            }
        }
    }

    /** d ← d ⊙ mask(a)·γ/σ. */
    private static void bnBackEval(float[] d, float[] a, int n, int c, float[] s, float slope) {
        float shift = atZero(slope);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) d[o + j] = d[o + j] * slope(a[o + j], slope, shift) * s[j];
        }
    }

    /** d ← γ/σ·(dy − x̂·Σdy·x̂/n − Σdy/n) with dy = d ⊙ mask(a); Σdy·x̂ and Σdy into dg and db. */
    private static void bnBackTrain(float[] d, float[] a, float[] h, int n, int c, float[] s, float slope, double[] dg,
                                    double[] db) {
        float shift = atZero(slope);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                float dy = d[o + j] * slope(a[o + j], slope, shift);
                d[o + j] = dy;
                db[j] += dy;
                dg[j] += dy * h[o + j];
            }
        }
        float[] sg = new float[c];
        float[] sb = new float[c];
        for (int j = 0; j < c; j++) {
            sg[j] = (float) (s[j] * dg[j] / n);
            sb[j] = (float) (s[j] * db[j] / n);
        }
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) d[o + j] = s[j] * d[o + j] - sg[j] * h[o + j] - sb[j];
        }
    }

    private static void mask(float[] d, float[] a, int len, float slope) {
        float shift = atZero(slope);
        for (int k = 0; k < len; k++) d[k] *= slope(a[k], slope, shift);
    }

    /**
     * LeakyReLU'(z) from a = LeakyReLU(z): 1 for a &gt; 0, the slope for a &lt; 0 and the value above at 0, as
     * clamps instead of comparisons, which the JIT vectorises: with random signs the branches cost 1.6 ns an
     * element, mispredicted half the time, against 0.2 ns. Exact for every a except subnormal ones (|a| below
     * the smallest normal number), which get a factor between the two.
     */
    private static float slope(float a, float slope, float shift) {
        return Math.max(Math.min(a * 0x1p126f + shift, 1f), slope);
    }

    private static void biasLeaky(float[] x, int len, int c, float[] b, float slope) {
        for (int o = 0; o < len; o += c) {
            for (int j = 0; j < c; j++) {
                float v = x[o + j] + b[j];
                x[o + j] = Math.max(v, slope * v);
            }
        }
    }

    private static float atZero(float slope) {
        return slope == 0 ? 0 : 1;
    }

    private static void adam(float[] p, float[] g, float[] m, float[] v, int n, float b1, float b2, float eps,
                             float step) {
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + gi * c1;
            float vi = b2 * v[i] + gi * gi * c2;
            m[i] = mi;
            v[i] = vi;
            p[i] -= mi * step / ((float) Math.sqrt(vi) + eps);
        }
    }

    // ------------------------------------------------------------------ the same loops, double

    private static void bnStats(double[] x, int n, int c, double eps, double[] mean, double[] var, double[] m, double[] inv) {
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) mean[j] += x[o + j];
        }
        for (int j = 0; j < c; j++) {
            mean[j] /= n;
            m[j] = mean[j];
        }
        // a second pass about the mean, as ND4J's and PyTorch's variance: no cancellation when the mean is large
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                double d = x[o + j] - m[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < c; j++) {
            var[j] /= n;
            inv[j] = (1 / Math.sqrt(var[j] + eps));
        }
    }

    /** x ← x̂ = (x − μ)/σ; y ← LeakyReLU(γ·x̂ + β), which for 0 ≤ slope < 1 is max(z, slope·z). */
    private static void bnApply(double[] x, double[] y, int n, int c, double[] mean, double[] inv, double[] gamma, double[] beta, double slope) {
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                double h = (x[o + j] - mean[j]) * inv[j];
                x[o + j] = h;
                double z = gamma[j] * h + beta[j];
                y[o + j] = Math.max(z, slope * z);
            }
        }
    }

    /** d ← d ⊙ mask(a)·γ/σ. */
    private static void bnBackEval(double[] d, double[] a, int n, int c, double[] s, double slope) {
        double shift = atZero(slope);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) d[o + j] = d[o + j] * slope(a[o + j], slope, shift) * s[j];
        }
    }

    /** d ← γ/σ·(dy − x̂·Σdy·x̂/n − Σdy/n) with dy = d ⊙ mask(a); Σdy·x̂ and Σdy into dg and db. */
    private static void bnBackTrain(double[] d, double[] a, double[] h, int n, int c, double[] s, double slope,
                                    double[] dg, double[] db) {
        double shift = atZero(slope);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) {
                double dy = d[o + j] * slope(a[o + j], slope, shift);
                d[o + j] = dy;
                db[j] += dy;
                dg[j] += dy * h[o + j];
            }
        }
        double[] sg = new double[c];
        double[] sb = new double[c];
        for (int j = 0; j < c; j++) {
            sg[j] = (s[j] * dg[j] / n);
            sb[j] = (s[j] * db[j] / n);
        }
        for (int r = 0; r < n; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) d[o + j] = s[j] * d[o + j] - sg[j] * h[o + j] - sb[j];
        }
    }

    private static void mask(double[] d, double[] a, int len, double slope) {
        double shift = atZero(slope);
        for (int k = 0; k < len; k++) d[k] *= slope(a[k], slope, shift);
    }

    /**
     * LeakyReLU'(z) from a = LeakyReLU(z): 1 for a &gt; 0, the slope for a &lt; 0 and the value above at 0, as
     * clamps instead of comparisons, which the JIT vectorises: with random signs the branches cost 1.6 ns an
     * element, mispredicted half the time, against 0.2 ns. Exact for every a except subnormal ones (|a| below
     * the smallest normal number), which get a factor between the two.
     */
    private static double slope(double a, double slope, double shift) {
        return Math.max(Math.min(a * 0x1p1022 + shift, 1), slope);
    }

    private static void biasLeaky(double[] x, int len, int c, double[] b, double slope) {
        for (int o = 0; o < len; o += c) {
            for (int j = 0; j < c; j++) {
                double v = x[o + j] + b[j];
                x[o + j] = Math.max(v, slope * v);
            }
        }
    }

    private static double atZero(double slope) {
        return slope == 0 ? 0 : 1;
    }

    private static void adam(double[] p, double[] g, double[] m, double[] v, int n, double b1, double b2, double eps,
                             double step) {
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = b1 * m[i] + gi * c1;
            double vi = b2 * v[i] + gi * gi * c2;
            m[i] = mi;
            v[i] = vi;
            p[i] -= mi * step / (Math.sqrt(vi) + eps);
        }
    }
}
