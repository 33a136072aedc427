package org.crystalgan.potential.m3gnet;

/**
 * matgl's GatedMLP: two stacks of dense layers on the same input, {@code layers} (SiLU between layers,
 * SiLU after the last one when {@code activateLast}) and {@code gates} (SiLU between layers, a
 * sigmoid after the last), multiplied element-wise. Immutable; the per-call state lives in
 * {@link Pass}.
 *
 * <p>The first layer of both stacks is stored stacked, (2·out0, in), so one pass over the input
 * computes both pre-activations. Callers that assemble the first pre-activation themselves (the
 * graph convolution gathers per-atom projections) use {@link #fromFirst}.
 */
final class GatedMlp {
    final int in;
    final int[] out;
    final boolean activateLast;
    /** First layer, layer rows then gate rows: (2·out[0], in), its transpose, and bias (2·out[0]). */
    final Dense.W w0, w0t;
    final double[] b0;
    /** Layers 1.. of each stack: (out[i], out[i-1]) weights, transposes and biases. */
    final Dense.W[] wl, wlt, wg, wgt;
    final double[][] bl, bg;
    /** float32 products: activations through {@link Dense#fastExp}. */
    final boolean fast;

    GatedMlp(int in, int[] out, boolean activateLast, double[][] layerW, double[][] layerB, double[][] gateW, double[][] gateB, boolean float32, boolean blas) {
        this.in = in;
        this.out = out.clone();
        this.activateLast = activateLast;
        this.fast = float32;
        int o0 = out[0];
        double[] first = new double[2 * o0 * in];
        System.arraycopy(layerW[0], 0, first, 0, o0 * in);
        System.arraycopy(gateW[0], 0, first, o0 * in, o0 * in);
        w0 = new Dense.W(first, in, float32, blas);
        w0t = new Dense.W(Dense.transpose(first, 2 * o0, in), 2 * o0, float32, blas);
        b0 = new double[2 * o0];
        if (layerB[0] != null) System.arraycopy(layerB[0], 0, b0, 0, o0);
        if (gateB[0] != null) System.arraycopy(gateB[0], 0, b0, o0, o0);
        int n = out.length;
        wl = new Dense.W[n];
        wlt = new Dense.W[n];
        bl = new double[n][];
        wg = new Dense.W[n];
        wgt = new Dense.W[n];
        bg = new double[n][];
        for (int i = 1; i < n; i++) {
            wl[i] = new Dense.W(layerW[i], out[i - 1], float32, blas);
            wg[i] = new Dense.W(gateW[i], out[i - 1], float32, blas);
            wlt[i] = new Dense.W(Dense.transpose(layerW[i], out[i], out[i - 1]), out[i], float32, blas);
            wgt[i] = new Dense.W(Dense.transpose(gateW[i], out[i], out[i - 1]), out[i], float32, blas);
            bl[i] = layerB[i] == null ? new double[out[i]] : layerB[i];
            bg[i] = gateB[i] == null ? new double[out[i]] : gateB[i];
        }
    }

    int outDim() { return out[out.length - 1]; }

    /**
     * What the backward pass of one batch needs, and the output. Only gradients with respect to the
     * inputs are ever taken (never the weights), so the hidden activations themselves are not kept:
     * per hidden layer only the derivative of its activation, per last layer the layer's output and
     * the gate's sigmoid.
     */
    static final class Pass {
        final int rows;
        /** dl[i], dg[i] for hidden layers i: swish'(pre-activation) of each stack, rows × out[i]. */
        final double[][] dl, dg;
        /** The last layer: its activated output, that activation's derivative, the gate's sigmoid. */
        final double[] lastOut, lastGrad, gate;
        final double[] output;

        Pass(int rows, double[][] dl, double[][] dg, double[] lastOut, double[] lastGrad, double[] gate, double[] output) {
            this.rows = rows;
            this.dl = dl;
            this.dg = dg;
            this.lastOut = lastOut;
            this.lastGrad = lastGrad;
            this.gate = gate;
            this.output = output;
        }
    }

