package org.crystalgan.potential.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickles and torch-style zip archives opcode by opcode, to build good and hostile inputs in tests. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter op(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    PickleWriter proto() { return op(0x80, 2); }

    PickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X', b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    PickleWriter integer(long v) {
        int i = (int) v;
        return op('J', i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, i >>> 24);
    }

    PickleWriter ints(long... vs) {
        op('(');
        for (long v : vs) integer(v);
        return op('t');
    }

    PickleWriter emptyOrderedDict() { return global("collections", "OrderedDict").op(')', 'R'); }

    /** One {@code key: _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} pair (inside a MARK). */
    PickleWriter tensor(String key, String storageClass, String storageKey, long numel, long offset, long[] size, long[] stride) {
        str(key).global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').str("storage").global("torch", storageClass).str(storageKey).str("cpu").integer(numel).op('t', 'Q');
        integer(offset).ints(size).ints(stride).op(0x89).emptyOrderedDict();
        return op('t', 'R');
    }

    byte[] bytes() { return out.toByteArray(); }

    /** A state dict pickle holding one tensor. */
    static byte[] oneTensor(String key, String storageClass, long numel, long offset, long[] size, long[] stride) {
        return new PickleWriter().proto().emptyOrderedDict().op('(')
                .tensor(key, storageClass, "0", numel, offset, size, stride).op('u', '.').bytes();
    }

    /** A zip archive with deflated entries. */
    static byte[] zip(Map<String, byte[]> entries) { return zip(entries, false); }

    /** A zip archive; {@code stored}: uncompressed entries, as torch.save writes them. */
    static byte[] zip(Map<String, byte[]> entries, boolean stored) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (stored) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] floats(float... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    static byte[] doubles(double... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double d : v) b.putDouble(d);
        return b.array();
    }
}
