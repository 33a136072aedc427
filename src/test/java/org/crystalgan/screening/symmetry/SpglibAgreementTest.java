package org.crystalgan.screening.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Agreement with spglib on the 1,253 parent structures of the Mg-Mn-O data set at symprec 0.1 Å
 * (issue 6 asks for at least 99% identical space-group numbers). The expected numbers were produced
 * once with spglib; the resource header says how.
 */
class SpglibAgreementTest {
    @Test
    void agreesWithSpglibOnTheTrainingStructures() throws IOException {
        Path dir = SharedStructures.dataDir();
        Assumptions.assumeTrue(dir != null, "../shared/data/mgmno/structures.csv is absent: the shared data set is not checked out");
        List<int[]> expected = expected();
        List<SharedStructures.Row> rows = SharedStructures.read(dir, expected.size());
        assertEquals(1253, rows.size());
        int agree = 0;
        List<String> differ = new ArrayList<>();
        for (SharedStructures.Row row : rows) {
            int want = expected.get(row.index())[1];
            int got = SpaceGroupFinder.analyze(row.structure(), 0.1).number();
            if (got == want) agree++;
            else differ.add(row.index() + " " + row.name() + ": spglib " + want + ", here " + got);
        }
        double rate = agree / (double) rows.size();
        System.out.printf("spglib agreement at 0.1 Å: %d / %d = %.2f%%%n", agree, rows.size(), 100 * rate);
        differ.forEach(System.out::println);
        assertTrue(rate >= 0.99, "agreement " + rate + " below 99%: " + differ);
    }

    /** Rows of (index, spglib number) from the resource. */
    static List<int[]> expected() throws IOException {
        List<int[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SpglibAgreementTest.class.getResourceAsStream("spglib_spacegroups_0.1.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("file,")) continue;
                String[] p = line.split(",");
                out.add(new int[] {Integer.parseInt(p[0].substring(0, 4)), Integer.parseInt(p[1])});
            }
        }
        return out;
    }
}
