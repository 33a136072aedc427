package org.crystalgan.gan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test access to the checkpoint format's reader ({@link ArrayStore#readHeader}, {@link ArrayStore#readBundle})
 * over a small checkpoint. The networks have a fixed size, so every real checkpoint is 59 MB and every
 * {@link GanTrainer#resume} first draws 5 million initial weights; a fuzz case through that path costs most of a
 * second. A small checkpoint made of a real one's small arrays, written by the same writer, puts the same header and
 * bin reading under test in a millisecond.
 */
public final class SmallCheckpoints {
    public static final String HEADER = GanTrainer.HEADER;
    public static final String MODEL_HEADER = ModelFiles.HEADER;

    private SmallCheckpoints() {
    }

    /**
     * Writes to {@code out} a checkpoint with the header fields of the one in {@code real} and some of its arrays,
     * with their values, one bin per network as in the real one: per network, the first {@code perBin} parameters
     * or statistics of at most {@code maxLength} values, with their Adam moments. Returns the arrays' shapes by
     * name: what the reader is asked to fill.
     */
    public static Map<String, long[]> writeSmall(Path real, Path out, long maxLength, int perBin) throws IOException {
        JsonNode h = ArrayStore.JSON.readTree(real.resolve(HEADER).toFile());
        Map<String, Map<String, INDArray>> bins = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (JsonNode f : h.path("files")) {
            String file = f.path("file").asText();
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(real.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (JsonNode a : f.path("arrays")) {
                // each array costs the reader a few native calls; a few dozen cover every branch as well as 352
                String base = a.path("name").asText().replaceFirst("\\.adam_[mv]$", "");
                if (!kept.contains(base) && kept.size() >= perBin) continue;
                long[] shape = new long[a.path("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = a.path("shape").get(i).asLong();
                long n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
                if (n > maxLength) continue;
                kept.add(base);
                float[] v = new float[(int) n];
                bytes.asFloatBuffer().get((int) a.path("offset").asLong(), v);
                arrays.put(a.path("name").asText(), Nd4j.createFromArray(v).reshape(shape));
                shapes.put(a.path("name").asText(), shape);
            }
            bins.put(file.substring(0, file.indexOf('-')), arrays);
        }
        ObjectNode small = ((ObjectNode) h).deepCopy();
        small.remove("files");
        ArrayStore.writeBundle(out, HEADER, small, bins, "small");
        return shapes;
    }

    /**
     * Reads the checkpoint in {@code dir} as {@link GanTrainer#resume} reads its arrays, into arrays of the given
     * shapes filled with {@code sentinel}, and returns them. The reader promises to change nothing when it refuses a file, so an
     * InputException that leaves a target changed is turned into an IllegalStateException: a broken promise, not an
     * input error.
     */
    public static Map<String, INDArray> read(Path dir, Map<String, long[]> shapes, float sentinel) {
        Map<String, INDArray> targets = new LinkedHashMap<>();
        shapes.forEach((k, s) -> targets.put(k, Nd4j.valueArrayOf(s, sentinel, DataType.FLOAT)));
        ArrayStore.Source src = ArrayStore.Source.folder(dir);
        try {
            JsonNode h = ArrayStore.readHeader(src, HEADER, GanTrainer.FORMAT, 1);
            ArrayStore.readBundle(src, h, targets);
        } catch (InputException e) {
            for (Map.Entry<String, INDArray> t : targets.entrySet()) {
                float[] v = t.getValue().data().asFloat();
                for (float x : v) {
                    if (Float.compare(x, sentinel) != 0) {
                        throw new IllegalStateException("refused (" + e.getMessage() + ") but changed " + t.getKey(), e);
                    }
                }
            }
            throw e;
        }
        return targets;
    }
}
