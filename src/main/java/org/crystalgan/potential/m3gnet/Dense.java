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
        /** float32 and narrower than {@link #WIDE}: the columns as rows, for the transposed kernel. */
        final float[][] colsF;
        /** float32 with OpenBLAS loaded: the matrix in native memory for {@link Blas#product}; else null. */
        final Blas.Matrix blas;

        W(double[] d, int cols, boolean float32) { this(d, cols, float32, float32 && Blas.available()); }

        /** {@code useBlas} (float32 only) chooses OpenBLAS over the Java kernels; the tests compare the two. */
        W(double[] d, int cols, boolean float32, boolean useBlas) {
            this.d = d;
            this.cols = cols;
            int rows = cols == 0 ? 0 : d.length / cols;
            if (float32) {
                rowsF = new float[rows][cols];
                rowsD = null;
                for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) rowsF[r][c] = (float) d[r * cols + c];
                if (cols < WIDE) {
                    colsF = new float[cols][rows];
                    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) colsF[c][r] = rowsF[r][c];
                } else {
                    colsF = null;
                }
            } else {
                rowsD = new double[rows][];
                rowsF = null;
                colsF = null;
                for (int r = 0; r < rows; r++) rowsD[r] = java.util.Arrays.copyOfRange(d, r * cols, (r + 1) * cols);
            }
            blas = float32 && useBlas ? new Blas.Matrix(rowsF, cols) : null;
        }
    }

    /** Per-thread scratch: the float input copy and the accumulator rows; grown, never shrunk. */
    private static final class Scratch {
        float[] xf = new float[0], accF = new float[0], yf = new float[0];
        double[] accD = new double[0];
        /** The input transposed (k rows of at least {@code rows} floats) for narrow outputs. */
        float[][] xt = new float[0][];
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

    /**
     * dx[r] = (dy[r] · w) ⊙ f[r] for each row (assigned, not added): the backward step through a layer and the
     * derivative of the activation before it. Through OpenBLAS in one pass over the output, which spares the
     * zeroing, the addition and the separate multiplication (the same result to the last bit).
     */
    static void backwardScaled(double[] dy, int rows, int out, W w, int in, double[] f, double[] dx) {
        int len = rows * in;
        if (w.blas != null) {
            float[] yf = blasProduct(dy, rows, out, w, in);
            for (int i = 0; i < len; i++) dx[i] = yf[i] * f[i];
            return;
        }
        java.util.Arrays.fill(dx, 0, len, 0.0);
        product(dy, rows, out, w, in, null, dx, true);
        for (int i = 0; i < len; i++) dx[i] *= f[i];
    }

    /** y[r] (= or +=) x[r] · m (+ bias); m is (k, n). */
    private static void product(double[] x, int rows, int k, W m, int n, double[] bias, double[] y, boolean add) {
        if (m.cols != n || m.d.length != k * n) throw new IllegalStateException("matrix shape " + m.d.length / Math.max(1, m.cols) + "x" + m.cols + ", expected " + k + "x" + n);
        if (m.blas != null) {
            viaBlas(x, rows, k, m, n, bias, y, add);
            return;
        }
        if (m.colsF != null) {
            narrow(x, rows, k, m, n, bias, y, add);
            return;
        }
        Scratch s = scratch(m.rowsF != null ? rows * k : 0, n);
        if (m.rowsF != null) {
            float[] xf = s.xf, acc = s.accF;
            for (int i = 0, len = rows * k; i < len; i++) xf[i] = (float) x[i];
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(acc, 0, n, 0f);
                rowF(xf, r * k, k, m.rowsF, n, acc);
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

    /** x · m through OpenBLAS, in this thread's float scratch (valid until the next product). */
    private static float[] blasProduct(double[] x, int rows, int k, W m, int n) {
        if (m.cols != n || m.d.length != k * n) throw new IllegalStateException("matrix shape " + m.d.length / Math.max(1, m.cols) + "x" + m.cols + ", expected " + k + "x" + n);
        Scratch s = SCRATCH.get();
        int in = rows * k, len = rows * n;
        if (s.xf.length < in) s.xf = new float[Math.max(in, s.xf.length + s.xf.length / 2)];
        if (s.yf.length < len) s.yf = new float[Math.max(len, s.yf.length + s.yf.length / 2)];
        float[] xf = s.xf, yf = s.yf;
        for (int i = 0; i < in; i++) xf[i] = (float) x[i];
        Blas.product(xf, rows, k, m.blas, yf);
        return yf;
    }

    private static void viaBlas(double[] x, int rows, int k, W m, int n, double[] bias, double[] y, boolean add) {
        int len = rows * n;
        float[] yf = blasProduct(x, rows, k, m, n);
        if (add) for (int i = 0; i < len; i++) y[i] += yf[i];
        else if (bias == null) for (int i = 0; i < len; i++) y[i] = yf[i];
        else for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) y[o + j] = yf[o + j] + bias[j];
        }
    }

    /**
     * Narrow outputs (9 basis functions, 1 energy) as the transposed product yᵀ = mᵀ·xᵀ: a row kernel
     * over 9 outputs wastes most of each vector and its remainder loop runs scalar, while one over the
     * rows (hundreds of edges) fills them; the transposition is one pass over the input. The kernel is
     * a copy of {@link #rowF} of its own because C2 decides vectorisation from a loop's profiled trip count.
     */
    private static void narrow(double[] x, int rows, int k, W m, int n, double[] bias, double[] y, boolean add) {
        Scratch s = SCRATCH.get();
        if (s.xt.length < k) s.xt = java.util.Arrays.copyOf(s.xt, k);
        float[][] xt = s.xt;
        for (int c = 0; c < k; c++) if (xt[c] == null || xt[c].length < rows) xt[c] = new float[Math.max(rows, xt[c] == null ? 0 : xt[c].length * 3 / 2)];
        if (s.accF.length < rows) {
            s.accF = new float[rows];
            s.accD = new double[rows];
        }
        for (int r = 0; r < rows; r++) {
            int xo = r * k;
            for (int c = 0; c < k; c++) xt[c][r] = (float) x[xo + c];
        }
        float[] acc = s.accF;
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(acc, 0, rows, 0f);
            columnF(m.colsF[j], k, xt, rows, acc);
            if (add) for (int r = 0; r < rows; r++) y[r * n + j] += acc[r];
            else {
                double b = bias == null ? 0 : bias[j];
                for (int r = 0; r < rows; r++) y[r * n + j] = acc[r] + b;
            }
        }
    }

    /** acc[0 .. rows) += Σ_c w[c] · xt[c][0 .. rows). */
    private static void columnF(float[] w, int k, float[][] xt, int rows, float[] acc) {
        int c = 0;
        for (; c + 4 <= k; c += 4) {
            float a0 = w[c], a1 = w[c + 1], a2 = w[c + 2], a3 = w[c + 3];
            float[] x0 = xt[c], x1 = xt[c + 1], x2 = xt[c + 2], x3 = xt[c + 3];
            for (int r = 0; r < rows; r++) acc[r] += a0 * x0[r] + a1 * x1[r] + a2 * x2[r] + a3 * x3[r];
        }
        for (; c < k; c++) {
            float a = w[c];
            float[] xc = xt[c];
            for (int r = 0; r < rows; r++) acc[r] += a * xc[r];
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

    /**
     * exp(x) to 2.3e-9 relative for |x| &lt; 88 (measured against Math.exp over 2·10⁶ points), the argument
     * clamped to ±88 (sigmoid and swish saturate long before). exp(x) = (exp(x/256))^256 with a degree-9
     * Taylor polynomial on |x/256| &lt; 0.35: only multiplications, additions and min/max, which C2
     * vectorises in a loop, where {@code Math.exp} is a scalar call. Measured 3.8 against 10 ns per swish
     * with its derivative. Used with float32 products only, whose own rounding (6e-8) is larger;
     * the float64 mode keeps {@code Math.exp}.
     */
    static double fastExp(double x) {
        double r = Math.min(Math.max(x, -88.0), 88.0) * (1.0 / 256);
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
                + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880)))))))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p * p;
    }

    /** z[0..len) becomes swish(z); d[0..len) receives swish'(z). Two copies of the loop so each stays a plain loop C2 can vectorise. */
    static void swishInPlace(double[] z, int len, double[] d, boolean fast) {
        if (fast) {
            for (int k = 0; k < len; k++) {
                double v = z[k], s = 1.0 / (1.0 + fastExp(-v));
                z[k] = v * s;
                d[k] = s + v * s * (1 - s);
            }
        } else {
            for (int k = 0; k < len; k++) {
                double v = z[k], s = 1.0 / (1.0 + Math.exp(-v));
                z[k] = v * s;
                d[k] = s + v * s * (1 - s);
            }
        }
    }

    /** z[0..len) becomes sigmoid(z). */
    static void sigmoidInPlace(double[] z, int len, boolean fast) {
        if (fast) for (int k = 0; k < len; k++) z[k] = 1.0 / (1.0 + fastExp(-z[k]));
        else for (int k = 0; k < len; k++) z[k] = 1.0 / (1.0 + Math.exp(-z[k]));
    }

    /** The (in, out) transpose of an (out, in) matrix. */
    static double[] transpose(double[] w, int out, int in) {
        double[] t = new double[w.length];
        for (int j = 0; j < out; j++) for (int k = 0; k < in; k++) t[k * out + j] = w[j * in + k];
        return t;
    }
}
