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
