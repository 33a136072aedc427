package org.crystalgan.gan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.crystal.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The on-disk format of checkpoints and exported models (no Java serialisation anywhere):
 * a JSON header ({@code checkpoint.json} or {@code model.json}) and one or more {@code .bin} files, each the raw
 * little-endian float32 values of named arrays laid end to end in C order. The header lists, per bin file, its
 * name, byte size, SHA-256 and its arrays (name, shape, offset in floats). Bins are written first, the header last,
 * each atomically (temp file + move), so a crash leaves the previous header and the bins it names intact.
 */
final class ArrayStore {
    /** A fractional number where a whole one belongs (batch size 32.5) is refused, not rounded down. */
    static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    /** A bare file name: no folders, no "..", nothing hidden. */
    static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");

    private ArrayStore() {
    }

    /** Where a bundle's files come from: a folder or the class path. */
    interface Source {
        InputStream open(String name) throws IOException;

        String describe(String name);

        static Source folder(Path dir) {
            return new Source() {
                public InputStream open(String name) throws IOException {
                    // file names come from the header, which may come from anyone: a bare name in this folder only
                    if (!SAFE_NAME.matcher(name).matches()) {
                        throw new InputException(dir + ": the header names the file \"" + name.replace("\0", "\\0")
                                + "\", which is not a plain file name in this folder");
                    }
                    return Files.newInputStream(dir.resolve(name));
                }

                public String describe(String name) {
                    return dir.resolve(name).toString();
                }
            };
        }

        static Source classpath(String prefix) {
            return new Source() {
                public InputStream open(String name) throws IOException {
                    InputStream in = ArrayStore.class.getResourceAsStream(prefix + name);
                    if (in == null) throw new java.nio.file.NoSuchFileException("class path " + prefix + name);
                    return in;
                }

                public String describe(String name) {
                    return "class path " + prefix + name;
                }
            };
        }
    }

    /** Bytes staged per write: under half a G1 region, so no humongous allocation. */
    private static final int CHUNK_BYTES = 128 << 10;

