package org.crystalgan.potential.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.torch.RestrictedUnpickler.StorageRef;
import org.crystalgan.potential.torch.RestrictedUnpickler.TensorRef;

/**
 * Reads a PyTorch state dict as {@code torch.save} writes it since PyTorch 1.6: a zip archive with
 * {@code <prefix>/data.pkl} (a pickle of an {@code OrderedDict} of tensors whose storages are persistent
 * ids) and one raw little-endian file {@code <prefix>/data/<key>} per storage.
 *
 * <p>No code from the file is run: the pickle goes through {@link RestrictedUnpickler}, which knows only
 * the handful of opcodes and globals a state dict uses. Float32 storages are read as they are; float64,
 * int64 and int32 storages are converted to float (a model's buffers are sometimes saved that way); any
 * other storage type is refused. Every size in the file is checked against the bytes actually present
 * before anything is allocated for it.
 */
public final class StateDictReader {
    /** The largest archive, and the most its entries may inflate to (M3GNet models are a few MB). */
    static final long MAX_ARCHIVE_BYTES = 256L << 20;

    private StateDictReader() {
    }

    /** Reads the state dict in {@code file}; keys in the order of the file. */
    public static LinkedHashMap<String, Tensor> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a state dict from {@code in} (not closed); {@code sourceName} names it in messages. */
    public static LinkedHashMap<String, Tensor> read(InputStream in, String sourceName) {
        byte[] archive = readAll(in, sourceName);
        checkZip(archive, sourceName);
        Map<String, byte[]> entries = unzip(archive, sourceName);
        String prefix = findPrefix(entries, sourceName);
        byte[] byteorder = entries.get(prefix + "byteorder");
        if (byteorder != null) {
            String order = new String(byteorder, java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new InputException(sourceName + ": storages are saved in '" + order + "' byte order; only little-endian is supported");
            }
        }
        LinkedHashMap<String, TensorRef> refs = RestrictedUnpickler.load(entries.get(prefix + "data.pkl"), sourceName + ": " + prefix + "data.pkl");
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        long elements = 0;
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            // views may share a storage (tied weights), but thousands of views of one storage would copy it
            // thousands of times: every element a state dict holds costs at least one byte of the file
            // (each single view is already bounded by its storage, so checking after the copy overshoots by one at most)
            Tensor t = materialize(e.getKey(), e.getValue(), entries, prefix, sourceName);
            elements += t.numel();
            if (elements > archive.length) {
                throw new InputException(sourceName + ": its tensors hold more elements than the file has bytes"
                        + " (many views of the same storage), which no state dict does");
            }
            out.put(e.getKey(), t);
        }
        return out;
    }

    private static byte[] readAll(InputStream in, String sourceName) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > MAX_ARCHIVE_BYTES) {
                    throw new InputException(sourceName + ": larger than " + (MAX_ARCHIVE_BYTES >> 20) + " MiB; not a model this reader loads");
                }
                buf.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new InputException(sourceName + ": cannot read it (" + e.getMessage() + ")", e);
        }
        return buf.toByteArray();
    }

    /** Refuses files that are plainly not zip archives, with the likeliest reason. */
    private static void checkZip(byte[] a, String sourceName) {
        if (a.length >= 2 && (a[0] & 0xff) == 0x80 && a[1] >= 2 && a[1] <= 5) {
            throw new InputException(sourceName + ": a bare pickle (torch.save before PyTorch 1.6, or a pickled model);"
                    + " only the zip format of torch.save since 1.6 is read: re-save the state dict with a current PyTorch");
        }
        if (a.length < 4 || a[0] != 'P' || a[1] != 'K' || a[2] != 3 || a[3] != 4) {
            throw new InputException(sourceName + ": not a zip archive, so not a PyTorch state dict (torch.save since 1.6 writes zip archives)");
        }
    }

    /**
     * The entries of a zip archive, found through its central directory. PyTorch's writer marks stored
     * (uncompressed) entries as having a data descriptor, which {@code java.util.zip.ZipInputStream} refuses, and a
     * stream reader would stop silently at a cut; the central directory, which a cut file lacks, gives
     * every entry's size and place. Every offset and size is checked against the archive's length.
     */
    static Map<String, byte[]> unzip(byte[] a, String sourceName) {
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = a.length - 22, lowest = Math.max(0, a.length - 22 - 0xffff); i >= lowest; i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new InputException(sourceName + ": the zip archive is truncated (no end-of-central-directory record)");
        int count = b.getShort(eocd + 10) & 0xffff;
        long dirSize = b.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = b.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || dirOffset == 0xffffffffL) {
            throw new InputException(sourceName + ": a zip64 archive (over 4 GB or 65535 entries), larger than any model this reader loads");
        }
        if (dirOffset + dirSize > eocd) throw new InputException(sourceName + ": damaged zip archive (central directory out of bounds)");
        Map<String, byte[]> entries = new HashMap<>();
        int p = (int) dirOffset;
        long inflated = 0;
        for (int n = 0; n < count; n++) {
            if (p + 46 > eocd || b.getInt(p) != 0x02014b50) {
                throw new InputException(sourceName + ": damaged zip archive (central directory entry " + n + ")");
            }
            int method = b.getShort(p + 10) & 0xffff;
            int crc = b.getInt(p + 16);
            long packed = b.getInt(p + 20) & 0xffffffffL;
            long size = b.getInt(p + 24) & 0xffffffffL;
            int nameLen = b.getShort(p + 28) & 0xffff;
            int extraLen = b.getShort(p + 30) & 0xffff;
            int commentLen = b.getShort(p + 32) & 0xffff;
            long local = b.getInt(p + 42) & 0xffffffffL;
            if (p + 46L + nameLen > eocd) throw new InputException(sourceName + ": damaged zip archive (entry name out of bounds)");
            String name = new String(a, p + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            p += 46 + nameLen + extraLen + commentLen;
            if (name.endsWith("/")) continue;
            if (local + 30 > a.length || b.getInt((int) local) != 0x04034b50) {
                throw new InputException(sourceName + ": damaged zip archive (local header of " + name + ")");
            }
            long start = local + 30 + (b.getShort((int) local + 26) & 0xffff) + (b.getShort((int) local + 28) & 0xffff);
            if (start + packed > a.length) throw new InputException(sourceName + ": zip entry " + name + " runs past the end of the file (truncated?)");
            // deflate cannot compress more than about 1032:1, so a larger claim is a lie meant to make us allocate
            inflated += size;
            if (inflated > MAX_ARCHIVE_BYTES || size > packed * 1032 + 1024) {
                throw new InputException(sourceName + ": zip entry " + name + " claims " + size + " bytes from " + packed
                        + ", more than this reader accepts");
            }
            byte[] data;
            if (method == 0) {
                if (packed != size) throw new InputException(sourceName + ": damaged zip archive (stored entry " + name + " with two sizes)");
                data = Arrays.copyOfRange(a, (int) start, (int) (start + size));
            } else if (method == 8) {
                data = inflate(a, (int) start, (int) packed, (int) size, name, sourceName);
            } else {
                throw new InputException(sourceName + ": zip entry " + name + " uses compression method " + method + " (only stored and deflated are read)");
            }
            CRC32 check = new CRC32();
            check.update(data);
            if ((int) check.getValue() != crc) throw new InputException(sourceName + ": zip entry " + name + " is corrupt (CRC mismatch)");
            if (entries.put(name, data) != null) throw new InputException(sourceName + ": zip entry " + name + " appears twice");
        }
        return entries;
    }

    private static byte[] inflate(byte[] a, int start, int packed, int size, String name, String sourceName) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(a, start, packed);
            // grow with what actually inflates rather than trusting the declared size for the allocation
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(size, 1 << 20));
            byte[] chunk = new byte[1 << 16];
            while (!inf.finished()) {
                int got = inf.inflate(chunk);
                if (got == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(chunk, 0, got);
                if (out.size() > size) break;
            }
            if (!inf.finished() || out.size() != size) {
                throw new InputException(sourceName + ": zip entry " + name + " does not inflate to its declared " + size + " bytes");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new InputException(sourceName + ": zip entry " + name + " is corrupt (" + e.getMessage() + ")", e);
        } finally {
            inf.end();
        }
    }

    /** The archive's top folder (named after the file torch.save wrote, e.g. {@code state/}), with its slash. */
    private static String findPrefix(Map<String, byte[]> entries, String sourceName) {
        String prefix = null;
        for (String name : entries.keySet()) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                if (prefix != null) throw new InputException(sourceName + ": the archive holds more than one data.pkl");
                prefix = name.substring(0, slash + 1);
            }
        }
        if (prefix == null) {
            throw new InputException(sourceName + ": the zip archive has no <folder>/data.pkl, so it is not a PyTorch state dict");
        }
        return prefix;
    }

    private static Tensor materialize(String key, TensorRef t, Map<String, byte[]> entries, String prefix, String sourceName) {
        StorageRef s = t.storage();
        String entry = prefix + "data/" + s.key();
        String what = sourceName + ": tensor '" + key + "'";
        byte[] raw = entries.get(entry);
        if (raw == null) throw new InputException(what + ": its storage " + entry + " is missing from the archive");
        long available = raw.length / s.type().bytes;
        if (s.numel() > available) {
            throw new InputException(what + ": storage " + entry + " holds " + raw.length + " bytes, fewer than its "
                    + s.numel() + " " + s.type().pythonName + " elements need");
        }
        int rank = t.size().length;
        int[] shape = new int[rank];
        long numel = 1;
        long last = t.offset(); // index of the view's last element in the storage
        for (int d = 0; d < rank; d++) {
            long size = t.size()[d];
            long stride = t.stride()[d];
            if (size < 0 || stride < 0) {
                throw new InputException(what + ": size " + Arrays.toString(t.size()) + " / stride " + Arrays.toString(t.stride()) + " cannot be read");
            }
            if (size > Integer.MAX_VALUE) throw new InputException(what + ": dimension of " + size + " is too large");
            shape[d] = (int) size;
            try {
                numel = Math.multiplyExact(numel, size);
                if (size > 0) last = Math.addExact(last, Math.multiplyExact(size - 1, stride));
            } catch (ArithmeticException e) {
                throw new InputException(what + ": size " + Arrays.toString(t.size()) + " / stride " + Arrays.toString(t.stride()) + " overflow");
            }
        }
        if (numel > s.numel()) {
            // also stops a zero-stride view from expanding a small storage into a huge allocation
            throw new InputException(what + ": shape " + Arrays.toString(t.size()) + " has more elements than its storage (" + s.numel() + ")");
        }
        float[] values = new float[(int) numel];
        if (numel > 0 && last >= s.numel()) {
            throw new InputException(what + ": offset " + t.offset() + ", size " + Arrays.toString(t.size()) + " and stride "
                    + Arrays.toString(t.stride()) + " reach element " + last + " of a storage of " + s.numel());
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int[] index = new int[rank];
        long pos = t.offset();
        for (int i = 0; i < values.length; i++) {
            values[i] = element(buf, s.type(), pos);
            // advance the row-major counter and the storage position together
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    pos += t.stride()[d];
                    break;
                }
                index[d] = 0;
                pos -= (long) (shape[d] - 1) * t.stride()[d];
            }
        }
        return new Tensor(key, shape, values);
    }

    private static float element(ByteBuffer buf, RestrictedUnpickler.StorageType type, long index) {
        int at = Math.toIntExact(index * type.bytes);
        return switch (type) {
            case FLOAT -> buf.getFloat(at);
            case DOUBLE -> (float) buf.getDouble(at);
            case LONG -> (float) buf.getLong(at);
            case INT -> (float) buf.getInt(at);
        };
    }
}
