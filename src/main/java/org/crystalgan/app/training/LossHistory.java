package org.crystalgan.app.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All loss values of a training run, one series per loss, and the thinned view a chart draws: for long
 * runs the points are averaged in consecutive buckets so a chart never holds more than a few hundred
 * points, optionally smoothed first (exponential moving average) and optionally on a log scale
 * (log10 of the magnitude, since a critic loss and a Wasserstein estimate change sign).
 * Not thread-safe: fed and read on the FX thread.
 */
public final class LossHistory {
    public static final List<String> SERIES = List.of("Critic loss", "Wasserstein estimate", "Gradient penalty", "Generator loss", "Classifier loss");

    private long[] steps = new long[1024];
    private double[][] values = new double[SERIES.size()][1024];
    private int size;

    public void add(long step, double critic, double wasserstein, double gp, double generator, double classifier) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            for (int s = 0; s < values.length; s++) values[s] = Arrays.copyOf(values[s], size * 2);
        }
        steps[size] = step;
        values[0][size] = critic;
        values[1][size] = wasserstein;
        values[2][size] = gp;
        values[3][size] = generator;
        values[4][size] = classifier;
        size++;
    }

    public int size() { return size; }

    /** The first and last iteration recorded (0 for an empty history). */
    public long firstStep() { return size == 0 ? 0 : steps[0]; }

    public long lastStep() { return size == 0 ? 0 : steps[size - 1]; }

    public void clear() { size = 0; }

    /** A drawn point: x is the step, y the (smoothed, averaged, maybe log) value. */
    public record Point(double x, double y) {}

    /**
     * The points of one series for drawing.
     *
     * @param maxPoints at most this many points (bucket means)
     * @param smoothing EMA weight of the past in [0, 1): 0 is none, 0.9 heavy
     * @param log10Magnitude plot log10(|value|); exact zeros and non-finite values are left out
     */
    public List<Point> view(int series, int maxPoints, double smoothing, boolean log10Magnitude) {
        if (smoothing < 0 || smoothing >= 1) throw new IllegalArgumentException("smoothing must be in [0, 1)");
        double[] v = values[series];
        int bucket = Math.max(1, (int) Math.ceil(size / (double) Math.max(1, maxPoints)));
        List<Point> out = new ArrayList<>(Math.min(size, maxPoints) + 1);
        double ema = Double.NaN;
        double sumX = 0, sumY = 0;
        int n = 0;
        for (int i = 0; i < size; i++) {
            double y = v[i];
            if (!Double.isFinite(y)) continue;
            ema = Double.isNaN(ema) ? y : smoothing * ema + (1 - smoothing) * y;
            sumX += steps[i];
            sumY += ema;
            n++;
            if (n == bucket) {
                add(out, sumX / n, sumY / n, log10Magnitude);
                sumX = sumY = 0;
                n = 0;
            }
        }
        if (n > 0) add(out, sumX / n, sumY / n, log10Magnitude);
        return out;
    }

    private static void add(List<Point> out, double x, double y, boolean log) {
        if (log) {
            if (y == 0) return;
            y = Math.log10(Math.abs(y));
        }
        out.add(new Point(x, y));
    }
}
