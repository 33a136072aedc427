package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.composition.CandidateComposition;
import org.crystalgan.screening.composition.CompositionSpace;
import org.crystalgan.screening.match.Deduplicator.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compositions --os-mn 2:4 [--reduced] [--mark FILE|DIR]}: the candidate Mg-Mn-O compositions as CSV. */
@Command(name = "compositions", mixinStandardHelpOptions = true,
        description = {"List the Mg-Mn-O compositions the generator can be asked for (1-8 Mg, 1-8 Mn, 1-12 O per cell),",
            "charge-balanced with Mg(II), O(-II) and a mean Mn oxidation state in the window, as CSV."})
final class CompositionsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--os-mn", paramLabel = "MIN:MAX", defaultValue = "2:4",
            description = "window on the mean Mn oxidation state (2·nO − 2·nMg)/nMn, ends included (default ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--reduced", description = "one row per reduced formula instead of per full-cell formula")
    boolean reduced;

    @Option(names = "--mark", paramLabel = "FILE|DIR",
            description = "structures (a data set, a Materials Project download) whose compositions are counted in an extra column; repeatable")
    List<Path> mark = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double[] w = CompositionSpace.parseWindow(window);
        List<CandidateComposition> cells = CompositionSpace.enumerate(w[0], w[1]);
        CompositionSpace.Occurrences occ = null;
        if (!mark.isEmpty()) {
            List<Structure> structures = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Path p : mark) for (Item it : StructureInputs.read(p, skipped)) structures.add(it.structure());
            for (String s : skipped) err.println("skipped: " + s);
            occ = CompositionSpace.occurrences(structures);
        }
        int present = 0;
        if (reduced) {
            out.println("reduced_formula,os_mn,cell_formulas" + (occ == null ? "" : ",structures"));
            List<CompositionSpace.ReducedComposition> rs = CompositionSpace.reduced(cells);
            for (CompositionSpace.ReducedComposition r : rs) {
                StringBuilder sb = new StringBuilder(r.reducedFormula()).append(',').append(fmt(r.mnOxidationState())).append(',');
                sb.append(String.join(" ", r.cells().stream().map(CandidateComposition::formula).toList()));
                if (occ != null) {
                    int c = occ.reduced(r.reducedFormula());
                    if (c > 0) present++;
                    sb.append(',').append(c);
                }
                out.println(sb);
            }
            err.println(rs.size() + " reduced compositions with " + window + " for Mn" + (occ == null ? "" : ", " + present + " present in the marked structures"));
        } else {
            out.println("formula,n_mg,n_mn,n_o,os_mn,reduced_formula" + (occ == null ? "" : ",structures,structures_reduced"));
            for (CandidateComposition c : cells) {
                StringBuilder sb = new StringBuilder().append(c.formula()).append(',').append(c.mg()).append(',').append(c.mn()).append(',')
                        .append(c.o()).append(',').append(fmt(c.mnOxidationState())).append(',').append(c.reducedFormula());
                if (occ != null) {
                    int n = occ.cell(c);
                    if (n > 0) present++;
                    sb.append(',').append(n).append(',').append(occ.reduced(c.reducedFormula()));
                }
                out.println(sb);
            }
            err.println(cells.size() + " full-cell compositions with " + window + " for Mn" + (occ == null ? "" : ", " + present + " present in the marked structures"));
        }
        out.flush();
        err.flush();
        return Main.OK;
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", ""); }
}
