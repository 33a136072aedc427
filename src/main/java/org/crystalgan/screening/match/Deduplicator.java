package org.crystalgan.screening.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;

/**
 * Groups a set of structures into unique ones and marks each unique structure novel or known
 * against reference sets (training data, a Materials Project download), with a
 * {@link StructureMatcher}.
 *
 * <p>Grouping is pymatgen's {@code group_structures}: within one reduced formula, the first
 * structure not yet grouped is compared with every later one, in input order. Only structures
 * with the same reduced formula reach the matcher, and of those only pairs that pass
 * {@link StructureMatcher#mayMatch}: the matcher's own site-count rule (n_big = round(n_big/n_small)·n_small)
 * and a bound on the successive minima of the lattices that its length tolerance implies. Both are
 * necessary conditions of a match, never approximations, so no pair the matcher would match is
 * skipped and the groups are those of the unfiltered search (tested on the training set and
 * perturbed copies). Volume and distance fingerprints are deliberately not used to reject: with
 * scale=True the matcher equalises volumes, and its 20 % length and 5° angle tolerances plus
 * 0.3·(V/n)^(1/3) per site allow distance changes too large for a bound that would still reject
 * anything.
 */
public final class Deduplicator {
    /** A named structure (a file name, a data-set row). */
    public record Item(String name, Structure structure) {}

    /**
     * One input structure's verdict.
     *
     * @param name its name
     * @param group index of its group of equal structures (unique structures are numbered from 0), -1 when it could not be compared
     * @param duplicateOf name of the first structure of its group when it is a duplicate, else null
     * @param knownAs name of a matching reference structure, null when novel (or not compared)
     * @param problem why it could not be compared (disordered, empty), else null
     */
    public record Verdict(String name, int group, String duplicateOf, String knownAs, String problem) {
        public boolean isUnique() { return group >= 0 && duplicateOf == null; }

        public boolean isKnown() { return knownAs != null; }
    }

    /**
     * @param verdicts one per input, in input order
     * @param uniqueCount number of groups
     * @param knownCount unique structures that match a reference (rediscoveries)
     * @param rediscoveredReferences distinct reference structures matched by some unique structure
     * @param comparisons full matcher comparisons made
     * @param skippedByInvariants pairs of equal reduced formula ruled out without a comparison
     *                            (site counts, lattice minima; see {@link StructureMatcher#mayMatch})
     */
    public record Outcome(List<Verdict> verdicts, int uniqueCount, int knownCount, int rediscoveredReferences,
                          long comparisons, long skippedByInvariants) {
        public int novelCount() { return uniqueCount - knownCount; }
    }

    private final StructureMatcher matcher;
    private final boolean prefilter;

    /**
     * @param prefilter whether pairs are first screened with {@link StructureMatcher#mayMatch}; off,
     *                  every pair of equal reduced formula gets a full comparison (the reference the
     *                  filtered search is tested against)
     */
    public Deduplicator(StructureMatcher matcher, boolean prefilter) {
        this.matcher = matcher;
        this.prefilter = prefilter;
    }

    public Deduplicator(StructureMatcher matcher) { this(matcher, true); }

    public Deduplicator() { this(new StructureMatcher()); }

    public Outcome run(List<Item> items, List<Item> references, Progress listener) {
        AtomicLong comparisons = new AtomicLong(), skipped = new AtomicLong();
        Prep[] prepared = prepareAll(items, listener, "reducing structures");
        Prep[] refs = prepareAll(references, listener, "reducing references");

        // bucket by reduced formula
        Map<String, List<Integer>> buckets = new LinkedHashMap<>();
        for (int i = 0; i < prepared.length; i++) if (prepared[i].p != null) buckets.computeIfAbsent(prepared[i].p.reducedFormula(), k -> new ArrayList<>()).add(i);
        Map<String, List<Integer>> refBuckets = new LinkedHashMap<>();
        for (int i = 0; i < refs.length; i++) if (refs[i].p != null) refBuckets.computeIfAbsent(refs[i].p.reducedFormula(), k -> new ArrayList<>()).add(i);

        int[] groupRep = new int[items.size()]; // index of the representative of each item's group
        java.util.Arrays.fill(groupRep, -1);
        String[] known = new String[items.size()];
        int[] knownRef = new int[items.size()];
        java.util.Arrays.fill(knownRef, -1);
        List<List<Integer>> bucketList = new ArrayList<>(buckets.values());
        AtomicInteger done = new AtomicInteger();
        int total = prepared.length;
        IntStream.range(0, bucketList.size()).parallel().forEach(b -> {
            List<Integer> members = bucketList.get(b);
            List<Integer> reps = new ArrayList<>();
            for (int i : members) {
                if (listener.isCancelled()) throw new CancellationException("de-duplication cancelled");
                int found = -1;
                for (int r : reps) {
                    if (prefilter && !matcher.mayMatch(prepared[r].p, prepared[i].p)) { skipped.incrementAndGet(); continue; }
                    comparisons.incrementAndGet();
                    if (matcher.fit(prepared[r].p, prepared[i].p)) { found = r; break; }
                }
                if (found < 0) {
                    reps.add(i);
                    groupRep[i] = i;
                    List<Integer> rb = refBuckets.getOrDefault(prepared[i].p.reducedFormula(), List.of());
                    for (int r : rb) {
                        if (prefilter && !matcher.mayMatch(refs[r].p, prepared[i].p)) { skipped.incrementAndGet(); continue; }
                        comparisons.incrementAndGet();
                        if (matcher.fit(refs[r].p, prepared[i].p)) { known[i] = references.get(r).name(); knownRef[i] = r; break; }
                    }
                } else {
                    groupRep[i] = found;
                }
                listener.update(done.incrementAndGet(), total, "matching");
            }
        });

        // number groups in input order of their representatives
        Map<Integer, Integer> groupNumber = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) if (groupRep[i] == i) groupNumber.put(i, groupNumber.size());
        List<Verdict> verdicts = new ArrayList<>(items.size());
        int knownCount = 0;
        java.util.Set<Integer> refsHit = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (prepared[i].p == null) {
                verdicts.add(new Verdict(items.get(i).name(), -1, null, null, prepared[i].problem));
                continue;
            }
            int rep = groupRep[i];
            if (rep == i && known[i] != null) { knownCount++; refsHit.add(knownRef[i]); }
            verdicts.add(new Verdict(items.get(i).name(), groupNumber.get(rep), rep == i ? null : items.get(rep).name(), known[rep], null));
        }
        return new Outcome(Collections.unmodifiableList(verdicts), groupNumber.size(), knownCount, refsHit.size(),
                comparisons.get(), skipped.get());
    }

    private record Prep(StructureMatcher.Prepared p, String problem) {}

    private Prep[] prepareAll(List<Item> items, Progress listener, String stage) {
        Prep[] out = new Prep[items.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            if (listener.isCancelled()) throw new CancellationException("de-duplication cancelled");
            try {
                out[i] = new Prep(matcher.prepare(items.get(i).structure()), null);
            } catch (InputException e) {
                out[i] = new Prep(null, e.getMessage());
            }
            listener.update(done.incrementAndGet(), items.size(), stage);
        });
        return out;
    }
}
