package org.crystalgan.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.crystalgan.crystal.InputException;
import org.crystalgan.base.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plot-training}: loss curves (PNG) from the training-iterations.csv that {@code train} writes. */
@Command(name = "plot-training", mixinStandardHelpOptions = true,
        description = "Draw the loss curves of a training run (training-iterations.csv) as a PNG picture.")
public final class PlotTrainingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log", required = true, description = "training-iterations.csv of a training folder")
    Path log;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    /** Moving-average window (points of the log, 10 iterations each). */
    @Option(names = "--smooth", defaultValue = "20", description = "moving-average window in log points (default ${DEFAULT-VALUE})")
    int smooth;

    private record Series(String name, int column, Color color) {
    }

    @Override
    public Integer call() throws IOException {
        List<String> lines = Files.readAllLines(log);
        if (lines.size() < 3) throw new InputException(log + ": fewer than two logged iterations, nothing to draw");
        String[] head = lines.get(0).split(",");
        // a step logged twice (a run resumed from an older checkpoint) counts once: the later line wins
        TreeMap<Long, double[]> rows = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != head.length) throw new InputException(log + ", line " + (i + 1) + ": " + f.length + " fields, the header has " + head.length);
            double[] v = new double[f.length];
            for (int k = 0; k < f.length; k++) v[k] = Double.parseDouble(f[k]);
            rows.put((long) v[0], v);
        }
        List<double[]> data = new ArrayList<>(rows.values());
        Series[][] panels = {
            {new Series("Wasserstein estimate", 4, new Color(0x1f77b4)), new Series("gradient penalty", 5, new Color(0xd62728)),
                new Series("generator loss -D(G(z))", 6, new Color(0x2ca02c))},
            {new Series("classifier rows (real)", 7, new Color(0x9467bd)), new Series("classifier counts (real)", 8, new Color(0xff7f0e)),
                new Series("classifier natoms MSE (real)", 9, new Color(0x8c564b)), new Series("classifier on generated", 10, new Color(0x17becf))}};
        int w = 1100;
        int ph = 380;
        BufferedImage img = new BufferedImage(w, ph * 2 + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        double x0 = data.get(0)[0];
        double x1 = Math.max(x0 + 1, data.get(data.size() - 1)[0]);
        for (int p = 0; p < panels.length; p++) {
            int top = 20 + p * (ph + 10);
            int left = 80;
            int right = w - 20;
            int bottom = top + ph - 40;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<double[]> smoothed = new ArrayList<>();
            for (Series s : panels[p]) {
                double[] y = smooth(data, s.column());
                smoothed.add(y);
                for (double v : y) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            double pad = 0.05 * (hi - lo);
            lo -= pad;
            hi += pad;
            g.setColor(Color.BLACK);
            g.drawRect(left, top, right - left, bottom - top);
            for (int k = 0; k <= 4; k++) {
                double v = lo + (hi - lo) * k / 4;
                int y = (int) (bottom - (bottom - top) * (v - lo) / (hi - lo));
                g.setColor(new Color(0xdddddd));
                g.drawLine(left + 1, y, right - 1, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.3g", v), 5, y + 5);
            }
            for (int k = 0; k <= 5; k++) {
                double v = x0 + (x1 - x0) * k / 5;
                int x = (int) (left + (right - left) * (v - x0) / (x1 - x0));
                g.drawString(String.format(Locale.ROOT, "%.0f", v), x - 15, bottom + 16);
            }
            g.drawString("iteration (critic steps)", (left + right) / 2 - 60, bottom + 32);
            for (int si = 0; si < panels[p].length; si++) {
                Series s = panels[p][si];
                double[] y = smoothed.get(si);
                g.setColor(s.color());
                g.setStroke(new BasicStroke(1.6f));
                int px = -1;
                int py = -1;
                for (int i = 0; i < data.size(); i++) {
                    if (!Double.isFinite(y[i])) {
                        px = -1;
                        continue;
                    }
                    int x = (int) (left + (right - left) * (data.get(i)[0] - x0) / (x1 - x0));
                    int yy = (int) (bottom - (bottom - top) * (y[i] - lo) / (hi - lo));
                    if (px >= 0) g.drawLine(px, py, x, yy);
                    px = x;
                    py = yy;
                }
                g.fillRect(left + 10, top + 10 + si * 18, 14, 4);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), left + 30, top + 16 + si * 18);
            }
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(out, bytes.toByteArray());
        spec.commandLine().getOut().printf(Locale.ROOT, "%d logged iterations drawn to %s%n", data.size(), out);
        return Main.OK;
    }

    private double[] smooth(List<double[]> data, int col) {
        double[] y = new double[data.size()];
        int win = Math.max(1, smooth);
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            int n = 0;
            for (int j = Math.max(0, i - win + 1); j <= i; j++) {
                double v = data.get(j)[col];
                if (Double.isFinite(v)) {
                    s += v;
                    n++;
                }
            }
            y[i] = n == 0 ? Double.NaN : s / n;
        }
        return y;
    }
}
