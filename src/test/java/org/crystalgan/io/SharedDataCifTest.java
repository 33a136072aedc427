package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;

/**
 * All 1,253 pymatgen-written CIFs of the Mg-Mn-O training set read back and agree with
 * structures.csv (decoded independently from the published array): counts, lattice parameters and
 * every site. Skipped when ../shared/data is absent.
 */
class SharedDataCifTest {
    private static Path dataDir() {
        String p = System.getProperty("crystalgan.shared.data", "../shared/data");
        return Path.of(p, "mgmno");
    }

    @Test
    void everySharedCifAgreesWithStructuresCsv() throws IOException {
        Path dir = dataDir();
        assumeTrue(Files.isDirectory(dir.resolve("cif")) && Files.isRegularFile(dir.resolve("structures.csv")),
                "shared Mg-Mn-O data not found at " + dir.toAbsolutePath() + " (set -Dcrystalgan.shared.data)");
        List<String> rows = Files.readAllLines(dir.resolve("structures.csv"));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            if (c.length < 14) continue;
            int index = Integer.parseInt(c[0]);
            if (index > 1252) continue; // supercell rows have no CIF
            Path cif = dir.resolve("cif").resolve(String.format("%04d_%s.cif", index, c[1]));
            List<NamedStructure> read = new CifReader().read(cif);
            assertEquals(1, read.size(), cif.toString());
            Structure s = read.get(0).structure();
            checked++;
            String why = compare(s, c);
            if (why != null) failures.add(cif.getFileName() + ": " + why);
        }
        assertEquals(1253, checked, "number of CIFs checked");
        assertTrue(failures.isEmpty(), failures.size() + " disagree, e.g. " + failures.subList(0, Math.min(5, failures.size())));
    }

    private static String compare(Structure s, String[] c) {
        int[] counts = {Integer.parseInt(c[3]), Integer.parseInt(c[4]), Integer.parseInt(c[5])};
        String[] els = {"Mg", "Mn", "O"};
        for (int i = 0; i < 3; i++) {
            if (s.composition().count(Element.of(els[i])) != counts[i]) return "count of " + els[i];
        }
        double[] p = s.lattice().parameters();
        for (int i = 0; i < 6; i++) {
            // the CSV has 5 decimals for lengths and 4 for angles
            if (Math.abs(p[i] - Double.parseDouble(c[6 + i])) > (i < 3 ? 1e-5 : 1e-4)) return "lattice parameter " + i;
        }
        if (Math.abs(s.volume() - Double.parseDouble(c[12])) > 1e-3) return "volume";
        String[] sites = c[13].split(";");
        if (sites.length != s.size()) return "site count " + s.size() + " vs " + sites.length;
        List<Site> remaining = new ArrayList<>(s.sites());
        for (String site : sites) {
            String[] w = site.strip().split("\\s+");
            Element e = Element.of(w[0]);
            Vec3 f = new Vec3(Double.parseDouble(w[1]), Double.parseDouble(w[2]), Double.parseDouble(w[3]));
            Site match = null;
            for (Site r : remaining) {
                if (r.element() == e && periodicClose(r.frac(), f, 2e-6)) {
                    match = r;
                    break;
                }
            }
            if (match == null) return "no site " + site;
            remaining.remove(match);
        }
        return null;
    }

    static boolean periodicClose(Vec3 a, Vec3 b, double tol) {
        for (int i = 0; i < 3; i++) {
            double d = a.get(i) - b.get(i);
            if (Math.abs(d - Math.rint(d)) > tol) return false;
        }
        return true;
    }
}
