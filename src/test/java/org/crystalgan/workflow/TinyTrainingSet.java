package org.crystalgan.workflow;

import java.nio.file.Path;
import java.util.Random;
import org.crystalgan.encoding.Npy;

/** A training set small enough for one epoch in a test: 64 random matrices with valid Mg, Mn, O counts (two batches of 32). */
public final class TinyTrainingSet {
    private TinyTrainingSet() {}

    public static Path write(Path file) {
        Random r = new Random(3);
        float[] d = new float[64 * 90];
        int[] first = {2, 10, 18};
        for (int i = 0; i < 64; i++) {
            int o = i * 90;
            for (int k = 0; k < 6; k++) d[o + k] = 0.2f + 0.6f * r.nextFloat();
            int[] cnt = {1 + r.nextInt(8), 1 + r.nextInt(8), 1 + r.nextInt(12)};
            for (int el = 0; el < 3; el++) {
                for (int a = 0; a < cnt[el]; a++) {
                    for (int k = 0; k < 3; k++) d[o + (first[el] + a) * 3 + k] = 1f / 6 + 2f / 3 * r.nextFloat();
                }
            }
        }
        Npy.writeFloat32(file, new int[] {64, 30, 3}, d);
        return file;
    }
}
