package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The step rules of ASE's FIRE, checked on forces whose response is known. */
class FireTest {
    @Test
    void timeStepGrowsOnlyAfterMoreThanNminDownhillStepsAndHalvesUphill() {
        Fire fire = new Fire();
        double[] f = {0.01, 0, 0};
        // the first step only initialises the velocity; steps 2..7 count up to Nmin + 1 = 6 downhill steps
        for (int k = 1; k <= 7; k++) {
            fire.step(f);
            assertEquals(0.1, fire.timeStep(), 1e-15, "step " + k);
        }
        fire.step(f);
        assertEquals(0.11, fire.timeStep(), 1e-15);
        fire.step(f);
        assertEquals(0.121, fire.timeStep(), 1e-15);
        fire.step(new double[] {-0.01, 0, 0}); // uphill: velocity zeroed, dt halved
        assertEquals(0.0605, fire.timeStep(), 1e-15);
    }

    @Test
    void firstStepIsDtSquaredTimesForceAndTheWholeMoveIsCappedAtMaxstep() {
        Fire small = new Fire();
        double[] dr = small.step(new double[] {1, -2, 0.5});
        assertEquals(0.01, dr[0], 1e-15);
        assertEquals(-0.02, dr[1], 1e-15);
        Fire big = new Fire();
        // each row alone would be below 0.2 Å after scaling per row; ASE scales by the norm over everything
        double[] move = big.step(new double[] {15, 0, 0, 0, 15, 0});
        double norm = Math.sqrt(move[0] * move[0] + move[4] * move[4]);
        assertEquals(0.2, norm, 1e-12);
        assertEquals(move[0], move[4], 1e-15);
    }
}
