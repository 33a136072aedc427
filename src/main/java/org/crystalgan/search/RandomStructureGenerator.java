package org.crystalgan.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * Random cells of a given composition, the baseline every generative model of crystals is held to: random structure
 * search as in AIRSS (C. J. Pickard and R. J. Needs, Phys. Rev. Lett. 97, 045504 (2006); J. Phys.: Condens.
 * Matter 23, 053201 (2011)): a random cell of a chosen volume, atoms dropped at random positions, any position closer
 * than a minimum separation to an atom already placed drawn again. Relaxation then does the rest.
 *
 * <p>Volumes: the cell volume is the sum of per-element volumes times a random factor. The per-element volumes are a
 * least-squares fit V = 15.457 n(Mg) + 18.074 n(Mn) + 7.728 n(O) Å³ over the 1,253 relaxed training structures of the
 * paper ({@code ../shared/data/mgmno}); their actual volumes lie between 0.858 and 1.284 of the fit (5th to 95th
 * percentile; median 0.976). Other elements take the volume of a sphere of their covalent radius times a packing
 * factor; a composition of Mg, Mn and O only never uses that fallback.
 *
 * <p>Cells: lengths drawn in [1, 2] relative to each other and angles in [60°, 120°], then scaled to the volume;
 * cells whose reduced basis has a vector shorter than the largest minimum separation, or whose angles give no
 * positive volume, are drawn again. Deterministic for a seed.
 */
public final class RandomStructureGenerator {
    /** Per-element volume (Å³) from the fit over the training structures; see the class comment. */
    private static final Map<String, Double> FITTED_VOLUME = Map.of("Mg", 15.457, "Mn", 18.074, "O", 7.728);
    /** Sphere volume of the covalent radius times this gives a fallback per-atom volume (about 1/packing 0.5). */
    private static final double FALLBACK_PACKING = 2.0;
    private static final int TRIES_PER_ATOM = 200;
    private static final int TRIES_PER_CELL = 200;

    /**
     * @param volumeFactorMin smallest factor on the fitted volume (default 0.9)
     * @param volumeFactorMax largest factor on the fitted volume (default 1.1)
     * @param minSeparation   the closest two atoms of the given elements may be placed, Å
     */
    public record Options(double volumeFactorMin, double volumeFactorMax, ToDoubleBiFunction<Element, Element> minSeparation) {
        public Options {
            if (!(volumeFactorMin > 0) || !(volumeFactorMax >= volumeFactorMin) || !Double.isFinite(volumeFactorMax)) {
                throw new IllegalArgumentException("volume factors must be positive with min <= max (got " + volumeFactorMin
                        + ", " + volumeFactorMax + ")");
            }
        }

        /** Volume within ±10 % of the fit, and one separation for every pair. */
        public static Options withSeparation(double angstrom) {
            return new Options(0.9, 1.1, (a, b) -> angstrom);
        }
    }

    /** What was made, and how many attempts it took. */
    public record Result(List<Structure> structures, long cellsTried, long placementsFailed) {
    }

    private final Options options;

    public RandomStructureGenerator(Options options) { this.options = options; }

    /** The volume (Å³) a cell of this composition gets before the random factor. */
    public static double fittedVolume(Composition c) {
        double v = 0;
        for (Element e : c.elements()) {
            Double per = FITTED_VOLUME.get(e.symbol());
            if (per == null) per = FALLBACK_PACKING * 4.0 / 3.0 * Math.PI * Math.pow(e.covalentRadius(), 3);
            v += per * c.amount(e);
        }
        return v;
    }

