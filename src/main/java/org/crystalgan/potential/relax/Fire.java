package org.crystalgan.potential.relax;

/**
 * FIRE, the fast inertial relaxation engine (Bitzek, Koskinen, Gähler, Moseler and Gumbsch, Phys.
 * Rev. Lett. 97, 170201 (2006)), step for step as ASE's {@code ase.optimize.FIRE} with its defaults
 * (dt 0.1, maxstep 0.2 Å, dtmax 1.0, Nmin 5, finc 1.1, fdec 0.5, astart 0.1, fa 0.99; no downhill
 * check). The velocity is mixed towards the force while the power F·v stays positive; the whole move
 * is scaled down when its norm over all degrees of freedom (not per atom) exceeds maxstep.
 */
final class Fire {
    static final double DT = 0.1, MAX_STEP = 0.2, DT_MAX = 1.0, F_INC = 1.1, F_DEC = 0.5, A_START = 0.1, F_A = 0.99;
    static final int N_MIN = 5;

    private double dt = DT;
    private double a = A_START;
    private int positiveSteps;
    private double[] v;

    /** One step from generalised forces {@code f}: the displacement to add to the state. */
    double[] step(double[] f) {
        if (v == null) {
            v = new double[f.length];
        } else {
            double vf = dot(f, v);
            if (vf > 0) {
                double mix = a * Math.sqrt(dot(v, v)) / Math.sqrt(dot(f, f));
                for (int i = 0; i < v.length; i++) v[i] = (1 - a) * v[i] + mix * f[i];
                if (positiveSteps > N_MIN) {
                    dt = Math.min(dt * F_INC, DT_MAX);
                    a *= F_A;
                }
                positiveSteps++;
            } else {
                java.util.Arrays.fill(v, 0);
                a = A_START;
                dt *= F_DEC;
                positiveSteps = 0;
            }
        }
        double[] dr = new double[f.length];
        for (int i = 0; i < v.length; i++) {
            v[i] += dt * f[i];
            dr[i] = dt * v[i];
        }
        double norm = Math.sqrt(dot(dr, dr));
        if (norm > MAX_STEP) for (int i = 0; i < dr.length; i++) dr[i] *= MAX_STEP / norm;
        return dr;
    }

    double timeStep() { return dt; }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}
