package org.crystalgan.gan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.crystalgan.crystal.InputException;

/**
 * Training matrices (n, 30, 3) in the paper's representation, with the labels the classifier learns: per row
 * atom / no-atom (row sum above 0.4, the reference threshold) and the Mg, Mn, O counts. Rows the conditional GAN
 * cannot use (an element absent, values outside [0, 1] or not finite) are dropped and counted.
 */
public final class TrainingSet {
    static final double ATOM_THRESHOLD = 0.4;

    private final float[] data;
    private final int[][] counts;
    private final int size;
    private final int dropped;
    private final String fingerprint;

    /**
     * @param matrices flat row-major (n, 30, 3) values
     * @param source   where they came from, for messages
     */
    public TrainingSet(double[] matrices, String source) {
        if (matrices.length % 90 != 0) {
            throw new InputException(source + ": expected whole 30 x 3 matrices, got " + matrices.length + " numbers");
        }
        int n = matrices.length / 90;
        float[] keep = new float[matrices.length];
        int[][] c = new int[n][];
        int k = 0;
        int bad = 0;
        for (int i = 0; i < n; i++) {
            int[] cnt = counts(matrices, i * 90);
            if (cnt == null) {
                bad++;
                continue;
            }
            for (int j = 0; j < 90; j++) keep[k * 90 + j] = (float) matrices[i * 90 + j];
            c[k++] = cnt;
        }
        if (k == 0) {
            throw new InputException(source + ": no usable rows among " + n + " matrices (each needs at least one Mg, one Mn"
                    + " and one O row and all values in [0, 1])");
        }
        this.size = k;
        this.dropped = bad;
        this.data = java.util.Arrays.copyOf(keep, k * 90);
        this.counts = java.util.Arrays.copyOf(c, k);
        this.fingerprint = sha256(data);
    }

    /** Same, from float32 values (as the encoding package's datasets hold them). */
    public TrainingSet(float[] matrices, String source) {
        this(toDouble(matrices), source);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Counts (Mg, Mn, O) of one matrix, or null when it cannot train the conditional GAN. */
    static int[] counts(double[] m, int off) {
        int[] cnt = new int[3];
        for (int r = 0; r < 30; r++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                double x = m[off + r * 3 + j];
                if (!(x >= 0 && x <= 1)) return null;
                s += x;
            }
            if (r >= 2 && s > ATOM_THRESHOLD) cnt[r < 10 ? 0 : r < 18 ? 1 : 2]++;
        }
        return cnt[0] >= 1 && cnt[1] >= 1 && cnt[2] >= 1 ? cnt : null;
    }

    private static String sha256(float[] d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(d);
            md.update(b.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return size;
    }

    /** Matrices dropped as unusable. */
    public int dropped() {
        return dropped;
    }

    /** SHA-256 of the kept matrices as little-endian float32: a checkpoint only resumes on the same data. */
    public String fingerprint() {
        return fingerprint;
    }

    float[] data() {
        return data;
    }

    int[] counts(int i) {
        return counts[i];
    }
}
