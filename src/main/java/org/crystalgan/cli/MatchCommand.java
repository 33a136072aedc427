package org.crystalgan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.match.Deduplicator.Item;
import org.crystalgan.screening.match.StructureMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code match A B}: prints {@code match} or {@code no match} and the RMS displacement. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Compare two structures as pymatgen's StructureMatcher does (ltol 0.2, stol 0.3, angle_tol 5°,",
            "primitive cells, scaled volumes, supercells allowed). Prints 'match' or 'no match' and the RMS",
            "displacement in units of (V/n)^(1/3) ('-' when no lattice mapping brings the sites within stol).",
            "A table row is named FILE@ROW."})
final class MatchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "first structure (file, or table.csv@ROW)")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "second structure")
    String b;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Item ia = StructureInputs.readOne(a), ib = StructureInputs.readOne(b);
        StructureMatcher m = new StructureMatcher();
        StructureMatcher.Result r = m.compare(prepare(m, ia, a), prepare(m, ib, b));
        String rms = Double.isNaN(r.rms()) ? "-" : String.format(Locale.ROOT, "%.6f", r.rms());
        out.println((r.matched() ? "match " : "no match ") + rms);
        out.flush();
        return Main.OK;
    }

    private static StructureMatcher.Prepared prepare(StructureMatcher m, Item it, String source) {
        try {
            return m.prepare(it.structure());
        } catch (InputException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }
}
