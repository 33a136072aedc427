package org.crystalgan.screening.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.screening.SharedData;
import org.crystalgan.screening.TestStructures;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.junit.jupiter.api.Test;

class StructureMatcherTest {
    private final StructureMatcher matcher = new StructureMatcher();

    @Test
    void everySupercellMatchesItsParent() {
        List<DecodedStructureCsv.Row> rows = SharedData.rows();
        Map<String, Integer> parentByName = new HashMap<>();
        for (DecodedStructureCsv.Row r : rows) if (r.index() < 1253) parentByName.putIfAbsent(r.name(), r.index());
        int n = 0;
        List<String> failures = new ArrayList<>();
        for (DecodedStructureCsv.Row r : rows) {
            if (r.index() < 1253) continue;
            Structure parent = rows.get(parentByName.get(r.name())).structure();
            n++;
            if (!matcher.fit(parent, r.structure())) failures.add(r.index() + " " + r.name());
        }
        assertEquals(1374, n);
        assertTrue(failures.isEmpty(), failures.size() + " supercells do not match their parent: " + failures.subList(0, Math.min(10, failures.size())));
    }

    @Test
    void translatedAndAxisSwappedCopiesMatch() {
        List<DecodedStructureCsv.Row> rows = SharedData.rows();
        Random rnd = new Random(11);
        for (int k = 0; k < 60; k++) {
            Structure s = rows.get(rnd.nextInt(1253)).structure();
            Structure t = translated(s, new Vec3(rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()));
            Structure w = swapped(t, rnd.nextInt(3));
            StructureMatcher.Result r = matcher.compare(matcher.prepare(s), matcher.prepare(w));
            assertTrue(r.matched(), "copy of " + s);
            assertEquals(0, r.rms(), 1e-6);
        }
    }

    @Test
    void textbookOxides() {
        Structure mgo = TestStructures.periclase();
        // the 8-atom conventional cell and a 2-atom primitive rock-salt cell are one structure
        double a = 4.212 / Math.sqrt(2);
        Structure prim = new Structure(Lattice.fromParameters(a, a, a, 60, 60, 60),
                List.of(new Site(org.crystalgan.crystal.Element.of("Mg"), 0, 0, 0), new Site(org.crystalgan.crystal.Element.of("O"), 0.5, 0.5, 0.5)));
        assertTrue(matcher.fit(mgo, prim));
        assertEquals(2, matcher.prepare(mgo).primitiveSize());
        // volume is scaled away: a 10 % larger cell still matches
        assertTrue(matcher.fit(mgo, mgo.withLattice(Lattice.cubic(4.212 * 1.1))));
        // different compositions never match
        assertFalse(matcher.fit(mgo, TestStructures.pyrolusite()));
        // rutile MnO2 against P4_2/mnm cells with O on other 4f/4g positions; expected values from
        // pymatgen 2022.11.7 StructureMatcher(attempt_supercell=True): fit and get_rms_dist
        Structure mno2 = TestStructures.pyrolusite();
        assertRutileVariant(mno2, 0.2, 0.5, true, 0.011124);
        assertRutileVariant(mno2, 0.1, 0.5, true, 0.230702);
        assertRutileVariant(mno2, 0.2, 0.0, false, 0.252950); // rms below stol but largest displacement 0.31 is not
        assertRutileVariant(mno2, 0.15, 0.0, false, Double.NaN);
    }

    private void assertRutileVariant(Structure mno2, double x, double z, boolean fit, double rms) {
        Structure other = TestStructures.expand(mno2.lattice(), org.crystalgan.crystal.SpaceGroups.byNumber(136).operations(),
                new Object[][] {{"Mn", 0.0, 0.0, 0.0}, {"O", x, x, z}});
        StructureMatcher.Result r = matcher.compare(matcher.prepare(mno2), matcher.prepare(other));
        assertEquals(fit, r.matched(), "O at " + x + "," + x + "," + z);
        assertEquals(fit, matcher.fit(mno2, other));
        if (Double.isNaN(rms)) assertTrue(Double.isNaN(r.rms()), "rms " + r.rms());
        else assertEquals(rms, r.rms(), 1e-4, "O at " + x + "," + x + "," + z);
    }

