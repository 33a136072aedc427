package org.crystalgan.io;

import java.nio.file.Path;
import org.crystalgan.crystal.InputException;

/**
 * Run in a child JVM by {@link HostileInputTest} with a small heap: reads each file given and
 * prints one line per file, "read N", "refused MESSAGE" or "OOM", with the milliseconds taken.
 */
public final class ReadInSmallHeap {
    private ReadInSmallHeap() {}

    public static void main(String[] args) {
        for (String a : args) {
            long t0 = System.nanoTime();
            String outcome;
            try {
                outcome = "read " + StructureFiles.read(Path.of(a)).size();
            } catch (InputException e) {
                outcome = "refused " + e.getMessage();
            } catch (OutOfMemoryError e) {
                outcome = "OOM";
            } catch (Exception e) {
                outcome = "exception " + e;
            }
            System.out.println(Path.of(a).getFileName() + "\t" + (System.nanoTime() - t0) / 1_000_000 + " ms\t" + outcome.replace('\n', ' '));
        }
    }
}
