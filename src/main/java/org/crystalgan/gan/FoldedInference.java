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
     * Structures per chunk of the generator's per-row layers map2 to map4 (84 rows of 256 and 512 columns per
     * structure) and of the classifier's per-atom layers. The whole batch's activations were 22-44 MB per layer at
     * batch 256, written by one product and read back from memory by the bias, the activation and the next product;
     * a chunk's (2.8 MB at most) stays in the cache from one layer to the next. Measured (one thread, old and new
     * build alternating in one process, 30 batches of 256): the classifier's three calls 15 % faster, chunked with
     * {@link Fused#biasLeaky} (ND4J's add and leakyRelu on the same chunks: no gain); the generator no faster, its
     * products run at OpenBLAS's speed either way (its bias and relu stay ND4J ops: {@code Fused}'s loop was twice as
     * slow as ND4J's relu here), but its work arrays shrink from 66 MB to 4 MB per sampler thread.
     *
     * <p>The chunking changes no number, because every chunk starts at a multiple of 96 rows of the whole-batch
     * product: OpenBLAS computes a matrix product in tiles of a few rows (12 on this Zen 3 with the bundled 0.3.19;
     * other kernels use 4 to 32), and a row's sum came out differently in a tile at the end of the matrix (measured:
     * classifier chunks of 5 structures, 40 rows, changed logits in the last bits; chunks of 12-row multiples never did).
     * 96 rows is a multiple of every such tile height; 16 generator structures are 1,344 rows (14 × 96), 96 classifier
     * structures 768 or 1,152. l1 and map1 (1 and 28 rows per structure) stay whole-batch products, as before.
     * {@code FoldedInferenceTest} checks it bit for bit.
     */
    static final int GENERATOR_CHUNK = 16;
    static final int CLASSIFIER_CHUNK = 96;

    private int genChunk = GENERATOR_CHUNK;
    private int clsChunk = CLASSIFIER_CHUNK;

    /**
     * Other chunk sizes (structures), for the tests that show the results do not depend on them: multiples of 96
     * rows (generator: of 8 structures; classifier: of 12), or the results may differ in the last bits.
     */
    FoldedInference chunks(int generator, int classifier) {
        if (generator < 1 || classifier < 1) throw new IllegalArgumentException("chunks must hold at least one structure");
        genChunk = generator;
        clsChunk = classifier;
        bufRows = -1;
        return this;
    }

    /**
     * Work arrays for one batch size, reused from call to call: a fresh 40 MB activation per layer and batch cost
     * as much in page faults and zeroing as its matrix product (native memory is returned to the OS between GCs).
     * The views of each chunk are made here once: an ND4J view costs tens of microseconds.
     */
    private long bufRows = -1;
    private INDArray in, a1, a2, mapBuf, c1, c2, out;
    /** Per generator chunk: map2's input rows (rows·84 × 256, of a2), the outputs of map2, map3 and map4. */
    private INDArray[][] gen;
    /** Per element: the classifier's input (bs·rows, 3), per-atom output (bs·rows, 2) and the head's three outputs. */
    private final INDArray[][] q = new INDArray[3][];
    /** Per element and chunk: input rows, the three hidden layers' outputs, the per-atom output rows. */
    private final INDArray[][][] qc = new INDArray[3][][];

    private void buffers(long bs) {
        if (bs == bufRows) return;
        in = Nd4j.create(dt, bs, GeneratorNet.NOISE + GeneratorNet.CONDITION);
        a1 = Nd4j.create(dt, bs, 128 * 28);
        mapBuf = Nd4j.create(dt, bs * 84, 1);
        c1 = Nd4j.create(dt, bs, 30);
        c2 = Nd4j.create(dt, bs, 6);
        out = Nd4j.create(dt, bs, 90);
        a2 = Nd4j.create(dt, bs * 28, 256 * 3);
        long g = Math.min(genChunk, bs);
        INDArray a3 = Nd4j.create(dt, g * 84, 512);
        INDArray a4 = Nd4j.create(dt, g * 84, 256);
        int chunks = (int) ((bs + g - 1) / g);
        gen = new INDArray[chunks][];
        for (int k = 0; k < chunks; k++) {
            long s0 = k * g;
            long m = Math.min(g, bs - s0);
            gen[k] = new INDArray[] {rows(a2, s0 * 28, (s0 + m) * 28).reshape(m * 84, 256), rows(a3, 0, m * 84),
                    rows(a4, 0, m * 84), rows(mapBuf, s0 * 84, (s0 + m) * 84)};
        }
        long c = Math.min(clsChunk, bs);
        int maxRows = 0;
        for (int r : ClassifierNet.ROWS) maxRows = Math.max(maxRows, r);
        INDArray h1 = Nd4j.create(dt, c * maxRows, 512);
        INDArray h2 = Nd4j.create(dt, c * maxRows, 256);
        INDArray h3 = Nd4j.create(dt, c * maxRows, 256);
        int cChunks = (int) ((bs + c - 1) / c);
        for (int e = 0; e < 3; e++) {
            long r = ClassifierNet.ROWS[e];
            q[e] = new INDArray[] {Nd4j.create(dt, bs * r, 3), Nd4j.create(dt, bs * r, 2), Nd4j.create(dt, bs, 300),
                    Nd4j.create(dt, bs, 100), Nd4j.create(dt, bs, r)};
            qc[e] = new INDArray[cChunks][];
            for (int k = 0; k < cChunks; k++) {
                long s0 = k * c;
                long m = Math.min(c, bs - s0);
                qc[e][k] = new INDArray[] {rows(q[e][0], s0 * r, (s0 + m) * r), rows(h1, 0, m * r), rows(h2, 0, m * r),
                        rows(h3, 0, m * r), rows(q[e][1], s0 * r, (s0 + m) * r)};
            }
        }
        bufRows = bs;
    }

    /** Rows [from, to) of a c-order matrix, as a view. */
    private static INDArray rows(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** y = x·W + b into the work array y. */
    private static INDArray affine(INDArray x, INDArray w, INDArray b, INDArray y) {
        product(x, w, y);
        return y.addiRowVector(b);
    }

    /** y = x·W into the work array y. */
    private static void product(INDArray x, INDArray w, INDArray y) {
        // Nd4j.gemm straight into y: INDArray.mmul(w, y) ran at a fifth of BLAS speed here
        Nd4j.gemm(x, w, y, false, false, 1.0, 0.0);
        java.lang.ref.Reference.reachabilityFence(x); // a temporary view must outlive the BLAS call
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
        for (INDArray[] k : gen) {
            Transforms.relu(affine(k[0], gW[1], gB[1], k[1]), false);
            Transforms.relu(affine(k[1], gW[2], gB[2], k[2]), false);
            product(k[2], m4W, k[3]);
        }
        INDArray map = mapBuf.addiRowVector(m4b).reshape(bs, 84);
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
        b[0].reshape(bs, 3L * rows).assign(x.get(NDArrayIndex.all(), NDArrayIndex.interval(3L * first, 3L * (first + rows))));
        for (INDArray[] k : qc[e]) {
            for (int i = 0; i < 3; i++) {
                product(k[i], qW[e][i], k[i + 1]);
                Fused.biasLeaky(k[i + 1], qB[e][i], ClassifierNet.SLOPE);
            }
            product(k[3], qW[e][3], k[4]);
        }
        INDArray h = b[1].addiRowVector(qB[e][3]).reshape(bs, 2L * rows);
        for (int i = 4; i < 6; i++) {
            product(h, qW[e][i], b[i - 2]);
            Fused.biasLeaky(b[i - 2], qB[e][i], ClassifierNet.SLOPE);
            h = b[i - 2];
        }
        return affine(h, qW[e][6], qB[e][6], b[4]);
    }

    DataType dataType() {
        return dt;
    }
}
