package org.crystalgan.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ground utilities every layer shares: atomic files, CSV fields, safe names, progress. */
class GroundTest {
    @TempDir Path dir;

    @Test
    void atomicWriteReplacesContentKeepsPermissionsAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("sub/table.csv");
        AtomicFiles.writeString(f, "a,b\n");
        assertEquals("a,b\n", Files.readString(f));
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        if (posix) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(f, out -> out.write("c,d\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("c,d\n", Files.readString(f));
        if (posix) assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        AtomicFiles.writeDurable(f, out -> out.write("e,f\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("e,f\n", Files.readString(f));
        try (Stream<Path> l = Files.list(f.getParent())) {
            assertEquals(1, l.count(), "only the target is left in the folder");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("model.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(0, AtomicFiles.deleteStaleTemporaries(dir, Duration.ZERO), "the failed write cleaned up after itself");
    }

    @Test
    void secretsAreOwnerOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "needs POSIX permissions");
        Path f = dir.resolve("key");
        AtomicFiles.writeOwnerOnly(f, new byte[] {1, 2});
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(f));
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("MgMn2O4", Csv.field("MgMn2O4"));
        assertEquals("", Csv.field(null));
        assertEquals("\"a, b\"", Csv.field("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals("x,\"y,z\",", Csv.row("x", "y,z", null));
        // split is row's inverse, for the tables the workbench reads back (journals, dataset indexes)
        assertEquals(java.util.List.of("x", "y,z", "", "say \"hi\"", "two\nlines"), Csv.split(Csv.row("x", "y,z", null, "say \"hi\"", "two\nlines")));
        assertEquals(java.util.List.of(""), Csv.split(""));
    }

    @Test
    void safeNamesCannotLeaveTheFolderOrHide() {
        assertEquals("Mg2MnO4_spinel.cif", SafeNames.of("Mg2MnO4 spinel.cif"));
        assertEquals("_.._etc_passwd", SafeNames.of("/../etc/passwd"));
        assertEquals("hidden", SafeNames.of("..hidden"));
        assertEquals("structure", SafeNames.of("///"));
        assertEquals("structure", SafeNames.of(null));
        assertEquals("", SafeNames.of("", ""));
        assertEquals("_CON.cif", SafeNames.of("CON.cif"));
        assertEquals(SafeNames.MAX_LENGTH, SafeNames.of("x".repeat(300)).length());
        assertFalse(SafeNames.of("C:\\x").contains("\\"));
    }

    @Test
    void progressCancelsWithAnException() {
        Progress stop = new Progress() {
            @Override public void update(long done, long total, String message) { }
            @Override public boolean isCancelled() { return true; }
        };
        assertThrows(CancellationException.class, stop::checkCancelled);
        Progress.NONE.checkCancelled();
        assertFalse(Progress.NONE.isCancelled());
        assertTrue(stop.isCancelled());
    }

    @Test
    void cancelledWhenAsksItsConditionOnThePollingThread() throws Exception {
        boolean[] flag = {false};
        Progress p = Progress.cancelledWhen(() -> flag[0]);
        assertFalse(p.isCancelled());
        flag[0] = true;
        assertTrue(p.isCancelled());
        Progress interrupted = Progress.cancelledWhen(() -> Thread.currentThread().isInterrupted());
        boolean[] seen = new boolean[1];
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            seen[0] = interrupted.isCancelled();
        });
        t.start();
        t.join();
        assertTrue(seen[0]);
        assertFalse(interrupted.isCancelled(), "this thread is not interrupted");
    }
}