    /**
     * Makes up to {@code count} cells of exactly the composition {@code cell} (whole atoms).
     *
     * @param progress polled for {@link Progress#isCancelled()} between cells (it hears no counts): cancelling ends
     *                 early with what was made, without an exception
     */
    public Result generate(Composition cell, int count, long seed, Progress progress) {
        List<Element> atoms = atomsOf(cell);
        SplittableRandom rng = new SplittableRandom(seed);
        double maxSep = 0;
        for (Element a : atoms) for (Element b : atoms) maxSep = Math.max(maxSep, options.minSeparation.applyAsDouble(a, b));
        List<Structure> out = new ArrayList<>();
        long tried = 0;
        long failed = 0;
        while (out.size() < count && !progress.isCancelled()) {
            tried++;
            if (tried > (long) TRIES_PER_CELL * Math.max(1, count)) break;
            double volume = fittedVolume(cell) * (options.volumeFactorMin + rng.nextDouble() * (options.volumeFactorMax - options.volumeFactorMin));
            Lattice lattice = randomLattice(rng, volume, atoms.size() > 1 ? maxSep : 0);
            if (lattice == null) continue;
            Structure s = place(lattice, atoms, rng);
            if (s == null) {
                failed++;
                continue;
            }
            out.add(s);
        }
        if (out.isEmpty() && count > 0 && !progress.isCancelled()) {
            throw new InputException("no random cell of " + cell.formula() + " could hold its atoms " + "at the required separations ("
                    + tried + " cells tried): lower the separations or raise the volume factor");
        }
        return new Result(out, tried, failed);
    }

    private static List<Element> atomsOf(Composition cell) {
        List<Element> atoms = new ArrayList<>();
        for (Element e : cell.elements()) {
            double a = cell.amount(e);
            if (Math.abs(a - Math.rint(a)) > 1e-9 || a < 1) {
                throw new InputException("composition " + cell.formula() + " needs whole atoms per cell (" + e.symbol() + " " + a + ")");
            }
            for (int i = 0; i < (int) Math.rint(a); i++) atoms.add(e);
        }
        if (atoms.isEmpty()) throw new InputException("composition " + cell.formula() + " has no atoms");
        if (atoms.size() > 500) throw new InputException("composition " + cell.formula() + " has " + atoms.size() + " atoms; random cells are made for at most 500");
        return atoms;
    }

    /** A random cell of the given volume, or null when the draw gives a degenerate or too-thin cell. */
    private static Lattice randomLattice(SplittableRandom rng, double volume, double shortestAllowed) {
        double a = 1 + rng.nextDouble();
        double b = 1 + rng.nextDouble();
        double c = 1 + rng.nextDouble();
        double alpha = 60 + 60 * rng.nextDouble();
        double beta = 60 + 60 * rng.nextDouble();
        double gamma = 60 + 60 * rng.nextDouble();
        Lattice unit;
        try {
            unit = Lattice.fromParameters(a, b, c, alpha, beta, gamma);
        } catch (RuntimeException e) {
            return null; // angles that close no cell
        }
        if (!(unit.volume() > 1e-3 * a * b * c)) return null;
        double scale = Math.cbrt(volume / unit.volume());
        Lattice l = Lattice.fromParameters(a * scale, b * scale, c * scale, alpha, beta, gamma);
        Lattice r = l.reducedBasis();
        if (Math.min(r.a(), Math.min(r.b(), r.c())) < shortestAllowed) return null;
        return l;
    }

    private Structure place(Lattice lattice, List<Element> atoms, SplittableRandom rng) {
        List<Site> sites = new ArrayList<>(atoms.size());
        for (Element e : atoms) {
            Vec3 pos = null;
            for (int t = 0; t < TRIES_PER_ATOM && pos == null; t++) {
                Vec3 f = new Vec3(rng.nextDouble(), rng.nextDouble(), rng.nextDouble());
                boolean ok = true;
                for (Site s : sites) {
                    if (lattice.minimumImageDistance(s.frac(), f) < options.minSeparation.applyAsDouble(s.element(), e)) {
                        ok = false;
                        break;
                    }
                }
                if (ok) pos = f;
            }
            if (pos == null) return null;
            sites.add(new Site(e, pos));
        }
        return new Structure(lattice, sites).sortedBySpecies();
    }
}
