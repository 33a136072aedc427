package org.crystalgan.gan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of one network: trainable parameters and batch-normalisation running statistics ("buffers"), each in
 * a fixed order with a stable name. Graphs bind these very arrays (no copies), so in-place updates are seen by all.
 */
final class NetParams {
    private final LinkedHashMap<String, INDArray> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, INDArray> buffers = new LinkedHashMap<>();
    final DataType dataType;

    NetParams(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * Weight with PyTorch's xavier_uniform_ bound sqrt(6 / (fanIn + fanOut)); fans include the kernel size.
     * A null {@code rng} gives zeros of the right shape, for networks whose values are loaded from files next
     * (drawing 3 million numbers only to overwrite them cost a second of a cold start).
     */
    void xavier(String name, Rng rng, long fanIn, long fanOut, long... shape) {
        if (rng == null) {
            params.put(name, Nd4j.create(dataType, shape));
            return;
        }
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        INDArray a = Nd4j.create(dataType, shape);
        long n = a.length();
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) v[i] = (2 * rng.nextDouble() - 1) * bound;
        a.assign(Nd4j.createFromArray(v).reshape(shape).castTo(dataType));
        params.put(name, a);
    }

    void constant(String name, double value, long... shape) {
        params.put(name, Nd4j.valueArrayOf(shape, value, dataType));
    }

    /** A batch-norm layer: γ = 1, β = 0, running mean 0 and variance 1 (PyTorch's defaults). */
    void batchNorm(String name, long n) {
        constant(name + ".gamma", 1.0, n);
        constant(name + ".beta", 0.0, n);
        buffers.put(name + ".mean", Nd4j.zeros(dataType, n));
        buffers.put(name + ".var", Nd4j.ones(dataType, n));
    }

    Map<String, INDArray> params() {
        return Collections.unmodifiableMap(params);
    }

    Map<String, INDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Parameters and buffers in one ordered map (the order of the files). */
    Map<String, INDArray> all() {
        LinkedHashMap<String, INDArray> m = new LinkedHashMap<>(params);
        m.putAll(buffers);
        return m;
    }

    long parameterCount() {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

}
