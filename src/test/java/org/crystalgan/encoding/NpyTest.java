package org.crystalgan.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path tmp;

    @Test
    void float32RoundTripsThroughAFile() {
        float[] v = {0f, 1.5f, -2.25f, 1e-30f, Float.MAX_VALUE, 0.1f};
        Path f = tmp.resolve("a.npy");
        Npy.writeFloat32(f, new int[] {2, 3}, v);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals(Npy.DType.FLOAT32, a.dtype());
        assertArrayEquals(v, a.floats());
    }

    @Test
    void float64BothByteOrders() throws IOException {
        double[] v = {Math.PI, -1e300, 0.1, 2.0 / 3};
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (Npy.DType t : Npy.DType.values()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Npy.write(out, new int[] {4}, v, t, o);
                byte[] bytes = out.toByteArray();
                String header = new String(bytes, 10, 60, StandardCharsets.ISO_8859_1);
                assertTrue(header.contains((o == ByteOrder.BIG_ENDIAN ? ">" : "<") + (t == Npy.DType.FLOAT32 ? "f4" : "f8")), header);
                assertEquals(0, (bytes.length - 4 * t.bytes) % 64, "data aligned to 64 bytes");
                Npy.Array a = Npy.read(new ByteArrayInputStream(bytes), "mem");
                assertEquals(o, a.order());
                for (int i = 0; i < 4; i++) {
                    double want = t == Npy.DType.FLOAT32 ? (double) (float) v[i] : v[i];
                    if (t == Npy.DType.FLOAT32 && Double.isInfinite(want)) want = Double.NEGATIVE_INFINITY;
                    assertEquals(want, a.data()[i], 0.0);
                }
            }
        }
    }

    /** Bytes as numpy 1.24 writes np.arange(3, dtype='>f8') with format version 2.0 (hand-built here). */
    @Test
    void readsVersion2Headers() throws IOException {
        String dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }";
        int pre = 12;
        int hl = ((pre + dict.length() + 1 + 63) / 64) * 64 - pre;
        ByteBuffer b = ByteBuffer.allocate(pre + hl + 24);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(hl);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = dict.length(); i < hl - 1; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        b.order(ByteOrder.BIG_ENDIAN).putDouble(0).putDouble(1).putDouble(2);
        Npy.Array a = Npy.read(new ByteArrayInputStream(b.array()), "v2");
        assertArrayEquals(new double[] {0, 1, 2}, a.data());
        assertArrayEquals(new int[] {3}, a.shape());
    }

    @Test
    void rejectsFortranOrderAndOtherTypesClearly() {
        InputException f = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(
                raw("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32)), "x.npy"));
        assertTrue(f.getMessage().contains("x.npy") && f.getMessage().contains("Fortran"), f.getMessage());
        InputException i = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(
                raw("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", 16)), "ints.npy"));
        assertTrue(i.getMessage().contains("'<i8'"), i.getMessage());
        InputException t = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(
                raw("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }", 16)), "short.npy"));
        assertTrue(t.getMessage().contains("2 of the 5 values"), t.getMessage());
        InputException m = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(
                "hello world".getBytes(StandardCharsets.US_ASCII)), "text.npy"));
        assertTrue(m.getMessage().contains("not a NumPy"), m.getMessage());
    }

    @Test
    void shapeTextIsPythonTuple() {
        assertEquals("(2627, 30, 3)", Npy.shapeText(new int[] {2627, 30, 3}));
        assertEquals("(5,)", Npy.shapeText(new int[] {5}));
        assertEquals("()", Npy.shapeText(new int[0]));
    }

    @Test
    void readsTheReferenceArrayHeader() throws IOException {
        Path ref = SharedData.mgmno("unique_sc_mgmno_fixed.npy");
        Npy.Array a = Npy.read(ref);
        assertEquals(Npy.DType.FLOAT64, a.dtype());
        assertEquals(2627 * 90, a.data().length);
        // row 0 of the array, printed with numpy: a = b = 0.12906275 (3.87188 Å / 30)
        assertEquals(3.87188 / 30, a.data()[0], 1e-7);
        // writing it back as float64 gives the identical file body
        Path copy = tmp.resolve("copy.npy");
        Npy.writeFloat64(copy, a.shape(), a.data());
        byte[] x = Files.readAllBytes(ref), y = Files.readAllBytes(copy);
        assertEquals(x.length, y.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(x, 128, x.length), java.util.Arrays.copyOfRange(y, 128, y.length));
    }

    private static byte[] raw(String dict, int dataBytes) {
        int hl = ((10 + dict.length() + 1 + 63) / 64) * 64 - 10;
        ByteBuffer b = ByteBuffer.allocate(10 + hl + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) hl);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = dict.length(); i < hl - 1; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }
}
