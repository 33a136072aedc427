package org.crystalgan.gan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks which libnd4j build ND4J loads, by the features of this CPU, before ND4J first initialises.
 *
 * <p>Why: ND4J 1.0.0-M2.1 publishes its native library for linux-x86_64 in several builds. The generic one is
 * compiled for any x86-64; the {@code -avx2} one lets the compiler use AVX2 and FMA in the element-wise kernels
 * (leaky ReLU, broadcasts, batch-norm arithmetic, Adam), which take about a quarter of a training iteration here.
 * Measured side by side on a 2-core AMD EPYC (Zen 4) VM, interleaved runs of {@code bench --threads 1}: 5:1 iteration
 * 400-458 ms CPU with {@code -avx2} against 435-480 ms with the generic build (docs/BENCHMARKS.md). The matrix
 * products run in OpenBLAS either way, which picks its own kernels at run time.
 *
 * <p>A wrong pick cannot be caught: a library with instructions the CPU lacks dies with SIGILL while loading (the
 * {@code -avx512} build does so on this VM, whose CPU hides AVX-512), taking the JVM with it. So the choice is made
 * only from {@code /proc/cpuinfo}'s flags, only on Linux x86-64, and only when the build is on the class path;
 * anything else, or {@code -Dcrystalgan.nd4j.build=generic}, keeps the generic build. The {@code -avx512} build is
 * not shipped: it could not be tested on any machine of this project.
 *
 * <p>JavaCPP reads {@value #PROPERTY} when it loads a native library: an empty value means the generic build, and a
 * named build whose folder is missing falls back to the generic one (both checked with {@code bench}, which prints
 * the build it loaded). Left unset, JavaCPP tries the builds ND4J's preset lists and would load {@code -avx2}
 * whenever its jar is present, whatever the CPU: so every entry point calls {@link #select()} first.
 */
public final class NativeBuild {
    /** JavaCPP's system property: a suffix of the platform name to prefer ({@code linux-x86_64-avx2}). */
    static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The user's choice: {@code generic} or {@code avx2}; unset means "pick by the CPU". */
    public static final String USER_PROPERTY = "crystalgan.nd4j.build";
    static final String AVX2_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx2/libnd4jcpu.so";

    private NativeBuild() {
    }

    /**
     * Sets JavaCPP's platform extension for this CPU unless the user set one; returns the build chosen
     * ({@code "avx2"} or {@code "generic"}). Call before ND4J's first use, as {@link FencedOpExecutioner#install()}.
     */
    public static String select() {
        String set = System.getProperty(PROPERTY);
        if (set != null) return set.isEmpty() ? "generic" : set.substring(1);
        String chosen = choose(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), cpuFlags(),
                r -> NativeBuild.class.getClassLoader().getResource(r) != null, System.getProperty(USER_PROPERTY));
        // set either way: left unset, JavaCPP would try the preset's own list of builds (-avx2 among them) in turn,
        // and a build the CPU cannot run kills the JVM instead of failing over
        System.setProperty(PROPERTY, chosen.equals("generic") ? "" : "-" + chosen);
        return chosen;
    }

    /**
     * The build to load: {@code avx2} on Linux x86-64 when the CPU reports AVX2 and FMA and the library is on the
     * class path, unless the user asked for {@code generic}; otherwise {@code generic}.
     */
    static String choose(String osName, String arch, Set<String> flags, Predicate<String> onClassPath, String user) {
        if (user != null && user.trim().toLowerCase(Locale.ROOT).equals("generic")) return "generic";
        boolean linuxX64 = osName.toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"));
        if (!linuxX64) return "generic";
        if (!flags.contains("avx2") || !flags.contains("fma")) return "generic";
        return onClassPath.test(AVX2_LIBRARY) ? "avx2" : "generic";
    }

    /**
     * The libnd4j build this process has loaded, from the libraries mapped into it ({@code /proc/self/maps}):
     * {@code avx2}, {@code generic}, or {@code unknown} (not loaded yet, or not Linux).
     */
    public static String loaded() {
        try {
            return loadedFrom(Files.readString(Path.of("/proc/self/maps")));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String loadedFrom(String maps) {
        for (String line : maps.split("\n")) {
            if (!line.endsWith("/libnd4jcpu.so")) continue;
            String dir = line.substring(0, line.length() - "/libnd4jcpu.so".length());
            String platform = dir.substring(dir.lastIndexOf('/') + 1);
            int ext = platform.indexOf("x86_64-");
            return ext >= 0 ? platform.substring(ext + "x86_64-".length()) : "generic";
        }
        return "unknown";
    }

    /** The flags of the first processor in /proc/cpuinfo; empty where there is no such file. */
    static Set<String> cpuFlags() {
        try {
            return flagsOf(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    static Set<String> flagsOf(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
        return Set.of();
    }
}
