package org.crystalgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.screening.stability.GenerativeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model-report --relax --baseline random --csv}: the stability issue's table, GAN beside the random baseline. */
class ModelReportRelaxTest {
    @TempDir
    Path tmp;

    @Test
    void writesOneRowPerTargetAndMethodWithSharesInRange() throws Exception {
        Path csv = tmp.resolve("report.csv");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int status = Main.run(new String[] {"model-report", "--relax", "--baseline", "random", "--targets", "MgMnO3", "--count", "2",
                "--steps", "40", "--csv", csv.toString()}, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, status, e.toString());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(GenerativeMetrics.HEADER, rows.get(0));
        assertTrue(rows.get(0).startsWith("target,generated,exact_composition,converged,metastable,stable,unique,novel,sun,rediscovered"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("MgMnO3,2,") && rows.get(1).contains(",gan,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("MgMnO3,2,") && rows.get(2).contains(",random,"), rows.get(2));
        for (String r : rows.subList(1, 3)) {
            String[] f = r.split(",");
            for (int k = 2; k <= 8; k++) {
                double share = Double.parseDouble(f[k]);
                assertTrue(share >= 0 && share <= 1, "column " + k + " of " + r);
            }
            assertEquals("m3gnet", f[14]);
            List<String> columns = List.of(GenerativeMetrics.HEADER.split(","));
            assertEquals(columns.size(), r.split(",", -1).length, r);
            double relaxedNonP1 = Double.parseDouble(f[columns.indexOf("relaxed_non_p1_share")]);
            assertTrue(relaxedNonP1 >= 0 && relaxedNonP1 <= 1, r);
            long drawn = Long.parseLong(f[columns.indexOf("drawn")]);
            assertTrue(drawn >= 2, r);
            double raw = Double.parseDouble(f[columns.indexOf("raw_share_min_distance_1.3A")]);
            // two kept cells passed the 1.3 A floor among the drawn, so at least 2 / drawn of the draws did
            assertTrue(raw >= 2.0 / drawn - 1e-9 && raw <= 1, r);
            assertTrue(Double.parseDouble(f[columns.indexOf("kept_min_distance_q50_A")]) >= 1.3, r);
            // the training CIFs are the W1 reference when ../shared is present (as in CI); without them the columns stay empty
            String reference = f[columns.indexOf("w1_reference")];
            String w1 = f[columns.indexOf("volume_per_atom_w1_A3")];
            assertEquals(reference.isEmpty(), w1.isEmpty(), r);
            if (!w1.isEmpty()) assertTrue(Double.parseDouble(w1) >= 0, r);
        }

        assertTrue(o.toString().contains("reference phases only"), o.toString());
    }

    @Test
    void theBaselineNeedsRelax() {
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(1, Main.run(new String[] {"model-report", "--baseline", "random"}, new PrintWriter(o, true), new PrintWriter(e, true)));
        assertTrue(e.toString().contains("--baseline needs --relax"), e.toString());
    }
}
