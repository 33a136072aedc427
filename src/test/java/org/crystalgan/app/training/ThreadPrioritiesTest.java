package org.crystalgan.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ThreadPrioritiesTest {
    @Test
    void trainingUsesBothCoresOnlyWhereTheWindowComesFirst() {
        assertEquals(2, WorkbenchTrainingServices.trainingThreads(2, true));
        assertEquals(1, WorkbenchTrainingServices.trainingThreads(2, false));
        assertEquals(1, WorkbenchTrainingServices.trainingThreads(1, true));
        assertEquals(1, WorkbenchTrainingServices.trainingThreads(1, false));
        assertEquals(2, WorkbenchTrainingServices.trainingThreads(16, false));
    }

    /** What the window's responsiveness rests on: under Maven on Linux a MIN_PRIORITY thread really runs below normal. */
    @Test
    void aMinPriorityThreadRunsAtALowerNiceLevelOnLinux() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && Files.isDirectory(Path.of("/proc/self/task")),
                "Linux only: elsewhere the JVM maps priorities without /proc to read them back");
        assertTrue(ThreadPriorities.honoured(), "pom.xml starts test JVMs with -XX:ThreadPriorityPolicy=1 on Linux");
        int normal = niceOf("prio-normal", Thread.NORM_PRIORITY);
        int low = niceOf("prio-low", Thread.MIN_PRIORITY);
        assertEquals(0, normal, "a normal-priority thread keeps nice 0");
        assertEquals(19, low, "a MIN_PRIORITY thread runs at nice 19 (pom.xml: -XX:JavaPriority1_To_OSPriority=19)");
        assertEquals(3, niceOf("prio-background", Thread.MIN_PRIORITY + 1), "background tasks run at nice 3 (HotSpot's Linux table)");
    }

    /** Starts a thread at {@code priority} and reads its nice value from /proc while it waits. */
    private static int niceOf(String name, int priority) throws Exception {
        CountDownLatch started = new CountDownLatch(1), done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setPriority(priority);
        t.start();
        try {
            started.await();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    if (!name.equals(read(task.resolve("comm")).strip())) continue;
                    String stat = read(task.resolve("stat"));
                    // fields after the parenthesised name: state is field 3, nice is field 19
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return Integer.parseInt(f[19 - 3]);
                }
            }
            throw new AssertionError("thread " + name + " not found in /proc/self/task");
        } finally {
            done.countDown();
            t.join();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
