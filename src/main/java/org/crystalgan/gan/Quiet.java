package org.crystalgan.gan;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/** SameDiff M2.1 prints one line per differentiated op to System.out while building a gradient graph; hide them. */
final class Quiet {
    private Quiet() {
    }

    static synchronized <T> T call(Supplier<T> work) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return work.get();
        } finally {
            System.setOut(old);
        }
    }
}
