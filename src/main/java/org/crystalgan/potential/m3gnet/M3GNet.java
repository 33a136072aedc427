package org.crystalgan.potential.m3gnet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.PeriodicNeighbors;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;

/**
 * The M3GNet interatomic potential (Chen and Ong, Nature Computational Science 2, 718 (2022)) as the
 * matgl project computes it (matgl's {@code models/_m3gnet.py} and {@code apps/_pes*.py}, BSD-3-Clause):
 * energy from the published weights, forces and stress from a hand-written reverse pass through every
 * layer. The dense products run in float32 by default, as matgl's do, everything else in float64;
 * a float64 mode serves the finite-difference tests.
 *
 * <p>Forward pass: a graph of all pairs within {@code cutoff} (periodic images included), bond
 * distances expanded in spherical Bessel functions, atoms embedded by element; then {@code nblocks}
 * times (a) a three-body update of each bond i→k from all other bonds i→j within
 * {@code threebody_cutoff}: Σ_j sbf(r_ij)·Y_l(cos θ_kij)·σ(W·v_j)·fc(r_ik)·fc(r_ij), through a gated
 * layer; (b) a gated-MLP edge update from [v_i, v_j, e_ij] weighted by a linear map of the bond
 * basis; (c) the same for the nodes, summed over incoming bonds. A gated MLP gives per-atom energies;
 * the total is data_std·Σ + data_mean + Σ element reference energies.
 *
 * <p>Backward pass: dE/d(bond vector) for every bond, through all of the above; then
 * F_i = -dE/dx_i and the stress (1/V) Σ_bonds r_a dE/dr_b (ASE's sign, as matgl reports it).
 *
 * <p>Thread-safe: the weights are immutable, and each thread evaluates in work arrays of its own
 * ({@link Workspace}), reused from one evaluation to the next.
 */
public final class M3GNet implements Potential {
    /** Atoms closer than this (Å) are refused: the model was never trained there and its energy is meaningless. */
    public static final double MIN_DISTANCE = 0.5;
    /** Cells with more volume per atom than this (Å³) are refused as absurd. */
    public static final double MAX_VOLUME_PER_ATOM = 1e6;

    private final M3GNetWeights.Config config;
    private final Map<String, Integer> typeOf = new HashMap<>();
    private final int dim;          // node = edge feature width
    private final int nRbf;         // bond basis width (maxN·maxL, or maxN when smooth)
    private final int nBasis;       // three-body basis width maxN·maxL
    private final Bases.Radial radial;
    private final double[] nodeEmbedding;   // types × dim
    private final Dense.W edgeEmbT;         // (nRbf, dim)
    private final double[] edgeEmbB;        // (dim)
    private final Dense.W edgeEmbW;         // (dim, nRbf)
    /** Whether the dense products run in float32 (matgl's precision, the default) or float64. */
    private final boolean float32;
    /** Whether the float32 products go through OpenBLAS ({@link Blas}) rather than the Java kernels of {@link Dense}. */
    private final boolean blas;
    private final Block[] blocks;
    private final GatedMlp readout;
    private final double dataMean, dataStd;
    private final double[] elementRef;
    private final Workspace.PerThread workspaces = new Workspace.PerThread();

    /** One three-body interaction and one graph convolution. */
    private static final class Block {
        Dense.W atomW, atomWt;          // (nBasis, dim) and its transpose
        double[] atomB;
        GatedMlp bond;                  // nBasis -> dim, no bias
        Conv edge, node;
    }

    /** A gated MLP over [v_src, v_dst, e] (split so the atom parts are projected once per atom) times a linear map of the bond basis. */
    private static final class Conv {
        GatedMlp mlp;
        int width;                       // 2·first hidden width (layer and gate stacked)
        Dense.W wSrc, wDst, wEdge;       // (width, dim) column blocks of the first layer
        Dense.W wSrcT, wDstT, wEdgeT;    // (dim, width)
        Dense.W rbfW, rbfWt;             // (dim, nRbf), (nRbf, dim)
    }

    /** The potential of a loaded model folder (see {@link M3GNetModelFiles#load}). */
    public M3GNet(M3GNetModelData model) { this(model, true); }

