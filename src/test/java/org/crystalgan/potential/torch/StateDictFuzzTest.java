package org.crystalgan.potential.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crystalgan.fuzz.ReaderFuzzer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated state dicts through the reader with the project's fuzzer: every case must end in a result or an
 * InputException, within the fuzzer's time and allocation limits. The bundled model is the seed, so this
 * runs without ../shared.
 */
class StateDictFuzzTest {
    /** Cases per target in the build; {@code -Dstatedict.fuzz.cases=N} for a longer run. */
    static final int CASES = Integer.getInteger("statedict.fuzz.cases", 80);
    static Path work;
    static ReaderFuzzer fuzzer;
    static byte[] archive;
    static Map<String, byte[]> entries;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("crystalgan-statedict-fuzz");
        fuzzer = new ReaderFuzzer(work);
        archive = StateDictReaderTest.bundledBytes();
        entries = StateDictReaderTest.unzip(archive);
    }

    @AfterAll
    static void tearDown() throws IOException {
        fuzzer.close();
        try (var s = Files.list(work)) { s.forEach(p -> p.toFile().delete()); }
        Files.deleteIfExists(work);
    }

    /** A small archive too, so that mutations often land in the zip structure rather than in 1.2 MB of weights. */
    private static byte[] smallArchive() {
        byte[] pkl = PickleWriter.oneTensor("w", "FloatStorage", 6, 0, new long[] {2, 3}, new long[] {3, 1});
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("small/data.pkl", pkl);
        m.put("small/byteorder", "little".getBytes());
        m.put("small/data/0", PickleWriter.floats(1, 2, 3, 4, 5, 6));
        return PickleWriter.zip(m, true);
    }

    private static void fuzz(ReaderFuzzer.Target t) throws IOException {
        ReaderFuzzer.Report r = fuzzer.run(t, CASES, 20261207L, 20);
        System.out.println(r.line());
        assertEquals(CASES, r.counts().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.clean(), () -> r.line() + "\n" + r.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertTrue(r.counts().getOrDefault(ReaderFuzzer.Outcome.INPUT_ERROR, 0) > 0, r::line);
    }

    @Test
    void mutatedArchives() throws IOException {
        fuzz(new ReaderFuzzer.Target() {
            @Override public String name() { return "state.pt"; }

            @Override public String fileName(int i) { return ".pt"; }

            @Override public List<byte[]> corpus() { return List.of(archive, smallArchive()); }

            @Override public String read(Path file) { return sound(StateDictReader.read(file)); }
        });
    }

    /** The pickle mutated and zipped again with the real storages, so the checksums hold and the interpreter is reached. */
    @Test
    void mutatedPickles() throws IOException {
        fuzz(new ReaderFuzzer.Target() {
            @Override public String name() { return "data.pkl"; }

            @Override public String fileName(int i) { return ".pkl"; }

            @Override public List<byte[]> corpus() {
                return List.of(entries.get("state/data.pkl"), PickleWriter.oneTensor("w", "FloatStorage", 1, 0, new long[] {}, new long[] {}));
            }

            @Override public String read(Path file) throws IOException {
                Map<String, byte[]> m = new LinkedHashMap<>(entries);
                m.put("state/data.pkl", Files.readAllBytes(file));
                return sound(StateDictReader.read(new ByteArrayInputStream(PickleWriter.zip(m, true)), file.toString()));
            }
        });
    }

    /** Null when every tensor's value count fits its shape (the record checks that too). */
    private static String sound(Map<String, Tensor> m) {
        for (Tensor t : m.values()) {
            long n = 1;
            for (int d : t.shape()) n *= d;
            if (n != t.numel()) return t.key() + ": " + t.numel() + " values for shape " + t.shapeText();
        }
        return null;
    }
}
