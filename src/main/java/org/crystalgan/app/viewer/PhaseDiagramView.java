package org.crystalgan.app.viewer;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.crystalgan.screening.hull.PhaseDiagram;

/**
 * The Mg-Mn-O ternary phase diagram as chemists draw it: the Gibbs triangle, the stable phases of a hull
 * (black, named), the tie lines between them, and the candidates as dots coloured by energy above hull
 * (green on the hull to red at {@link PhaseDiagramPicture#COLOUR_SCALE_MAX} eV/atom and beyond; hollow grey
 * where no energy exists yet). Hover names a candidate; a click hands its key to {@link #setOnPick}.
 * Reusable by any pane: {@link #show(PhaseDiagram, List)}.
 */
public final class PhaseDiagramView extends Region {
    private static final double MARGIN = 34, DOT = 5;
    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private PhaseDiagramPicture picture = new PhaseDiagramPicture(null, List.of());
    private Consumer<String> onPick = k -> { };

    public PhaseDiagramView() {
        setId("phaseDiagram");
        getChildren().add(canvas);
        setMinSize(160, 140);
        setPrefSize(360, 320);
        widthProperty().addListener(o -> draw());
        heightProperty().addListener(o -> draw());
        canvas.setOnMouseClicked(e -> {
            PhaseDiagramPicture.Candidate c = pickAt(e.getX(), e.getY());
            if (c != null) onPick.accept(c.key());
        });
        canvas.setOnMouseMoved(e -> {
            PhaseDiagramPicture.Candidate c = pickAt(e.getX(), e.getY());
            if (c == null) {
                Tooltip.uninstall(canvas, tip);
            } else {
                tip.setText(c.key() + "  " + c.formula() + (Double.isNaN(c.eAboveHull()) ? "  (no energy yet)"
                        : String.format(Locale.ROOT, "  E above hull %.3f eV/atom", c.eAboveHull())));
                Tooltip.install(canvas, tip);
            }
        });
    }

    /** Draws this hull (null: the bare triangle) with these candidates (energies per atom, NaN where none). */
    public void show(PhaseDiagram hull, List<PhaseDiagramPicture.Input> candidates) {
        picture = new PhaseDiagramPicture(hull, candidates);
        draw();
    }

    public PhaseDiagramPicture picture() { return picture; }

    /** What a click on a candidate does with its key (e.g. show that structure in the viewer). */
    public void setOnPick(Consumer<String> c) { onPick = c == null ? k -> { } : c; }

    /** The candidate drawn at a point of this region (for clicks and tests), or null. */
    public PhaseDiagramPicture.Candidate pickAt(double px, double py) {
        double[] t = transform();
        return picture.pick((px - t[1]) / t[0], (t[2] - py) / t[0], 8 / t[0]);
    }

    /** Screen position of a point of the triangle: {x, y}. */
    public double[] toScreen(PhaseDiagramPicture.Point p) {
        double[] t = transform();
        return new double[] {t[1] + p.x() * t[0], t[2] - p.y() * t[0]};
    }

    // {scale, x of Mg corner, y of the base}: the largest equilateral triangle that fits with margins
    private double[] transform() {
        double w = Math.max(1, getWidth() - 2 * MARGIN), h = Math.max(1, getHeight() - 2 * MARGIN - 14);
        double side = Math.min(w, h / (Math.sqrt(3) / 2));
        double x0 = (getWidth() - side) / 2, yBase = MARGIN + 6 + side * Math.sqrt(3) / 2;
        return new double[] {side, x0, yBase};
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (getWidth() < 10 || getHeight() < 10) return;
        double[] mg = toScreen(new PhaseDiagramPicture.Point(0, 0)), mn = toScreen(new PhaseDiagramPicture.Point(1, 0)),
                o = toScreen(new PhaseDiagramPicture.Point(0.5, Math.sqrt(3) / 2));
        g.setStroke(Color.gray(0.25));
        g.setLineWidth(1.2);
        g.strokePolygon(new double[] {mg[0], mn[0], o[0]}, new double[] {mg[1], mn[1], o[1]}, 3);
        g.setFont(Font.font(13));
        g.setFill(Color.BLACK);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText("Mg", mg[0], mg[1] + 4);
        g.fillText("Mn", mn[0], mn[1] + 4);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("O", o[0], o[1] - 4);
        g.setStroke(Color.gray(0.45));
        g.setLineWidth(1);
        for (PhaseDiagramPicture.Point[] l : picture.tieLines()) {
            double[] a = toScreen(l[0]), b = toScreen(l[1]);
            g.strokeLine(a[0], a[1], b[0], b[1]);
        }
        for (PhaseDiagramPicture.Candidate c : picture.candidates()) {
            double[] p = toScreen(c.at());
            double f = PhaseDiagramPicture.colourFraction(c.eAboveHull());
            if (Double.isNaN(f)) {
                g.setStroke(Color.gray(0.5));
                g.strokeOval(p[0] - DOT, p[1] - DOT, 2 * DOT, 2 * DOT);
            } else {
                g.setFill(colour(f));
                g.fillOval(p[0] - DOT, p[1] - DOT, 2 * DOT, 2 * DOT);
                g.setStroke(Color.gray(0.2));
                g.strokeOval(p[0] - DOT, p[1] - DOT, 2 * DOT, 2 * DOT);
            }
        }
        g.setFont(Font.font(10.5));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        // labels right of their phase, moved down past any label already drawn (Mn3O4, Mn2O3, MnO2 crowd together)
        List<double[]> boxes = new java.util.ArrayList<>();
        for (PhaseDiagramPicture.Phase ph : picture.phases()) {
            double[] p = toScreen(ph.at());
            g.setFill(Color.BLACK);
            g.fillRect(p[0] - 3.5, p[1] - 3.5, 7, 7);
            if (isCorner(ph.at())) continue; // the element's own name is there
            double w = 6.2 * ph.formula().length(), h = 12, x = p[0] + 6, y = p[1] - 7;
            for (int tries = 0; tries < 8 && overlaps(boxes, x, y, w, h); tries++) y += h;
            boxes.add(new double[] {x, y, w, h});
            g.fillText(ph.formula(), x, y);
        }
        // colour key along the bottom: 0 to the scale's end, and the hollow dot for "no energy yet"
        double kx = 8, ky = getHeight() - 14, kw = Math.min(140, getWidth() / 3);
        for (int i = 0; i < 40; i++) {
            g.setFill(colour(i / 39.0));
            g.fillRect(kx + i * kw / 40, ky - 5, kw / 40 + 0.5, 10);
        }
        g.setFill(Color.gray(0.2));
        g.setTextBaseline(VPos.CENTER);
        g.fillText(String.format(Locale.ROOT, "0 to ≥ %.2f eV/atom above hull", PhaseDiagramPicture.COLOUR_SCALE_MAX), kx + kw + 6, ky);
    }

    private static boolean isCorner(PhaseDiagramPicture.Point p) {
        double h = Math.sqrt(3) / 2;
        return (Math.abs(p.y()) < 1e-9 && (Math.abs(p.x()) < 1e-9 || Math.abs(p.x() - 1) < 1e-9)) || Math.abs(p.y() - h) < 1e-9;
    }

    private static boolean overlaps(List<double[]> boxes, double x, double y, double w, double h) {
        for (double[] b : boxes) if (x < b[0] + b[2] && b[0] < x + w && Math.abs(y - b[1]) < h) return true;
        return false;
    }

    /** Green (on the hull) through yellow to red. */
    static Color colour(double f) {
        return Color.hsb(120 * (1 - f), 0.85, 0.85);
    }
}
