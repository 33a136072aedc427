package org.crystalgan.screening.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.screening.SharedData;
import org.crystalgan.screening.data.DecodedStructureCsv;
import org.junit.jupiter.api.Test;

/** Agreement with pymatgen's StructureMatcher on pairs of one composition (see the resource header). */
class PymatgenAgreementTest {
    record Pair(int i, int j, boolean fit, double rms) {}

    static List<Pair> pairs() throws IOException {
        var in = PymatgenAgreementTest.class.getResourceAsStream("/crystalgan/screening/pymatgen_pairs.csv");
        assertNotNull(in, "test resource pymatgen_pairs.csv");
        List<Pair> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("i,")) continue;
                String[] f = line.split(",", -1);
                out.add(new Pair(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].equals("1"), f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3])));
            }
        }
        return out;
    }

    @Test
    void sameVerdictAsPymatgenOnPairsOfOneComposition() throws IOException {
        List<DecodedStructureCsv.Row> rows = SharedData.rows();
        StructureMatcher m = new StructureMatcher();
        List<Pair> pairs = pairs();
        assertEquals(1500, pairs.size());
        List<String> disagree = new ArrayList<>();
        int rmsCompared = 0;
        for (Pair p : pairs) {
            StructureMatcher.Result r = m.compare(m.prepare(rows.get(p.i()).structure()), m.prepare(rows.get(p.j()).structure()));
            if (r.matched() != p.fit()) disagree.add(p + " ours " + r);
            if (!Double.isNaN(p.rms()) && !Double.isNaN(r.rms())) {
                rmsCompared++;
                if (Math.abs(p.rms() - r.rms()) > 2e-3) disagree.add("rms " + p + " ours " + r);
            }
        }
        assertTrue(disagree.isEmpty(), disagree.size() + " disagreements: " + disagree.subList(0, Math.min(10, disagree.size())));
        assertTrue(rmsCompared >= 4, "pairs with an RMS on both sides: " + rmsCompared);
    }
}
