package org.crystalgan.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every readable format gives back what was written: lattice parameters to 1e-5 Å / degrees, fractional coordinates to 1e-6. */
class RoundTripTest {
    @TempDir
    Path dir;

    /** Skewed triclinic cells with Mg, Mn and O at random positions (fixed seeds). */
    static List<Structure> structures() {
        List<Structure> out = new ArrayList<>();
        Random r = new Random(20201412);
        for (int k = 0; k < 12; k++) {
            Lattice l = Lattice.fromParameters(2.5 + 8 * r.nextDouble(), 2.5 + 8 * r.nextDouble(), 2.5 + 8 * r.nextDouble(),
                    60 + 60 * r.nextDouble(), 60 + 60 * r.nextDouble(), 60 + 60 * r.nextDouble());
            List<Site> sites = new ArrayList<>();
            String[] els = {"Mg", "Mn", "O"};
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                sites.add(new Site(Element.of(els[r.nextInt(3)]), new Vec3(r.nextDouble(), r.nextDouble(), r.nextDouble())));
            }
            out.add(new Structure(l, sites));
        }
        return out;
    }

    static void assertSame(Structure a, Structure b, boolean sameOrder) {
        double[] pa = a.lattice().parameters(), pb = b.lattice().parameters();
        for (int i = 0; i < 6; i++) assertEquals(pa[i], pb[i], 1e-5, "lattice parameter " + i);
        assertEquals(a.size(), b.size());
        assertEquals(a.composition(), b.composition());
        List<Site> remaining = new ArrayList<>(b.sites());
        for (int i = 0; i < a.size(); i++) {
            Site s = a.site(i);
            Site match = null;
            if (sameOrder) {
                match = b.site(i);
                assertEquals(s.element(), match.element());
                assertTrue(close(s.frac(), match.frac()), s + " vs " + match);
            } else {
                for (Site t : remaining) if (t.element() == s.element() && close(s.frac(), t.frac())) match = t;
                assertTrue(match != null, "no site matches " + s);
                remaining.remove(match);
            }
            assertEquals(s.occupancy(), match.occupancy(), 1e-6);
        }
    }

    private static boolean close(Vec3 a, Vec3 b) {
        for (int i = 0; i < 3; i++) {
            double d = a.get(i) - b.get(i);
            if (Math.abs(d - Math.rint(d)) > 1e-6) return false;
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.cif", "POSCAR", "x.vasp", "CONTCAR", "x.json"})
    void everyFormatRoundTrips(String fileName) throws IOException {
        for (Structure s : structures()) {
            Path f = dir.resolve(fileName);
            StructureFiles.write(f, s);
            List<NamedStructure> back = StructureFiles.read(f);
            assertEquals(1, back.size());
            // POSCAR groups sites by element; CIF and JSON keep the order
            assertSame(s, back.get(0).structure(), !fileName.contains("POSCAR") && !fileName.contains("CONTCAR") && !fileName.endsWith(".vasp"));
        }
    }

    @Test
    void poscarAndJsonKeepTheLatticeMatrixItself() throws IOException {
        Structure s = structures().get(3);
        for (String name : List.of("POSCAR", "m.json")) {
            Path f = dir.resolve(name);
            StructureFiles.write(f, s);
            double[][] a = s.lattice().matrix(), b = StructureFiles.read(f).get(0).structure().lattice().matrix();
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(a[i][j], b[i][j], 1e-9, name);
        }
    }

    @Test
    void chainThroughEveryFormat() throws IOException {
        Structure s = structures().get(5).sortedBySpecies();
        Structure cur = s;
        for (String name : List.of("a.cif", "b.json", "POSCAR", "c.cif", "d.json")) {
            Path f = dir.resolve(name);
            StructureFiles.write(f, cur);
            cur = StructureFiles.read(f).get(0).structure();
        }
        assertSame(s, cur, true);
    }

    @Test
    void disorderSurvivesCifAndJsonButPoscarAndXyzRefuseIt() throws IOException {
        Lattice l = Lattice.cubic(4.33);
        List<Site> sites = List.of(new Site(Element.of("Mg"), new Vec3(0, 0, 0), 0.5, "Mg1"),
                new Site(Element.of("Mn"), new Vec3(0, 0, 0), 0.5, "Mn1"), new Site(Element.of("O"), new Vec3(0.5, 0.5, 0.5), 1, "O1"));
        Structure s = new Structure(l, sites);
        for (String name : List.of("d.cif", "d.json")) {
            Path f = dir.resolve(name);
            StructureFiles.write(f, s);
            Structure back = StructureFiles.read(f).get(0).structure();
            assertFalse(back.isOrdered());
            assertSame(s, back, true);
        }
        String json = Files.readString(dir.resolve("d.json"));
        assertTrue(json.contains("\"occu\" : 0.5"), "one pymatgen site with two species");
        assertEquals(2, com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(json).get("sites").size());
        assertThrows(InputException.class, () -> StructureFiles.write(dir.resolve("POSCAR"), s));
        assertThrows(InputException.class, () -> StructureFiles.write(dir.resolve("d.xyz"), s));
        assertFalse(Files.exists(dir.resolve("POSCAR")), "nothing half-written");
    }

    @Test
    void xyzHoldsTheCellAndCartesianCoordinates() throws IOException {
        Structure s = structures().get(1);
        Path f = dir.resolve("s.xyz");
        StructureFiles.write(f, s);
        List<String> lines = Files.readAllLines(f);
        assertEquals(Integer.toString(s.size()), lines.get(0));
        String header = lines.get(1);
        String lat = header.substring(header.indexOf("Lattice=\"") + 9, header.indexOf('"', header.indexOf("Lattice=\"") + 9));
        String[] w = lat.split(" ");
        double[][] m = s.lattice().matrix();
        for (int i = 0; i < 9; i++) assertEquals(m[i / 3][i % 3], Double.parseDouble(w[i]), 1e-9);
        assertTrue(header.contains("Properties=species:S:1:pos:R:3"));
        for (int i = 0; i < s.size(); i++) {
            String[] a = lines.get(2 + i).trim().split("\\s+");
            assertEquals(s.site(i).element().symbol(), a[0]);
            Vec3 c = s.cartesian(i);
            assertEquals(c.x(), Double.parseDouble(a[1]), 1e-9);
            assertEquals(c.z(), Double.parseDouble(a[3]), 1e-9);
        }
        assertThrows(StructureFormatException.class, () -> StructureFiles.read(f), "XYZ is write-only");
    }

    @Test
    void writtenFilesGetOrdinaryPermissionsAndReplacedFilesKeepTheirs() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path f = dir.resolve("new.cif");
        StructureFiles.write(f, structures().get(0));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f), "like any file the user creates");
        var readOnlyForOthers = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(f, readOnlyForOthers);
        StructureFiles.write(f, structures().get(1));
        assertEquals(readOnlyForOthers, Files.getPosixFilePermissions(f));
    }

    @Test
    void writesAreAtomicAndReplaceExistingFiles() throws IOException {
        Path f = dir.resolve("a.cif");
        Files.writeString(f, "old");
        StructureFiles.write(f, structures().get(0));
        assertTrue(Files.readString(f).startsWith("# generated by Crystal GAN Workbench"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
