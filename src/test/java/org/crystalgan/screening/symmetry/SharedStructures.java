package org.crystalgan.screening.symmetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

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

    /** Displacement (Å) given to row i by {@link #perturbed}. */
    static double noiseOf(int i) { return new double[] {0.01, 0.03, 0.05, 0.08, 0.15, 0.3}[i % 6]; }

    /**
     * Generated-like cells: every atom of row i moved by a random Cartesian vector of rms length
     * {@link #noiseOf}(i), and on odd rows the lattice parameters changed by 1% (lengths) and 0.5°
     * (angles), all from one java.util.Random(1) stream in row order, so the cells are reproducible
     * bit for bit (the spglib reference numbers of spglib_perturbed_0.1.csv were computed on them).
     */
    static List<Structure> perturbed(List<Row> rows) {
        Random rnd = new Random(1);
        List<Structure> out = new ArrayList<>();
        for (Row row : rows) {
            Structure s = row.structure();
            Lattice lat = s.lattice();
            double noise = noiseOf(row.index());
            List<Site> sites = new ArrayList<>();
            for (Site site : s.sites()) {
                Vec3 d = new Vec3(rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()).times(noise / Math.sqrt(3));
                sites.add(new Site(site.element(), lat.toFractional(lat.toCartesian(site.frac()).plus(d)).wrapped()));
            }
            double[] p = lat.parameters();
            Lattice l2 = Lattice.fromParameters(p[0] * (1 + 0.01 * rnd.nextGaussian()), p[1] * (1 + 0.01 * rnd.nextGaussian()),
                    p[2] * (1 + 0.01 * rnd.nextGaussian()), p[3] + 0.5 * rnd.nextGaussian(), p[4] + 0.5 * rnd.nextGaussian(),
                    p[5] + 0.5 * rnd.nextGaussian());
            out.add(new Structure(row.index() % 2 == 0 ? lat : l2, sites));
        }
        return out;
    }
}
