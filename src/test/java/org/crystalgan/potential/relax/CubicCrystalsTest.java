package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

class CubicCrystalsTest {
    static final String TABLE = """
            | Material    | Crystal structure   |   a (Å) |   MP a (Å) |   Predicted a (Å) | % error vs Expt   | % error vs MP   |
            |:------------|:--------------------|--------:|-----------:|------------------:|:------------------|:----------------|
            | GaAs        | Zinc blende (FCC)   | 5.653   |    5.75018 |           5.75044 | 1.724%            | 0.004%          |
            | SrVO3       | Cubic perovskite    | 3.838   |    3.90089 |           3.90005 | 1.617%            | -0.022%         |
            | Mo          | BCC                 | 3.142   |    3.16762 |           3.16398 | 0.700%            | -0.115%         |
            | CsI         | Caesium chloride    | 4.567   |    4.66521 |           4.6727  | 2.314%            | 0.160%          |
            | VC0.97      | Halite              | 4.166   |    4.16195 |           4.15511 | -0.261%           | -0.164%         |
            | C (diamond) | Diamond (FCC)       | 3.567   |    3.56075 |           3.57685 | 0.276%            | 0.452%          |
            | MgO         | Halite (FCC)        | 4.212   |    4.194   |           4.26133 | 1.171%            | 1.605%          |
            | Au          | FCC                 | 4.065   |    4.17129 |           4.17198 | 2.632%            | 0.017%          |
            """;

    @Test
    void rowsBuildTheirPrimitiveCellsWithTheRightBondsAndVolume() {
        List<CubicCrystals.Row> rows = CubicCrystals.parseTable(TABLE);
        assertEquals(8, rows.size());
        assertEquals(new CubicCrystals.Row("GaAs", "Zinc blende (FCC)", 5.75018, 5.75044), rows.get(0));
        double a = 4.0;
        // nearest-neighbour distance of each type for cubic edge a
        double[] nn = {a * Math.sqrt(3) / 4, a / 2, a * Math.sqrt(3) / 2, a * Math.sqrt(3) / 2, Double.NaN, a * Math.sqrt(3) / 4, a / 2,
            a / Math.sqrt(2)};
        int[] atoms = {2, 5, 1, 2, 0, 2, 2, 1};
        for (int i = 0; i < rows.size(); i++) {
            var built = CubicCrystals.build(rows.get(i), a);
            if (atoms[i] == 0) {
                assertTrue(built.isEmpty(), "a non-stoichiometric carbide is not built");
                continue;
            }
            Structure s = built.orElseThrow();
            assertEquals(atoms[i], s.size(), rows.get(i).material());
            assertEquals(nn[i], s.minimumDistance(), 1e-9, rows.get(i).material());
            assertEquals(a, CubicCrystals.cubicA(s, rows.get(i).type()), 1e-9);
        }
        assertEquals("V", CubicCrystals.build(rows.get(1), a).orElseThrow().site(1).element().symbol());
    }
}
