package org.crystalgan.encoding;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/data (set by surefire as crystalgan.shared.data); skips the test when it is absent. */
final class SharedData {
    private SharedData() {}

    static Path mgmno(String file) {
        String dir = System.getProperty("crystalgan.shared.data", "../shared/data");
        Path p = Path.of(dir, "mgmno", file);
        Assumptions.assumeTrue(Files.exists(p), "shared reference data not present: " + p);
        return p;
    }
}