    /**
     * The potential of a loaded model folder; {@code float32} false runs every dense product in float64
     * (about twice as slow; energies differ from the float32 default by far less than 0.01 meV/atom,
     * but only float64 makes forces agree with finite differences of the energy to 1e-5 eV/Å).
     */
    public M3GNet(M3GNetModelData model, boolean float32) { this(model, float32, Blas.available()); }

    /** {@code blas} false keeps float32 products in the Java kernels (the tests compare both; ignored in float64). */
    M3GNet(M3GNetModelData model, boolean float32, boolean blas) {
        this(config(model), float32, blas, new M3GNetWeights.Source() {
            @Override
            public int[] shape(String key) {
                org.crystalgan.potential.torch.Tensor t = model.tensors().get(key);
                return t == null ? null : t.shape();
            }

            @Override
            public float[] values(String key) { return model.tensor(key).values(); }
        });
    }

    /** The bundled M3GNet-MP-2021.2.8-PES model. */
    public static M3GNet bundled() { return new M3GNet(M3GNetModelFiles.bundled()); }

    /** The bundled model with float64 products (see {@link #M3GNet(M3GNetModelData, boolean)}). */
    public static M3GNet bundledFloat64() { return new M3GNet(M3GNetModelFiles.bundled(), false); }

    private static M3GNetWeights.Config config(M3GNetModelData model) {
        M3GNetHyperParameters h = model.hyper();
        if (h.ntargets() != 1) throw new InputException(model.name() + ": ntargets = " + h.ntargets() + ", a potential predicts one energy");
        if (h.dimNodeEmbedding() != h.dimEdgeEmbedding()) throw new InputException(model.name() + ": node and edge feature sizes differ ("
                + h.dimNodeEmbedding() + ", " + h.dimEdgeEmbedding() + ")");
        return new M3GNetWeights.Config(model.name(), h.elementTypes(), h.nblocks(), h.maxN(), h.maxL(), h.cutoff(), h.threebodyCutoff(),
                h.useSmooth(), h.usePhi(), h.rbfType(), h.activationType(), h.isIntensive(), h.readoutType(), h.includeState());
    }

    M3GNet(M3GNetWeights.Config config, boolean float32, boolean blas, M3GNetWeights.Source s) {
        this.config = config;
        this.float32 = float32;
        this.blas = float32 && blas && Blas.available();
        String m = config.name();
        List<String> el = config.elementTypes();
        for (int i = 0; i < el.size(); i++) typeOf.put(el.get(i), i);
        int types = el.size();
        nBasis = config.maxN() * config.maxL();
        nRbf = config.useSmooth() ? config.maxN() : nBasis;
        radial = new Bases.Radial(config.useSmooth(), config.maxN(), config.maxL(), nBasis, config.cutoff());

        int[] embShape = s.shape("model.embedding.layer_node_embedding.weight");
        if (embShape == null || embShape.length != 2) throw new InputException(m + ": the state dict lacks model.embedding.layer_node_embedding.weight (not an M3GNet model?)");
        dim = embShape[1];
        nodeEmbedding = M3GNetWeights.get(s, m, "model.embedding.layer_node_embedding.weight", types, dim);
        double[] embW = M3GNetWeights.get(s, m, "model.embedding.layer_edge_embedding.layers.0.weight", dim, nRbf);
        edgeEmbW = new Dense.W(embW, nRbf, float32, blas);
        edgeEmbT = new Dense.W(Dense.transpose(embW, dim, nRbf), dim, float32, blas);
        edgeEmbB = M3GNetWeights.get(s, m, "model.embedding.layer_edge_embedding.layers.0.bias", dim);

        blocks = new Block[config.nblocks()];
        for (int b = 0; b < blocks.length; b++) {
            Block k = new Block();
            String t = "model.three_body_interactions." + b + ".";
            double[] atomW = M3GNetWeights.get(s, m, t + "update_network_atom.layers.0.weight", nBasis, dim);
            k.atomW = new Dense.W(atomW, dim, float32, blas);
            k.atomWt = new Dense.W(Dense.transpose(atomW, nBasis, dim), nBasis, float32, blas);
            k.atomB = M3GNetWeights.get(s, m, t + "update_network_atom.layers.0.bias", nBasis);
            k.bond = new GatedMlp(nBasis, new int[] {dim}, true,
                    new double[][] {M3GNetWeights.get(s, m, t + "update_network_bond.layers.0.weight", dim, nBasis)}, new double[1][],
                    new double[][] {M3GNetWeights.get(s, m, t + "update_network_bond.gates.0.weight", dim, nBasis)}, new double[1][], float32, blas);
            String g = "model.graph_layers." + b + ".conv.";
            k.edge = conv(s, g + "edge_update_func.", g + "edge_weight_func.weight");
            k.node = conv(s, g + "node_update_func.", g + "node_weight_func.weight");
            blocks[b] = k;
        }
        readout = gated(s, "model.final_layer.gated.", dim, false);
        if (readout.outDim() != 1) throw new InputException(m + ": the readout gives " + readout.outDim() + " values per atom, expected 1");

        dataMean = M3GNetWeights.get(s, m, "data_mean")[0];
        dataStd = M3GNetWeights.get(s, m, "data_std")[0];
        elementRef = new double[types];
        if (s.shape("element_refs.property_offset") != null) {
            double[] offset = M3GNetWeights.get(s, m, "element_refs.property_offset", types);
            double[] onehot = M3GNetWeights.get(s, m, "element_refs.onehot", types, types);
            for (int i = 0; i < types; i++) for (int c = 0; c < types; c++) elementRef[i] += onehot[i * types + c] * offset[c];
        }
    }

