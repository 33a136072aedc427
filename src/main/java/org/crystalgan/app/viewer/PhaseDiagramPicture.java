package org.crystalgan.app.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;

/**
 * What the Mg-Mn-O ternary picture draws, in plain numbers (testable without a window): the Gibbs triangle
 * with Mg bottom-left, Mn bottom-right and O at the top (unit side), the stable phases of a hull, the tie lines
 * between them and the candidates, each placed by its atomic fractions.
 *
 * <p>Tie lines are found from the hull itself: two stable phases are joined exactly when the composition halfway
 * between them decomposes into those two phases and nothing else (the midpoint of a hull edge lies on that edge;
 * the midpoint of any other pair falls inside a facet or on another edge).
 */
public final class PhaseDiagramPicture {
    public static final Element MG = Element.of("Mg"), MN = Element.of("Mn"), O = Element.of("O");
    /** Energy above hull (eV/atom) drawn in the last colour of the scale: the paper's screening bound 0.08 doubled. */
    public static final double COLOUR_SCALE_MAX = 0.16;

    /** A point of the triangle (unit side; y up). */
    public record Point(double x, double y) {}

    /** A stable phase at its place. */
    public record Phase(String name, String formula, Point at) {}

    /**
     * A candidate at its place; {@code eAboveHull} in eV/atom, NaN where no energy exists yet.
     *
     * @param key what a click hands back (the name the pane knows the structure by)
     */
    public record Candidate(String key, String formula, Point at, double eAboveHull) {}

    /** A candidate's composition and energy per atom (NaN: none yet), as the panes hand them in. */
    public record Input(String key, Composition composition, double energyPerAtom) {
        /**
         * An input drawn {@code eAboveHull} above {@code hull} (NaN: no energy yet). For rows whose energy above hull is
         * already known, perhaps against another hull: the dot then shows the row's own number. The hull's energy at the
         * composition is read back from an entry at 0 eV/atom, since energy above hull is linear in the energy.
         */
        public static Input atEAboveHull(PhaseDiagram hull, String key, Composition c, double eAboveHull) {
            if (hull == null || !Double.isFinite(eAboveHull)) return new Input(key, c, Double.NaN);
            double hullEnergy = -hull.eAboveHull(new HullEntry(key + " (hull probe)", c, 0.0));
            return new Input(key, c, hullEnergy + eAboveHull);
        }
    }

    private final List<Phase> phases = new ArrayList<>();
    private final List<Point[]> tieLines = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();

    /** @param hull the reference hull (its stable phases and tie lines are drawn); null for the triangle alone */
    public PhaseDiagramPicture(PhaseDiagram hull, List<Input> inputs) {
        if (hull != null) {
            List<HullEntry> stable = hull.stableEntries().stream().filter(PhaseDiagramPicture::inTriangle).toList();
            for (HullEntry e : stable) phases.add(new Phase(e.name(), e.composition().reducedFormula(), place(e.composition())));
            for (int i = 0; i < stable.size(); i++) {
                for (int j = i + 1; j < stable.size(); j++) {
                    Composition a = normalised(stable.get(i).composition()), b = normalised(stable.get(j).composition());
                    Composition mid = Composition.builder()
                            .add(MG, (a.amount(MG) + b.amount(MG)) / 2).add(MN, (a.amount(MN) + b.amount(MN)) / 2)
                            .add(O, (a.amount(O) + b.amount(O)) / 2).build();
                    Map<HullEntry, Double> d = hull.decomposition(mid);
                    long parts = d.values().stream().filter(w -> w > 1e-6).count();
                    if (parts == 2 && weightOn(d, stable.get(i)) > 1e-6 && weightOn(d, stable.get(j)) > 1e-6) {
                        tieLines.add(new Point[] {place(a), place(b)});
                    }
                }
            }
        }
        for (Input in : inputs) {
            if (!inTriangle(in.composition())) continue;
            double e = Double.NaN;
            if (hull != null && Double.isFinite(in.energyPerAtom())) {
                e = hull.eAboveHull(new HullEntry(in.key(), in.composition(), in.energyPerAtom()));
            }
            candidates.add(new Candidate(in.key(), in.composition().reducedFormula(), place(in.composition()), e));
        }
    }

    private static double weightOn(Map<HullEntry, Double> d, HullEntry e) {
        double w = 0;
        for (var x : d.entrySet()) if (x.getKey().name().equals(e.name()) && x.getKey().composition().sameReducedComposition(e.composition())) w += x.getValue();
        return w;
    }

    private static boolean inTriangle(HullEntry e) { return inTriangle(e.composition()); }

    private static boolean inTriangle(Composition c) {
        for (Element e : c.elements()) if (!e.equals(MG) && !e.equals(MN) && !e.equals(O) && c.amount(e) > 1e-9) return false;
        return c.numAtoms() > 0;
    }

    private static Composition normalised(Composition c) {
        double n = c.numAtoms();
        return Composition.builder().add(MG, c.amount(MG) / n).add(MN, c.amount(MN) / n).add(O, c.amount(O) / n).build();
    }

    /** The place of a composition: x = f_Mn + f_O / 2, y = f_O √3 / 2. */
    public static Point place(Composition c) {
        double n = c.numAtoms();
        double fMn = c.amount(MN) / n, fO = c.amount(O) / n;
        return new Point(fMn + fO / 2, fO * Math.sqrt(3) / 2);
    }

    public List<Phase> phases() { return List.copyOf(phases); }
    public List<Point[]> tieLines() { return List.copyOf(tieLines); }
    public List<Candidate> candidates() { return List.copyOf(candidates); }

    /** The candidate nearest to a point of the triangle within {@code radius} (triangle units), or null. */
    public Candidate pick(double x, double y, double radius) {
        Candidate best = null;
        double bestD = radius * radius;
        for (Candidate c : candidates) {
            double dx = c.at().x() - x, dy = c.at().y() - y, d = dx * dx + dy * dy;
            if (d <= bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Position on the colour scale, 0 (on the hull) to 1 (at or beyond {@link #COLOUR_SCALE_MAX}); NaN without an energy. */
    public static double colourFraction(double eAboveHull) {
        if (!Double.isFinite(eAboveHull)) return Double.NaN;
        return Math.max(0, Math.min(1, eAboveHull / COLOUR_SCALE_MAX));
    }
}
