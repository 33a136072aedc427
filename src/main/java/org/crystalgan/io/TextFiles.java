package org.crystalgan.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a structure file as text, refusing huge files and binary data before parsing them. */
final class TextFiles {
    /** Default size limit: far above any crystal structure file, far below what fills the heap. */
    static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;

    private TextFiles() {}

    /**
     * The size limit in bytes: the system property {@code crystalgan.io.maxFileMB} (megabytes) when
     * set, otherwise 100 MB.
     */
    static long maxBytes() {
        String p = System.getProperty("crystalgan.io.maxFileMB");
        if (p != null) {
            try {
                return Math.max(1, (long) (Double.parseDouble(p.strip()) * 1024 * 1024));
            } catch (NumberFormatException e) {
                // an unusable setting falls back to the default rather than stopping every read
            }
        }
        return DEFAULT_MAX_BYTES;
    }

    /** Default limit on the sites of one structure: far above any crystal this workbench screens. */
    static final int DEFAULT_MAX_SITES = 5_000;

    /**
     * The most sites one structure may have (after symmetry expansion): the system property
     * {@code crystalgan.io.maxSites} when set, otherwise 5,000. A damaged file announcing millions of
     * atoms is refused instead of filling the heap or merging sites for minutes.
     */
    static int maxSites() {
        String p = System.getProperty("crystalgan.io.maxSites");
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.strip()));
            } catch (NumberFormatException e) {
                // an unusable setting falls back to the default rather than stopping every read
            }
        }
        return DEFAULT_MAX_SITES;
    }

    /** Checks existence and size without reading. */
    static void checkReadable(Path file, long maxBytes) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (Files.isDirectory(file)) throw new StructureFormatException(file, 0, "is a folder, not a structure file");
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new StructureFormatException(file, 0, String.format(Locale.ROOT,
                    "file is %s, above the %s limit for structure files; not read (raise it with -Dcrystalgan.io.maxFileMB=...)",
                    human(size), human(maxBytes)));
        }
        if (size == 0) throw new StructureFormatException(file, 0, "file is empty");
    }

    /** The file's text (UTF-8, or Latin-1 when it is not valid UTF-8, as older ICSD exports are). */
    static String read(Path file, long maxBytes) throws IOException {
        checkReadable(file, maxBytes);
        byte[] bytes = Files.readAllBytes(file);
        return decode(bytes, file);
    }

    /**
     * The file as a stream of characters without reading it whole: one pass over the bytes first
     * refuses binary data and picks the encoding (UTF-8, Latin-1 when it is not valid UTF-8, UTF-16
     * when a byte-order mark says so), then the returned reader decodes as the parser asks. The
     * memory used is a buffer, whatever the file's size.
     */
    static java.io.Reader open(Path file, long maxBytes) throws IOException {
        checkReadable(file, maxBytes);
        java.nio.charset.Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n = in.readNBytes(buf, 0, buf.length);
            if (n >= 2 && ((buf[0] & 0xff) == 0xfe && (buf[1] & 0xff) == 0xff || (buf[0] & 0xff) == 0xff && (buf[1] & 0xff) == 0xfe)) {
                // UTF-16 with its byte-order mark (Windows "Unicode"): its zero bytes are not binary data
                return new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_16);
            }
            if (n >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) skip = 3;
            java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            java.nio.CharBuffer scratch = java.nio.CharBuffer.allocate(buf.length);
            ByteBuffer pending = ByteBuffer.allocate(buf.length + 8);
            boolean validUtf8 = true;
            int line = 1, control = 0;
            long offset = 0;
            while (n > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xff;
                    if (b == '\n') line++;
                    if (b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1a && ++control > 8)) {
                        throw new StructureFormatException(file, line, String.format(Locale.ROOT,
                                "binary data (byte 0x%02x at offset %d): this is not a text structure file", b, offset + i));
                    }
                }
                if (validUtf8) {
                    pending.put(buf, 0, n).flip();
                    scratch.clear();
                    java.nio.charset.CoderResult r = utf8.decode(pending, scratch, false);
                    while (r.isOverflow()) {
                        scratch.clear();
                        r = utf8.decode(pending, scratch, false);
                    }
                    if (r.isError()) validUtf8 = false;
                    pending.compact();
                }
                offset += n;
                n = in.readNBytes(buf, 0, buf.length);
            }
            if (validUtf8) {
                pending.flip();
                scratch.clear();
                if (utf8.decode(pending, scratch, true).isError() || pending.hasRemaining()) validUtf8 = false;
            }
            if (!validUtf8) cs = StandardCharsets.ISO_8859_1;
        }
        java.io.InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(skip);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new java.io.InputStreamReader(in, cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE));
    }

    static String decode(byte[] bytes, Path file) {
        int line = 1;
        int control = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n') line++;
            if (b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1a && ++control > 8)) {
                throw new StructureFormatException(file, line, String.format(Locale.ROOT,
                        "binary data (byte 0x%02x at offset %d): this is not a text structure file", b, i));
            }
        }
        // a byte-order mark (Windows editors write one) is not part of the text
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            bytes = java.util.Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f kB", bytes / (double) (1L << 10));
        return bytes + " bytes";
    }
}
