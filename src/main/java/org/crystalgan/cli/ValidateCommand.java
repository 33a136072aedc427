package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.crystalgan.base.Csv;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.match.Deduplicator.Item;
import org.crystalgan.screening.validity.ValidityChecker;
import org.crystalgan.screening.validity.ValidityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate FILE|DIR}: one CSV row of validity, charge and bond-valence checks per structure. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check structures: shortest distance, charge balance, coordination, density, bond-valence",
            "Mn oxidation states (Brese & O'Keeffe 1991) and global instability index. CSV to standard output."})
final class ValidateCommand implements Callable<Integer> {
    static final String HEADER = "name,formula,min_distance_A,oxidation_states,bvs_mn_states,gii,valid,"
            + "target_ok,charge_balanced,close_pairs,coordination,density_g_cm3,bvs_mn,problems";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", description = "a structure file, a structures table, or a folder of them")
    Path input;

    @Option(names = "--target", paramLabel = "FORMULA", description = "the requested full-cell composition, e.g. Mg2Mn4O8")
    String target;

    @Option(names = "--min-distance", paramLabel = "Å", defaultValue = "0.5", description = "validity threshold on the shortest distance (default ${DEFAULT-VALUE} Å)")
    double minDistance;

    @Option(names = "--radius-fraction", defaultValue = "0.5",
            description = "list pairs closer than this fraction of the sum of their Shannon ionic radii (default ${DEFAULT-VALUE})")
    double radiusFraction;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Composition t = null;
        if (target != null) {
            try {
                t = Composition.parse(target);
            } catch (IllegalArgumentException e) {
                throw new InputException("--target: " + e.getMessage());
            }
        }
        if (!(minDistance >= 0) || !(radiusFraction > 0)) throw new InputException("--min-distance must be >= 0 Å and --radius-fraction > 0");
        ValidityChecker.Options o = new ValidityChecker.Options(minDistance, radiusFraction, 1.3, 3.5, t);
        ValidityChecker checker = new ValidityChecker(o);
        List<String> skipped = new ArrayList<>();
        List<Item> items = StructureInputs.read(input, skipped);
        for (String s : skipped) err.println("skipped: " + s);
        out.println(HEADER);
        int valid = 0;
        for (Item it : items) {
            ValidityReport r = checker.check(it.name(), it.structure());
            if (r.valid()) valid++;
            out.println(row(r));
        }
        err.println(items.size() + " structures, " + valid + " valid");
        out.flush();
        err.flush();
        return Main.OK;
    }

    static String row(ValidityReport r) {
        List<String> f = new ArrayList<>();
        f.add(r.name());
        f.add(r.formula());
        f.add(num(r.minDistance(), 4));
        f.add(r.oxidationStates().entrySet().stream().map(e -> e.getKey() + signed(e.getValue())).collect(Collectors.joining(" ")));
        f.add(r.mnBondValenceStates().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        f.add(num(r.globalInstabilityIndex(), 3));
        f.add(String.valueOf(r.valid()));
        f.add(r.targetMatched() == null ? "" : String.valueOf(r.targetMatched()));
        f.add(String.valueOf(r.chargeBalanced()));
        f.add(String.valueOf(r.closePairs().size()));
        f.add(coordination(r));
        f.add(num(r.density(), 3));
        f.add(r.mnBondValenceSums().stream().map(v -> num(v, 2)).collect(Collectors.joining(" ")));
        f.add(String.join("; ", r.problems()));
        return f.stream().map(Csv::field).collect(Collectors.joining(","));
    }

    /** "Mg:6 6 Mn:4 6 6": O neighbours of each cation, grouped by element in site order. */
    private static String coordination(ValidityReport r) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (ValidityReport.Coordination c : r.coordination()) {
            if (!c.element().equals(last)) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(c.element()).append(':');
                last = c.element();
            } else {
                sb.append(' ');
            }
            sb.append(c.oxygenNeighbours());
        }
        return sb.toString();
    }

    static String num(double v, int digits) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v); }

    private static String signed(double v) {
        String s = CompositionsCommand.fmt(Math.abs(v));
        return (v < 0 ? "-" : "+") + s;
    }
}