    private Conv conv(M3GNetWeights.Source s, String prefix, String weightKey) {
        Conv c = new Conv();
        c.mlp = gated(s, prefix, 3 * dim, true);
        if (c.mlp.outDim() != dim) throw new InputException(config.name() + ": " + prefix + " ends in " + c.mlp.outDim() + " features, expected " + dim);
        c.width = 2 * c.mlp.out[0];
        double[] src = columns(c.mlp.w0.d, c.width, 3 * dim, 0, dim);
        double[] dst = columns(c.mlp.w0.d, c.width, 3 * dim, dim, dim);
        double[] edge = columns(c.mlp.w0.d, c.width, 3 * dim, 2 * dim, dim);
        c.wSrc = new Dense.W(src, dim, float32, blas);
        c.wDst = new Dense.W(dst, dim, float32, blas);
        c.wEdge = new Dense.W(edge, dim, float32, blas);
        c.wSrcT = new Dense.W(Dense.transpose(src, c.width, dim), c.width, float32, blas);
        c.wDstT = new Dense.W(Dense.transpose(dst, c.width, dim), c.width, float32, blas);
        c.wEdgeT = new Dense.W(Dense.transpose(edge, c.width, dim), c.width, float32, blas);
        double[] rbfW = M3GNetWeights.get(s, config.name(), weightKey, dim, nRbf);
        c.rbfW = new Dense.W(rbfW, nRbf, float32, blas);
        c.rbfWt = new Dense.W(Dense.transpose(rbfW, dim, nRbf), dim, float32, blas);
        return c;
    }

    private static double[] columns(double[] w, int rows, int cols, int from, int count) {
        double[] out = new double[rows * count];
        for (int r = 0; r < rows; r++) System.arraycopy(w, r * cols + from, out, r * count, count);
        return out;
    }

    /** A GatedMLP whose linear layers sit at indices 0, 2, 4, ... of {@code prefix}layers / gates. */
    private GatedMlp gated(M3GNetWeights.Source s, String prefix, int in, boolean activateLast) {
        String m = config.name();
        List<double[]> lw = new java.util.ArrayList<>(), lb = new java.util.ArrayList<>(), gw = new java.util.ArrayList<>(), gb = new java.util.ArrayList<>();
        List<Integer> outs = new java.util.ArrayList<>();
        int prev = in;
        for (int i = 0; s.shape(prefix + "layers." + (2 * i) + ".weight") != null; i++) {
            int[] shape = s.shape(prefix + "layers." + (2 * i) + ".weight");
            int o = shape[0];
            lw.add(M3GNetWeights.get(s, m, prefix + "layers." + (2 * i) + ".weight", o, prev));
            lb.add(M3GNetWeights.get(s, m, prefix + "layers." + (2 * i) + ".bias", o));
            gw.add(M3GNetWeights.get(s, m, prefix + "gates." + (2 * i) + ".weight", o, prev));
            gb.add(M3GNetWeights.get(s, m, prefix + "gates." + (2 * i) + ".bias", o));
            outs.add(o);
            prev = o;
        }
        if (outs.isEmpty()) throw new InputException(m + ": the state dict lacks " + prefix + "layers.0.weight");
        return new GatedMlp(in, outs.stream().mapToInt(Integer::intValue).toArray(), activateLast,
                lw.toArray(new double[0][]), lb.toArray(new double[0][]), gw.toArray(new double[0][]), gb.toArray(new double[0][]), float32, blas);
    }

