package org.crystalgan.potential.m3gnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.torch.StateDictReader;
import org.crystalgan.potential.torch.Tensor;

/**
 * Loads matgl M3GNet potential folders as matgl publishes them ({@code model.json} + {@code state.pt}) and
 * checks the state dict against the architecture before anyone computes with it.
 *
 * <p>The expected keys and shapes follow matgl's {@code M3GNet} ({@code models/_m3gnet.py}) and its layers
 * ({@code layers/_core.py} MLP/GatedMLP, {@code _embedding_dgl.py}, {@code _graph_convolution_dgl.py},
 * {@code _readout_dgl.py} WeightedReadOut, {@code _atom_ref_dgl.py}), matgl commit e9cde22; PyTorch stores a
 * {@code Linear} weight as (out, in) and puts the linears of a {@code Sequential} at even indices because
 * the activations sit between them.
 */
public final class M3GNetModelFiles {
    /** The potential bundled with the program, trained on Materials Project relaxations (Chen and Ong 2022). */
    public static final String BUNDLED_NAME = "M3GNet-MP-2021.2.8-PES";
    static final String BUNDLED_PATH = "/potentials/" + BUNDLED_NAME + "/";
    static final String ELEMENT_REFS = "element_refs.property_offset";
    static final String ELEMENT_ONEHOT = "element_refs.onehot";

    private M3GNetModelFiles() {
    }

