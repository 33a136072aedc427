package org.crystalgan.hardening;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@code org.crystalgan.cli.Main} in its own JVM, as a user would, so it can be killed. */
final class CliProcess {
    private CliProcess() {}

    /** The class path of this test run (surefire puts it in a property; a plain JVM in java.class.path). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        return cp;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A started command line; stdout and stderr go to files in {@code logDir}. */
    record Run(Process process, Path stdout, Path stderr) {
        String out() throws IOException { return Files.readString(stdout, StandardCharsets.UTF_8); }

        String err() throws IOException { return Files.readString(stderr, StandardCharsets.UTF_8); }

        int waitFor(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command line still running after " + seconds + " s");
            }
            return process.exitValue();
        }
    }

    static Run start(Path logDir, String tag, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                "org.crystalgan.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("MP_API_KEY");
        pb.environment().putAll(env);
        Files.createDirectories(logDir);
        Path out = logDir.resolve(tag + ".out"), err = logDir.resolve(tag + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Run(pb.start(), out, err);
    }

    /** Hidden temporaries that AtomicFiles / Npy leave when killed between writing and renaming. */
    static List<Path> temporaries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp")).forEach(out::add);
        }
        return out;
    }

    static boolean onLinux() { return File.separatorChar == '/' && System.getProperty("os.name").toLowerCase().contains("linux"); }
}
