package org.crystalgan.screening.xrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against pymatgen. The reference lines were computed once with Debian's python3-pymatgen 2022.11.7
 * ({@code apt install python3-pymatgen}) on the bundled samples:
 * <pre>
 * from pymatgen.core import Structure
 * from pymatgen.analysis.diffraction.xrd import XRDCalculator
 * p = XRDCalculator().get_pattern(Structure.from_file(f))   # f = samples/MgO_periclase.cif, samples/MgMn2O4_spinel.cif
 * for x, y, h, d in zip(p.x, p.y, p.hkls, p.d_hkls): print("%.4f %.4f %.5f %s" % (x, y, d, h))
 * </pre>
 */
class XrdCalculatorTest {
    @TempDir
    Path dir;

    // 2θ, intensity, d, families (pymatgen 2022.11.7, Cu Kα 1.54184 Å, 0-90°)
    private static final Object[][] MGO = {
        {36.9506, 10.3961, 2.43272, "111:8"},
        {42.9284, 100.0000, 2.10680, "200:6"},
        {62.3279, 55.8699, 1.48973, "220:12"},
        {74.7183, 7.2250, 1.27045, "311:24"},
        {78.6609, 16.8103, 1.21636, "222:8"},
    };

    private static final Object[][] SPINEL = {
        {18.2190, 100.0000, 4.86932, "101:8"}, {29.2926, 10.7138, 3.04890, "112:8"}, {31.2753, 4.4692, 2.86000, "200:4"},
        {32.9179, 54.6018, 2.72094, "103:8"}, {36.4331, 82.5678, 2.46608, "211:16"}, {36.9201, 17.8070, 2.43466, "202:8"},
        {38.8160, 36.5654, 2.32000, "004:2"}, {44.8167, 45.4886, 2.02233, "220:4"}, {46.0419, 5.7310, 1.97132, "213:16"},
        {48.7585, 2.4443, 1.86765, "301:8"}, {50.6656, 1.8172, 1.80174, "204:8"}, {51.7851, 21.1826, 1.76539, "105:8"},
        {54.4440, 2.9012, 1.68529, "312:16"}, {56.7142, 6.4845, 1.62311, "303:8"}, {59.0749, 26.9538, 1.56376, "321:16"},
        {60.7561, 57.1124, 1.52445, "224:8"}, {61.7516, 5.5134, 1.50224, "215:16"}, {64.5034, 0.7142, 1.44465, "116:8"},
        {65.2455, 22.2481, 1.43000, "400:4"}, {65.4259, 0.0434, 1.42649, "314:16"}, {66.2029, 4.2536, 1.41162, "323:16"},
        {68.3707, 3.8495, 1.37206, "411:16"}, {68.6833, 0.0169, 1.36657, "402:8"}, {69.0349, 4.3139, 1.36047, "206:8"},
        {70.8539, 5.2333, 1.32994, "305:8"}, {73.0903, 0.4854, 1.29467, "332:8"}, {73.3003, 0.6603, 1.29148, "107:8"},
        {74.1324, 0.4680, 1.27903, "420:8"}, {75.0378, 8.6598, 1.26583, "413:16"}, {77.3963, 6.3814, 1.23304, "422:16"},
        {78.5861, 11.7984, 1.21733, "404:8"}, {79.4752, 4.1137, 1.20593, "325:16"}, {81.8341, 4.4870, 1.17704, "217:16"},
        {81.9624, 1.0651, 1.17552, "316:16"}, {83.3012, 4.8123, 1.16000, "008:2"}, {85.5283, 2.5798, 1.13541, "501:8 431:16"},
        {86.9861, 0.8988, 1.12009, "424:16"}, {87.8598, 7.5232, 1.11119, "415:16"}, {89.9868, 0.8297, 1.09037, "512:16"},
    };

    static Structure sample(String name) throws Exception {
        return StructureFiles.read(Path.of("samples", name)).get(0).structure();
    }

    private static void assertMatches(Object[][] expected, List<XrdPeak> actual) {
        assertEquals(expected.length, actual.size(), "number of lines");
        for (int i = 0; i < expected.length; i++) {
            XrdPeak p = actual.get(i);
            String at = "line " + i + " at " + expected[i][0];
            assertEquals((double) expected[i][0], p.twoTheta(), 2e-4, at);
            assertEquals((double) expected[i][1], p.intensity(), 2e-3 + 1e-4 * (double) expected[i][1], at);
            assertEquals((double) expected[i][2], p.dSpacing(), 2e-5, at);
            assertEquals(expected[i][3], p.hklCompact(), at);
        }
    }

