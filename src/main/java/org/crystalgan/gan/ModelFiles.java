package org.crystalgan.gan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crystalgan.crystal.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exported models for generation: {@code model.json} + generator and classifier weights with their running
 * statistics (float32, about 12 MB), the format of {@link ArrayStore}. The critic and optimiser state stay in
 * training checkpoints.
 */
final class ModelFiles {
    static final String HEADER = "model.json";
    static final String FORMAT = "crystalgan-model";
    /** Class-path folder of the bundled model. */
    static final String BUNDLED = "/crystalgan/model/";

    private ModelFiles() {
    }

    /**
     * @param epochs     epochs trained, those of the run it was started from ({@code initFrom}) included
     * @param iterations iterations trained, the same way
     * @param initFrom   the {@code initFrom} record of a run started from another run's networks, or null
     */
    static void export(GanModel model, GanConfig cfg, String dataFingerprint, int epochs, long iterations,
                       com.fasterxml.jackson.databind.JsonNode initFrom, Path out) {
        ObjectNode h = ArrayStore.JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", 1);
        h.put("description", "Crystal GAN Workbench generator + classifier (Kim et al. 2020 architecture), Mg-Mn-O 30x3"
                + " representation; JSON header + little-endian float32 .bin files");
        h.put("epochsTrained", epochs);
        h.put("iterationsTrained", iterations);
        h.put("dataFingerprint", dataFingerprint);
        if (initFrom != null) h.set("initFrom", initFrom);
        h.set("config", ArrayStore.JSON.valueToTree(cfg));
        Map<String, Map<String, INDArray>> bins = new LinkedHashMap<>();
        bins.put("generator", model.generator.all());
        bins.put("classifier", model.classifier.all());
        try {
            ArrayStore.writeBundle(out, HEADER, h, bins, "model");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model folder written by {@link #export}, or a training checkpoint folder (its networks only). */
    static Loaded load(ArrayStore.Source src) {
        // shapes only: every array is overwritten by readBundle, which fails if any is missing
        GanModel m = new GanModel(GeneratorNet.create(DataType.FLOAT, null), null, ClassifierNet.create(DataType.FLOAT, null));
        Map<String, INDArray> targets = new LinkedHashMap<>(m.generator.all());
        targets.putAll(m.classifier.all());
        JsonNode h;
        try {
            h = ArrayStore.readHeader(src, HEADER, FORMAT, 1);
        } catch (InputException e) {
            throw new InputException(e.getMessage() + "; pass a model folder (model.json) or a training run's folder (checkpoint.json),"
                    + " or export a model from a run with 'export-model --checkpoint RUN --out DIR'", e);
        }
        ArrayStore.readBundle(src, h, targets);
        return new Loaded(m, h.path("epochsTrained").asInt(), src.describe(""),
                SeparationLayer.of(h.path("config"), src.describe(HEADER)));
    }

    /** {@code separation}: the generator's separation layer, or null when its configuration has none. */
    record Loaded(GanModel model, int epochsTrained, String where, SeparationLayer separation) {
    }
}
