package org.crystalgan.app.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * What the workbench remembers between sessions: window bounds, last folders, thread count (a small
 * JSON file, settings.json) and the Materials Project API key (its own file, readable by the owner
 * only where the file system has POSIX permissions). The folder is the system property
 * {@code crystalgan.config.dir} if set (tests use a temporary one), else $XDG_CONFIG_HOME/crystalgan,
 * %APPDATA%\crystalgan on Windows, or ~/.config/crystalgan.
 */
public final class AppSettings {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;
    private ObjectNode values;

    public AppSettings(Path dir) {
        this.dir = dir;
        this.values = load(dir.resolve("settings.json"));
    }

    public static AppSettings forUser() { return new AppSettings(defaultDir()); }

    public static Path defaultDir() {
        String prop = System.getProperty("crystalgan.config.dir");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "crystalgan");
        String appData = System.getenv("APPDATA");
        if (appData != null && !appData.isBlank() && System.getProperty("os.name", "").startsWith("Windows")) return Path.of(appData, "crystalgan");
        return Path.of(System.getProperty("user.home"), ".config", "crystalgan");
    }

    public Path dir() { return dir; }

    private static ObjectNode load(Path file) {
        try {
            if (Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // a damaged settings file must not stop the workbench from starting: start from defaults
            System.getLogger(AppSettings.class.getName()).log(System.Logger.Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
        }
        return JSON.createObjectNode();
    }

    public synchronized double getDouble(String key, double fallback) {
        return values.hasNonNull(key) && values.get(key).isNumber() ? values.get(key).asDouble() : fallback;
    }

    public synchronized int getInt(String key, int fallback) {
        return values.hasNonNull(key) && values.get(key).canConvertToInt() ? values.get(key).asInt() : fallback;
    }

    public synchronized Optional<String> getString(String key) {
        return values.hasNonNull(key) ? Optional.of(values.get(key).asText()) : Optional.empty();
    }

    public synchronized Optional<Path> getFolder(String key) {
        return getString(key).map(Path::of).filter(Files::isDirectory);
    }

    public synchronized AppSettings put(String key, double v) { values.put(key, v); return this; }

    public synchronized AppSettings put(String key, int v) { values.put(key, v); return this; }

    public synchronized AppSettings put(String key, String v) { values.put(key, v); return this; }

    public synchronized AppSettings putFolder(String key, Path folder) {
        if (folder != null) values.put(key, folder.toAbsolutePath().toString());
        return this;
    }

    /** Threads for background numerical work (training, screening); defaults to the core count. */
    public int threads() { return Math.max(1, getInt("threads", Runtime.getRuntime().availableProcessors())); }

    public synchronized void save() throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("settings.json"), JSON.writeValueAsBytes(values), false);
    }

    /** The Materials Project API key, if one was saved. */
    public Optional<String> apiKey() {
        Path f = dir.resolve("mp-api-key");
        try {
            if (Files.isRegularFile(f)) {
                String k = Files.readString(f, StandardCharsets.UTF_8).strip();
                return k.isEmpty() ? Optional.empty() : Optional.of(k);
            }
        } catch (IOException e) {
            System.getLogger(AppSettings.class.getName()).log(System.Logger.Level.WARNING, "cannot read " + f + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Saves (or with a blank key removes) the API key, readable and writable by the owner only. */
    public void saveApiKey(String key) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("mp-api-key");
        if (key == null || key.isBlank()) {
            Files.deleteIfExists(f);
            return;
        }
        writeAtomically(f, key.strip().getBytes(StandardCharsets.UTF_8), true);
    }

    // io's AtomicFiles had not landed when this was written; a tiny private copy (temp file in the
    // same folder, then an atomic rename) that also sets owner-only permissions before the rename
    private static void writeAtomically(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
                Files.setPosixFilePermissions(tmp, rw);
            }
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