    Pass forward(double[] x, int rows, Workspace ws) {
        double[] z0 = ws.doubles(rows * 2 * out[0]);
        Dense.forward(x, rows, in, w0t, 2 * out[0], b0, z0);
        return fromFirst(z0, rows, ws);
    }

    /** Continues from the stacked first-layer pre-activations (rows × 2·out[0], bias included); z0 is overwritten. */
    Pass fromFirst(double[] z0, int rows, Workspace ws) {
        int n = out.length, o0 = out[0];
        double[][] dl = new double[n][], dg = new double[n][];
        double[] zl = ws.doubles(rows * o0), zg = ws.doubles(rows * o0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(z0, r * 2 * o0, zl, r * o0, o0);
            System.arraycopy(z0, r * 2 * o0 + o0, zg, r * o0, o0);
        }
        for (int i = 1; i < n; i++) {
            // zl, zg hold layer i-1's pre-activations: activate in place, keep the derivative
            int len = rows * out[i - 1];
            dl[i - 1] = swishInPlace(zl, len, ws);
            dg[i - 1] = swishInPlace(zg, len, ws);
            double[] nl = ws.doubles(rows * out[i]), ng = ws.doubles(rows * out[i]);
            Dense.forward(zl, rows, out[i - 1], wlt[i], out[i], bl[i], nl);
            Dense.forward(zg, rows, out[i - 1], wgt[i], out[i], bg[i], ng);
            zl = nl;
            zg = ng;
        }
        int len = rows * outDim();
        double[] lastOut = zl, lastGrad = null, gate = zg, y = ws.doubles(len);
        if (activateLast) lastGrad = swishInPlace(zl, len, ws);
        Dense.sigmoidInPlace(gate, len, fast);
        for (int k = 0; k < len; k++) y[k] = lastOut[k] * gate[k];
        return new Pass(rows, dl, dg, lastOut, lastGrad, gate, y);
    }

    /** z[0..len) becomes swish(z); returns swish'(z). */
    private double[] swishInPlace(double[] z, int len, Workspace ws) {
        double[] d = ws.doubles(len);
        Dense.swishInPlace(z, len, d, fast);
        return d;
    }

    /**
     * Gradient with respect to the stacked first-layer pre-activations (rows × 2·out[0]) given the
     * gradient of the output.
     */
    double[] backwardToFirst(Pass p, double[] dy, Workspace ws) {
        int n = out.length, rows = p.rows;
        double[] l = p.lastOut, lg = p.lastGrad, s = p.gate;
        int len = rows * outDim();
        double[] dl = ws.doubles(len), dg = ws.doubles(len);
        if (lg == null) {
            for (int k = 0; k < len; k++) {
                dl[k] = dy[k] * s[k];
                dg[k] = dy[k] * l[k] * s[k] * (1 - s[k]);
            }
        } else {
            for (int k = 0; k < len; k++) {
                dl[k] = dy[k] * s[k] * lg[k];
                dg[k] = dy[k] * l[k] * s[k] * (1 - s[k]);
            }
        }
        for (int i = n - 1; i >= 1; i--) {
            int prev = rows * out[i - 1];
            double[] al = ws.doubles(prev), ag = ws.doubles(prev);
            Dense.backwardScaled(dl, rows, out[i], wl[i], out[i - 1], p.dl[i - 1], al);
            Dense.backwardScaled(dg, rows, out[i], wg[i], out[i - 1], p.dg[i - 1], ag);
            dl = al;
            dg = ag;
        }
        int o0 = out[0];
        double[] dz0 = ws.doubles(rows * 2 * o0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dl, r * o0, dz0, r * 2 * o0, o0);
            System.arraycopy(dg, r * o0, dz0, r * 2 * o0 + o0, o0);
        }
        return dz0;
    }

    /** dx += gradient with respect to the input, from {@link #backwardToFirst}'s result. */
    void firstToInput(double[] dz0, int rows, double[] dx) {
        Dense.backward(dz0, rows, 2 * out[0], w0, in, dx);
    }
}
