package org.crystalgan.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half a file: the bytes go to a temporary file in the
 * same folder, which then replaces the target in one rename.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
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
}
