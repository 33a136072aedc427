package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NativeBuildTest {
    private static final Set<String> ZEN4_VM = Set.of("fpu", "sse2", "avx", "avx2", "fma", "f16c");

    @Test
    void picksAvx2OnlyOnLinuxX64WithAvx2AndFmaAndTheJarPresent() {
        assertEquals("avx2", NativeBuild.choose("Linux", "amd64", ZEN4_VM, r -> true, null));
        assertEquals("generic", NativeBuild.choose("Linux", "amd64", ZEN4_VM, r -> false, null), "jar absent");
        assertEquals("generic", NativeBuild.choose("Linux", "amd64", Set.of("sse2", "avx", "fma"), r -> true, null), "no AVX2");
        assertEquals("generic", NativeBuild.choose("Linux", "amd64", Set.of("sse2", "avx2"), r -> true, null), "no FMA");
        assertEquals("generic", NativeBuild.choose("Windows 11", "amd64", ZEN4_VM, r -> true, null));
        assertEquals("generic", NativeBuild.choose("Linux", "aarch64", ZEN4_VM, r -> true, null));
        assertEquals("generic", NativeBuild.choose("Linux", "amd64", ZEN4_VM, r -> true, " Generic "), "the user's choice wins");
        assertEquals("generic", NativeBuild.choose("Linux", "amd64", Set.of(), r -> true, null), "no /proc/cpuinfo");
    }

    @Test
    void readsFlagsAndTheLoadedLibrary() {
        String cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu vme avx2 fma\n\nprocessor\t: 1\nflags\t: fpu\n";
        assertEquals(Set.of("fpu", "vme", "avx2", "fma"), NativeBuild.flagsOf(cpuinfo));
        assertEquals(Set.of(), NativeBuild.flagsOf("processor : 0\n"));
        String maps = "7f00-7f01 r-xp 0 08:01 1 /usr/lib/libc.so.6\n"
                + "7f02-7f03 r-xp 0 08:01 2 /root/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64-avx2.jar/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx2/libnd4jcpu.so\n";
        assertEquals("avx2", NativeBuild.loadedFrom(maps));
        assertEquals("generic", NativeBuild.loadedFrom(maps.replace("linux-x86_64-avx2/libnd4jcpu", "linux-x86_64/libnd4jcpu")));
        assertEquals("unknown", NativeBuild.loadedFrom("7f00-7f01 r-xp 0 08:01 1 /usr/lib/libc.so.6\n"));
    }

    /**
     * The test JVM runs the build chosen for this CPU (NativeBuildForTests); a child JVM told to use the generic one
     * loads it and computes the same critic step within float32 rounding: the fallback works and the builds agree.
     */
    @Test
    void theGenericFallbackLoadsAndAgreesWithTheChosenBuild() throws Exception {
        String here = NativeBuildProbe.run();
        String expected = NativeBuild.choose(System.getProperty("os.name"), System.getProperty("os.arch"),
                NativeBuild.cpuFlags(), r -> NativeBuild.class.getClassLoader().getResource(r) != null, null);
        Assumptions.assumeTrue(!NativeBuild.loaded().equals("unknown"), "no /proc/self/maps: cannot tell which build runs");
        assertTrue(here.startsWith("build=" + expected + " "), "the test JVM runs the build chosen for this CPU: " + here);

        String child = runChild("-D" + NativeBuild.USER_PROPERTY + "=generic");
        assertTrue(child.startsWith("build=generic "), child);
        double[] a = numbers(here);
        double[] b = numbers(child);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), "builds disagree: " + here + " | " + child);
        }
    }

    private static double[] numbers(String line) {
        String[] f = line.split(" ");
        double[] v = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) v[i - 1] = Double.parseDouble(f[i].substring(f[i].indexOf('=') + 1));
        return v;
    }

    private static String runChild(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NativeBuildProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        String last = null;
        for (String l : out.split("\n")) if (l.startsWith("build=")) last = l.trim();
        assertTrue(last != null, out);
        return last;
    }
}
