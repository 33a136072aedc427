package org.crystalgan.potential.m3gnet;

/**
 * Batched dense-layer kernels on flat row-major arrays. Activations stay {@code double[]} between
 * layers; the products themselves run either in float32 (the precision matgl computes in, twice the
 * SIMD lanes) or in float64 (for the finite-difference tests), chosen per weight matrix by {@link W}.
 *
 * <p>The inner loops are plain {@code acc[j] += a·w[j]} over arrays indexed from zero: a per-thread
 * accumulator row and the weight matrix kept as one array per input row. HotSpot C2 in JDK 17 packs
 * exactly that shape into AVX instructions, but leaves scalar any loop whose arrays are indexed at
 * different loop-invariant offsets (a flat row-major matrix) and any use of {@code Math.fma}
 * (measured: 17 against 4 GFLOP/s for a 1216×64×128 float product). Four inputs per pass keep the
 * accumulator's loads and stores at one per four multiply-adds.
 */
final class Dense {
    private Dense() {}

    /** A weight matrix (rows × cols, row-major) with its rows split out in the precision the products run in. */
    static final class W {
        final double[] d;
        final int cols;
        final double[][] rowsD;
        final float[][] rowsF;

        W(double[] d, int cols, boolean float32) {
            this.d = d;
            this.cols = cols;
            int rows = cols == 0 ? 0 : d.length / cols;
            if (float32) {
                rowsF = new float[rows][cols];
                rowsD = null;
                for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) rowsF[r][c] = (float) d[r * cols + c];
            } else {
                rowsD = new double[rows][];
                rowsF = null;
                for (int r = 0; r < rows; r++) rowsD[r] = java.util.Arrays.copyOfRange(d, r * cols, (r + 1) * cols);
            }
        }
    }

    /** Per-thread scratch: the float input copy and the accumulator rows; grown, never shrunk. */
    private static final class Scratch {
        float[] xf = new float[0], accF = new float[0];
        double[] accD = new double[0];
    }

    /** Outputs at least this wide go to the vectorised kernel. */
    private static final int WIDE = 32;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static Scratch scratch(int xSize, int n) {
        Scratch s = SCRATCH.get();
        if (s.xf.length < xSize) s.xf = new float[Math.max(xSize, s.xf.length + s.xf.length / 2)];
        if (s.accF.length < n) {
            s.accF = new float[n];
            s.accD = new double[n];
        }
        return s;
    }

    /** y[r] = x[r] · wt + bias for each of {@code rows} rows; wt is (in, out); bias may be null. */
    static void forward(double[] x, int rows, int in, W wt, int out, double[] bias, double[] y) {
        product(x, rows, in, wt, out, bias, y, false);
    }

    /** dx[r] += dy[r] · w for each row; w is (out, in), the layer's own layout. */
    static void backward(double[] dy, int rows, int out, W w, int in, double[] dx) {
        product(dy, rows, out, w, in, null, dx, true);
    }

    /** y[r] (= or +=) x[r] · m (+ bias); m is (k, n). */
    private static void product(double[] x, int rows, int k, W m, int n, double[] bias, double[] y, boolean add) {
        if (m.cols != n || m.d.length != k * n) throw new IllegalStateException("matrix shape " + m.d.length / Math.max(1, m.cols) + "x" + m.cols + ", expected " + k + "x" + n);
        Scratch s = scratch(m.rowsF != null ? rows * k : 0, n);
        if (m.rowsF != null) {
            float[] xf = s.xf, acc = s.accF;
            for (int i = 0, len = rows * k; i < len; i++) xf[i] = (float) x[i];
            boolean wide = n >= WIDE;
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(acc, 0, n, 0f);
                if (wide) rowF(xf, r * k, k, m.rowsF, n, acc);
                else rowNarrow(xf, r * k, k, m.rowsF, n, acc);
                int yo = r * n;
                if (add) for (int j = 0; j < n; j++) y[yo + j] += acc[j];
                else if (bias != null) for (int j = 0; j < n; j++) y[yo + j] = acc[j] + bias[j];
                else for (int j = 0; j < n; j++) y[yo + j] = acc[j];
            }
        } else {
            double[] acc = s.accD;
            for (int r = 0; r < rows; r++) {
                int yo = r * n;
                if (add) System.arraycopy(y, yo, acc, 0, n);
                else if (bias != null) System.arraycopy(bias, 0, acc, 0, n);
                else java.util.Arrays.fill(acc, 0, n, 0.0);
                rowD(x, r * k, k, m.rowsD, n, acc);
                System.arraycopy(acc, 0, y, yo, n);
            }
        }
    }

    /**
     * {@link #rowF} for narrow outputs (9 basis functions, 1 energy). A separate method because C2
     * decides vectorisation from a loop's profiled trip count: a kernel that also sees 1-wide rows was
     * measured to stay scalar for 128-wide ones too.
     */
    private static void rowNarrow(float[] x, int xo, int k, float[][] m, int n, float[] acc) {
        for (int c = 0; c < k; c++) {
            float a = x[xo + c];
            float[] mc = m[c];
            for (int j = 0; j < n; j++) acc[j] += a * mc[j];
        }
    }

    /** acc += x[xo .. xo+k) · m. */
    private static void rowF(float[] x, int xo, int k, float[][] m, int n, float[] acc) {
        int c = 0;
        for (; c + 4 <= k; c += 4) {
            float a0 = x[xo + c], a1 = x[xo + c + 1], a2 = x[xo + c + 2], a3 = x[xo + c + 3];
            float[] m0 = m[c], m1 = m[c + 1], m2 = m[c + 2], m3 = m[c + 3];
            for (int j = 0; j < n; j++) acc[j] += a0 * m0[j] + a1 * m1[j] + a2 * m2[j] + a3 * m3[j];
        }
        for (; c < k; c++) {
            float a = x[xo + c];
            float[] mc = m[c];
            for (int j = 0; j < n; j++) acc[j] += a * mc[j];
        }
    }

    /** The float64 twin of {@link #rowF}. */
    private static void rowD(double[] x, int xo, int k, double[][] m, int n, double[] acc) {
        int c = 0;
        for (; c + 4 <= k; c += 4) {
            double a0 = x[xo + c], a1 = x[xo + c + 1], a2 = x[xo + c + 2], a3 = x[xo + c + 3];
            double[] m0 = m[c], m1 = m[c + 1], m2 = m[c + 2], m3 = m[c + 3];
            for (int j = 0; j < n; j++) acc[j] += a0 * m0[j] + a1 * m1[j] + a2 * m2[j] + a3 * m3[j];
        }
        for (; c < k; c++) {
            double a = x[xo + c];
            double[] mc = m[c];
            for (int j = 0; j < n; j++) acc[j] += a * mc[j];
        }
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    static double sigmoid(double z) { return 1.0 / (1.0 + Math.exp(-z)); }

    static double swish(double z) { return z / (1.0 + Math.exp(-z)); }

    /** d swish / dz. */
    static double swishGrad(double z) {
        double s = sigmoid(z);
        return s + z * s * (1 - s);
    }

    /** The (in, out) transpose of an (out, in) matrix. */
    static double[] transpose(double[] w, int out, int in) {
        double[] t = new double[w.length];
        for (int j = 0; j < out; j++) for (int k = 0; k < in; k++) t[k * out + j] = w[j * in + k];
        return t;
    }
}
