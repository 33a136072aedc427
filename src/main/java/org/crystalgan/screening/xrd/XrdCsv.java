package org.crystalgan.screening.xrd;

import java.util.List;
import java.util.Locale;
import org.crystalgan.base.Csv;

/** The two CSV tables of a simulated pattern: its lines, and the broadened profile. */
public final class XrdCsv {
    /** Header of the lines table. */
    public static final String PEAKS_HEADER = "two_theta_deg,intensity,d_spacing_A,hkl_families,wavelength_A";
    /** Header of the profile table. */
    public static final String PROFILE_HEADER = "two_theta_deg,intensity";

    private XrdCsv() { }

    /** One row per line: 2θ, relative intensity, d, "200:6" families, and the wavelength (Å) that makes the angles. */
    public static String peaks(List<XrdPeak> peaks, double wavelength) {
        StringBuilder sb = new StringBuilder();
        sb.append(PEAKS_HEADER).append('\n');
        for (XrdPeak p : peaks) {
            sb.append(Csv.row(String.format(Locale.ROOT, "%.4f", p.twoTheta()), String.format(Locale.ROOT, "%.4f", p.intensity()),
                    String.format(Locale.ROOT, "%.5f", p.dSpacing()), p.hklCompact(), String.format(Locale.ROOT, "%.5f", wavelength))).append('\n');
        }
        return sb.toString();
    }

    /** The broadened profile, one row per grid point. */
    public static String profile(XrdProfile profile) {
        StringBuilder sb = new StringBuilder(PROFILE_HEADER).append('\n');
        double[] x = profile.twoTheta(), y = profile.intensity();
        for (int i = 0; i < x.length; i++) sb.append(String.format(Locale.ROOT, "%.3f,%.4f%n", x[i], y[i]));
        return sb.toString();
    }
}
