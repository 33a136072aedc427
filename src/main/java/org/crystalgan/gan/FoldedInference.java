package org.crystalgan.gan;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Generator and classifier forward passes in inference mode, written as plain ND4J matrix products with each
 * batch normalisation folded into the linear layer before it: with running statistics BN is the affine map
 * x ↦ (x − μ)·γ/√(σ² + ε) + β, so W·s column-wise and bias β − μ·s give the same function with one matrix product
 * and one bias addition per layer (the SameDiff graph spent three broadcast passes per BN layer and its own
 * per-op overhead). The same mathematics as the test-code graphs {@code GeneratorGraph.build} and {@code ClassifierGraph.build} with
 * {@code train = false}; only the classifier parts that generation reads (count logits) are computed.
 * Folding is done in float64 once per model, then cast to the parameters' type.
 */
final class FoldedInference {
    private final DataType dt;
    private final INDArray l1W, l1b;
    private final INDArray[] gW = new INDArray[3], gB = new INDArray[3];
    private final INDArray m4W, m4b, c1W, c1b, c2W, c2b;
    private final INDArray[][] qW = new INDArray[3][], qB = new INDArray[3][];

    /** The generator's last layer, or null. */
    private final SeparationLayer separation;

    FoldedInference(GanModel m) {
        this(m, null);
    }

    /** With the generator's {@link SeparationLayer} ({@code separation}; null: none) applied to every generated batch. */
    FoldedInference(GanModel m, SeparationLayer separation) {
        this.separation = separation;
        Map<String, INDArray> g = m.generator.all();
        dt = g.get("g.l1.W").dataType();
        l1W = g.get("g.l1.W");
        l1b = row(g.get("g.l1.b"));
        // ConvTranspose columns are ordered (k, out-channel): the per-channel BN scale repeats for each of the 3 k
        INDArray[] f = fold(g, "g.map1", "g.bn1", GeneratorNet.BN_EPS, 3);
        gW[0] = f[0];
        gB[0] = f[1];
        f = fold(g, "g.map2", "g.bn2", GeneratorNet.BN_EPS, 1);
        gW[1] = f[0];
        gB[1] = f[1];
        f = fold(g, "g.map3", "g.bn3", GeneratorNet.BN_EPS, 1);
        gW[2] = f[0];
        gB[2] = f[1];
        m4W = g.get("g.map4.W");
        m4b = row(g.get("g.map4.b"));
        f = fold(g, "g.cell1", "g.cellbn", 1e-5, 1);
        c1W = f[0];
        c1b = f[1];
        c2W = g.get("g.cell2.W");
        c2b = row(g.get("g.cell2.b"));
        Map<String, INDArray> q = m.classifier.all();
        for (int e = 0; e < 3; e++) {
            String t = "q." + ClassifierNet.ELEMENTS[e];
            String[][] layers = {{".c1", ".bn1"}, {".c2", ".bn2"}, {".c3", ".bn3"}, {".c4", null},
                                 {".h1", ".hbn1"}, {".h2", ".hbn2"}, {".h3", null}};
            qW[e] = new INDArray[layers.length];
            qB[e] = new INDArray[layers.length];
            for (int i = 0; i < layers.length; i++) {
                if (layers[i][1] == null) {
                    qW[e][i] = q.get(t + layers[i][0] + ".W");
                    qB[e][i] = row(q.get(t + layers[i][0] + ".b"));
                } else {
                    f = fold(q, t + layers[i][0], t + layers[i][1], ClassifierNet.BN_EPS, 1);
                    qW[e][i] = f[0];
                    qB[e][i] = f[1];
                }
            }
        }
    }

    private INDArray row(INDArray b) {
        return b.reshape(1, b.length());
    }

    /**
     * W·diag(s) and β − μ·s with s = γ/√(σ² + ε). The dense layer's own bias is left out, as
     * the graphs' {@code Layers.denseBeforeNorm} leaves it out of the graph (it stays 0).
     */
    private INDArray[] fold(Map<String, INDArray> p, String dense, String bn, double eps, int repeat) {
        INDArray gamma = p.get(bn + ".gamma").castTo(DataType.DOUBLE);
        INDArray beta = p.get(bn + ".beta").castTo(DataType.DOUBLE);
        INDArray mean = p.get(bn + ".mean").castTo(DataType.DOUBLE);
        INDArray s = gamma.div(Transforms.sqrt(p.get(bn + ".var").castTo(DataType.DOUBLE).add(eps), false));
        INDArray b = beta.sub(mean.mul(s));
        if (repeat > 1) {
            s = Nd4j.tile(s, repeat);
            b = Nd4j.tile(b, repeat);
        }
        INDArray w = p.get(dense + ".W").castTo(DataType.DOUBLE).mulRowVector(s.reshape(1, s.length()));
        return new INDArray[] {w.castTo(dt).dup('c'), b.reshape(1, b.length()).castTo(dt).dup('c')};
    }

    /**
     * Work arrays for one batch size, reused from call to call: a fresh 40 MB activation per layer and batch cost
     * as much in page faults and zeroing as its matrix product (native memory is returned to the OS between GCs).
     */
    private long bufRows = -1;
    private INDArray in, a1, a2, a3, a4, mapBuf, c1, c2, out;
    private final INDArray[][] q = new INDArray[3][];

