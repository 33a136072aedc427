package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GanTrainerTest {
    @TempDir
    Path tmp;

    private static GanConfig tiny() {
        return GanConfig.defaults().withBatchSize(4).withEpochs(2).withCheckpointMinutes(1e6);
    }

    /** A copy of a run folder's files, to train the same state two ways. */
    private static void copyRun(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    private static void assertBitwise(INDArray want, INDArray got, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want.dup().data().asFloat(), got.dup().data().asFloat(), what);
    }

    /** Also: the run with the second worker thread (b, c) equals the one without (a). */
    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        GanTrainer a = GanTrainer.start(tiny(), data, tmp.resolve("a"));
        a.setThreads(1);
        List<TrainingEvent> eventsA = new ArrayList<>();
        a.addListener(eventsA::add);
        a.run();

        GanTrainer b = GanTrainer.start(tiny(), data, tmp.resolve("b"));
        b.setThreads(2);
        b.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it && it.step() == 7) b.stop();
        });
        b.run();
        assertEquals(1, b.epoch());
        assertEquals(2, b.batch());
        GanTrainer c = GanTrainer.resume(tmp.resolve("b"), data, null);
        assertEquals(8, c.step());
        c.setThreads(2);
        c.run();

        Map<String, INDArray> pa = a.model().generator.all();
        Map<String, INDArray> pc = c.model().generator.all();
        for (String k : pa.keySet()) assertBitwise(pa.get(k), pc.get(k), "generator " + k);
        for (String k : a.model().critic.params().keySet()) {
            assertBitwise(a.model().critic.params().get(k), c.model().critic.params().get(k), "critic " + k);
        }
        for (String k : a.model().classifier.all().keySet()) {
            assertBitwise(a.model().classifier.all().get(k), c.model().classifier.all().get(k), "classifier " + k);
        }
        // events: iterations with finite losses, two epochs, a finish
        long iters = eventsA.stream().filter(e -> e instanceof TrainingEvent.Iteration).count();
        assertEquals(12, iters);
        assertTrue(eventsA.stream().anyMatch(e -> e instanceof TrainingEvent.Epoch ep && ep.epoch() == 1 && Double.isFinite(ep.wasserstein())));
        assertTrue(eventsA.get(eventsA.size() - 1) instanceof TrainingEvent.Finished f && !f.stopped());

        // a checkpoint refuses another training set, and a corrupt bin is named
        TrainingSet other = GanBench.syntheticData(4 * 6, 4);
        InputException e1 = assertThrows(InputException.class, () -> GanTrainer.resume(tmp.resolve("b"), other, null));
        assertTrue(e1.getMessage().contains("another training set"), e1.getMessage());
        Path bin;
        try (var s = Files.list(tmp.resolve("b"))) {
            bin = s.filter(p -> p.getFileName().toString().startsWith("critic-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(bin);
        bytes[100] ^= 1;
        Files.write(bin, bytes);
        InputException e2 = assertThrows(InputException.class, () -> GanTrainer.resume(tmp.resolve("b"), data, null));
        assertTrue(e2.getMessage().contains("corrupt"), e2.getMessage());

        // export + load for generation; sampling is reproducible for a seed
        Path model = tmp.resolve("model");
        GanTrainer.exportCheckpoint(tmp.resolve("a"), model);
        GeneratorModel gm = GeneratorModel.load(model);
        Sampler s1 = new Sampler(gm, 16);
        var target = org.crystalgan.crystal.Composition.parse("Mg2Mn4O8");
        Sampler.Result r1 = s1.sample(target, 1000, 5, 64, org.crystalgan.base.Progress.NONE);
        Sampler.Result r2 = new Sampler(GeneratorModel.load(model), 16).sample(target, 1000, 5, 64, org.crystalgan.base.Progress.NONE);
        assertEquals(64, r1.generated());
        assertEquals(r1.accepted().size(), r2.accepted().size());
        for (int i = 0; i < r1.accepted().size(); i++) {
            assertTrue(java.util.Arrays.equals(r1.accepted().get(i).matrix(), r2.accepted().get(i).matrix()));
        }

        // the run's folder itself as the model: the same networks, read in place, nothing written beside the checkpoint
        java.util.List<String> before;
        try (var l = Files.list(tmp.resolve("a"))) { before = l.map(p -> p.getFileName().toString()).sorted().toList(); }
        GeneratorModel fromRun = GeneratorModel.load(tmp.resolve("a"));
        assertTrue(fromRun.source().contains("training checkpoint"), fromRun.source());
        assertEquals(gm.epochsTrained(), fromRun.epochsTrained());
        Sampler.Result r3 = new Sampler(fromRun, 16).sample(target, 1000, 5, 64, org.crystalgan.base.Progress.NONE);
        assertEquals(r1.classifierHits(), r3.classifierHits());
        assertEquals(r1.accepted().size(), r3.accepted().size());
        for (int i = 0; i < r1.accepted().size(); i++) {
            assertTrue(java.util.Arrays.equals(r1.accepted().get(i).matrix(), r3.accepted().get(i).matrix()));
        }
        try (var l = Files.list(tmp.resolve("a"))) { assertEquals(before, l.map(p -> p.getFileName().toString()).sorted().toList()); }
        // a folder that is neither says what would do
        InputException none = assertThrows(InputException.class, () -> GeneratorModel.load(tmp));
        assertTrue(none.getMessage().contains("export-model") && none.getMessage().contains("checkpoint.json"), none.getMessage());

        // a damaged header names the line and column, not Jackson's internals
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("checkpoint.json"), "{\n  \"format\": \"crystalgan-checkpoint\",\n  \"epoch\": 3,,\n}\n");
        InputException bad = assertThrows(InputException.class, () -> GanTrainer.resume(broken, data, null));
        assertTrue(bad.getMessage().contains("line 3, column"), bad.getMessage());
        assertFalse(bad.getMessage().contains("REDACTED") || bad.getMessage().contains("Source:"), bad.getMessage());
    }

    /** A tiny run, stopped (and checkpointed) after the given step. */
    private static GanTrainer runStoppedAfterStep(TrainingSet data, Path dir, long step) {
        GanTrainer t = GanTrainer.start(tiny(), data, dir);
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it && it.step() == step) t.stop();
        });
        t.run();
        return t;
    }

    /** A NaN loss stops training with words, applies nothing, and leaves the last checkpoint as it was. */
    @Test
    void nonFiniteLossStopsTrainingAndKeepsTheCheckpoint() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        Path dir = tmp.resolve("nan");
        GanTrainer t = runStoppedAfterStep(data, dir, 2);
        Map<String, byte[]> before = new java.util.TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) before.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        GanTrainer r = GanTrainer.resume(dir, data, null);
        // a critic weight gone to NaN, as a diverged run has
        r.model().critic.params().get("d.out.W").putScalar(0, Float.NaN);
        INDArray gen = r.model().generator.params().get("g.l1.W").dup();
        List<TrainingEvent> events = new ArrayList<>();
        r.addListener(events::add);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, r::run);
        assertTrue(e.getMessage().contains("critic loss = NaN") && e.getMessage().contains("checkpoint") && e.getMessage().contains("intact"),
                e.getMessage());
        assertTrue(events.get(events.size() - 1) instanceof TrainingEvent.Failed);
        assertBitwise(gen, r.model().generator.params().get("g.l1.W"), "generator changed by a failed step");
        assertEquals(3, r.step(), "the failed step must not count");
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                byte[] b = before.get(p.getFileName().toString());
                assertTrue(b != null && java.util.Arrays.equals(b, Files.readAllBytes(p)), p + " changed");
            }
        }
    }

    /** Switching to our recipe options on resume trains with finite losses and is recorded in the checkpoint. */
    @Test
    void recipeOptionsSwitchedOnResumeAreRecorded() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        Path dir = tmp.resolve("recipe");
        GanTrainer t = runStoppedAfterStep(data, dir, 2);
        assertTrue(!t.config().realOnlyClassifier() && t.config().fakeRowLossWeight() == 0, "reference recipe by default");
        GanTrainer r = GanTrainer.resume(dir, data, null, true, 1.0);
        INDArray classifierBefore = r.model().classifier.params().get("q.o.c1.W").dup();
        List<TrainingEvent.Iteration> its = new ArrayList<>();
        r.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it) its.add(it);
        });
        r.run();
        assertTrue(its.stream().allMatch(i -> Double.isFinite(i.generatorLoss()) && Double.isFinite(i.classifierFakeLoss())));
        // the classifier still learns from real data
        assertTrue(classifierBefore.sub(r.model().classifier.params().get("q.o.c1.W")).amaxNumber().doubleValue() > 0);
        GanTrainer again = GanTrainer.resume(dir, data, null);
        assertTrue(again.config().realOnlyClassifier(), "the switch is kept in the checkpoint");
        assertEquals(1.0, again.config().fakeRowLossWeight());
    }

    /**
     * The short-distance penalty switched on at resume: recorded in the checkpoint, measured at every generator step
     * (and logged), and it changes the generator's update; the same state resumed without it trains differently.
     */
    @Test
    void distancePenaltySwitchedOnResumeIsRecordedMeasuredAndApplied() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        Path on = tmp.resolve("penalty-on");
        Path off = tmp.resolve("penalty-off");
        runStoppedAfterStep(data, on, 2);
        copyRun(on, off);
        GanTrainer a = GanTrainer.resume(on, data, null, null, null, 5.0, 1.8);
        GanTrainer b = GanTrainer.resume(off, data, null);
        assertEquals(0.0, b.config().distancePenaltyWeight(), "off unless asked for");
        List<TrainingEvent.Geometry> geo = new ArrayList<>();
        a.addListener(ev -> {
            if (ev instanceof TrainingEvent.Geometry g) geo.add(g);
        });
        a.addListener(new TrainingLogs(on));
        b.addListener(ev -> assertFalse(ev instanceof TrainingEvent.Geometry, "no penalty, no measure"));
        a.run();
        b.run();
        assertFalse(geo.isEmpty());
        for (TrainingEvent.Geometry g : geo) {
            assertTrue(Double.isFinite(g.penalty()) && g.penalty() >= 0 && g.clean() >= 0 && g.clean() <= g.batch(), g.toString());
        }
        // an untrained generator puts atoms on top of each other: the penalty has something to push on
        assertTrue(geo.get(0).penalty() > 0 && geo.get(0).shortPairs() > 0, geo.get(0).toString());
        List<String> log = Files.readAllLines(on.resolve(TrainingLogs.GEOMETRY_LOG));
        assertEquals(geo.size() + 1, log.size(), "a header and one line per generator step");
        assertTrue(log.get(0).startsWith("step,epoch,distance_penalty"));
        INDArray wa = a.model().generator.params().get("g.cell2.W");
        INDArray wb = b.model().generator.params().get("g.cell2.W");
        assertTrue(wa.sub(wb).amaxNumber().doubleValue() > 0, "the penalty changed the generator's updates");
        GanTrainer again = GanTrainer.resume(on, data, null);
        assertEquals(5.0, again.config().distancePenaltyWeight());
        assertEquals(1.8, again.config().distanceFloor());
        var e = assertThrows(InputException.class, () -> GanTrainer.resume(off, data, null, null, null, 1.0, 0.0));
        assertTrue(e.getMessage().contains("floor"), e.getMessage());
        // fine-tuning settings: more generator steps, a faster generator; the penalty stays as recorded
        GanTrainer tuned = GanTrainer.resume(on, data, null, null, null, null, null, c -> c.withCriticSteps(1).withLrGenerator(1.5e-4));
        assertEquals(1, tuned.config().criticSteps());
        assertEquals(1.5e-4, tuned.config().lrGenerator());
        assertEquals(5.0, tuned.config().distancePenaltyWeight());
        var bad = assertThrows(InputException.class, () -> GanTrainer.resume(on, data, null, null, null, null, null, c -> c.withCriticSteps(0)));
        assertTrue(bad.getMessage().contains("critic steps"), bad.getMessage());
    }

    /** A configuration written before the penalty existed (no such fields) reads as the penalty switched off. */
    @Test
    void configurationsWithoutThePenaltyFieldsReadAsOff() throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ArrayStore.JSON.valueToTree(GanConfig.defaults());
        tree.remove("distancePenaltyWeight");
        tree.remove("distanceFloor");
        GanConfig old = ArrayStore.JSON.treeToValue(tree, GanConfig.class);
        assertEquals(GanConfig.defaults(), old);
        assertEquals(0.0, old.distancePenaltyWeight());
    }

    @Test
    void impossibleTargetsAreRefusedInWords() {
        var e = assertThrows(InputException.class, () -> Sampler.targetCounts(org.crystalgan.crystal.Composition.parse("Mg9Mn2O4")));
        assertTrue(e.getMessage().contains("1 to 8 Mg"), e.getMessage());
        assertThrows(InputException.class, () -> Sampler.targetCounts(org.crystalgan.crystal.Composition.parse("MnO2")));
        assertThrows(InputException.class, () -> Sampler.targetCounts(org.crystalgan.crystal.Composition.parse("MgMn2O4Fe")));
        assertEquals(List.of(2, 4, 8), java.util.Arrays.stream(Sampler.targetCounts(org.crystalgan.crystal.Composition.parse("Mg2Mn4O8"))).boxed().toList());
    }

    /**
     * {@code startFrom}: a new run on another training set begins with the source's networks bit for bit, trains with
     * its own options, records the source in its checkpoints (kept on resume), and the resume still refuses a set by
     * fingerprint; a source whose arrays have other shapes is refused in words, naming it.
     */
    @Test
    void newRunStartsFromAnotherRunsNetworksOnItsOwnSet() throws IOException {
        TrainingSet a = GanBench.syntheticData(4 * 6, 3);
        TrainingSet b = GanBench.syntheticData(4 * 8, 5);
        Path src = tmp.resolve("source");
        GanTrainer s = runStoppedAfterStep(a, src, 2);
        Path dst = tmp.resolve("init");
        GanConfig cfg = tiny().withDistancePenalty(1.0, 1.8).withCriticSteps(1).withLrGenerator(1e-4);
        GanTrainer t = GanTrainer.startFrom(src, cfg, b, dst);
        assertEquals(0, t.step());
        assertEquals(0, t.epoch());
        for (String k : s.model().generator.all().keySet()) {
            assertBitwise(s.model().generator.all().get(k), t.model().generator.all().get(k), "generator " + k);
        }
        for (String k : s.model().critic.all().keySet()) {
            assertBitwise(s.model().critic.all().get(k), t.model().critic.all().get(k), "critic " + k);
        }
        for (String k : s.model().classifier.all().keySet()) {
            assertBitwise(s.model().classifier.all().get(k), t.model().classifier.all().get(k), "classifier " + k);
        }
        INDArray before = t.model().generator.params().get("g.cell2.W").dup();
        List<TrainingEvent.Geometry> geo = new ArrayList<>();
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.Geometry g) geo.add(g);
            if (ev instanceof TrainingEvent.Iteration it && it.step() == 1) t.stop();
        });
        t.run();
        assertEquals(2, geo.size(), "one critic step per generator step: a generator step (and its penalty) every iteration");
        assertTrue(before.sub(t.model().generator.params().get("g.cell2.W")).amaxNumber().doubleValue() > 0, "it trained");

        com.fasterxml.jackson.databind.JsonNode h = ArrayStore.JSON.readTree(dst.resolve(GanTrainer.HEADER).toFile());
        assertEquals(src.toAbsolutePath().normalize().toString(), h.at("/initFrom/checkpoint").asText());
        assertEquals(s.step(), h.at("/initFrom/step").asLong());
        assertEquals(a.fingerprint(), h.at("/initFrom/dataFingerprint").asText());
        assertEquals(b.fingerprint(), h.path("dataFingerprint").asText());
        assertEquals(1.0, h.at("/config/distancePenaltyWeight").asDouble());
        assertEquals(1, h.at("/config/criticSteps").asInt());

        GanTrainer r = GanTrainer.resume(dst, b, null);
        assertEquals(s.step(), r.initFrom().path("step").asLong(), "the record survives a resume");
        r.checkpoint();
        assertEquals(s.step(), ArrayStore.JSON.readTree(dst.resolve(GanTrainer.HEADER).toFile()).at("/initFrom/step").asLong());
        // an exported model counts the source run's training with its own, and names the source
        Path exported = tmp.resolve("exported");
        GanTrainer.exportCheckpoint(dst, exported);
        var mh = ArrayStore.JSON.readTree(exported.resolve(ModelFiles.HEADER).toFile());
        assertEquals(s.step() + r.step(), mh.path("iterationsTrained").asLong());
        assertEquals(s.epoch() + r.epoch(), mh.path("epochsTrained").asInt());
        assertEquals(s.step(), mh.at("/initFrom/step").asLong());
        assertEquals(s.epoch() + r.epoch(), GeneratorModel.load(exported).epochsTrained());
        assertEquals(s.epoch() + r.epoch(), GeneratorModel.load(dst).epochsTrained(), "the run folder says the same");
        // a fine-tune of the fine-tune keeps the whole lineage and counts all three runs
        Path third = tmp.resolve("third");
        GanTrainer g = GanTrainer.startFrom(dst, cfg, b, third);
        g.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it && it.step() == 1) g.stop();
        });
        g.run();
        var gh = ArrayStore.JSON.readTree(third.resolve(GanTrainer.HEADER).toFile());
        assertEquals(r.step(), gh.at("/initFrom/step").asLong());
        assertEquals(s.step(), gh.at("/initFrom/initFrom/step").asLong(), "the source's own source is kept");
        Path exported3 = tmp.resolve("exported3");
        GanTrainer.exportCheckpoint(third, exported3);
        assertEquals(s.step() + r.step() + g.step(),
                ArrayStore.JSON.readTree(exported3.resolve(ModelFiles.HEADER).toFile()).path("iterationsTrained").asLong());
        assertEquals(s.epoch() + r.epoch() + g.epoch(), GeneratorModel.load(third).epochsTrained());
        var other = assertThrows(InputException.class, () -> GanTrainer.resume(dst, a, null));
        assertTrue(other.getMessage().contains("another training set"), other.getMessage());

        Path bad = tmp.resolve("other-shapes");
        Files.createDirectories(bad);
        try (var files = Files.list(src)) {
            for (Path p : files.toList()) Files.copy(p, bad.resolve(p.getFileName()));
        }
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ArrayStore.JSON.readTree(bad.resolve(GanTrainer.HEADER).toFile());
        var shape = (com.fasterxml.jackson.databind.node.ArrayNode) tree.path("files").get(0).path("arrays").get(0).path("shape");
        shape.set(0, shape.get(0).asLong() - 1);
        ArrayStore.JSON.writeValue(bad.resolve(GanTrainer.HEADER).toFile(), tree);
        var e = assertThrows(InputException.class, () -> GanTrainer.startFrom(bad, cfg, b, tmp.resolve("never")));
        assertTrue(e.getMessage().contains("cannot start from the checkpoint in " + bad) && e.getMessage().contains("shape"), e.getMessage());
        assertFalse(GanTrainer.hasCheckpoint(tmp.resolve("never")));
    }

    /**
     * A critic that sees contact columns, started from a run whose critic does not: the first layer's three matrix
     * columns come over bit for bit and the contact columns start at 0 (the critic starts as the source's), the run trains
     * with finite losses and moves those columns, the option is recorded, and a resume cannot switch it.
     */
    @Test
    void criticWithContactColumnsStartsFromABlindCriticAndKeepsItsShape() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        Path src = tmp.resolve("blind");
        GanTrainer s = runStoppedAfterStep(data, src, 2);
        Path dst = tmp.resolve("contacts");
        GanConfig cfg = tiny().withCriticContacts(true).withCriticSteps(1);
        GanTrainer t = GanTrainer.startFrom(src, cfg, data, dst);
        INDArray w0 = s.model().critic.all().get("d.c1.W");
        INDArray w1 = t.model().critic.all().get("d.c1.W");
        assertEquals(List.of(3L, 512L), java.util.Arrays.stream(w0.shape()).boxed().toList());
        assertEquals(List.of((long) ContactFeatures.width(), 512L), java.util.Arrays.stream(w1.shape()).boxed().toList());
        assertBitwise(w0, w1.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all()), "matrix columns");
        assertEquals(0.0, w1.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, ContactFeatures.width()),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).amaxNumber().doubleValue(), "contact columns start blind");
        List<TrainingEvent.Iteration> its = new ArrayList<>();
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.Iteration it) {
                its.add(it);
                if (it.step() == 2) t.stop();
            }
        });
        t.run();
        assertEquals(3, its.size());
        assertTrue(its.stream().allMatch(i -> Double.isFinite(i.criticLoss()) && Double.isFinite(i.generatorLoss())));
        assertTrue(t.model().critic.all().get("d.c1.W").get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, ContactFeatures.width()),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).amaxNumber().doubleValue() > 0, "the critic learns to use the contacts");

        GanTrainer r = GanTrainer.resume(dst, data, null);
        assertTrue(r.config().criticContacts(), "recorded in the checkpoint");
        var e = assertThrows(InputException.class, () -> GanTrainer.resume(dst, data, null, null, null, null, null,
                c -> c.withCriticContacts(false)));
        assertTrue(e.getMessage().contains("fixed for a run"), e.getMessage());
    }
    /**
     * The separation layer switched on at resume: recorded in the checkpoint and read back with the networks for
     * generation, and it changes training (the critic judges the pushed matrices) against the same state without it.
     */
    @Test
    void separationLayerSwitchedOnResumeIsRecordedAndUsedForGeneration() throws IOException {
        TrainingSet data = GanBench.syntheticData(4 * 6, 3);
        Path on = tmp.resolve("layer-on");
        Path off = tmp.resolve("layer-off");
        runStoppedAfterStep(data, on, 2);
        copyRun(on, off);
        GanTrainer a = GanTrainer.resume(on, data, null, null, null, null, null, c -> c.withSeparationLayer(20));
        GanTrainer b = GanTrainer.resume(off, data, null);
        assertEquals(20, a.config().separationSweeps());
        assertEquals(SeparationLayer.DEFAULT, a.config().separationFloors());
        a.run();
        b.run();
        INDArray wa = a.model().critic.params().get("d.c1.W");
        INDArray wb = b.model().critic.params().get("d.c1.W");
        assertTrue(wa.sub(wb).amaxNumber().doubleValue() > 0, "the critic saw other matrices");
        assertEquals(20, GanTrainer.resume(on, data, null).config().separationSweeps(), "kept in the checkpoint");

        GeneratorModel withLayer = GeneratorModel.load(on);
        GeneratorModel without = GeneratorModel.load(off);
        assertEquals(20, withLayer.separationSweeps());
        assertEquals(0, without.separationSweeps());
        int bs = 8;
        INDArray z = Nd4j.rand(DataType.FLOAT, bs, GeneratorNet.NOISE).subi(0.5);
        INDArray cond = Batch.conditions(new int[][] {{2, 2, 6}, {2, 2, 6}, {4, 4, 12}, {4, 4, 12}, {1, 2, 4}, {1, 2, 4}, {6, 2, 10}, {6, 2, 10}});
        float[] plain = FencedOpExecutioner.toFloats(new FoldedInference(withLayer.model).generate(z, cond));
        float[] pushed = FencedOpExecutioner.toFloats(new FoldedInference(withLayer.model, withLayer.separation).generate(z, cond));
        float[] expected = plain.clone();
        SeparationLayer.Result r = withLayer.separation.apply(expected, bs);
        assertTrue(r.moved() > 0, "an untrained generator overlaps atoms");
        assertArrayEquals(expected, pushed, 1e-6f, "generation ends in the recorded layer");
    }
}