    /**
     * Writes the arrays end to end as little-endian float32, atomically, and returns the SHA-256 of what was written.
     * The values go from native memory to the file a chunk at a time: a whole 28 MB bin built on the Java heap (as
     * before) made the collector copy and scan for over 100 ms while the window waited.
     */
    static String writeBin(Path file, Iterable<INDArray> arrays) throws IOException {
        MessageDigest md = sha256Digest();
        AtomicFiles.writeDurable(file, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (INDArray a : arrays) {
                INDArray c = a.castTo(DataType.FLOAT).dup('c');
                // ND4J keeps values in native byte order; the file is little-endian whatever the machine
                FloatBuffer values = c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
                values.limit((int) c.length());
                while (values.hasRemaining()) {
                    chunk.clear();
                    while (chunk.remaining() >= 4 && values.hasRemaining()) chunk.putFloat(values.get());
                    md.update(chunk.array(), 0, chunk.position());
                    out.write(chunk.array(), 0, chunk.position());
                }
                // the buffer views c's native memory without holding c: c must outlive the reads, or the
                // collector may free that memory under them
                java.lang.ref.Reference.reachabilityFence(c);
            }
        });
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(sha256Digest().digest(b));
    }

    /**
     * Writes the bins ({@code key-tag.bin} per map entry), then the header with their index, then deletes bins of
     * earlier tags that the new header no longer names.
     */
    static void writeBundle(Path dir, String headerName, ObjectNode header, Map<String, Map<String, INDArray>> bins,
                            String tag) throws IOException {
        Files.createDirectories(dir);
        ArrayNode files = header.putArray("files");
        Set<String> keep = new TreeSet<>();
        for (Map.Entry<String, Map<String, INDArray>> bin : bins.entrySet()) {
            String name = bin.getKey() + "-" + tag + ".bin";
            long total = 0;
            for (INDArray a : bin.getValue().values()) total += a.length();
            if (total * 4 > 45L << 20) throw new IllegalStateException(name + " would exceed 45 MB");
            ObjectNode f = files.addObject();
            f.put("file", name);
            ArrayNode arrays = f.putArray("arrays");
            long offset = 0;
            for (Map.Entry<String, INDArray> e : bin.getValue().entrySet()) {
                INDArray a = e.getValue();
                ObjectNode an = arrays.addObject();
                an.put("name", e.getKey());
                ArrayNode shape = an.putArray("shape");
                for (long s : a.shape()) shape.add(s);
                an.put("offset", offset);
                offset += a.length();
            }
            f.put("bytes", total * 4);
            f.put("sha256", writeBin(dir.resolve(name), bin.getValue().values()));
            keep.add(name);
        }
        byte[] headerBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header);
        AtomicFiles.writeDurable(dir.resolve(headerName), out -> out.write(headerBytes));
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".bin") && !keep.contains(n)
                        && bins.keySet().stream().anyMatch(k -> n.startsWith(k + "-"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Counts that the readers take from a header as they stand ({@link GanTrainer#resume} its position in the run and
     * Adam's step counts, {@link ModelFiles#load} the epochs trained), with the largest value each reader can hold:
     * checked here, where every header is read, so that a damaged one is refused instead of resuming at batch
     * -2147483648 (found by the checkpoint fuzz benchmark).
     */
    private static final Map<String, Map<String, Long>> COUNTS = Map.of(
            GanTrainer.FORMAT, Map.of("/epoch", (long) Integer.MAX_VALUE, "/batch", (long) Integer.MAX_VALUE,
                    "/dataRows", (long) Integer.MAX_VALUE, "/step", Long.MAX_VALUE, "/adamSteps/generator", Long.MAX_VALUE,
                    "/adamSteps/critic", Long.MAX_VALUE, "/adamSteps/classifier", Long.MAX_VALUE),
            ModelFiles.FORMAT, Map.of("/epochsTrained", (long) Integer.MAX_VALUE, "/iterationsTrained", Long.MAX_VALUE));

    static JsonNode readHeader(Source src, String headerName, String expectedFormat, int version) {
        JsonNode h;
        try (InputStream in = src.open(headerName)) {
            h = JSON.readTree(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(src.describe(headerName) + ": not found (is this a " + expectedFormat + " folder?)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's own message quotes a redacted source description; the line and column are what a user needs
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InputException(src.describe(headerName) + where + ": not readable JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new InputException(src.describe(headerName) + ": cannot be read (" + e.getMessage() + ")");
        }
        if (h == null || !expectedFormat.equals(h.path("format").asText())) {
            throw new InputException(src.describe(headerName) + ": not a " + expectedFormat + " file (field \"format\")");
        }
        if (h.path("version").asInt(-1) != version) {
            throw new InputException(src.describe(headerName) + ": format version " + h.path("version") + ", this program reads " + version);
        }
        for (Map.Entry<String, Long> c : new java.util.TreeMap<>(COUNTS.getOrDefault(expectedFormat, Map.of())).entrySet()) {
            JsonNode v = h.at(c.getKey());
            // canConvertToLong alone would let 1.5 through as 1; a writer of this format only ever writes integers
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > c.getValue()) {
                throw new InputException(src.describe(headerName) + ": field \"" + c.getKey().substring(1).replace('/', '.') + "\" is "
                        + abbreviate(v) + ", not a whole number from 0 to " + c.getValue());
            }
        }
        // a timed checkpoint right after an epoch's last batch has batch == batches per epoch, never more
        JsonNode batchSize = h.at("/config/batchSize");
        if (GanTrainer.FORMAT.equals(expectedFormat) && batchSize.canConvertToInt() && batchSize.asInt() > 0
                && h.path("batch").asLong() > h.path("dataRows").asLong() / batchSize.asInt()) {
            throw new InputException(src.describe(headerName) + ": field \"batch\" is " + h.path("batch") + ", past the end of an epoch of "
                    + h.path("dataRows").asLong() / batchSize.asInt() + " batches (" + h.path("dataRows") + " rows in batches of " + batchSize + ")");
        }
        return h;
    }

    /**
     * Reads every array the header lists into the matching array of {@code targets} (same name and shape), checking
     * sizes and checksums first; on any mismatch nothing in {@code targets} is changed.
     */
    static void readBundle(Source src, JsonNode header, Map<String, INDArray> targets) {
        Map<String, float[]> loaded = new LinkedHashMap<>();
        for (JsonNode f : header.path("files")) {
            String name = f.path("file").asText();
            // names and shapes first: they bound the bytes worth reading, which a header could otherwise put at any size
            long need = 0;
            for (JsonNode a : f.path("arrays")) {
                String an = a.path("name").asText();
                INDArray t = targets.get(an);
                if (t == null) throw new InputException(src.describe(name) + ": array \"" + an + "\" does not belong to these networks");
                long[] shape = new long[a.path("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = a.path("shape").get(i).asLong();
                if (!java.util.Arrays.equals(shape, t.shape())) {
                    throw new InputException(src.describe(name) + ": array \"" + an + "\" has shape "
                            + java.util.Arrays.toString(shape) + ", the networks need " + java.util.Arrays.toString(t.shape()));
                }
                need += 4 * t.length();
            }
            JsonNode declared = f.path("bytes");
            if (!declared.isIntegralNumber() || !declared.canConvertToLong() || declared.asLong() < 0 || declared.asLong() > need
                    || declared.asLong() >= Integer.MAX_VALUE) {
                throw new InputException(src.describe(name) + ": corrupt (the header gives its size as " + abbreviate(declared)
                        + " bytes; the arrays it holds need " + need + ")");
            }
            byte[] bytes;
            try (InputStream in = src.open(name)) {
                // one byte past the size the header gives is enough to tell a longer file; the rest is never read
                bytes = in.readNBytes((int) declared.asLong() + 1);
            } catch (IOException e) {
                throw new InputException(src.describe(name) + ": cannot be read (" + e.getMessage() + ")");
            }
            if (bytes.length != declared.asLong() || !sha256(bytes).equals(f.path("sha256").asText())) {
                throw new InputException(src.describe(name) + ": corrupt (size or SHA-256 differs from the header)");
            }
            FloatBuffer fb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (JsonNode a : f.path("arrays")) {
                String an = a.path("name").asText();
                INDArray t = targets.get(an);
                long off = a.path("offset").asLong();
                // written so that a huge offset (1e309 reads as Long.MAX_VALUE) cannot overflow past the check
                if (off < 0 || off > fb.capacity() - t.length()) throw new InputException(src.describe(name) + ": array \"" + an + "\" lies outside the file");
                float[] v = new float[(int) t.length()];
                fb.get((int) off, v);
                loaded.put(an, v);
            }
        }
        Set<String> missing = new TreeSet<>(targets.keySet());
        missing.removeAll(loaded.keySet());
        if (!missing.isEmpty()) {
            throw new InputException(src.describe("") + ": missing arrays " + missing.stream().limit(5).toList()
                    + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : ""));
        }
        loaded.forEach((k, v) -> {
            INDArray t = targets.get(k);
            t.assign(Nd4j.createFromArray(v).reshape(t.shape()).castTo(t.dataType()));
        });
    }

    /** A header value for a message: "missing", or its JSON text cut to 40 characters. */
    private static String abbreviate(JsonNode v) {
        String shown = v.isMissingNode() ? "missing" : v.toString();
        return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
