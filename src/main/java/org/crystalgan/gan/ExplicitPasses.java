package org.crystalgan.gan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The training passes of the three networks written out by hand: forward, backward and the critic's
 * double backward for the gradient penalty, each layer one BLAS matrix product on a (rows, channels) matrix.
 *
 * <p>Why not SameDiff: the networks are stacks of per-row linear maps (every convolution here has a kernel of
 * width 1 or the full width), so a training step is some forty large matrix products. OpenBLAS runs those at
 * about 150 GFLOPS on one core of this machine, but SameDiff's graph (im2col, broadcast ops and their autodiff,
 * array bookkeeping) spent 0.76 s on a step whose products take about 0.1 s.
 *
 * <p>The gradient penalty needs d/dθ of ‖∂D/∂x̂‖. The critic is piecewise linear (LeakyReLU), so ∂D/∂x̂ is a chain
 * of weight matrices and fixed 0/1-slope masks; its derivative with respect to each weight is one extra pass
 * down that chain ({@link #criticStep}). The same mathematics as the test-code graphs {@code CriticGraph.inputGradient} +
 * {@code CriticGraph.penalty}, {@code GeneratorGraph.build} and {@code ClassifierGraph.build} in training mode;
 * ExplicitPassesTest compares every gradient with SameDiff's autodiff of those graphs.
 *
 * <p>Gradients are returned by parameter name, for {@link Adam#update}. As in the graphs, the biases of layers
 * that feed batch normalisation take no part (they get no gradient).
 */
final class ExplicitPasses {
    private final GanModel model;
    private final DataType dt;
    private final INDArray pool;
    private final INDArray poolT;
    /** Critic input columns per row: 3, or 3 + {@link ContactFeatures#COUNT} (a model exported for generation: 3). */
    private final int width;

    ExplicitPasses(GanModel model) {
        this.model = model;
        this.width = model.critic == null ? 3 : (int) model.critic.params().get("d.c1.W").size(0);
        this.dt = model.generator.dataType;
        this.pool = CriticNet.pooling(dt).dup('c');
        this.poolT = pool.transpose().dup('c');
    }

    /** Batch statistics of one batch-norm layer in training mode (biased variance), for the running statistics. */
    record Stat(String layer, double[] mean, double[] var, int rowsPerStructure) {
    }

    // ------------------------------------------------------------------ small tools

    /**
     * Floating-point operations of the matrix products run so far (2·m·n·k each, column sums included), on every
     * thread: {@code bench} divides them by the time to report the GFLOP/s achieved. Element-wise work is not counted.
     */
    static final java.util.concurrent.atomic.LongAdder FLOPS = new java.util.concurrent.atomic.LongAdder();

    private static INDArray mm(INDArray a, INDArray b, boolean ta, boolean tb) {
        long m = ta ? a.size(1) : a.size(0);
        long n = tb ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), m, n);
        Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
        FLOPS.add(2 * m * n * (ta ? a.size(0) : a.size(1)));
        // BLAS reads raw addresses: a temporary operand must outlive the call (FencedOpExecutioner says why)
        java.lang.ref.Reference.reachabilityFence(a);
        java.lang.ref.Reference.reachabilityFence(b);
        return c;
    }

    private static INDArray mm(INDArray a, INDArray b) {
        return mm(a, b, false, false);
    }

    /** aᵀ·b, the weight gradient of a layer with input a and output gradient b. */
    private static INDArray tm(INDArray a, INDArray b) {
        return mm(a, b, true, false);
    }

    /** a·bᵀ, the input gradient of a layer with weights b and output gradient a. */
    private static INDArray mt(INDArray a, INDArray b) {
        return mm(a, b, false, true);
    }

    /** Rows of ones by length, for column sums; arrays made outside the training workspace, so they persist. */
    private final Map<Long, INDArray> ones = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where weight gradients are computed while the main thread goes on down the network (null: inline). */
    private IterationWorker worker;

    void useWorker(IterationWorker w) {
        this.worker = w;
    }

    private <T> java.util.function.Supplier<T> fork(java.util.concurrent.Callable<T> task) {
        if (worker != null) return worker.fork(task);
        try {
            T v = task.call();
            return () -> v;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Column sums of (n, c) times {@code scale}, as a (c) vector. A matrix–vector product: ND4J's reduction along
     * dimension 0 walks every column with a stride and took ten times as long here.
     */
    private INDArray colSum(INDArray m, double scale) {
        long n = m.size(0);
        INDArray one = ones.get(n);
        if (one == null) {
            try (var ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                one = Nd4j.ones(m.dataType(), 1, n);
            }
            ones.put(n, one);
        }
        INDArray out = Nd4j.createUninitialized(m.dataType(), 1, m.size(1));
        Nd4j.gemm(one, m, out, false, false, scale, 0.0);
        FLOPS.add(2 * n * m.size(1));
        return out.reshape(m.size(1));
    }

    private INDArray colSum(INDArray m) {
        return colSum(m, 1.0);
    }

    /** A block of rows: a view, contiguous in a c-order matrix, that the matrix products read in place. */
    private static INDArray rows(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    private static INDArray cols(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }

    private static INDArray rowVec(INDArray v) {
        return v.reshape(1, v.length());
    }

    /** d ⊙ LeakyReLU'(z) in place, from the critic's activation a = LeakyReLU(z). */
    private static INDArray masked(INDArray d, INDArray a) {
        Fused.mask(d, a, CriticNet.SLOPE);
        return d;
    }

    // ------------------------------------------------------------------ batch normalisation

    /**
     * Batch normalisation of (rows, channels) and its activation: x̂ and 1/σ kept for the backward pass, the
     * activation in {@code act}. In training mode σ and μ are the batch's; in inference mode ({@code eval}) the
     * running ones, an affine map whose backward is one pass.
     */
    private static final class Bn {
        final String name;
        final double[] gamma;
        final boolean eval;
        final double slope;
        INDArray xhat;
        final double[] inv;
        INDArray act;

        Bn(String name, double[] gamma, boolean eval, double slope) {
            this.name = name;
            this.gamma = gamma;
            this.eval = eval;
            this.slope = slope;
            this.inv = new double[gamma.length];
        }
    }

    /**
     * Batch normalisation of u (overwritten with x̂) followed by LeakyReLU with {@code slope} (0: ReLU), in one
     * {@link Fused} pass; the batch statistics go into {@code stats} in training mode.
     */
    private Bn bnForward(NetParams p, String name, INDArray u, double eps, int rowsPer, List<Stat> stats, double slope,
                         boolean eval) {
        Bn bn = new Bn(name, Fused.values(p.params().get(name + ".gamma")), eval, slope);
        double[] beta = Fused.values(p.params().get(name + ".beta"));
        int c = bn.gamma.length;
        double[] mean = new double[c];
        double[] var = new double[c];
        bn.act = Nd4j.createUninitialized(u.dataType(), u.size(0), c);
        if (eval) {
            Fused.bnForward(u, bn.gamma, beta, eps, slope, bn.act, Fused.values(p.buffers().get(name + ".mean")),
                    Fused.values(p.buffers().get(name + ".var")), mean, var, bn.inv);
        } else {
            Fused.bnForward(u, bn.gamma, beta, eps, slope, bn.act, null, null, mean, var, bn.inv);
            stats.add(new Stat(name, mean, var, rowsPer));
        }
        bn.xhat = u;
        return bn;
    }

    /**
     * dx from dLoss/d(activation); γ and β gradients into {@code g} (training mode only: inference mode learns
     * nothing).
     */
    private INDArray bnBackward(Bn bn, INDArray dAct, Map<String, INDArray> g) {
        INDArray dx = Nd4j.createUninitialized(dAct.dataType(), dAct.size(0), dAct.size(1));
        if (bn.eval) {
            Fused.bnBackward(dAct, bn.act, bn.slope, bn.xhat, bn.gamma, bn.inv, dx, null, null);
            return dx;
        }
        double[] dgamma = new double[bn.gamma.length];
        double[] dbeta = new double[bn.gamma.length];
        Fused.bnBackward(dAct, bn.act, bn.slope, bn.xhat, bn.gamma, bn.inv, dx, dgamma, dbeta);
        g.put(bn.name + ".beta", Fused.vector(dbeta, dt));
        g.put(bn.name + ".gamma", Fused.vector(dgamma, dt));
        return dx;
    }

    // ------------------------------------------------------------------ generator

    /** A generator forward in training mode, with what its backward needs. */
    final class GenPass {
        final int bs;
        INDArray in;
        INDArray h1;
        INDArray h1r;
        final INDArray[] act = new INDArray[3];
        final Bn[] bns = new Bn[3];
        INDArray map;
        INDArray pos;
        INDArray cellPre;
        Bn cellBn;
        INDArray cellAct;
        INDArray cell;
        /** (batch, 90): the generated matrices. */
        INDArray fake;
        final List<Stat> stats = new ArrayList<>();

        GenPass(int bs) {
            this.bs = bs;
        }
    }

    GenPass generatorForward(INDArray z, INDArray cond) {
        NetParams p = model.generator;
        Map<String, INDArray> w = p.params();
        int bs = (int) z.size(0);
        GenPass r = new GenPass(bs);
        r.in = Nd4j.concat(1, z, cond).castTo(dt).dup('c');
        r.h1 = Transforms.relu(mm(r.in, w.get("g.l1.W")).addiRowVector(rowVec(w.get("g.l1.b"))), false);
        r.h1r = r.h1.reshape('c', (long) bs * 28, 128);
        INDArray u = mm(r.h1r, w.get("g.map1.W")).reshape('c', (long) bs * 84, 256);
        String[] dense = {null, "g.map2", "g.map3"};
        for (int i = 0; i < 3; i++) {
            if (i > 0) u = mm(r.act[i - 1], w.get(dense[i] + ".W"));
            r.bns[i] = bnForward(p, "g.bn" + (i + 1), u, GeneratorNet.BN_EPS, 84, r.stats, 0, false);
            r.act[i] = r.bns[i].act;
        }
        r.map = mm(r.act[2], w.get("g.map4.W")).addiRowVector(rowVec(w.get("g.map4.b"))).reshape('c', bs, 84);
        r.pos = Transforms.sigmoid(r.map, true);
        r.cellBn = bnForward(p, "g.cellbn", mm(r.map, w.get("g.cell1.W")), 1e-5, 1, r.stats, 0, false);
        r.cellAct = r.cellBn.act;
        r.cell = Transforms.sigmoid(mm(r.cellAct, w.get("g.cell2.W")).addiRowVector(rowVec(w.get("g.cell2.b"))), false);
        r.fake = Nd4j.concat(1, r.cell, r.pos).dup('c');
        return r;
    }

    /** Generator parameter gradients for dLoss/dfake (batch, 90). */
    Map<String, INDArray> generatorBackward(GenPass r, INDArray dFake) {
        Map<String, INDArray> w = model.generator.params();
        Map<String, INDArray> g = new LinkedHashMap<>();
        INDArray dv = cols(dFake, 0, 6).muli(r.cell.mul(r.cell.rsub(1.0)));
        g.put("g.cell2.W", tm(r.cellAct, dv));
        g.put("g.cell2.b", colSum(dv));
        INDArray du = bnBackward(r.cellBn, mt(dv, w.get("g.cell2.W")), g);
        g.put("g.cell1.W", tm(r.map, du));
        INDArray dmap = mt(du, w.get("g.cell1.W"));
        dmap.addi(cols(dFake, 6, 90).muli(r.pos.mul(r.pos.rsub(1.0))));
        INDArray dm = dmap.reshape('c', (long) r.bs * 84, 1);
        // weight gradients go to the worker while this thread goes on down the network
        Map<String, java.util.function.Supplier<INDArray>> later = new LinkedHashMap<>();
        later.put("g.map4.W", fork(() -> tm(r.act[2], dm)));
        g.put("g.map4.b", colSum(dm));
        INDArray da = mt(dm, w.get("g.map4.W"));
        String[] dense = {"g.map1", "g.map2", "g.map3"};
        for (int i = 2; i >= 0; i--) {
            INDArray dui = bnBackward(r.bns[i], da, g);
            if (i > 0) {
                INDArray in = r.act[i - 1];
                later.put(dense[i] + ".W", fork(() -> tm(in, dui)));
                da = mt(dui, w.get(dense[i] + ".W"));
            } else {
                INDArray d1 = dui.reshape('c', (long) r.bs * 28, 768);
                later.put("g.map1.W", fork(() -> tm(r.h1r, d1)));
                da = mt(d1, w.get("g.map1.W")).reshape('c', r.bs, 128L * 28);
            }
        }
        da.muli(Transforms.step(r.h1, true));
        g.put("g.l1.W", tm(r.in, da));
        g.put("g.l1.b", colSum(da));
        later.forEach((k, v) -> g.put(k, v.get()));
        return g;
    }

    // ------------------------------------------------------------------ critic

    private static final String[] CRITIC = {"d.c1", "d.c2", "d.c3", "d.f1", "d.f2", "d.out"};

    /**
     * Critic forward over (n, 30·width) inputs: activations a[0..4] and the 10 outputs. The pre-activations are not
     * kept: the activation is computed in place over them, and LeakyReLU'(z) follows from the sign of a.
     */
    private final class CriticPass {
        final INDArray x;
        final INDArray[] a = new INDArray[5];
        INDArray out;
        INDArray pooled;
        final int n;

        CriticPass(INDArray x) {
            this.x = x;
            this.n = (int) x.size(0);
            Map<String, INDArray> w = model.critic.params();
            INDArray h = x.reshape('c', (long) n * 30, width);
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    pooled = pool(a[2], n);
                    h = pooled;
                }
                INDArray z = mm(h, w.get(CRITIC[i] + ".W"));
                if (i < 5) {
                    Fused.biasLeaky(z, w.get(CRITIC[i] + ".b"), CriticNet.SLOPE);
                    a[i] = z;
                    h = z;
                } else {
                    out = z.addiRowVector(rowVec(w.get(CRITIC[i] + ".b")));
                }
            }
        }
    }

    /** (n·30, 256) → (n, 1280), column c·5 + p: cell rows kept, element rows averaged (CriticNet.pooling). */
    private INDArray pool(INDArray a3, int n) {
        INDArray t = a3.reshape('c', n, 30, 256).permute(0, 2, 1).dup('c').reshape('c', (long) n * 256, 30);
        return mm(t, pool).reshape('c', n, 1280);
    }

    /** The adjoint of {@link #pool}: (n, 1280) → (n·30, 256). */
    private INDArray unpool(INDArray d, int n) {
        INDArray t = mm(d.reshape('c', (long) n * 256, 5), poolT);
        return t.reshape('c', n, 256, 30).permute(0, 2, 1).dup('c').reshape('c', (long) n * 30, 256);
    }

    /**
     * Backward from dOut (n, 10) down the critic, returning the gradient with respect to each pre-activation
     * (dz[0..5]) and the input gradient (n, 30·width) in dz's slot 6. With {@code biasGrads}, the column sums of
     * dz[0..4] over the rows of the first {@code sumStructures} structures go there: the bias gradients.
     */
    private INDArray[] criticBackward(CriticPass f, INDArray dOut, int sumStructures, double[][] biasGrads) {
        Map<String, INDArray> w = model.critic.params();
        int n = (int) dOut.size(0);
        INDArray[] dz = new INDArray[7];
        dz[5] = dOut;
        for (int i = 5; i > 0; i--) {
            INDArray da = mt(dz[i], w.get(CRITIC[i] + ".W"));
            if (i == 3) da = unpool(da, n);
            if (biasGrads == null) {
                Fused.mask(da, f.a[i - 1], CriticNet.SLOPE);
            } else {
                biasGrads[i - 1] = new double[(int) da.size(1)];
                Fused.mask(da, f.a[i - 1], CriticNet.SLOPE, sumStructures * (i - 1 < 3 ? 30 : 1), biasGrads[i - 1]);
            }
            dz[i - 1] = da;
        }
        dz[6] = mt(dz[0], w.get("d.c1.W")).reshape('c', n, 30L * width);
        return dz;
    }

    /** Losses and critic gradients of one critic step. */
    record CriticResult(double dReal, double dFake, double gp, Map<String, INDArray> grads) {
    }

    /**
     * Loss E[D(fake)] − E[D(real)] + λ·E[(‖∂(Σ outputs)/∂x̂‖ − 1)²] with x̂ = ε·real + (1 − ε)·fake (ε per structure,
     * shape (batch)), D the mean of the 10 outputs; gradients with respect to every critic parameter.
     */
    CriticResult criticStep(INDArray real, INDArray fake, double[] eps, double lambda) {
        Map<String, INDArray> w = model.critic.params();
        int bs = (int) real.size(0);
        INDArray e = Nd4j.createFromArray(eps).castTo(dt).reshape(bs, 1);
        INDArray xhat = real.mulColumnVector(e).addi(fake.mulColumnVector(e.rsub(1.0)));
        CriticPass f = new CriticPass(Nd4j.concat(0, real, fake, xhat).dup('c'));
        INDArray scores = f.out.mean(1);
        double dReal = scores.get(NDArrayIndex.interval(0, bs)).meanNumber().doubleValue();
        double dFake = scores.get(NDArrayIndex.interval(bs, 2 * bs)).meanNumber().doubleValue();

        // one backward over all rows: ±1/(10·batch) for real/fake rows (the loss), 1 for x̂ rows (∂(Σ outputs)/∂x̂)
        float[] dOutV = new float[3 * bs * 10];
        for (int i = 0; i < 3 * bs; i++) {
            float v = i < bs ? -1f / (10 * bs) : i < 2 * bs ? 1f / (10 * bs) : 1f;
            for (int k = 0; k < 10; k++) dOutV[i * 10 + k] = v;
        }
        INDArray dOut = Nd4j.createFromArray(dOutV).reshape(3 * bs, 10).castTo(dt);
        double[][] biasGrads = new double[5][];
        INDArray[] dz = criticBackward(f, dOut, 2 * bs, biasGrads);

        // the penalty: its gradient with respect to ∂D/∂x̂ ...
        INDArray gx = rows(dz[6], 2L * bs, 3L * bs);
        INDArray norm = Transforms.sqrt(gx.mul(gx).sum(1).addi(1e-12), false);
        INDArray nm1 = norm.sub(1.0);
        double gp = lambda * nm1.mul(nm1).meanNumber().doubleValue();
        INDArray G = gx.mulColumnVector(nm1.div(norm).muli(2 * lambda / bs).reshape(bs, 1)).reshape('c', (long) bs * 30, width);

        // ... then down the input-gradient chain δ0 → δ5 with the masks of the x̂ rows held fixed
        INDArray[] delta = new INDArray[6];
        INDArray[] ah = new INDArray[5];
        for (int i = 0; i < 5; i++) {
            long per = i < 3 ? 30 : 1;
            delta[i] = rows(dz[i], 2L * bs * per, 3L * bs * per);
            ah[i] = rows(f.a[i], 2L * bs * per, 3L * bs * per);
        }
        // loss part: inputs of each layer over the real and fake rows, times their output gradients; these
        // products go to the worker while this thread walks the penalty chain
        Map<String, java.util.function.Supplier<INDArray>> part = new LinkedHashMap<>();
        INDArray[] inputs = {f.x.reshape('c', 3L * bs * 30, width), f.a[0], f.a[1], f.pooled, f.a[3], f.a[4]};
        for (int i = 0; i < 6; i++) {
            long per = i < 3 ? 30 : 1;
            INDArray in = rows(inputs[i], 0, 2L * bs * per);
            INDArray d = rows(dz[i], 0, 2L * bs * per);
            part.put(CRITIC[i] + ".W", fork(() -> tm(in, d)));
            INDArray bias = i < 5 ? Fused.vector(biasGrads[i], dt) : colSum(d);
            part.put(CRITIC[i] + ".b", () -> bias);
        }
        // penalty part: E_i = ∂GP/∂δ_i, dW_i += E_{i-1}ᵀ·δ_i (masked)
        List<java.util.function.Supplier<INDArray>> pen = new ArrayList<>();
        INDArray e0 = G;
        pen.add(fork(() -> tm(e0, delta[0])));
        INDArray e1 = masked(mm(e0, w.get("d.c1.W")), ah[0]);
        pen.add(fork(() -> tm(e1, delta[1])));
        INDArray e2 = masked(mm(e1, w.get("d.c2.W")), ah[1]);
        pen.add(fork(() -> tm(e2, delta[2])));
        INDArray e3 = pool(masked(mm(e2, w.get("d.c3.W")), ah[2]), bs);
        pen.add(fork(() -> tm(e3, delta[3])));
        INDArray e4 = masked(mm(e3, w.get("d.f1.W")), ah[3]);
        pen.add(fork(() -> tm(e4, delta[4])));
        INDArray e5 = masked(mm(e4, w.get("d.f2.W")), ah[4]);
        // δ5 = rowsum(W_out) ⊙ mask: every column of W_out gets Σ_b E5
        INDArray outCols = colSum(e5).reshape(200, 1);
        Map<String, INDArray> g = new LinkedHashMap<>();
        for (Map.Entry<String, java.util.function.Supplier<INDArray>> en : part.entrySet()) g.put(en.getKey(), en.getValue().get());
        for (int i = 0; i < 5; i++) g.get(CRITIC[i] + ".W").addi(pen.get(i).get());
        g.get("d.out.W").addiColumnVector(outCols);
        return new CriticResult(dReal, dFake, gp, g);
    }

    /** −mean D(fake) and its gradient with respect to the generated matrices (critic weights held fixed). */
    INDArray[] adversarial(INDArray fake) {
        int bs = (int) fake.size(0);
        CriticPass f = new CriticPass(fake);
        double adv = -f.out.mean(1).meanNumber().doubleValue();
        INDArray dOut = Nd4j.valueArrayOf(new long[] {bs, 10}, -1.0 / (10.0 * bs), dt);
        INDArray[] dz = criticBackward(f, dOut, 0, null);
        return new INDArray[] {Nd4j.scalar(adv), dz[6]};
    }

    // ------------------------------------------------------------------ classifier

    private static final String[][] TOWER = {{".c1", ".bn1"}, {".c2", ".bn2"}, {".c3", ".bn3"}};
    private static final String[][] HEAD = {{".h1", ".hbn1"}, {".h2", ".hbn2"}};
    private static final String[][] CELL = {{"q.cell.c1", "q.cell.bn1"}, {"q.cell.c2", "q.cell.bn2"},
                                            {"q.cell.h1", "q.cell.hbn1"}, {"q.cell.h2", "q.cell.hbn2"}};

    /** One dense → batch norm → LeakyReLU block, kept for backward. */
    private record Block(String dense, INDArray in, Bn bn) {
    }

    /** A classifier forward in training mode, or in inference mode ({@code eval}: input gradients only). */
    final class ClsPass {
        final int bs;
        final boolean eval;
        final Block[][] tower = new Block[3][3];
        final INDArray[] towerOut = new INDArray[3];
        final INDArray[] rowLogits = new INDArray[3];
        final Block[][] head = new Block[3][2];
        final INDArray[] headOut = new INDArray[3];
        final INDArray[] countLogits = new INDArray[3];
        final Block[] cell = new Block[4];
        INDArray cellOut;
        INDArray natoms;
        final List<Stat> stats = new ArrayList<>();

        ClsPass(int bs, boolean eval) {
            this.bs = bs;
            this.eval = eval;
        }
    }

    private Block block(String dense, String bn, INDArray in, double slope, int rowsPer, List<Stat> stats, boolean eval) {
        NetParams p = model.classifier;
        Bn b = bnForward(p, bn, mm(in, p.params().get(dense + ".W")), ClassifierNet.BN_EPS, rowsPer, stats, slope, eval);
        return new Block(dense, in, b);
    }

    private static INDArray act(Block b) {
        return b.bn.act;
    }

    /** dLoss/d(block input) from dLoss/d(block output); weight, γ and β gradients into g. */
    private INDArray blockBackward(Block b, INDArray dOut, Map<String, INDArray> g, boolean needInput) {
        INDArray du = bnBackward(b.bn, dOut, g);
        if (!b.bn.eval) g.put(b.dense + ".W", tm(b.in, du));
        return needInput ? mt(du, model.classifier.params().get(b.dense + ".W")) : null;
    }

    ClsPass classifierForward(INDArray x) {
        return classifierForward(x, false);
    }

    ClsPass classifierForward(INDArray x, boolean eval) {
        Map<String, INDArray> w = model.classifier.params();
        int bs = (int) x.size(0);
        ClsPass r = new ClsPass(bs, eval);
        for (int e = 0; e < 3; e++) {
            String t = "q." + ClassifierNet.ELEMENTS[e];
            int first = ClassifierNet.FIRST_ROW[e];
            int n = ClassifierNet.ROWS[e];
            INDArray h = cols(x, 3L * first, 3L * (first + n)).reshape('c', (long) bs * n, 3);
            for (int i = 0; i < 3; i++) {
                r.tower[e][i] = block(t + TOWER[i][0], t + TOWER[i][1], h, ClassifierNet.SLOPE, n, r.stats, eval);
                h = act(r.tower[e][i]);
            }
            r.towerOut[e] = h;
            r.rowLogits[e] = mm(h, w.get(t + ".c4.W")).addiRowVector(rowVec(w.get(t + ".c4.b")));
            INDArray f = r.rowLogits[e].reshape('c', bs, 2L * n);
            for (int i = 0; i < 2; i++) {
                r.head[e][i] = block(t + HEAD[i][0], t + HEAD[i][1], f, ClassifierNet.SLOPE, 1, r.stats, eval);
                f = act(r.head[e][i]);
            }
            r.headOut[e] = f;
            r.countLogits[e] = mm(f, w.get(t + ".h3.W")).addiRowVector(rowVec(w.get(t + ".h3.b")));
        }
        INDArray c = cols(x, 0, 6).reshape('c', (long) bs * 2, 3);
        for (int i = 0; i < 4; i++) {
            if (i == 2) c = c.reshape('c', bs, 128);
            r.cell[i] = block(CELL[i][0], CELL[i][1], c, i == 3 ? 0.01 : ClassifierNet.SLOPE, i < 2 ? 2 : 1, r.stats, eval);
            c = act(r.cell[i]);
        }
        r.cellOut = c;
        r.natoms = Transforms.sigmoid(mm(c, w.get("q.cell.h3.W")).addiRowVector(rowVec(w.get("q.cell.h3.b"))), false);
        return r;
    }

    /**
     * Classifier gradients for the given output gradients (dRows may be null: no row loss), and the input gradient
     * (batch, 90) when {@code needInput}, else null, in the returned array's second slot. After an inference-mode
     * forward the parameter gradients are left out (the map is empty).
     */
    Object[] classifierBackward(ClsPass r, INDArray[] dRows, INDArray[] dCounts, INDArray dNatoms, boolean needInput) {
        Map<String, INDArray> w = model.classifier.params();
        Map<String, INDArray> g = new LinkedHashMap<>();
        int bs = r.bs;
        INDArray dx = needInput ? Nd4j.zeros(dt, bs, 90) : null;
        for (int e = 0; e < 3; e++) {
            String t = "q." + ClassifierNet.ELEMENTS[e];
            int n = ClassifierNet.ROWS[e];
            int first = ClassifierNet.FIRST_ROW[e];
            INDArray dc = dCounts[e];
            if (!r.eval) {
                g.put(t + ".h3.W", tm(r.headOut[e], dc));
                g.put(t + ".h3.b", colSum(dc));
            }
            INDArray d = mt(dc, w.get(t + ".h3.W"));
            for (int i = 1; i >= 0; i--) d = blockBackward(r.head[e][i], d, g, true);
            INDArray dr = d.reshape('c', (long) bs * n, 2);
            if (dRows != null) dr = dr.add(dRows[e]);
            if (!r.eval) {
                g.put(t + ".c4.W", tm(r.towerOut[e], dr));
                g.put(t + ".c4.b", colSum(dr));
            }
            d = mt(dr, w.get(t + ".c4.W"));
            for (int i = 2; i >= 0; i--) d = blockBackward(r.tower[e][i], d, g, i > 0 || needInput);
            if (needInput) {
                dx.get(NDArrayIndex.all(), NDArrayIndex.interval(3L * first, 3L * (first + n))).assign(d.reshape('c', bs, 3L * n));
            }
        }
        INDArray dv = dNatoms.mul(r.natoms.mul(r.natoms.rsub(1.0)));
        if (!r.eval) {
            g.put("q.cell.h3.W", tm(r.cellOut, dv));
            g.put("q.cell.h3.b", colSum(dv));
        }
        INDArray d = mt(dv, w.get("q.cell.h3.W"));
        for (int i = 3; i >= 0; i--) {
            d = blockBackward(r.cell[i], d, g, i > 0 || needInput);
            if (i == 2) d = d.reshape('c', (long) bs * 2, 64);
        }
        if (needInput) dx.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6)).assign(d.reshape('c', bs, 6));
        return new Object[] {g, dx};
    }

    /**
     * Mean softmax cross entropy of logits (n, k) against class indices; its gradient (scaled by {@code weight})
     * goes into dOut[0].
     */
    static double crossEntropy(INDArray logits, int[] labels, double weight, INDArray[] dOut) {
        int n = (int) logits.size(0);
        int k = (int) logits.size(1);
        double[] v = FencedOpExecutioner.toDoubles(logits);
        double[] d = new double[n * k];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, v[i * k + j]);
            double s = 0;
            for (int j = 0; j < k; j++) s += Math.exp(v[i * k + j] - max);
            double lse = max + Math.log(s);
            loss += lse - v[i * k + labels[i]];
            for (int j = 0; j < k; j++) {
                double p = Math.exp(v[i * k + j] - lse);
                d[i * k + j] = weight * (p - (j == labels[i] ? 1 : 0)) / n;
            }
        }
        dOut[0] = Nd4j.createFromArray(d).reshape(n, k).castTo(logits.dataType());
        return loss / n;
    }

    /** Mean squared error of (n, 1) predictions; gradient scaled by {@code weight} into dOut[0]. */
    static double meanSquare(INDArray pred, float[] target, double weight, INDArray[] dOut) {
        double[] p = FencedOpExecutioner.toDoubles(pred);
        double[] d = new double[p.length];
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            double diff = p[i] - target[i];
            loss += diff * diff;
            d[i] = weight * 2 * diff / p.length;
        }
        dOut[0] = Nd4j.createFromArray(d).reshape(p.length, 1).castTo(pred.dataType());
        return loss / p.length;
    }

    /** PyTorch's running statistics: momentum 0.1, unbiased variance. */
    static void updateRunning(NetParams net, List<Stat> stats, int bs) {
        for (Stat s : stats) {
            long m = (long) bs * s.rowsPerStructure();
            Fused.running(net.buffers().get(s.layer() + ".mean"), net.buffers().get(s.layer() + ".var"), s.mean(), s.var(), m);
        }
    }
}