    @Test
    void periclaseMatchesPymatgen() throws Exception {
        assertMatches(MGO, new XrdCalculator().peaks(sample("MgO_periclase.cif")));
    }

    @Test
    void spinelMatchesPymatgenLineByLine() throws Exception {
        assertMatches(SPINEL, new XrdCalculator().peaks(sample("MgMn2O4_spinel.cif")));
    }

    @Test
    void theCellChosenDoesNotChangeThePattern() throws Exception {
        // the 2x1x1 supercell diffracts at the same angles with the same relative intensities (extra indices extinct)
        Structure mgo = sample("MgO_periclase.cif");
        List<XrdPeak> one = new XrdCalculator().peaks(mgo), two = new XrdCalculator().peaks(mgo.supercell(2, 1, 1));
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).twoTheta(), two.get(i).twoTheta(), 1e-9);
            assertEquals(one.get(i).intensity(), two.get(i).intensity(), 1e-6);
        }
    }

    @Test
    void braggsLawAndTheWavelengthOption() throws Exception {
        Structure mgo = sample("MgO_periclase.cif");
        double mo = XrdCalculator.parseWavelength("moka");
        assertEquals(0.71073, mo, 0);
        assertEquals(1.5406, XrdCalculator.parseWavelength(" 1.5406 "), 0);
        for (XrdPeak p : new XrdCalculator(mo).peaks(mgo)) {
            assertEquals(mo, 2 * p.dSpacing() * Math.sin(Math.toRadians(p.twoTheta() / 2)), 1e-9);
        }
        assertThrows(InputException.class, () -> XrdCalculator.parseWavelength("CuKx"));
        assertThrows(InputException.class, () -> new XrdCalculator(0));
        assertThrows(InputException.class, () -> new XrdCalculator().peaks(mgo, 50, 40));
    }

    @Test
    void hexagonalCellsUseFourIndices() {
        Lattice hex = Lattice.fromParameters(3.0, 3.0, 5.0, 90, 90, 120);
        assertTrue(XrdCalculator.isHexagonal(hex));
        Structure s = new Structure(hex, List.of(new Site(Element.of("Mg"), 1 / 3.0, 2 / 3.0, 0.25), new Site(Element.of("Mg"), 2 / 3.0, 1 / 3.0, 0.75)));
        XrdPeak first = new XrdCalculator().peaks(s).get(0);
        assertEquals(4, first.families().get(0).hkl().length);
    }

    @Test
    void scatteringFactorFallsFromZ() {
        Element mn = Element.of("Mn");
        assertEquals(25, ScatteringFactors.f(mn, 0), 1e-12);
        assertTrue(ScatteringFactors.f(mn, 0.5) < 15 && ScatteringFactors.f(mn, 0.5) > 5);
    }

    @Test
    void profileKeepsALoneLinesHeightAndWidth() {
        List<XrdPeak> one = List.of(new XrdPeak(40, 100, 2.25, List.of(new XrdPeak.Family(new int[] {1, 1, 1}, 8))));
        XrdProfile p = XrdProfile.of(one, 30, 50, 0.2, 0.5, 0.01);
        int at40 = (int) Math.round((40 - 30) / 0.01), atHalf = (int) Math.round((40.1 - 30) / 0.01);
        assertEquals(100, p.intensity()[at40], 1e-6);
        assertEquals(50, p.intensity()[atHalf], 1e-6, "half height at FWHM/2 for both the Gaussian and the Lorentzian");
        assertThrows(InputException.class, () -> XrdProfile.of(one, 30, 50, 0.2, 0.5, 0.5));
    }

    @Test
    void experimentalPatternsReadWithHeadersAndCommas() throws Exception {
        Path f = dir.resolve("measured.xy");
        Files.writeString(f, "# scan of sample 7\n2Theta Intensity\n20.0, 5\n10.0, 10\n30.0 20 0.3\n");
        ExperimentalPattern e = ExperimentalPattern.read(f);
        assertEquals(3, e.twoTheta().length);
        assertEquals(10.0, e.twoTheta()[0], 0);
        assertEquals(100.0, e.intensity()[2], 1e-12);
        Path bad = dir.resolve("bad.xy");
        Files.writeString(bad, "10 1\n20 x\n");
        InputException ex = assertThrows(InputException.class, () -> ExperimentalPattern.read(bad));
        assertTrue(ex.getMessage().contains("bad.xy line 2"), ex.getMessage());
    }
}
