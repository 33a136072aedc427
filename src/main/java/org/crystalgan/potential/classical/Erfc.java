package org.crystalgan.potential.classical;

/**
 * Complementary error function to about 1e-15 relative accuracy: the Maclaurin series of erf for
 * x &lt; 2.5, and the continued fraction of erfc (evaluated by Lentz's method) above.
 */
final class Erfc {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Erfc() {}

    static double erfc(double x) {
        if (x < 0) return 2 - erfc(-x);
        if (x < 2.5) {
            // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 1 - TWO_OVER_SQRT_PI * sum;
        }
        // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double fr = x, c = x, dd = 0;
        for (int k = 1; k < 300; k++) {
            double a = k / 2.0;
            dd = x + a * dd;
            dd = dd == 0 ? tiny : dd;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            dd = 1 / dd;
            double delta = c * dd;
            fr *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / fr;
    }
}
