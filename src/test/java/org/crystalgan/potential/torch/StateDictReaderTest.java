package org.crystalgan.potential.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StateDictReaderTest {
    static final String BUNDLED_STATE = "/potentials/M3GNet-MP-2021.2.8-PES/state.pt";
    static final Path SHARED_MODELS = Path.of("..", "shared", "models");

    static byte[] bundledBytes() {
        try (InputStream in = StateDictReaderTest.class.getResourceAsStream(BUNDLED_STATE)) {
            assertTrue(in != null, "the bundled potential is on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LinkedHashMap<String, Tensor> read(byte[] archive) {
        return StateDictReader.read(new ByteArrayInputStream(archive), "test.pt");
    }

    private static String refused(byte[] archive) {
        return assertThrows(InputException.class, () -> read(archive)).getMessage();
    }

    private static long total(Map<String, Tensor> m) {
        return m.values().stream().mapToLong(Tensor::numel).sum();
    }

    @Test
    void readsTheBundledMpModel() {
        LinkedHashMap<String, Tensor> m = read(bundledBytes());
        assertEquals(115, m.size());
        assertEquals(296_171, total(m));
        List<String> keys = List.copyOf(m.keySet());
        assertEquals("data_mean", keys.get(0));
        assertEquals("element_refs.onehot", keys.get(114));
        Tensor emb = m.get("model.embedding.layer_node_embedding.weight");
        assertArrayEquals(new int[] {89, 64}, emb.shape());
        // values checked against the raw storage with Python's struct module
        assertEquals(0.17732158303260803f, emb.get(0, 0));
        assertEquals(0.057472918182611465f, emb.get(11, 5));
        assertEquals(0.1957167387008667f, emb.get(88, 63));
        Tensor std = m.get("data_std");
        assertEquals(0, std.rank());
        assertEquals(4.58613348, std.scalar(), 1e-6);
        assertEquals(0.0, m.get("data_mean").scalar());
        assertEquals(5.0, m.get("model.bond_expansion.rbf.cutoff").scalar());
        // element reference energies of O, Mg, Mn as model.json prints them
        Tensor refs = m.get("element_refs.property_offset");
        assertEquals(-7.37977982, refs.get(7), 1e-6);
        assertEquals(-2.00915504, refs.get(11), 1e-6);
        assertEquals(-8.16681957, refs.get(24), 1e-6);
        assertThrows(IllegalStateException.class, emb::scalar);
        assertThrows(IndexOutOfBoundsException.class, () -> emb.get(89, 0));
    }

    @Test
    void readsTheSharedModelsFromTheirFiles() {
        Path mp = SHARED_MODELS.resolve("M3GNet-MP-2021.2.8-PES/state.pt");
        Path matpes = SHARED_MODELS.resolve("M3GNet-MatPES-PBE-v2025.1-PES/state.pt");
        Assumptions.assumeTrue(Files.isRegularFile(mp) && Files.isRegularFile(matpes),
                "../shared/models is absent: the shared model folders are not checked out beside the repository");
        assertEquals(read(bundledBytes()), StateDictReader.read(mp));
        LinkedHashMap<String, Tensor> m = StateDictReader.read(matpes);
        assertEquals(115, m.size());
        assertEquals(672_235, total(m));
        Tensor first = m.get("model.graph_layers.0.conv.edge_update_func.layers.0.weight");
        assertArrayEquals(new int[] {128, 192}, first.shape());
        assertEquals(0.2652619779109955f, first.get(0, 0));
        assertEquals(-0.04656520113348961f, first.get(127, 191));
        assertEquals(3.2514967918395996, m.get("data_std").scalar(), 1e-7);
    }

    @Test
    void appliesOffsetAndStridesOfAView() {
        float[] storage = new float[12];
        for (int i = 0; i < 12; i++) storage[i] = i;
        // a transposed view: element (i, j) sits at 1 + i + 2j
        byte[] pkl = PickleWriter.oneTensor("w", "FloatStorage", 12, 1, new long[] {2, 3}, new long[] {1, 2});
        Tensor t = read(PickleWriter.zip(Map.of("a/data.pkl", pkl, "a/data/0", PickleWriter.floats(storage)))).get("w");
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, t.values());
    }

    @Test
    void convertsDoubleStorages() {
        byte[] pkl = PickleWriter.oneTensor("refs", "DoubleStorage", 2, 0, new long[] {2}, new long[] {1});
        Tensor t = read(PickleWriter.zip(Map.of("x/data.pkl", pkl, "x/data/0", PickleWriter.doubles(1.5, -2.25)))).get("refs");
        assertArrayEquals(new float[] {1.5f, -2.25f}, t.values());
    }

    @Test
    void refusesAPickleThatCallsOsSystem() {
        byte[] pkl = new PickleWriter().proto().global("os", "system").str("echo pwned").op(0x85, 'R', '.').bytes();
        String msg = refused(PickleWriter.zip(Map.of("state/data.pkl", pkl)));
        assertTrue(msg.startsWith("test.pt: state/data.pkl: "), msg);
        assertTrue(msg.contains("os.system") && msg.contains("refusing"), msg);
    }

    @Test
    void refusesUnknownOpcodesAndUnsupportedStorages() {
        byte[] inst = new PickleWriter().proto().op('I', '1', '\n', '.').bytes();
        assertTrue(refused(PickleWriter.zip(Map.of("s/data.pkl", inst))).contains("opcode 0x49"));
        byte[] half = PickleWriter.oneTensor("h", "HalfStorage", 2, 0, new long[] {2}, new long[] {1});
        String msg = refused(PickleWriter.zip(Map.of("s/data.pkl", half, "s/data/0", new byte[4])));
        assertTrue(msg.contains("torch.HalfStorage are not supported"), msg);
    }

    @Test
    void refusesMissingOrShortStoragesAndOversizedViews() {
        byte[] pkl = PickleWriter.oneTensor("w", "FloatStorage", 4, 0, new long[] {4}, new long[] {1});
        String missing = refused(PickleWriter.zip(Map.of("s/data.pkl", pkl)));
        assertTrue(missing.contains("tensor 'w'") && missing.contains("s/data/0 is missing"), missing);
        String shorter = refused(PickleWriter.zip(Map.of("s/data.pkl", pkl, "s/data/0", new byte[8])));
        assertTrue(shorter.contains("holds 8 bytes, fewer than its 4 FloatStorage elements"), shorter);
        // a huge shape over a one-element storage must not allocate anything
        byte[] huge = PickleWriter.oneTensor("w", "FloatStorage", 1, 0, new long[] {1 << 20, 1 << 10}, new long[] {0, 0});
        String big = refused(PickleWriter.zip(Map.of("s/data.pkl", huge, "s/data/0", new byte[4])));
        assertTrue(big.contains("more elements than its storage"), big);
        byte[] past = PickleWriter.oneTensor("w", "FloatStorage", 4, 3, new long[] {2}, new long[] {1});
        String beyond = refused(PickleWriter.zip(Map.of("s/data.pkl", past, "s/data/0", new byte[16])));
        assertTrue(beyond.contains("reach element 4 of a storage of 4"), beyond);
    }

    @Test
    void refusesTruncatedAndForeignFiles() {
        byte[] real = bundledBytes();
        byte[] cut = java.util.Arrays.copyOf(real, real.length / 2);
        assertTrue(refused(cut).contains("truncated"));
        assertTrue(refused("just some text".getBytes()).contains("not a zip archive"));
        assertTrue(refused(new byte[] {(byte) 0x80, 2, 'N', '.'}).contains("bare pickle"));
        assertTrue(refused(PickleWriter.zip(Map.of("readme.txt", new byte[3]))).contains("no <folder>/data.pkl"));
        // a zip whose pickle was cut short
        Map<String, byte[]> entries = unzip(real);
        entries.put("state/data.pkl", java.util.Arrays.copyOf(entries.get("state/data.pkl"), 1000));
        assertTrue(refused(PickleWriter.zip(entries)).contains("truncated"));
        Map<String, byte[]> lacking = unzip(real);
        lacking.remove("state/data/5");
        assertEquals("test.pt: tensor 'model.embedding.layer_edge_embedding.layers.0.bias': its storage state/data/5 is missing from the archive",
                refused(PickleWriter.zip(lacking)));
        // a flipped byte in a storage is caught by the zip's checksum
        byte[] flipped = real.clone();
        int at = indexOf(real, "state/data/3".getBytes()) + 200;
        flipped[at] ^= 1;
        String crc = refused(flipped);
        assertTrue(crc.contains("CRC mismatch") || crc.contains("damaged"), crc);
    }

    @Test
    void refusesManyViewsOfOneStorage() {
        PickleWriter w = new PickleWriter().proto().emptyOrderedDict().op('(');
        for (int i = 0; i < 50; i++) w.tensor("w" + i, "FloatStorage", "0", 1024, 0, new long[] {1024}, new long[] {1});
        byte[] archive = PickleWriter.zip(Map.of("s/data.pkl", w.op('u', '.').bytes(), "s/data/0", new byte[4096]));
        assertTrue(refused(archive).contains("more elements than the file has bytes"));
    }

    @Test
    void refusesCyclicDictKeys() {
        // L = []; L.append(L); {L: 1}: Python would refuse the unhashable key, we refuse any non-string key
        byte[] pkl = new PickleWriter().proto().op('}', ']', 'q', 0, 'h', 0, 'a').integer(1).op('s', '.').bytes();
        assertTrue(refused(PickleWriter.zip(Map.of("s/data.pkl", pkl))).contains("a dict key is a list"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void namesTheFileItCannotFind() {
        Path nowhere = Path.of("no-such-dir", "state.pt");
        String msg = assertThrows(InputException.class, () -> StateDictReader.read(nowhere)).getMessage();
        assertEquals(nowhere + ": no such file", msg);
    }

    static Map<String, byte[]> unzip(byte[] archive) {
        return new LinkedHashMap<>(StateDictReader.unzip(archive, "test.pt"));
    }
}
