package org.crystalgan.potential.m3gnet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crystalgan.potential.torch.Tensor;

/**
 * A checked M3GNet potential: its architecture and every tensor of its state dict, each present with the
 * shape the architecture needs (see {@link M3GNetModelFiles#expectedShapes}).
 *
 * @param name    the model's name (its folder name, e.g. {@code M3GNet-MP-2021.2.8-PES})
 * @param hyper   the architecture and target scaling
 * @param tensors the state dict, keys as matgl names them ({@code model.*}, {@code element_refs.*},
 *                {@code data_mean}, {@code data_std}), in file order; unmodifiable
 */
public record M3GNetModelData(String name, M3GNetHyperParameters hyper, Map<String, Tensor> tensors) {
    public M3GNetModelData {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor {@code key}; it exists, since loading checked every key the architecture needs. */
    public Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException(name + " has no tensor " + key);
        return t;
    }

    /**
     * The reference energy per atom of each node type (eV), which matgl's Potential adds to the scaled
     * network output; zeros for a Potential saved without element references.
     */
    public double[] elementRefs() {
        double[] out = new double[hyper.ntypes()];
        Tensor t = tensors.get(M3GNetModelFiles.ELEMENT_REFS);
        if (t != null) for (int i = 0; i < out.length; i++) out[i] = t.values()[i];
        return out;
    }
}
