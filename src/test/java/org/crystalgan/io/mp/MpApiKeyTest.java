package org.crystalgan.io.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpApiKeyTest {
    static final String KEY = "abcdefghijklmnopqrstuvwxyz012345";
    @TempDir Path tmp;

    @Test
    void savedOwnerOnlyAndFoundAgain() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs a POSIX file system");
        Path settings = tmp.resolve("conf/settings.properties");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "theme=dark\n");
        MpApiKey.save(settings, MpApiKey.of(KEY));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        assertTrue(Files.readString(settings).contains("theme=dark"), "other settings kept");
        assertEquals(KEY, MpApiKey.find(Map.of(), settings).orElseThrow().value());
        // the environment wins over the settings
        String other = "0123456789abcdefghijklmnopqrstuv";
        assertEquals(other, MpApiKey.find(Map.of("MP_API_KEY", other), settings).orElseThrow().value());
        try (var s = Files.list(settings.getParent())) { assertEquals(1, s.count(), "no temporary file left"); }
    }

    @Test
    void neverPrintsItselfAndRefusesLegacyKeys() {
        MpApiKey k = MpApiKey.of(KEY);
        assertFalse(k.toString().contains(KEY));
        MpException e = assertThrows(MpException.KeyRejected.class, () -> MpApiKey.of("0123456789abcdef"));
        assertTrue(e.getMessage().contains("legacy"), e.getMessage());
        MpException none = assertThrows(MpException.KeyRejected.class, () -> MpApiKey.require(Map.of(), tmp.resolve("absent.properties")));
        assertTrue(none.getMessage().contains("MP_API_KEY"), none.getMessage());
    }
}