    private void buffers(long bs) {
        if (bs == bufRows) return;
        in = Nd4j.create(dt, bs, GeneratorNet.NOISE + GeneratorNet.CONDITION);
        a1 = Nd4j.create(dt, bs, 128 * 28);
        a2 = Nd4j.create(dt, bs * 28, 256 * 3);
        a3 = Nd4j.create(dt, bs * 84, 512);
        a4 = Nd4j.create(dt, bs * 84, 256);
        mapBuf = Nd4j.create(dt, bs * 84, 1);
        c1 = Nd4j.create(dt, bs, 30);
        c2 = Nd4j.create(dt, bs, 6);
        out = Nd4j.create(dt, bs, 90);
        for (int e = 0; e < 3; e++) {
            long r = bs * ClassifierNet.ROWS[e];
            q[e] = new INDArray[] {Nd4j.create(dt, r, 3), Nd4j.create(dt, r, 512), Nd4j.create(dt, r, 256),
                    Nd4j.create(dt, r, 256), Nd4j.create(dt, r, 2), Nd4j.create(dt, bs, 300), Nd4j.create(dt, bs, 100),
                    Nd4j.create(dt, bs, ClassifierNet.ROWS[e])};
        }
        bufRows = bs;
    }

    /** y = x·W + b into the work array y. */
    private static INDArray affine(INDArray x, INDArray w, INDArray b, INDArray y) {
        // Nd4j.gemm straight into y: INDArray.mmul(w, y) ran at a fifth of BLAS speed here
        Nd4j.gemm(x, w, y, false, false, 1.0, 0.0);
        java.lang.ref.Reference.reachabilityFence(x); // a temporary view must outlive the BLAS call
        return y.addiRowVector(b);
    }

    /**
     * (batch, 90) generated matrices, rows (cell 2 + 28 atoms) × 3, row-major: the "fake" output of the graph.
     * The result is a work array that the next call overwrites; not for concurrent use.
     */
    INDArray generate(INDArray z, INDArray cond) {
        long bs = z.size(0);
        buffers(bs);
        in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, GeneratorNet.NOISE)).assign(z);
        in.get(NDArrayIndex.all(), NDArrayIndex.interval(GeneratorNet.NOISE, GeneratorNet.NOISE + GeneratorNet.CONDITION)).assign(cond);
        Transforms.relu(affine(in, l1W, l1b, a1), false);
        Transforms.relu(affine(a1.reshape(bs * 28, 128), gW[0], gB[0], a2), false);
        Transforms.relu(affine(a2.reshape(bs * 84, 256), gW[1], gB[1], a3), false);
        Transforms.relu(affine(a3, gW[2], gB[2], a4), false);
        INDArray map = affine(a4, m4W, m4b, mapBuf).reshape(bs, 84);
        Transforms.relu(affine(map, c1W, c1b, c1), false);
        INDArray cell = affine(c1, c2W, c2b, c2);
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6)).assign(cell);
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(6, 90)).assign(map);
        Transforms.sigmoid(out, false);
        if (separation != null) {
            separation.apply(out);
        }
        return out;
    }

    /**
     * Classifier count logits (batch, rows) of element {@code e} for (batch, 90) matrices. The result is a work
     * array that the next call overwrites; not for concurrent use.
     */
    INDArray countLogits(INDArray x, int e) {
        long bs = x.size(0);
        buffers(bs);
        int first = ClassifierNet.FIRST_ROW[e];
        int rows = ClassifierNet.ROWS[e];
        INDArray[] b = q[e];
        INDArray h = b[0];
        h.reshape(bs, 3L * rows).assign(x.get(NDArrayIndex.all(), NDArrayIndex.interval(3L * first, 3L * (first + rows))));
        for (int i = 0; i < 3; i++) h = productBiasLeaky(h, qW[e][i], qB[e][i], b[i + 1]);
        h = affine(h, qW[e][3], qB[e][3], b[4]).reshape(bs, 2L * rows);
        for (int i = 4; i < 6; i++) h = productBiasLeaky(h, qW[e][i], qB[e][i], b[i + 1]);
        return affine(h, qW[e][6], qB[e][6], b[7]);
    }

    /**
     * LeakyReLU(x·W + b) into y, the bias and the activation in one pass ({@link Fused#biasLeaky}, the same roundings
     * as ND4J's two ops): the classifier's three calls per batch took 10-15 % less time than with ND4J's add and
     * leakyRelu (issue 21's generation profile, docs/BENCHMARKS.md). The generator keeps ND4J's add and relu, which
     * ran twice as fast as {@code Fused}'s loop on its arrays. Running the per-row layers in cache-sized chunks of
     * structures was measured too and dropped: no faster on one thread, 10 % slower in {@code bench}'s two threads.
     */
    private static INDArray productBiasLeaky(INDArray x, INDArray w, INDArray b, INDArray y) {
        Nd4j.gemm(x, w, y, false, false, 1.0, 0.0);
        java.lang.ref.Reference.reachabilityFence(x);
        Fused.biasLeaky(y, b, ClassifierNet.SLOPE);
        return y;
    }

    DataType dataType() {
        return dt;
    }
}
