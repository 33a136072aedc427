package org.crystalgan.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fuzz benchmark (not run by {@code mvn verify}): N mutated cases per reader, counts per
 * outcome. Run from the project root after {@code mvn -o -q test-compile}:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -Xmx1g -cp target/classes:target/test-classes:$(cat target/test.cp) org.crystalgan.fuzz.FuzzBench [cases=10000] [seed=1] [targets=cif,poscar,json,npy,checkpoint]
 * java ... org.crystalgan.fuzz.FuzzBench replay TARGET CASE_SEED
 * java ... org.crystalgan.fuzz.FuzzBench save TARGET CASE_SEED FILE
 * </pre>
 *
 * OMP_NUM_THREADS=1 because the checkpoint cases make many tiny native calls, which ND4J's default
 * thread pool slows down several times over on a loaded machine.
 *
 * Exit status 0 when every case ended in a result or an InputException, 1 otherwise; failing cases
 * are printed with their seed for {@link ReaderFuzzer#replay}.
 */
public final class FuzzBench {
    private FuzzBench() {}

    public static void main(String[] args) throws Exception {
        if ((args.length == 4 && args[0].equals("save")) || (args.length == 3 && args[0].equals("replay"))) {
            // save TARGET SEED FILE: writes the mutated file of one case, to replay it by hand;
            // replay TARGET SEED: runs one case again and prints its outcome
            Path work = Files.createTempDirectory("crystalgan-fuzz");
            ReaderFuzzer fz = new ReaderFuzzer(work);
            try {
                List<ReaderFuzzer.Target> targets = new ArrayList<>(ReaderFuzzer.all());
                targets.add(ReaderFuzzer.checkpoint(work));
                for (ReaderFuzzer.Target t : targets) {
                    if (!t.name().equals(args[1])) continue;
                    if (args[0].equals("replay")) {
                        System.out.println(fz.replay(t, Long.parseLong(args[2])));
                    } else {
                        Mutator.Mutant m = ReaderFuzzer.mutant(t, Long.parseLong(args[2]));
                        Files.write(Path.of(args[3]), m.bytes());
                        System.out.println(m.description() + " -> " + args[3]);
                    }
                }
            } finally {
                fz.close();
                try (var s = Files.walk(work)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
            }
            return;
        }
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<String> names = args.length > 2 ? List.of(args[2].split(",")) : null;
        Path work = Files.createTempDirectory("crystalgan-fuzz");
        ReaderFuzzer fz = new ReaderFuzzer(work);
        List<ReaderFuzzer.Report> reports = new ArrayList<>();
        try {
            List<ReaderFuzzer.Target> targets = new ArrayList<>(ReaderFuzzer.all());
            targets.add(ReaderFuzzer.checkpoint(work));
            for (ReaderFuzzer.Target t : targets) {
                if (names != null && !names.contains(t.name())) continue;
                ReaderFuzzer.Report r = fz.run(t, cases, seed, 50);
                reports.add(r);
                System.out.println(r.line());
                System.out.print(t.breakdown());
                for (ReaderFuzzer.Failure f : r.failures()) System.out.println("  FAIL " + f);
                System.out.flush();
            }
        } finally {
            fz.close();
            try (var s = Files.walk(work)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
        System.out.printf(Locale.ROOT, "seed %d, %d cases per reader, time limit %d ms, allocation budget %d MB per case%n",
                seed, cases, ReaderFuzzer.TIMEOUT_MS, ReaderFuzzer.MAX_ALLOCATED_BYTES >> 20);
        boolean clean = reports.stream().allMatch(ReaderFuzzer.Report::clean);
        System.exit(clean ? 0 : 1);
    }
}