    @Override
    public String name() { return "m3gnet"; }

    @Override
    public String description() {
        return "M3GNet universal potential, model " + config.name() + " (matgl, Chen and Ong 2022), cutoff "
                + config.cutoff() + " Å, three-body cutoff " + config.threebodyCutoff() + " Å; products: "
                + (!float32 ? "float64, Java kernels" : blas ? "float32, " + Blas.description() : "float32, Java kernels");
    }

    /** The model's name as published, e.g. M3GNet-MP-2021.2.8-PES. */
    public String modelName() { return config.name(); }

    /** Pair cutoff of the graph, Å. */
    public double cutoff() { return config.cutoff(); }

    @Override
    public Evaluation evaluate(Structure structure) {
        return evaluate(structure, true);
    }

    /** The energy alone (eV), without the backward pass. */
    public double energy(Structure structure) {
        return evaluate(structure, false).energy();
    }

    private Evaluation evaluate(Structure structure, boolean gradients) {
        Workspace ws = workspaces.get();
        Evaluation result = run(graph(structure, ws), gradients, ws);
        workspaces.release(ws);
        return result;
    }

    // ------------------------------------------------------------------------------------------------
    // graph

    /** Bonds, triplets and their bases: everything that depends on geometry only. */
    private static final class Graph {
        int n, nEdges, nTriplets, nActive;
        int[] type, src, dst;
        double[] vec, dist, volume = new double[1];
        double[] basis, basisGrad;       // nEdges × nBasis (first nRbf columns are the bond basis)
        double[] fc, fcGrad;             // three-body envelope per edge (0 beyond threebody cutoff)
        int[] tk, tj;                    // triplet: the updated bond k and the other bond j of the same atom
        double[] cos;                    // per triplet (NaN when clamped: no gradient)
        double[] y, yGrad;               // per triplet × maxL
        double[] tb;                     // per triplet × nBasis
        double[] w;                      // per triplet fc(k)·fc(j)
        /**
         * The bonds some triplet updates (within the three-body cutoff, with another such bond at the
         * same atom), and each bond's row among them or -1. The three-body update of any other bond is
         * the bond MLP of a zero vector, which is zero (no biases, swish(0) = 0): only these rows are computed.
         */
        int[] active, row;
    }

