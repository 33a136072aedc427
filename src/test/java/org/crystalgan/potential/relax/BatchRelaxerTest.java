package org.crystalgan.potential.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Structure;
import org.crystalgan.potential.Evaluation;
import org.crystalgan.potential.Potential;
import org.junit.jupiter.api.Test;

class BatchRelaxerTest {
    @Test
    void resultsComeBackInInputOrderAndAFailureNeverSinksTheBatch() throws Exception {
        List<Structure> in = new ArrayList<>();
        for (double a : new double[] {3.7, 3.4, 3.9}) in.add(new Structure(Lattice.cubic(a), LennardJones.fcc("Ar", a).sites()));
        in.add(1, LennardJones.fcc("Ne", 3.6)); // refused by the potential: failed with its reason
        in.add(3, LennardJones.fcc("Kr", 3.6)); // the potential throws an unchecked exception
        List<int[]> progress = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> stepped = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        BatchRelaxer batch = new BatchRelaxer(new Relaxer(LennardJones.standard(), new RelaxOptions(1e-3, 1000, true)), 2);
        List<RelaxResult> out = batch.relaxAll(in, new BatchRelaxer.Listener() {
            @Override
            public void step(int index, int step, double energy, double maxForce) {
                stepped.add(index);
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void finished(int index, RelaxResult result, int done, int total) { progress.add(new int[] {index, done, total}); }
        });
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) assertSame(in.get(i), out.get(i).input(), "result " + i + " belongs to input " + i);
        assertEquals(Verdict.FAILED, out.get(1).verdict());
        assertTrue(out.get(1).reason().contains("not Ne"), out.get(1).reason());
        assertEquals(Verdict.FAILED, out.get(3).verdict());
        assertTrue(out.get(3).reason().contains("IllegalStateException: broken potential"), out.get(3).reason());
        double a0 = out.get(0).relaxed().lattice().a();
        for (int i : new int[] {0, 2, 4}) {
            assertEquals(Verdict.CONVERGED, out.get(i).verdict(), out.get(i).reason());
            assertEquals(a0, out.get(i).relaxed().lattice().a(), 1e-3, "every Ar cell relaxes to the same a");
        }
        assertEquals(5, progress.size());
        assertTrue(progress.stream().anyMatch(p -> p[1] == 5 && p[2] == 5), "progress reaches done = total");
        assertEquals(Set.of(0, 2, 4), stepped);
        assertTrue(threads.stream().allMatch(t -> t.startsWith("relax-")));
    }

    @Test
    void cancelStopsRunningAndQueuedRelaxationsWithinASecond() throws Exception {
        LennardJones lj = LennardJones.standard();
        Potential slow = new Potential() {
            public String name() { return "slow"; }
            public String description() { return "LJ at 20 ms per evaluation"; }
            public Evaluation evaluate(Structure t) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return lj.evaluate(t);
            }
        };
        List<Structure> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) in.add(LennardJones.fcc("Ar", 3.8 + 0.02 * i));
        BatchRelaxer batch = new BatchRelaxer(new Relaxer(slow, new RelaxOptions(1e-12, 100_000, true)), 2);
        CompletableFuture<List<RelaxResult>> f = CompletableFuture.supplyAsync(() -> {
            try {
                return batch.relaxAll(in, new BatchRelaxer.Listener() { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        long t0 = System.nanoTime();
        batch.cancel();
        List<RelaxResult> out = f.get(1, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        assertEquals(6, out.size());
        assertTrue(out.stream().allMatch(r -> r.verdict() == Verdict.CANCELLED));
        assertEquals(2, out.stream().filter(r -> r.steps() > 0).count(), "two workers were running, four never started");
    }
}
