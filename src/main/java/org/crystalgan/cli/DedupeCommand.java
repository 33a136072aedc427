package org.crystalgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.crystalgan.base.Csv;
import org.crystalgan.base.Progress;
import org.crystalgan.screening.match.Deduplicator;
import org.crystalgan.screening.match.Deduplicator.Item;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dedupe DIR --against DIR}: unique structures, each marked novel or known. */
@Command(name = "dedupe", mixinStandardHelpOptions = true,
        description = {"Group equal structures (pymatgen StructureMatcher meaning) and mark each unique one novel or known",
            "against reference structures. CSV to standard output, a summary to standard error."})
final class DedupeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the structures to de-duplicate (a folder, a file or a structures table)")
    Path input;

    @Option(names = "--against", paramLabel = "DIR", description = "reference structures (training set, Materials Project download); repeatable")
    List<Path> against = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> skipped = new ArrayList<>();
        List<Item> items = StructureInputs.read(input, skipped);
        List<Item> refs = new ArrayList<>();
        for (Path p : against) refs.addAll(StructureInputs.read(p, skipped));
        for (String s : skipped) err.println("skipped: " + s);
        Deduplicator.Outcome o = new Deduplicator().run(items, refs, Progress.NONE);
        out.println("name,group,status,duplicate_of,novelty,known_as,problem");
        for (Deduplicator.Verdict v : o.verdicts()) {
            String status = v.problem() != null ? "not compared" : v.isUnique() ? "unique" : "duplicate";
            String novelty = v.problem() != null ? "" : v.isKnown() ? "known" : "novel";
            out.println(String.join(",", Csv.field(v.name()), v.group() < 0 ? "" : String.valueOf(v.group()), status,
                    v.duplicateOf() == null ? "" : Csv.field(v.duplicateOf()), novelty,
                    v.knownAs() == null ? "" : Csv.field(v.knownAs()), v.problem() == null ? "" : Csv.field(v.problem())));
        }
        err.println(items.size() + " structures, " + o.uniqueCount() + " unique: " + o.novelCount() + " novel, "
                + o.knownCount() + " known (rediscovering " + o.rediscoveredReferences() + " of " + refs.size() + " references)");
        out.flush();
        err.flush();
        return Main.OK;
    }
}
