package org.crystalgan.app.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.mp.MpApiKey;

/**
 * What the workbench remembers between sessions: window bounds, last folders, thread count (a small
 * JSON file, settings.json) and the Materials Project API key (settings.properties, shared with the
 * command line and written owner-only by io.mp.MpApiKey). The folder is the system property
 * {@code crystalgan.config.dir} if set (tests use a temporary one), else ~/.crystalgan.
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
        return MpApiKey.defaultSettingsFile().getParent();
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

    /**
     * Training threads the user chose in Settings ▸ Threads (1, or 2 to run independent parts of each step side by
     * side), 0 where never chosen: the Training pane then picks for the machine. Read at each training start.
     */
    public int trainingThreads() { return Math.max(0, Math.min(2, getInt("threads", 0))); }

    public synchronized void save() throws IOException {
        Files.createDirectories(dir);
        org.crystalgan.base.AtomicFiles.write(dir.resolve("settings.json"), JSON.writeValueAsBytes(values));
    }

    /** Where the Materials Project key lives: the same properties file the command line reads (io.mp.MpApiKey). */
    public Path apiKeyFile() { return dir.resolve("settings.properties"); }

    /** The Materials Project API key: the environment variable MP_API_KEY, else the saved one. */
    public Optional<String> apiKey() {
        try {
            return MpApiKey.find(System.getenv(), apiKeyFile()).map(MpApiKey::value);
        } catch (InputException e) {
            System.getLogger(AppSettings.class.getName()).log(System.Logger.Level.WARNING, "ignoring the saved API key: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Saves the key, readable and writable by the owner only; a malformed key is refused with the reason. */
    public void saveApiKey(String key) {
        MpApiKey.save(apiKeyFile(), MpApiKey.of(key));
    }
}
