package org.crystalgan.app.generate;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.crystalgan.screening.composition.CandidateComposition;

/**
 * The Mg-Mn-O composition triangle: every composition the representation holds as a dot; charge
 * balanced ones (2 &le; mean Mn oxidation state &le; 4) filled in a colour running from blue (Mn II)
 * through green (III) to red (IV), the others small and grey; compositions present in the loaded data
 * set ringed in black; the target ringed in orange. Click a dot to choose it.
 */
public final class TernaryPicker extends Region {
    private static final double MARGIN = 34;
    private static final double PICK_RADIUS = 9;
    private final Canvas canvas = new Canvas();
    private final GenerateViewModel vm;
    private final Tooltip tip = new Tooltip();
    private Consumer<TernaryPoint> onPick = p -> { };

    public TernaryPicker(GenerateViewModel vm) {
        this.vm = vm;
        setId("ternaryPicker");
        getChildren().add(canvas);
        setMinSize(260, 240);
        setPrefSize(420, 380);
        vm.points().addListener((ListChangeListener<TernaryPoint>) c -> draw());
        vm.targetProperty().addListener((o, a, b) -> draw());
        canvas.setOnMouseClicked(e -> pick(e.getX(), e.getY()).ifPresent(p -> { vm.choose(p); onPick.accept(p); }));
        canvas.setOnMouseMoved(e -> {
            Optional<TernaryPoint> p = pick(e.getX(), e.getY());
            if (p.isPresent()) {
                tip.setText(describe(p.get()));
                Tooltip.install(canvas, tip);
            } else {
                Tooltip.uninstall(canvas, tip);
            }
        });
    }

    public void setOnPick(Consumer<TernaryPoint> c) { onPick = c; }

    static String describe(TernaryPoint p) {
        String os = String.format(java.util.Locale.ROOT, "mean Mn oxidation state %+.2f", p.mnOxidationState());
        return p.reducedFormula() + " (cell " + p.smallestCell().formula() + "), " + os
                + (p.chargeBalanced() ? ", charge balanced" : ", outside Mn II-IV")
                + (p.inDataSet() > 0 ? ", " + p.inDataSet() + " in the data set" : "");
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** Canvas position of a point for a canvas of width w and height h: {x, y}. */
    public static double[] toCanvas(TernaryPoint p, double w, double h) {
        return toCanvas(p.u(), p.v(), w, h);
    }

    static double[] toCanvas(double u, double v, double w, double h) {
        double side = Math.min(w - 2 * MARGIN, (h - 2 * MARGIN) / (Math.sqrt(3) / 2));
        double x0 = (w - side) / 2, y0 = h - (h - side * Math.sqrt(3) / 2) / 2;
        return new double[] {x0 + u * side, y0 - v * side};
    }

    /** The point nearest to a canvas position, if within a few pixels. */
    public Optional<TernaryPoint> pick(double x, double y) {
        return nearest(vm.points(), x, y, canvas.getWidth(), canvas.getHeight());
    }

    static Optional<TernaryPoint> nearest(List<TernaryPoint> pts, double x, double y, double w, double h) {
        TernaryPoint best = null;
        double bestD = PICK_RADIUS * PICK_RADIUS;
        for (TernaryPoint p : pts) {
            double[] c = toCanvas(p, w, h);
            double d = (c[0] - x) * (c[0] - x) + (c[1] - y) * (c[1] - y);
            // prefer charge-balanced points where dots overlap
            if (d < bestD || (best != null && d <= bestD + 4 && p.chargeBalanced() && !best.chargeBalanced())) {
                best = p;
                bestD = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Colour for a mean Mn oxidation state: hue 240 (blue, II) through 120 (green, III) to 0 (red, IV). */
    public static Color colourFor(double mnOs) {
        double t = Math.max(0, Math.min(1, (mnOs - 2) / 2));
        return Color.hsb(240 * (1 - t), 0.85, 0.9);
    }

    private void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (w < 50 || h < 50) return;
        double[] a = toCanvas(0, 0, w, h), b = toCanvas(1, 0, w, h), c = toCanvas(0.5, Math.sqrt(3) / 2, w, h);
        g.setStroke(Color.gray(0.4));
        g.setLineWidth(1.2);
        g.strokePolygon(new double[] {a[0], b[0], c[0]}, new double[] {a[1], b[1], c[1]}, 3);
        g.setFill(Color.BLACK);
        g.setFont(Font.font(14));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText("Mg", a[0], a[1] + 6);
        g.fillText("Mn", b[0], b[1] + 6);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("O", c[0], c[1] - 6);
        for (TernaryPoint p : vm.points()) {
            if (p.chargeBalanced()) continue;
            double[] q = toCanvas(p, w, h);
            g.setFill(Color.gray(0.72));
            g.fillOval(q[0] - 2, q[1] - 2, 4, 4);
        }
        for (TernaryPoint p : vm.points()) {
            if (!p.chargeBalanced()) continue;
            double[] q = toCanvas(p, w, h);
            g.setFill(colourFor(p.mnOxidationState()));
            g.fillOval(q[0] - 4, q[1] - 4, 8, 8);
        }
        g.setStroke(Color.BLACK);
        g.setLineWidth(1.3);
        for (TernaryPoint p : vm.points()) {
            if (p.inDataSet() == 0) continue;
            double[] q = toCanvas(p, w, h);
            g.strokeOval(q[0] - 6, q[1] - 6, 12, 12);
        }
        CandidateComposition t = vm.targetProperty().get();
        if (t != null) {
            double n = t.numAtoms();
            double u = t.mn() / n + 0.5 * t.o() / n, v = Math.sqrt(3) / 2 * t.o() / n;
            double[] q = toCanvas(u, v, w, h);
            g.setStroke(Color.ORANGE);
            g.setLineWidth(3);
            g.strokeOval(q[0] - 9, q[1] - 9, 18, 18);
            g.setFill(Color.BLACK);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.setFont(Font.font(12));
            g.fillText(t.formula(), q[0] + 12, q[1]);
        }
        drawLegend(g, w);
    }

    private void drawLegend(GraphicsContext g, double w) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(11));
        double x = 8, y = 12;
        g.setFill(Color.BLACK);
        g.fillText("mean Mn OS:", x, y);
        for (int i = 0; i <= 4; i++) {
            double os = 2 + i * 0.5;
            g.setFill(colourFor(os));
            g.fillOval(x + 76 + i * 34, y - 4, 8, 8);
            g.setFill(Color.BLACK);
            g.fillText(String.format(java.util.Locale.ROOT, "%.1f", os), x + 86 + i * 34, y);
        }
        g.setStroke(Color.BLACK);
        g.setLineWidth(1.3);
        g.strokeOval(x, y + 12, 12, 12);
        g.fillText("in data set", x + 16, y + 18);
        g.setFill(Color.gray(0.72));
        g.fillOval(x + 90, y + 16, 4, 4);
        g.setFill(Color.BLACK);
        g.fillText("not charge balanced", x + 98, y + 18);
    }
}