    @Test
    void smallPerturbationsMatchLargeOnesDoNot() {
        Structure s = SharedData.rows().get(2).structure();
        Random rnd = new Random(5);
        assertTrue(matcher.fit(s, jiggled(s, 0.05, rnd)));
        assertFalse(matcher.fit(s, jiggled(s, 1.5, rnd)));
    }

    static Structure translated(Structure s, Vec3 t) {
        List<Site> out = new ArrayList<>();
        for (Site x : s.sites()) out.add(x.withFrac(x.frac().plus(t).wrapped()));
        return s.withSites(out);
    }

    /** Swaps axis k with axis (k+1) % 3: the lattice rows and the coordinate columns together. */
    static Structure swapped(Structure s, int k) {
        int l = (k + 1) % 3;
        double[][] m = s.lattice().matrix();
        double[] tmp = m[k]; m[k] = m[l]; m[l] = tmp;
        List<Site> out = new ArrayList<>();
        for (Site x : s.sites()) {
            double[] f = x.frac().toArray();
            double t2 = f[k]; f[k] = f[l]; f[l] = t2;
            out.add(x.withFrac(Vec3.of(f)));
        }
        return new Structure(Lattice.fromMatrix(m), out);
    }

    /** Bad input is refused with the reason in words, never a crash or a silent artefact. */
    @Test
    void overlappingAndDegenerateCellsAreReportedInWords() {
        Structure mgo = TestStructures.periclase();
        List<Site> extra = new ArrayList<>(mgo.sites());
        Site o = mgo.sites().stream().filter(x -> x.element().symbol().equals("O")).findFirst().orElseThrow();
        extra.add(o.withFrac(new Vec3(o.frac().x(), o.frac().y(), o.frac().z() + 0.01)));
        org.crystalgan.crystal.InputException e = org.junit.jupiter.api.Assertions.assertThrows(org.crystalgan.crystal.InputException.class,
                () -> matcher.prepare(new Structure(mgo.lattice(), extra)));
        assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("O"), e.getMessage());
        Structure flat = new Structure(Lattice.fromParameters(4, 4, 0.1, 90, 90, 90), List.of(new Site(o.element(), 0, 0, 0)));
        e = org.junit.jupiter.api.Assertions.assertThrows(org.crystalgan.crystal.InputException.class, () -> matcher.prepare(flat));
        assertTrue(e.getMessage().contains("lattice vector of only 0.100"), e.getMessage());
        // a single atom per cell is a valid crystal: simple cubic matches its doubled cell, not a stretched one
        Structure sc = new Structure(Lattice.cubic(3), List.of(new Site(o.element(), 0, 0, 0)));
        Structure doubled = new Structure(Lattice.fromParameters(3, 3, 6, 90, 90, 90), List.of(new Site(o.element(), 0, 0, 0), new Site(o.element(), 0, 0, 0.5)));
        Structure stretched = new Structure(Lattice.fromParameters(3, 3, 4.5, 90, 90, 90), List.of(new Site(o.element(), 0, 0, 0)));
        assertTrue(matcher.fit(sc, doubled));
        assertFalse(matcher.fit(sc, stretched));
    }

    /** Moves every atom by a random Cartesian vector of up to {@code amplitude} Å per component. */
    static Structure jiggled(Structure s, double amplitude, Random rnd) {
        List<Site> out = new ArrayList<>();
        for (Site x : s.sites()) {
            Vec3 c = s.lattice().toCartesian(x.frac());
            Vec3 d = new Vec3((rnd.nextDouble() * 2 - 1) * amplitude, (rnd.nextDouble() * 2 - 1) * amplitude, (rnd.nextDouble() * 2 - 1) * amplitude);
            out.add(x.withFrac(s.lattice().toFractional(c.plus(d))));
        }
        return s.withSites(out);
    }
}
