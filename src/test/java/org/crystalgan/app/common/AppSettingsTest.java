package org.crystalgan.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {
    @Test
    void remembersValuesAcrossInstances(@TempDir Path dir) throws Exception {
        AppSettings s = new AppSettings(dir);
        s.put("window.width", 1234.5).put("threads", 2).putFolder("lastOpenFolder", dir);
        s.save();
        AppSettings t = new AppSettings(dir);
        assertEquals(1234.5, t.getDouble("window.width", 0), 0);
        assertEquals(2, t.trainingThreads());
        assertEquals(0, new AppSettings(dir.resolve("fresh")).trainingThreads(), "never chosen: the pane picks");
        assertEquals(dir.toAbsolutePath(), t.getFolder("lastOpenFolder").orElseThrow());
        assertTrue(t.getFolder("missing").isEmpty());
    }

    @Test
    void aDamagedSettingsFileFallsBackToDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{ not json");
        AppSettings s = new AppSettings(dir);
        assertEquals(800, s.getDouble("window.height", 800), 0);
    }

    @Test
    void apiKeyIsStoredOwnerOnly(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getenv("MP_API_KEY") == null, "MP_API_KEY is set in this environment and takes precedence");
        AppSettings s = new AppSettings(dir);
        assertFalse(s.apiKey().isPresent());
        String key = "abcdefghijklmnopqrstuvwxyz012345";
        s.saveApiKey(key);
        assertEquals(key, new AppSettings(dir).apiKey().orElseThrow());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.apiKeyFile())));
        }
        assertThrows(InputException.class, () -> s.saveApiKey("0123456789abcdef"), "legacy 16-character keys are refused");
    }

    @Test
    void explainsUserErrorsAndInternalErrorsDifferently() {
        String[] user = DialogService.explain(new InputException("x.cif, line 3: no cell"));
        assertEquals("x.cif, line 3: no cell", user[0]);
        String[] bug = DialogService.explain(new IllegalStateException("boom"));
        assertTrue(bug[0].contains("internal error") && bug[1].contains("report"), bug[0]);
    }
}
