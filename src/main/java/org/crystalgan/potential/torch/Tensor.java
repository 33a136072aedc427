package org.crystalgan.potential.torch;

import java.util.Arrays;

/**
 * One entry of a PyTorch state dict, copied out of its storage into a dense array.
 *
 * <p>The arrays are shared, not copied, so that inference code can read {@code values} directly in its
 * inner loops; treat both as read-only.
 *
 * @param key    the state-dict key, e.g. {@code model.embedding.layer_node_embedding.weight}
 * @param shape  the size of each dimension; empty for a 0-d (scalar) tensor
 * @param values the elements in C (row-major) order, contiguous; a PyTorch {@code Linear} weight is
 *               therefore (out, in) with {@code values[o * in + i]}
 */
public record Tensor(String key, int[] shape, float[] values) {
    public Tensor {
        if (key == null) throw new IllegalArgumentException("a tensor needs a key");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(key + ": negative dimension in shape " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(key + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (values.length != n) {
            throw new IllegalArgumentException(key + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }
    }

    /** The number of elements (1 for a 0-d tensor). */
    public int numel() { return values.length; }

    public int rank() { return shape.length; }

    /** The element at {@code index} (one index per dimension). */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException(key + " has " + shape.length + " dimensions, got " + index.length + " indices");
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(key + ": index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return values[flat];
    }

    /** The value of a tensor with exactly one element (0-d in state dicts, e.g. {@code data_std}). */
    public double scalar() {
        if (values.length != 1) {
            throw new IllegalStateException(key + " is not a scalar: shape " + Arrays.toString(shape));
        }
        return values[0];
    }

    /** True when the shape equals {@code expected} dimension by dimension. */
    public boolean hasShape(int... expected) { return Arrays.equals(shape, expected); }

    /** The shape as PyTorch prints it, e.g. {@code (89, 64)} or {@code ()}. */
    public String shapeText() { return shapeText(shape); }

    /** A shape as PyTorch prints it. */
    public static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            if (d > 0) sb.append(", ");
            sb.append(shape[d]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    @Override
    public String toString() { return "Tensor[" + key + " " + shapeText() + "]"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && key.equals(t.key) && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() { return 31 * (31 * key.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values); }
}
