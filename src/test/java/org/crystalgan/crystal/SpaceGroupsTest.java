package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpaceGroupsTest {
    @Test
    void all230GroupsArePresentAndClosedUnderComposition() {
        assertEquals(530, SpaceGroups.all().size());
        for (int n = 1; n <= 230; n++) {
            SpaceGroups.Setting s = SpaceGroups.byNumber(n);
            assertEquals(n, s.number());
            List<SymOp> ops = s.operations();
            for (SymOp a : ops) {
                for (SymOp b : List.of(ops.get(0), ops.get(ops.size() - 1), ops.get(ops.size() / 2))) {
                    SymOp c = a.compose(b);
                    assertTrue(ops.stream().anyMatch(o -> o.equalsModuloLattice(c, 1e-6)), "group " + n + " not closed");
                }
            }
        }
    }

    @Test
    void orderOfWellKnownGroups() {
        assertEquals(192, SpaceGroups.byHermannMauguin("Fd-3m").orElseThrow().operations().size());
        assertEquals(227, SpaceGroups.byHermannMauguin("F d -3 m").orElseThrow().number());
        assertEquals(14, SpaceGroups.byHermannMauguin("P 21/c").orElseThrow().number());
        assertEquals(62, SpaceGroups.byHermannMauguin("Pnma").orElseThrow().number());
        assertEquals(148, SpaceGroups.byHermannMauguin("R-3:H").orElseThrow().number());
        assertEquals(206, SpaceGroups.byHermannMauguin("Ia-3").orElseThrow().number());
        assertEquals(141, SpaceGroups.byHermannMauguin("I41/amd").orElseThrow().number());
        assertEquals(225, SpaceGroups.byHall("-F 4 2 3").orElseThrow().number());
        assertFalse(SpaceGroups.byHermannMauguin("Q 1").isPresent());
    }

    @Test
    void symOpsParseAndPrint() {
        SymOp op = SymOp.parse("'-y+1/2, x, z+0.75'");
        assertEquals("-y+1/2,x,z+3/4", op.toXyz());
        Vec3 v = op.apply(new Vec3(0.1, 0.2, 0.3));
        assertEquals(0.3, v.x(), 1e-12);
        assertEquals(0.1, v.y(), 1e-12);
        assertEquals(1.05, v.z(), 1e-12);
        Set<String> seen = new HashSet<>();
        for (SymOp o : SpaceGroups.byNumber(227).operations()) assertTrue(seen.add(o.normalized().toXyz()));
    }
}
