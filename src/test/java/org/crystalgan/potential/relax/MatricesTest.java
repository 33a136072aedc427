package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatricesTest {
    @Test
    void expmOfARotationGeneratorIsTheRotation() {
        double t = 2.7; // norm above 1/2: the scaling and squaring path runs
        double[][] e = Matrices.expm(new double[][] {{0, -t, 0}, {t, 0, 0}, {0, 0, 0}});
        assertEquals(Math.cos(t), e[0][0], 1e-14);
        assertEquals(-Math.sin(t), e[0][1], 1e-14);
        assertEquals(Math.sin(t), e[1][0], 1e-14);
        assertEquals(1, e[2][2], 1e-14);
        double[][] d = Matrices.expm(new double[][] {{Math.log(1.1), 0, 0}, {0, 0, 0}, {0, 0, -5}});
        assertEquals(1.1, d[0][0], 1e-14);
        assertEquals(Math.exp(-5), d[2][2], 1e-16);
    }

    @Test
    void frechetAdjointEqualsFiniteDifferencesOfExpm() {
        Random r = new Random(3);
        double[][] a = new double[3][3], g = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = 0.2 * r.nextGaussian();
                g[i][j] = 5 * r.nextGaussian();
            }
        }
        double[][] adj = Matrices.expmFrechetAdjoint(a, g);
        double h = 1e-6;
        for (int mu = 0; mu < 3; mu++) {
            for (int nu = 0; nu < 3; nu++) {
                double[][] ap = copy(a), am = copy(a);
                ap[mu][nu] += h;
                am[mu][nu] -= h;
                double[][] ep = Matrices.expm(ap), em = Matrices.expm(am);
                double fd = 0;
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) fd += (ep[i][j] - em[i][j]) / (2 * h) * g[i][j];
                assertEquals(fd, adj[mu][nu], 1e-8, "component " + mu + nu);
            }
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[3][];
        for (int i = 0; i < 3; i++) c[i] = m[i].clone();
        return c;
    }
}
