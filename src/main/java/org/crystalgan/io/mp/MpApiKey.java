package org.crystalgan.io.mp;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;

/**
 * The user's Materials Project API key. {@link #toString()} never shows it, so it cannot leak into
 * logs or exported files by accident; only {@link #value()} (used for the request header) does.
 *
 * <p>Looked up in the environment variable {@code MP_API_KEY} (what the official mp-api client reads)
 * and then in the settings file ({@code ~/.crystalgan/settings.properties}, key {@code mp.api_key}),
 * which {@link #save} writes readable and writable by the owner only (rw-------).
 */
public final class MpApiKey {
    public static final String ENV = "MP_API_KEY";
    public static final String SETTING = "mp.api_key";

    private final String value;

    private MpApiKey(String value) { this.value = value; }

    /**
     * Checks the form of a key. Current keys are 32 characters; 16-character keys belong to the
     * retired legacy API (see the project's notes/mp-api.md) and are refused with a message saying so.
     */
    public static MpApiKey of(String key) {
        String k = key == null ? "" : key.strip();
        if (k.isEmpty()) throw new MpException.KeyRejected("the Materials Project API key is empty");
        if (k.length() == 16) {
            throw new MpException.KeyRejected("this is a 16-character legacy Materials Project API key, which the current"
                    + " API no longer accepts; get a new key from your Materials Project dashboard");
        }
        for (char c : k.toCharArray()) {
            if (c < 0x21 || c > 0x7e) throw new MpException.KeyRejected("the Materials Project API key holds characters a key cannot have");
        }
        return new MpApiKey(k);
    }

    /** The key itself, for the {@code X-API-KEY} header only. */
    public String value() { return value; }

    @Override public String toString() { return "MpApiKey[hidden]"; }

    @Override public boolean equals(Object o) { return o instanceof MpApiKey k && k.value.equals(value); }

    @Override public int hashCode() { return value.hashCode(); }

    /** The default settings file, {@code ~/.crystalgan/settings.properties}. */
    public static Path defaultSettingsFile() {
        return Path.of(System.getProperty("user.home"), ".crystalgan", "settings.properties");
    }

    /** From {@code env} (MP_API_KEY) first, then the settings file; empty when neither has one. */
    public static Optional<MpApiKey> find(Map<String, String> env, Path settingsFile) {
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return Optional.of(of(e));
        if (settingsFile != null && Files.isRegularFile(settingsFile)) {
            String s = load(settingsFile).getProperty(SETTING);
            if (s != null && !s.isBlank()) return Optional.of(of(s));
        }
        return Optional.empty();
    }

    /** Like {@link #find}, or an error telling the user how to provide a key. */
    public static MpApiKey require(Map<String, String> env, Path settingsFile) {
        return find(env, settingsFile).orElseThrow(() -> new MpException.KeyRejected(
                "no Materials Project API key: set the environment variable " + ENV + " or save the key in the settings ("
                        + settingsFile + ")"));
    }

    /**
     * Stores the key in the settings file (other settings kept), created owner-only (rw-------) before
     * the key is written, then moved into place in one rename.
     */
    public static void save(Path settingsFile, MpApiKey key) {
        Properties p = Files.isRegularFile(settingsFile) ? load(settingsFile) : new Properties();
        p.setProperty(SETTING, key.value);
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            p.store(text, "Crystal GAN Workbench settings (readable by the owner only)");
            AtomicFiles.writeOwnerOnly(settingsFile, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(settingsFile + ": cannot save the settings: " + e.getMessage(), e);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the settings: " + e.getMessage(), e);
        }
        return p;
    }
}
