package org.crystalgan.encoding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;

/**
 * Reads and writes NumPy {@code .npy} files of floating-point numbers, as the format is specified
 * in NumPy's {@code numpy/lib/format.py} documentation (NEP 1): the magic {@code \x93NUMPY}, a
 * version (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), a Python-literal dict header with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data.
 *
 * <p>Supported: {@code <f4 >f4 <f8 >f8} in C order. Fortran order and other dtypes are rejected
 * with an {@link InputException} naming the file and the problem.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Element type of an array file. */
    public enum DType {
        FLOAT32(4), FLOAT64(8);
        public final int bytes;
        DType(int bytes) { this.bytes = bytes; }
    }

    /**
     * An array read from a file: its shape, its values in C (row-major) order widened to double
     * (exact for float32), and the type and byte order the file stored them in.
     */
    public record Array(int[] shape, double[] data, DType dtype, ByteOrder order) {
        public Array {
            shape = shape.clone();
            if (count(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
            }
        }

        @Override public int[] shape() { return shape.clone(); }

        /** The values as float (exact when the file held float32). */
        public float[] floats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            return f;
        }

        public String shapeText() { return Npy.shapeText(shape); }
    }

    // ------------------------------------------------------------------ read

    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Read from a stream; {@code where} names the source in error messages. */
    public static Array read(InputStream in, String where) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new InputException(where + ": not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        int major = magic[6] & 0xff;
        int headerLen;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) throw truncated(where);
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) throw truncated(where);
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLen < 0) throw new InputException(where + ": .npy header length is negative");
        } else {
            throw new InputException(where + ": .npy format version " + major + "." + (magic[7] & 0xff)
                    + " is not supported (versions 1.0, 2.0 and 3.0 are)");
        }
        // real headers are a few hundred bytes; a damaged length must not make us read megabytes of "header"
        if (headerLen > 1 << 20) throw new InputException(where + ": .npy header length " + headerLen + " bytes is not plausible (damaged file?)");
        byte[] hb = in.readNBytes(headerLen);
        if (hb.length < headerLen) throw truncated(where);
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher d = DESCR.matcher(header);
        if (!d.find()) throw new InputException(where + ": .npy header has no 'descr' entry: " + header.strip());
        String descr = d.group(1);
        DType type;
        ByteOrder order;
        switch (descr) {
            case "<f4" -> { type = DType.FLOAT32; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f4" -> { type = DType.FLOAT32; order = ByteOrder.BIG_ENDIAN; }
            case "<f8" -> { type = DType.FLOAT64; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f8" -> { type = DType.FLOAT64; order = ByteOrder.BIG_ENDIAN; }
            default -> throw new InputException(where + ": the array holds '" + descr
                    + "' values; only float32 and float64 ('<f4', '>f4', '<f8', '>f8') can be read");
        }
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) throw new InputException(where + ": .npy header has no 'fortran_order' entry");
        if (f.group(1).equals("True")) {
            throw new InputException(where + ": the array is stored in Fortran (column-major) order; save it in C order"
                    + " (numpy.ascontiguousarray) and try again");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) throw new InputException(where + ": .npy header has no 'shape' entry");
        int[] shape = parseShape(s.group(1), where);
        long n;
        try {
            n = 1;
            for (int dim : shape) n = Math.multiplyExact(n, (long) dim);
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > (Integer.MAX_VALUE - 8) / type.bytes) throw new InputException(where + ": array of shape " + shapeText(shape) + " is too large to load");

        // read the bytes before allocating the values: readNBytes grows its buffer as data arrives, so a
        // damaged header that announces a huge array in a small file costs nothing before it is caught
        byte[] raw = in.readNBytes((int) n * type.bytes);
        if (raw.length < n * type.bytes) {
            throw new InputException(where + ": the file ends after " + raw.length / type.bytes + " of the "
                    + n + " values its header announces (shape " + shapeText(shape) + ")");
        }
        double[] data = new double[(int) n];
        ByteBuffer bb = ByteBuffer.wrap(raw).order(order);
        if (type == DType.FLOAT32) for (int i = 0; i < n; i++) data[i] = bb.getFloat();
        else for (int i = 0; i < n; i++) data[i] = bb.getDouble();
        return new Array(shape, data, type, order);
    }

    private static int[] parseShape(String text, String where) {
        String t = text.strip();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split(",");
        int k = 0;
        int[] out = new int[parts.length];
        for (String p : parts) {
            String q = p.strip();
            if (q.endsWith("L")) q = q.substring(0, q.length() - 1); // Python 2 long literals
            if (q.isEmpty()) continue;
            try {
                out[k] = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                throw new InputException(where + ": .npy shape (" + text + ") is not a list of whole numbers");
            }
            if (out[k] < 0) throw new InputException(where + ": .npy shape (" + text + ") has a negative size");
            k++;
        }
        return Arrays.copyOf(out, k);
    }

    private static InputException truncated(String where) {
        return new InputException(where + ": the .npy header is cut short (file truncated?)");
    }

    // ------------------------------------------------------------------ write

    /** Write float32 little-endian, atomically. */
    public static void writeFloat32(Path file, int[] shape, float[] data) {
        writeAtomically(file, out -> write(out, shape, data, ByteOrder.LITTLE_ENDIAN));
    }

    /** Write float64 little-endian, atomically. */
    public static void writeFloat64(Path file, int[] shape, double[] data) {
        writeAtomically(file, out -> write(out, shape, data, DType.FLOAT64, ByteOrder.LITTLE_ENDIAN));
    }

    /** Write float32 values in the given byte order. */
    public static void write(OutputStream out, int[] shape, float[] data, ByteOrder order) throws IOException {
        checkCount(shape, data.length);
        out.write(header(shape, DType.FLOAT32, order));
        ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(order);
        for (float v : data) {
            if (bb.remaining() < 4) { out.write(bb.array(), 0, bb.position()); bb.clear(); }
            bb.putFloat(v);
        }
        out.write(bb.array(), 0, bb.position());
    }

    /** Write double values as the given type (float64, or float32 rounded) and byte order. */
    public static void write(OutputStream out, int[] shape, double[] data, DType type, ByteOrder order) throws IOException {
        checkCount(shape, data.length);
        out.write(header(shape, type, order));
        ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(order);
        for (double v : data) {
            if (bb.remaining() < 8) { out.write(bb.array(), 0, bb.position()); bb.clear(); }
            if (type == DType.FLOAT32) bb.putFloat((float) v); else bb.putDouble(v);
        }
        out.write(bb.array(), 0, bb.position());
    }

    /**
     * The magic, version and header, padded with spaces and a newline so the data starts on a
     * multiple of 64 bytes (NumPy's alignment since 1.14). Version 2.0 only when the header needs it.
     */
    static byte[] header(int[] shape, DType type, ByteOrder order) {
        String descr = (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + (type == DType.FLOAT32 ? "f4" : "f8");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        for (int version = 1; version <= 2; version++) {
            int pre = 6 + 2 + (version == 1 ? 2 : 4);
            int total = pre + dict.length() + 1;
            int padded = (total + 63) / 64 * 64;
            int headerLen = padded - pre;
            if (version == 1 && headerLen > 0xffff) continue;
            ByteArrayOutputStream b = new ByteArrayOutputStream(padded);
            b.writeBytes(MAGIC);
            b.write(version);
            b.write(0);
            ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
            if (version == 1) len.putShort((short) headerLen); else len.putInt(headerLen);
            b.writeBytes(len.array());
            b.writeBytes(dict.getBytes(StandardCharsets.ISO_8859_1));
            for (int i = dict.length() + 1; i < headerLen; i++) b.write(' ');
            b.write('\n');
            return b.toByteArray();
        }
        throw new IllegalStateException("unreachable");
    }

    /** Python tuple text: (2627, 30, 3), (5,), (). */
    static String shapeText(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    static long count(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    private static void checkCount(int[] shape, int n) {
        if (count(shape) != n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "shape %s holds %d values, data has %d",
                    shapeText(shape), count(shape), n));
        }
    }

    interface StreamWriter { void write(OutputStream out) throws IOException; }

    /** Write through io's atomic temp-file-and-rename, so a crash never leaves half an array under the real name. */
    static void writeAtomically(Path file, StreamWriter w) {
        try {
            AtomicFiles.write(file, w::write);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
