package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import org.crystalgan.screening.symmetry.SymmetryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crystalgan info FILE}: what a structure file holds, one block per structure. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show formula, lattice parameters, volume, density, number of sites and the shortest",
            "interatomic distance of every structure in a file (.cif, .vasp / POSCAR / CONTCAR, .json)."})
public final class InfoCommand implements Callable<Integer> {
    /** A further line of {@code info} output computed from a structure, such as the space group. */
    public record InfoLine(String label, Function<Structure, Optional<String>> value) {}

    /** Lines beyond the ones this class computes; the space group is one. */
    static final List<InfoLine> EXTRA_LINES = List.of(new InfoLine("space group", InfoCommand::spaceGroup));

    /** Above this many sites the space-group search takes more than a few seconds, too slow for a summary. */
    static final int SPACE_GROUP_MAX_SITES = 4000;

    /** The space group found by {@link SpaceGroupFinder} at its default tolerance, or why there is none. */
    static Optional<String> spaceGroup(Structure s) {
        if (s.size() > SPACE_GROUP_MAX_SITES) {
            return Optional.of("not determined: " + s.size() + " sites, more than the " + SPACE_GROUP_MAX_SITES
                    + " info analyses (run: crystalgan symmetry FILE)");
        }
        try {
            SymmetryDataset d = SpaceGroupFinder.analyze(s);
            return Optional.of(String.format(Locale.ROOT, "%s (%d), tolerance %.2f Å", d.internationalSymbol(), d.number(),
                    SpaceGroupFinder.DEFAULT_TOLERANCE));
        } catch (SymmetryException e) {
            return Optional.of("not determined: " + e.getMessage());
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "structure file")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        List<NamedStructure> all = StructureFiles.read(file, w -> e.println("warning: " + w));
        e.flush();
        boolean first = true;
        for (NamedStructure n : all) {
            if (!first) o.println();
            first = false;
            print(o, n, all.size() > 1);
        }
        o.flush();
        return Main.OK;
    }

    static void print(PrintWriter o, NamedStructure n, boolean showName) {
        Structure s = n.structure();
        Lattice l = s.lattice();
        if (showName) line(o, "structure", n.name());
        line(o, "formula", s.composition().reducedFormula() + " (cell: " + s.composition().formula() + ")"
                + (s.isOrdered() ? "" : ", disordered: partial occupancies"));
        line(o, "lattice", String.format(Locale.ROOT, "a = %.5f  b = %.5f  c = %.5f Å", l.a(), l.b(), l.c()));
        line(o, "angles", String.format(Locale.ROOT, "α = %.4f  β = %.4f  γ = %.4f°", l.alpha(), l.beta(), l.gamma()));
        line(o, "volume", String.format(Locale.ROOT, "%.4f Å³", l.volume()));
        line(o, "density", String.format(Locale.ROOT, "%.4f g/cm³", s.density()));
        int positions = positions(s);
        line(o, "sites", positions == s.size() ? Integer.toString(s.size())
                : positions + " (" + s.size() + " species entries: several species on one position are one disordered site, as pymatgen counts them)");
        line(o, "shortest distance", shortest(s));
        for (InfoLine x : EXTRA_LINES) x.value().apply(s).ifPresent(v -> line(o, x.label(), v));
    }

    /**
     * Sites as pymatgen counts them: partially occupied entries on one position (the CIF reader
     * gives one per species, at the identical position) are one disordered site.
     */
    static int positions(Structure s) {
        java.util.Set<Vec3> shared = new java.util.HashSet<>();
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.site(i).isFullyOccupied() || shared.add(s.site(i).frac().wrapped())) n++;
        }
        return n;
    }

    private static void line(PrintWriter o, String label, String value) {
        o.printf(Locale.ROOT, "%-18s %s%n", label + ":", value);
    }

    /** The shortest interatomic distance with the pair of elements, from a neighbour list (linear in the atoms). */
    static String shortest(Structure s) {
        if (s.size() == 0) return "no atoms";
        // the shortest distance is below the cube root of the volume per atom times 2 for any real cell; widen if not
        double cutoff = Math.max(3.0, 2 * Math.cbrt(s.volume() / s.size()));
        for (int tries = 0; tries < 6; tries++, cutoff *= 2) {
            NeighborList nl = NeighborList.build(s, cutoff);
            double best = Double.MAX_VALUE;
            int bi = -1, bj = -1;
            for (int i = 0; i < s.size(); i++) {
                for (NeighborList.Neighbor nb : nl.of(i)) {
                    // partially occupied sites sharing one position are one disordered site, not a pair of atoms
                    boolean shared = nb.distance() < 0.01 && !(s.site(i).isFullyOccupied() && s.site(nb.index()).isFullyOccupied());
                    if (!shared && nb.distance() < best) {
                        best = nb.distance();
                        bi = i;
                        bj = nb.index();
                    }
                }
            }
            if (bi >= 0) {
                return String.format(Locale.ROOT, "%.4f Å (%s-%s)", best, s.site(bi).element().symbol(), s.site(bj).element().symbol());
            }
        }
        return String.format(Locale.ROOT, "%.4f Å", s.minimumDistance());
    }
}
