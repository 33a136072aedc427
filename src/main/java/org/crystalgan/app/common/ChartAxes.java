package org.crystalgan.app.common;

import java.util.Locale;
import javafx.scene.chart.NumberAxis;
import javafx.util.StringConverter;

/** Count axes that read as counts: whole-number ticks at 1, 2 or 5 × 10ⁿ, grouped digits, never "0.5 structures". */
public final class ChartAxes {
    private ChartAxes() { }

    /** A tick step of 1, 2 or 5 × 10ⁿ that gives at most {@code maxTicks} intervals up to {@code max} (at least 1). */
    public static long niceStep(double max, int maxTicks) {
        double raw = Math.max(1, max) / Math.max(1, maxTicks);
        long p = 1;
        while (p * 10 <= raw) p *= 10;
        for (long m : new long[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    /** Fixes a count axis from 0 to the first whole tick at or above {@code max}, about eight ticks. */
    public static void counts(NumberAxis axis, double max) {
        long step = niceStep(max, 8);
        long upper = Math.max(step, (long) Math.ceil(Math.max(max, 1) / step) * step);
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setUpperBound(upper);
        axis.setTickUnit(step);
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(WHOLE);
    }

    /** Labels whole numbers with grouped digits ("109,204") and leaves any other tick unlabelled. */
    public static final StringConverter<Number> WHOLE = new StringConverter<>() {
        @Override public String toString(Number n) {
            double v = n.doubleValue();
            return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : "";
        }

        @Override public Number fromString(String s) { return Double.parseDouble(s.replace(",", "")); }
    };
}
