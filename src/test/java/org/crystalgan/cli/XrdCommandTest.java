package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XrdCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void printsPeaksAndWritesBothCsvFiles() throws Exception {
        Path csv = dir.resolve("out/mgo_peaks.csv"), profile = dir.resolve("out/mgo_profile.csv");
        Result r = run("xrd", "samples/MgO_periclase.cif", "--csv", csv.toString(), "--profile", profile.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("  42.9284   100.000  2.10680  200:6"), r.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("two_theta_deg,intensity,d_spacing_A,hkl_families,wavelength_A", rows.get(0));
        assertEquals(6, rows.size(), "header and the five lines of periclase to 90°");
        assertEquals("42.9284,100.0000,2.10680,200:6,1.54184", rows.get(2));
        List<String> prof = Files.readAllLines(profile);
        assertEquals("two_theta_deg,intensity", prof.get(0));
        assertEquals(1 + 4501, prof.size(), "0 to 90° in 0.02° steps");
    }

    @Test
    void molybdenumMovesTheLinesAndBadInputIsOneLine() {
        Result mo = run("xrd", "samples/MgO_periclase.cif", "--wavelength", "MoKa");
        assertEquals(0, mo.status(), mo.err());
        assertTrue(mo.out().contains("wavelength 0.71073 A"), mo.out());
        assertTrue(mo.out().contains("  19.42"), "MgO 200 with Mo Ka at 19.42°: " + mo.out());
        Result bad = run("xrd", "samples/MgO_periclase.cif", "--wavelength", "blue");
        assertEquals(Main.USER_ERROR, bad.status());
        assertTrue(bad.err().contains("wavelength 'blue'") && !bad.err().contains("at org."), bad.err());
    }
}