    /** Loads and checks the model folder {@code folder} (holding {@code model.json} and {@code state.pt}). */
    public static M3GNetModelData load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InputException(folder + ": not a folder; an M3GNet potential is a folder with model.json and state.pt");
        }
        Path json = folder.resolve("model.json");
        Path state = folder.resolve("state.pt");
        if (!Files.isRegularFile(json)) {
            throw new InputException(folder + ": no model.json, so not a matgl model folder (expected model.json and state.pt)");
        }
        if (!Files.isRegularFile(state)) {
            throw new InputException(folder + ": no state.pt" + (Files.exists(folder.resolve("model.pt"))
                    ? "; model.pt is a pickled PyTorch module, which cannot be read without Python: the folder needs the"
                    + " state.pt that matgl publishes beside it" : "; an M3GNet potential folder holds model.json and state.pt"));
        }
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(json + ": cannot read it (" + e.getMessage() + ")", e);
        }
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return assemble(name == null ? folder.toString() : name.toString(), text, json.toString(), StateDictReader.read(state), state.toString());
    }

    private static M3GNetModelData bundledCache;

    /**
     * The bundled {@value #BUNDLED_NAME} potential, read from the class path (so it also works from the
     * jar) on the first call and shared afterwards: its tensors are read-only by contract.
     */
    public static synchronized M3GNetModelData bundled() {
        if (bundledCache == null) bundledCache = readBundled();
        return bundledCache;
    }

    private static M3GNetModelData readBundled() {
        String json = BUNDLED_PATH + "model.json";
        String state = BUNDLED_PATH + "state.pt";
        try (InputStream j = M3GNetModelFiles.class.getResourceAsStream(json);
             InputStream s = M3GNetModelFiles.class.getResourceAsStream(state)) {
            if (j == null || s == null) {
                throw new InputException("this build has no bundled potential (resources" + BUNDLED_PATH + "); pass --potential DIR");
            }
            String text = new String(j.readAllBytes(), StandardCharsets.UTF_8);
            return assemble(BUNDLED_NAME, text, "bundled " + json, StateDictReader.read(s, "bundled " + state), "bundled " + state);
        } catch (IOException e) {
            throw new InputException("cannot read the bundled potential: " + e.getMessage(), e);
        }
    }

    /** Parses {@code json}, checks {@code tensors} against it, and pairs them. */
    static M3GNetModelData assemble(String name, String json, String jsonWhere, Map<String, Tensor> tensors, String stateWhere) {
        M3GNetHyperParameters h = M3GNetHyperParameters.parse(json, jsonWhere, tensors);
        check(h, tensors, stateWhere);
        return new M3GNetModelData(name, h, tensors);
    }

    /**
     * Refuses a state dict that does not fit {@code h}: names the first expected tensor that is missing or
     * has another shape, then any tensor the architecture has no place for, then buffers whose values must
     * agree with model.json.
     */
    static void check(M3GNetHyperParameters h, Map<String, Tensor> tensors, String where) {
        Map<String, int[]> expected = expectedShapes(h);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new InputException(where + ": tensor " + e.getKey() + " is missing (the architecture of model.json needs it, shape "
                        + Tensor.shapeText(e.getValue()) + ")");
            }
            if (!t.hasShape(e.getValue())) {
                throw new InputException(where + ": tensor " + e.getKey() + " has shape " + t.shapeText() + ", but model.json's architecture needs "
                        + Tensor.shapeText(e.getValue()));
            }
        }
        for (String key : tensors.keySet()) {
            if (!expected.containsKey(key)) {
                throw new InputException(where + ": tensor " + key + " has no place in the M3GNet architecture of model.json"
                        + " (a different model or matgl version?)");
            }
        }
        for (String key : new String[] {"model.bond_expansion.rbf.cutoff", "model.basis_expansion.sbf.cutoff"}) {
            double v = tensors.get(key).scalar();
            if (Math.abs(v - h.cutoff()) > 1e-5) {
                throw new InputException(where + ": " + key + " is " + v + " but model.json's cutoff is " + h.cutoff());
            }
        }
        Tensor onehot = tensors.get(ELEMENT_ONEHOT);
        if (onehot != null) {
            // matgl builds this buffer as the identity; inference relies on that and skips the product
            int n = h.ntypes();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (onehot.values()[i * n + j] != (i == j ? 1f : 0f)) {
                        throw new InputException(where + ": " + ELEMENT_ONEHOT + " is not the identity matrix matgl builds (entry " + i + "," + j + ")");
                    }
                }
            }
        }
        for (Tensor t : tensors.values()) {
            for (float v : t.values()) {
                if (!Float.isFinite(v)) throw new InputException(where + ": tensor " + t.key() + " holds " + v);
            }
        }
    }

    /** Every tensor of an M3GNet Potential's state dict with its shape, in the order torch.save writes them. */
    public static LinkedHashMap<String, int[]> expectedShapes(M3GNetHyperParameters h) {
        int n = h.dimNodeEmbedding();
        int e = h.dimEdgeEmbedding();
        int u = h.units();
        int deg = h.degree();
        int rbf = h.degreeRbf();
        LinkedHashMap<String, int[]> m = new LinkedHashMap<>();
        // Potential buffers: the network output is data_std * y + data_mean
        m.put("data_mean", new int[0]);
        m.put("data_std", new int[0]);
        m.put("model.bond_expansion.rbf.cutoff", new int[0]);
        m.put("model.embedding.layer_node_embedding.weight", new int[] {h.ntypes(), n});
        linear(m, "model.embedding.layer_edge_embedding.layers.0", rbf, e, true);
        m.put("model.basis_expansion.sbf.cutoff", new int[0]);
        for (int b = 0; b < h.nblocks(); b++) {
            String p = "model.three_body_interactions." + b;
            linear(m, p + ".update_network_atom.layers.0", n, deg, true);
            linear(m, p + ".update_network_bond.layers.0", deg, e, false);
            linear(m, p + ".update_network_bond.gates.0", deg, e, false);
        }
        for (int b = 0; b < h.nblocks(); b++) {
            String p = "model.graph_layers." + b + ".conv";
            gatedMlp(m, p + ".edge_update_func", 2 * n + e, u, u, e);
            linear(m, p + ".edge_weight_func", rbf, e, false);
            gatedMlp(m, p + ".node_update_func", 2 * n + e, u, u, n);
            linear(m, p + ".node_weight_func", rbf, n, false);
        }
        // WeightedReadOut(in=n, dims=[units, units], ntargets) wraps GatedMLP(in=n, dims=[n, units, units, ntargets])
        gatedMlp(m, "model.final_layer.gated", n, n, u, u, h.ntargets());
        if (h.elementRefs()) {
            m.put(ELEMENT_REFS, new int[] {h.ntypes()});
            m.put(ELEMENT_ONEHOT, new int[] {h.ntypes(), h.ntypes()});
        }
        return m;
    }

    private static void linear(Map<String, int[]> m, String prefix, int in, int out, boolean bias) {
        m.put(prefix + ".weight", new int[] {out, in});
        if (bias) m.put(prefix + ".bias", new int[] {out});
    }

    /** A GatedMLP with biases: parallel {@code layers} and {@code gates} stacks, linears at indices 0, 2, 4, ... */
    private static void gatedMlp(Map<String, int[]> m, String prefix, int... dims) {
        for (String stack : new String[] {".layers.", ".gates."}) {
            for (int i = 0; i + 1 < dims.length; i++) linear(m, prefix + stack + (2 * i), dims[i], dims[i + 1], true);
        }
    }
}
