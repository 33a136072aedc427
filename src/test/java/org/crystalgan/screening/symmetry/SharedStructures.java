package org.crystalgan.screening.symmetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Reads ../shared/data/mgmno/structures.csv (every structure of the data set as plain text: lattice
 * parameters and "El x y z" sites), so the symmetry tests do not depend on the CIF reader.
 */
final class SharedStructures {
    private SharedStructures() {}

    /** The data folder from the system property surefire sets, or null when it is absent. */
    static Path dataDir() {
        String p = System.getProperty("crystalgan.shared.data", "../shared/data");
        Path dir = Path.of(p, "mgmno");
        return Files.isRegularFile(dir.resolve("structures.csv")) ? dir : null;
    }

    record Row(int index, String name, Structure structure) {}

    /** The first {@code limit} rows of structures.csv. */
    static List<Row> read(Path dir, int limit) throws IOException {
        List<Row> out = new ArrayList<>();
        try (var lines = Files.lines(dir.resolve("structures.csv"))) {
            for (String line : (Iterable<String>) lines.skip(1).limit(limit)::iterator) {
                String[] p = line.split(",", -1);
                Lattice lat = Lattice.fromParameters(Double.parseDouble(p[6]), Double.parseDouble(p[7]), Double.parseDouble(p[8]),
                        Double.parseDouble(p[9]), Double.parseDouble(p[10]), Double.parseDouble(p[11]));
                List<Site> sites = new ArrayList<>();
                for (String s : p[13].split(";")) {
                    String[] f = s.trim().split("\\s+");
                    sites.add(new Site(Element.of(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
                }
                out.add(new Row(Integer.parseInt(p[0]), p[1], new Structure(lat, sites)));
            }
        }
        return out;
    }
}
