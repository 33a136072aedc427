package org.crystalgan.potential.m3gnet;

import java.util.List;
import org.crystalgan.crystal.InputException;

/**
 * The architecture choices of an M3GNet model (matgl's init_args) that this implementation reads, and
 * a way to ask for its tensors by state-dict key.
 */
final class M3GNetWeights {
    private M3GNetWeights() {}

    /** Tensors of a state dict by key. */
    interface Source {
        /** The shape of {@code key}, or null when the state dict lacks it. */
        int[] shape(String key);

        /** The values of {@code key} in C order. */
        float[] values(String key);
    }

    /** matgl's init_args that change the forward pass. */
    record Config(String name, List<String> elementTypes, int nblocks, int maxN, int maxL, double cutoff,
                  double threebodyCutoff, boolean useSmooth, boolean usePhi, String rbfType, String activationType,
                  boolean isIntensive, String readoutType, boolean includeState) {
        Config {
            elementTypes = List.copyOf(elementTypes);
            // refuse, with the reason, every variant this implementation does not compute
            if (usePhi) throw new InputException(name + ": use_phi = true is not supported (M3GNet PES models use false)");
            if (!"SphericalBessel".equalsIgnoreCase(rbfType)) throw new InputException(name + ": rbf_type " + rbfType + " is not supported (only SphericalBessel)");
            if (!"swish".equalsIgnoreCase(activationType)) throw new InputException(name + ": activation_type " + activationType + " is not supported (only swish)");
            if (isIntensive) throw new InputException(name + ": is_intensive = true: not a potential-energy model");
            if (!"weighted_atom".equals(readoutType)) throw new InputException(name + ": readout_type " + readoutType + " is not supported (only weighted_atom)");
            if (includeState) throw new InputException(name + ": include_state = true is not supported");
            if (nblocks < 1 || maxN < 1 || maxL < 1 || maxL > 6) throw new InputException(name + ": nblocks, max_n must be >= 1 and max_l in 1..6");
            if (!(cutoff > 0) || !(threebodyCutoff > 0) || threebodyCutoff > cutoff) throw new InputException(name + ": cutoffs must satisfy 0 < threebody_cutoff <= cutoff");
        }
    }

    /** The tensor {@code key} as doubles, checked against the expected shape (-1 = any). */
    static double[] get(Source s, String model, String key, int... expected) {
        int[] shape = s.shape(key);
        if (shape == null) throw new InputException(model + ": the state dict lacks " + key);
        boolean ok = shape.length == expected.length;
        for (int i = 0; ok && i < shape.length; i++) ok = expected[i] < 0 || expected[i] == shape[i];
        if (!ok) throw new InputException(model + ": " + key + " has shape " + java.util.Arrays.toString(shape)
                + ", expected " + java.util.Arrays.toString(expected).replace("-1", "any"));
        float[] v = s.values(key);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
