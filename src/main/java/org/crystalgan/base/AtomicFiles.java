package org.crystalgan.base;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader never sees half a file: the bytes go to a temporary file in the
 * same folder, which then replaces the target in one rename. The temporary file is created like
 * any other file (not with {@code Files.createTempFile}, whose owner-only permissions would stick
 * to the result); a file that is replaced keeps its permissions.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    /** Produces a file's content onto a stream (used for content too large to build in memory). */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes), false, false);
    }

    /** Writes streamed content atomically; a replaced file keeps its permissions. */
    public static void write(Path file, StreamWriter writer) throws IOException {
        write(file, writer, false, false);
    }

    /**
     * Like {@link #write(Path, StreamWriter)}, and the bytes reach the disk before the rename, so a
     * power cut cannot leave a renamed but empty file: for checkpoints and models, whose loss costs
     * hours. Ordinary exports skip the sync, which costs milliseconds per file.
     */
    public static void writeDurable(Path file, StreamWriter writer) throws IOException {
        write(file, writer, false, true);
    }

    /**
     * Writes a secret (an API key): the temporary file is created readable and writable by the
     * owner only before any byte goes in, and the result keeps that mode.
     */
    public static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes), true, false);
    }

    private static void write(Path file, StreamWriter writer, boolean ownerOnly, boolean durable) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) Files.createDirectories(dir);
        boolean posix = dir != null && Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                if (ownerOnly && posix) {
                    Files.createFile(candidate, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(candidate);
                }
                tmp = candidate;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 10) throw e;
            }
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.writeTo(out);
                if (durable) {
                    out.flush();
                    ch.force(false);
                }
            }
            if (ownerOnly) {
                if (posix) Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            } else {
                keepPermissions(target, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // some network file systems cannot rename atomically; a plain replace is the best left
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporary files that {@link #write} leaves when its process is killed between
     * creating and renaming them ({@code .NAME*.tmp}), once they are older than {@code minAge} (a
     * younger one may belong to a write in progress). Returns how many were deleted.
     */
    public static int deleteStaleTemporaries(Path dir, java.time.Duration minAge) {
        if (dir == null || !Files.isDirectory(dir)) return 0;
        int n = 0;
        long cutoff = System.currentTimeMillis() - minAge.toMillis();
        try (var list = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : list) {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() <= cutoff && Files.deleteIfExists(p)) n++;
                } catch (IOException e) {
                    // another process may have removed or renamed it: nothing to clean
                }
            }
        } catch (IOException e) {
            // an unreadable folder is reported by whoever reads it next
        }
        return n;
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void keepPermissions(Path target, Path tmp) {
        if (!Files.isRegularFile(target)) return;
        PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (from == null || to == null) return;
        try {
            Set<PosixFilePermission> p = from.readAttributes().permissions();
            to.setPermissions(p);
        } catch (IOException | UnsupportedOperationException e) {
            // permissions are a courtesy; the content is what must arrive
        }
    }
}
