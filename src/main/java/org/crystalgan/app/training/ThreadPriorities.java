package org.crystalgan.app.training;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Whether this JVM passes Java thread priorities on to the OS scheduler. HotSpot does on Windows; on macOS we do not
 * count on it; on Linux it ignores them unless started with {@code -XX:ThreadPriorityPolicy=1} (as pom.xml and the
 * installer do), and then a thread at {@link Thread#MIN_PRIORITY} runs below the window's threads at nice 0 (nice 19 with
 * their {@code -XX:JavaPriority1_To_OSPriority=19}, nice 4 without it).
 */
final class ThreadPriorities {
    private ThreadPriorities() { }

    static boolean honoured() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) return true;
        return os.contains("linux") && "1".equals(vmOption("ThreadPriorityPolicy"));
    }

    /** A HotSpot flag's value, or null on a JVM without the diagnostic bean or the flag. */
    static String vmOption(String name) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hs == null ? null : hs.getVMOption(name).getValue();
        } catch (IllegalArgumentException | LinkageError e) {
            return null;
        }
    }
}