    private Graph graph(Structure s, Workspace ws) {
        int n = s.size();
        String m = config.name();
        if (n == 0) throw new InputException("the structure has no atoms");
        Graph g = new Graph();
        g.n = n;
        g.type = ws.ints(n);
        for (int i = 0; i < n; i++) {
            Site site = s.site(i);
            if (!site.isFullyOccupied()) throw new InputException("site " + (i + 1) + " (" + site.element().symbol() + ") is partially occupied ("
                    + site.occupancy() + "); " + m + " needs an ordered structure");
            Integer t = typeOf.get(site.element().symbol());
            if (t == null) throw new InputException("element " + site.element().symbol() + " (site " + (i + 1) + ") is not covered by " + m);
            g.type[i] = t;
        }
        double v = s.volume();
        if (!Double.isFinite(v) || !(v > 1e-6 * n)) throw new InputException("absurd cell: volume " + v + " Å³ for " + n + " atoms");
        if (v / n > MAX_VOLUME_PER_ATOM) throw new InputException(String.format(java.util.Locale.ROOT,
                "absurd cell: %.3g Å³ per atom (more than %.0g)", v / n, MAX_VOLUME_PER_ATOM));
        g.volume[0] = v;
        PeriodicNeighbors nb = PeriodicNeighbors.of(s, config.cutoff());
        int e = nb.size();
        g.nEdges = e;
        g.src = nb.sources();
        g.dst = nb.targets();
        g.vec = nb.vectors();
        g.dist = nb.distances();
        for (int k = 0; k < e; k++) {
            if (g.dist[k] < MIN_DISTANCE) {
                int i = g.src[k], j = g.dst[k];
                throw new InputException(String.format(java.util.Locale.ROOT, "overlapping atoms: %s (site %d) and %s (site %d%s) are %.3f Å apart (less than %.1f Å)",
                        s.site(i).element().symbol(), i + 1, s.site(j).element().symbol(), j + 1, i == j ? ", periodic image" : "", g.dist[k], MIN_DISTANCE));
            }
        }
        int nb3 = nBasis;
        g.basis = ws.doubles(e * nb3);
        g.basisGrad = ws.doubles(e * nb3);
        for (int k = 0; k < e; k++) radial.eval(g.dist[k], g.basis, g.basisGrad, k * nb3);

        // three-body: ordered pairs of distinct bonds of the same atom, both within the three-body cutoff
        double rc3 = config.threebodyCutoff();
        g.fc = ws.zeros(e);
        g.fcGrad = ws.zeros(e);
        int[] start = ws.intZeros(n + 1);
        for (int k = 0; k < e; k++) start[g.src[k] + 1]++;
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        int[] short3 = ws.ints(e);
        int[] count3 = ws.ints(n);
        long triplets = 0;
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                if (g.dist[k] <= rc3) {
                    short3[start[i] + c++] = k;
                    g.fc[k] = Bases.cutoff(g.dist[k], rc3, g.fcGrad, k);
                }
            }
            count3[i] = c;
            triplets += (long) c * (c - 1);
        }
        if (triplets > 50_000_000L) throw new InputException("absurd cell: " + triplets + " three-body triplets (atoms packed far too densely)");
        int t = (int) triplets;
        g.nTriplets = t;
        g.row = ws.ints(e);
        java.util.Arrays.fill(g.row, 0, e, -1);
        int nActive = 0;
        for (int i = 0; i < n; i++) if (count3[i] > 1) nActive += count3[i];
        g.active = ws.ints(nActive);
        g.nActive = nActive;
        nActive = 0;
        for (int i = 0; i < n; i++) {
            if (count3[i] < 2) continue;
            for (int a = 0; a < count3[i]; a++) {
                int k = short3[start[i] + a];
                g.row[k] = nActive;
                g.active[nActive++] = k;
            }
        }
        g.tk = ws.ints(t);
        g.tj = ws.ints(t);
        g.cos = ws.doubles(t);
        int maxL = config.maxL();
        g.y = ws.doubles(t * maxL);
        g.yGrad = ws.doubles(t * maxL);
        g.tb = ws.doubles(t * nb3);
        g.w = ws.doubles(t);
        double[] yl = new double[maxL], dyl = new double[maxL];
        int maxN = config.maxN();
        int p = 0;
        for (int i = 0; i < n; i++) {
            int base = start[i], c = count3[i];
            for (int a = 0; a < c; a++) {
                int k = short3[base + a];
                for (int b = 0; b < c; b++) {
                    if (a == b) continue;
                    int j = short3[base + b];
                    g.tk[p] = k;
                    g.tj[p] = j;
                    double dot = g.vec[3 * k] * g.vec[3 * j] + g.vec[3 * k + 1] * g.vec[3 * j + 1] + g.vec[3 * k + 2] * g.vec[3 * j + 2];
                    double cs = dot / (g.dist[k] * g.dist[j]);
                    // matgl clamps to ±(1 - 1e-7); a clamped cosine carries no gradient
                    double lim = 1 - 1e-7;
                    boolean clamped = cs > lim || cs < -lim;
                    if (clamped) cs = Math.max(-lim, Math.min(lim, cs));
                    g.cos[p] = clamped ? Double.NaN : cs;
                    Bases.harmonics(cs, maxL, yl, dyl);
                    System.arraycopy(yl, 0, g.y, p * maxL, maxL);
                    System.arraycopy(dyl, 0, g.yGrad, p * maxL, maxL);
                    for (int q = 0; q < nb3; q++) g.tb[p * nb3 + q] = g.basis[j * nb3 + q] * yl[q / maxN];
                    g.w[p] = g.fc[k] * g.fc[j];
                    p++;
                }
            }
        }
        return g;
    }

    // ------------------------------------------------------------------------------------------------
    // forward and backward

    /** What the backward pass needs from one block. */
    private static final class BlockPass {
        double[] a;
        GatedMlp.Pass bond;
        ConvPass edge, node;
    }

    private static final class ConvPass {
        GatedMlp.Pass mlp;
        double[] rw;   // nEdges × dim: rbf · W
    }

    private Evaluation run(Graph g, boolean gradients, Workspace ws) {
        int n = g.n, e = g.nEdges, d = dim, nb3 = nBasis, t = g.nTriplets;
        // bond basis (first nRbf columns of the per-edge basis)
        double[] rbf = ws.doubles(e * nRbf);
        for (int k = 0; k < e; k++) System.arraycopy(g.basis, k * nb3, rbf, k * nRbf, nRbf);

        double[] h = ws.doubles(n * d);
        for (int i = 0; i < n; i++) System.arraycopy(nodeEmbedding, g.type[i] * d, h, i * d, d);
        double[] zEmb = ws.doubles(e * d);
        Dense.forward(rbf, e, nRbf, edgeEmbT, d, edgeEmbB, zEmb);
        double[] ef = zEmb;
        double[] embGrad = ws.doubles(e * d);
        Dense.swishInPlace(ef, e * d, embGrad, float32);

        BlockPass[] passes = new BlockPass[blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            Block blk = blocks[b];
            BlockPass bp = new BlockPass();
            passes[b] = bp;
            // three-body bond update
            double[] a = ws.doubles(n * nb3);
            Dense.forward(h, n, d, blk.atomWt, nb3, blk.atomB, a);
            Dense.sigmoidInPlace(a, n * nb3, float32);
            bp.a = a;
            int m = g.nActive;
            double[] nbv = ws.zeros(m * nb3);
            for (int p = 0; p < t; p++) {
                int k = g.tk[p], j = g.tj[p], at = g.dst[j] * nb3;
                double w = g.w[p];
                if (w == 0) continue;
                int tbo = p * nb3, ko = g.row[k] * nb3;
                for (int q = 0; q < nb3; q++) nbv[ko + q] += g.tb[tbo + q] * a[at + q] * w;
            }
            bp.bond = blk.bond.forward(nbv, m, ws);
            // the block's input edge features are not needed again: update them in place
            double[] e1 = ef;
            double[] bondOut = bp.bond.output;
            for (int r = 0; r < m; r++) {
                int ko = g.active[r] * d, ro = r * d;
                for (int c = 0; c < d; c++) e1[ko + c] += bondOut[ro + c];
            }
            // edge update
            bp.edge = convForward(blk.edge, g, h, e1, rbf, ws);
            double[] e2 = e1;
            double[] edgeOut = bp.edge.mlp.output;
            for (int k = 0, len = e * d; k < len; k++) e2[k] += edgeOut[k] * bp.edge.rw[k];
            // node update from the updated edges and the block's input nodes
            bp.node = convForward(blk.node, g, h, e2, rbf, ws);
            double[] hOut = h;   // the input nodes are not needed again either
            double[] nodeOut = bp.node.mlp.output;
            for (int k = 0; k < e; k++) {
                int io = g.dst[k] * d, ko = k * d;
                for (int c = 0; c < d; c++) hOut[io + c] += nodeOut[ko + c] * bp.node.rw[ko + c];
            }
            h = hOut;
            ef = e2;
        }
        GatedMlp.Pass out = readout.forward(h, n, ws);
        double energy = dataMean;
        for (int i = 0; i < n; i++) energy += dataStd * out.output[i] + elementRef[g.type[i]];
        if (!gradients) return new Evaluation(energy, new double[n][3], new double[6]);
        return backward(g, energy, rbf, embGrad, passes, out, ws);
    }

    private ConvPass convForward(Conv c, Graph g, double[] h, double[] ef, double[] rbf, Workspace ws) {
        int n = g.n, e = g.nEdges, d = dim, w = c.width;
        double[] ps = ws.doubles(n * w), pd = ws.doubles(n * w);
        Dense.forward(h, n, d, c.wSrcT, w, null, ps);
        Dense.forward(h, n, d, c.wDstT, w, null, pd);
        double[] z0 = ws.doubles(e * w);
        Dense.forward(ef, e, d, c.wEdgeT, w, c.mlp.b0, z0);
        for (int k = 0; k < e; k++) {
            int so = g.src[k] * w, dO = g.dst[k] * w, ko = k * w;
            for (int q = 0; q < w; q++) z0[ko + q] += ps[so + q] + pd[dO + q];
        }
        ConvPass p = new ConvPass();
        p.mlp = c.mlp.fromFirst(z0, e, ws);
        p.rw = ws.doubles(e * d);
        Dense.forward(rbf, e, nRbf, c.rbfWt, d, null, p.rw);
        return p;
    }

    /** Adds dE/d(edge features) to de and dE/d(node features) to dh, and dE/d(bond basis) to drbf, given dE/dm for m = mlp ⊙ rw. */
    private void convBackward(Conv c, ConvPass p, Graph g, double[] dm, double[] de, double[] dh, double[] drbf, Workspace ws) {
        int n = g.n, e = g.nEdges, d = dim, w = c.width;
        double[] dOut = ws.doubles(e * d), drw = ws.doubles(e * d);
        double[] out = p.mlp.output;
        for (int k = 0, len = e * d; k < len; k++) {
            dOut[k] = dm[k] * p.rw[k];
            drw[k] = dm[k] * out[k];
        }
        Dense.backward(drw, e, d, c.rbfW, nRbf, drbf);
        double[] dz0 = c.mlp.backwardToFirst(p.mlp, dOut, ws);
        Dense.backward(dz0, e, w, c.wEdge, d, de);
        double[] ss = ws.zeros(n * w), sd = ws.zeros(n * w);
        for (int k = 0; k < e; k++) {
            int so = g.src[k] * w, dO = g.dst[k] * w, ko = k * w;
            for (int q = 0; q < w; q++) {
                ss[so + q] += dz0[ko + q];
                sd[dO + q] += dz0[ko + q];
            }
        }
        Dense.backward(ss, n, w, c.wSrc, d, dh);
        Dense.backward(sd, n, w, c.wDst, d, dh);
    }

    private Evaluation backward(Graph g, double energy, double[] rbf, double[] embGrad, BlockPass[] passes, GatedMlp.Pass out, Workspace ws) {
        int n = g.n, e = g.nEdges, d = dim, nb3 = nBasis, t = g.nTriplets;
        double[] dy = ws.doubles(n);
        java.util.Arrays.fill(dy, 0, n, dataStd);
        double[] dh = ws.zeros(n * d);
        readout.firstToInput(readout.backwardToFirst(out, dy, ws), n, dh);
        double[] de = ws.zeros(e * d);       // gradient of the edge features leaving the current block
        double[] drbf = ws.zeros(e * nRbf);
        double[] dtb = ws.zeros(t * nb3);
        double[] dw = ws.zeros(t);
        // the gradients leaving a block and those entering it alternate between two buffers each, so that
        // everything else a block's backward pass asks for is dead at its end and serves the next block
        double[] dhSpare = ws.doubles(n * d), deSpare = ws.doubles(e * d);
        for (int b = blocks.length - 1; b >= 0; b--) {
            Block blk = blocks[b];
            BlockPass bp = passes[b];
            int mark = ws.mark();
            // node update: h_out = h_in + Σ_in-edges msg
            double[] dmsg = ws.doubles(e * d);
            for (int k = 0; k < e; k++) System.arraycopy(dh, g.dst[k] * d, dmsg, k * d, d);
            double[] dhIn = dhSpare;
            System.arraycopy(dh, 0, dhIn, 0, n * d);
            double[] de2 = de;   // e_out = e2
            convBackward(blk.node, bp.node, g, dmsg, de2, dhIn, drbf, ws);
            // edge update: e2 = e1 + m
            double[] de1 = deSpare;
            System.arraycopy(de2, 0, de1, 0, e * d);
            convBackward(blk.edge, bp.edge, g, de2, de1, dhIn, drbf, ws);
            // three-body: e1 = e_in + bond(nb)
            int m = g.nActive;
            double[] dBond = ws.doubles(m * d);
            for (int r = 0; r < m; r++) System.arraycopy(de1, g.active[r] * d, dBond, r * d, d);
            double[] dnb = ws.zeros(m * nb3);
            blk.bond.firstToInput(blk.bond.backwardToFirst(bp.bond, dBond, ws), m, dnb);
            double[] a = bp.a;
            double[] da = ws.zeros(n * nb3);
            for (int p = 0; p < t; p++) {
                double w = g.w[p];
                int k = g.tk[p], j = g.tj[p], at = g.dst[j] * nb3, ko = g.row[k] * nb3, tbo = p * nb3;
                double sw = 0;
                for (int q = 0; q < nb3; q++) {
                    double gq = dnb[ko + q];
                    dtb[tbo + q] += gq * a[at + q] * w;
                    da[at + q] += gq * g.tb[tbo + q] * w;
                    sw += gq * g.tb[tbo + q] * a[at + q];
                }
                dw[p] += sw;
            }
            for (int k = 0, len = n * nb3; k < len; k++) da[k] *= a[k] * (1 - a[k]);
            Dense.backward(da, n, nb3, blk.atomW, d, dhIn);
            dhSpare = dh;
            dh = dhIn;
            deSpare = de;
            de = de1;   // e_in passes straight into e1
            ws.release(mark);
        }
        // edge embedding: e0 = swish(rbf·W + b)
        for (int k = 0, len = e * d; k < len; k++) de[k] *= embGrad[k];
        Dense.backward(de, e, d, edgeEmbW, nRbf, drbf);

        // geometry: dE/d(distance) and the direct dE/d(vector) of the angles
        double[] dd = ws.doubles(e);
        double[] dvec = ws.zeros(3 * e);
        for (int k = 0; k < e; k++) {
            double s = 0;
            for (int r = 0; r < nRbf; r++) s += drbf[k * nRbf + r] * g.basisGrad[k * nb3 + r];
            dd[k] = s;
        }
        int maxN = config.maxN(), maxL = config.maxL();
        for (int p = 0; p < t; p++) {
            int k = g.tk[p], j = g.tj[p], tbo = p * nb3, jo = j * nb3, yo = p * maxL;
            double ddj = 0, dcos = 0;
            for (int q = 0; q < nb3; q++) {
                double gq = dtb[tbo + q];
                int l = q / maxN;
                ddj += gq * g.basisGrad[jo + q] * g.y[yo + l];
                dcos += gq * g.basis[jo + q] * g.yGrad[yo + l];
            }
            dd[j] += ddj + dw[p] * g.fc[k] * g.fcGrad[j];
            dd[k] += dw[p] * g.fcGrad[k] * g.fc[j];
            double cs = g.cos[p];
            if (Double.isNaN(cs) || dcos == 0) continue;
            double rk = g.dist[k], rj = g.dist[j], inv = 1 / (rk * rj);
            for (int c = 0; c < 3; c++) {
                double vk = g.vec[3 * k + c], vj = g.vec[3 * j + c];
                dvec[3 * k + c] += dcos * (vj * inv - cs * vk / (rk * rk));
                dvec[3 * j + c] += dcos * (vk * inv - cs * vj / (rj * rj));
            }
        }
        double[][] forces = new double[n][3];
        double[] virial = new double[9];
        for (int k = 0; k < e; k++) {
            double r = g.dist[k];
            for (int c = 0; c < 3; c++) {
                double gc = dvec[3 * k + c] + dd[k] * g.vec[3 * k + c] / r;
                forces[g.src[k]][c] += gc;
                forces[g.dst[k]][c] -= gc;
                for (int a = 0; a < 3; a++) virial[3 * a + c] += g.vec[3 * k + a] * gc;
            }
        }
        double scale = Evaluation.EV_PER_A3_IN_GPA / g.volume[0];
        double[] stress = {
            virial[0] * scale, virial[4] * scale, virial[8] * scale,
            0.5 * (virial[5] + virial[7]) * scale, 0.5 * (virial[2] + virial[6]) * scale, 0.5 * (virial[1] + virial[3]) * scale};
        return new Evaluation(energy, forces, stress);
    }
}
