package org.crystalgan.screening;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.junit.jupiter.api.Assumptions;

/** The shared Mg-Mn-O table, loaded once; tests skip with a reason when it is absent. */
public final class SharedData {
    private static List<DecodedStructureCsv.Row> rows;

    private SharedData() {}

    public static Path table() {
        String dir = System.getProperty("crystalgan.shared.data", "../shared/data");
        Path p = Path.of(dir, "mgmno", "structures.csv");
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared data absent: " + p + " (set crystalgan.shared.data)");
        return p;
    }

    public static synchronized List<DecodedStructureCsv.Row> rows() {
        Path p = table();
        if (rows == null) rows = DecodedStructureCsv.read(p);
        return rows;
    }
}
