package org.crystalgan.screening.xrd;

import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.InputException;

/**
 * A broadened powder pattern: each line drawn as a pseudo-Voigt of one full width at half maximum over the
 * whole range, η L + (1 − η) G with Lorentzian L and Gaussian G of the same FWHM and unit height, so a lone
 * line keeps its height. One width for all angles is a simplification (a diffractometer's Caglioti widths grow
 * with 2θ); 0.1° is typical of a laboratory Bragg–Brentano instrument with a well-crystallised powder.
 *
 * @param twoTheta  the grid (degrees)
 * @param intensity the summed profile on that grid, scaled so its highest point is 100
 */
public record XrdProfile(double[] twoTheta, double[] intensity) {
    /** Default FWHM in degrees 2θ. */
    public static final double DEFAULT_FWHM = 0.1;
    /** Default Lorentzian fraction η of the pseudo-Voigt. */
    public static final double DEFAULT_ETA = 0.5;
    /** Default grid step in degrees 2θ. */
    public static final double DEFAULT_STEP = 0.02;

    /**
     * Broadens the lines on a grid from {@code from} to {@code to} (degrees 2θ).
     *
     * @param fwhm full width at half maximum, degrees (0.001 to 5)
     * @param eta  Lorentzian fraction, 0 (Gaussian) to 1 (Lorentzian)
     * @param step grid step, degrees (at most fwhm / 2, so no line falls between grid points unseen)
     */
    public static XrdProfile of(List<XrdPeak> peaks, double from, double to, double fwhm, double eta, double step) {
        if (!(fwhm >= 0.001 && fwhm <= 5)) throw new InputException(String.format(Locale.ROOT, "FWHM must be 0.001 to 5° 2θ, got %s", fwhm));
        if (!(eta >= 0 && eta <= 1)) throw new InputException(String.format(Locale.ROOT, "Lorentzian fraction η must be 0 to 1, got %s", eta));
        if (!(step > 0 && step <= fwhm / 2)) {
            throw new InputException(String.format(Locale.ROOT, "grid step must be positive and at most half the FWHM (%s°), got %s", fwhm / 2, step));
        }
        if (!(to > from)) throw new InputException(String.format(Locale.ROOT, "2θ range is empty: %s to %s", from, to));
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) x[i] = from + i * step;
        double hw = fwhm / 2, gk = 4 * Math.log(2) / (fwhm * fwhm);
        // beyond 40 FWHM the Lorentzian tail is under 2e-4 of the height: cut there to keep it linear in lines
        double reach = 40 * fwhm;
        for (XrdPeak p : peaks) {
            int lo = Math.max(0, (int) Math.floor((p.twoTheta() - reach - from) / step));
            int hi = Math.min(n - 1, (int) Math.ceil((p.twoTheta() + reach - from) / step));
            for (int i = lo; i <= hi; i++) {
                double d = x[i] - p.twoTheta();
                double g = Math.exp(-gk * d * d);
                double l = hw * hw / (d * d + hw * hw);
                y[i] += p.intensity() * (eta * l + (1 - eta) * g);
            }
        }
        double max = 0;
        for (double v : y) max = Math.max(max, v);
        if (max > 0) for (int i = 0; i < n; i++) y[i] = y[i] / max * 100;
        return new XrdProfile(x, y);
    }

    /** With the defaults: FWHM 0.1°, η 0.5, step 0.02°. */
    public static XrdProfile of(List<XrdPeak> peaks, double from, double to) {
        return of(peaks, from, to, DEFAULT_FWHM, DEFAULT_ETA, DEFAULT_STEP);
    }
}
