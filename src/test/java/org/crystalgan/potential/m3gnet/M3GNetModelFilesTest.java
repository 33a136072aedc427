package org.crystalgan.potential.m3gnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.torch.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class M3GNetModelFilesTest {
    private static final Path SHARED_MODELS = Path.of("..", "shared", "models");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static M3GNetModelData bundled;
    private static String bundledJson;

    @BeforeAll
    static void loadBundled() throws IOException {
        bundled = M3GNetModelFiles.bundled();
        try (InputStream in = M3GNetModelFilesTest.class.getResourceAsStream(M3GNetModelFiles.BUNDLED_PATH + "model.json")) {
            bundledJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path shared(String name) {
        Path dir = SHARED_MODELS.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("state.pt")),
                "../shared/models/" + name + " is absent: the shared model folders are not checked out beside the repository");
        return dir;
    }

    @Test
    void theBundledModelLoadsFromTheClassPath() {
        assertEquals("M3GNet-MP-2021.2.8-PES", bundled.name());
        M3GNetHyperParameters h = bundled.hyper();
        assertEquals(89, h.ntypes());
        assertEquals("H", h.elementTypes().get(0));
        assertEquals("Pu", h.elementTypes().get(88));
        assertEquals(7, h.typeOf("O"));
        assertEquals(11, h.typeOf("Mg"));
        assertEquals(24, h.typeOf("Mn"));
        assertEquals(-1, h.typeOf("Am"));
        assertEquals(64, h.units());
        assertEquals(3, h.nblocks());
        assertEquals(9, h.degree());
        assertEquals(9, h.degreeRbf());
        assertEquals(5.0, h.cutoff());
        assertEquals(4.0, h.threebodyCutoff());
        assertFalse(h.useSmooth());
        assertEquals(0.0, h.dataMean());
        assertEquals(4.58613348, h.dataStd(), 1e-6);
        assertTrue(h.elementRefs());
        assertEquals(115, bundled.tensors().size());
        assertEquals(296_171, bundled.tensors().values().stream().mapToLong(Tensor::numel).sum());
        assertEquals(-8.16681957, bundled.elementRefs()[24], 1e-6);
        assertArrayEquals(new int[] {64, 9}, bundled.tensor("model.three_body_interactions.2.update_network_bond.gates.0.weight").shape());
        // the derived architecture names every tensor of the file, in the file's order
        assertEquals(List.copyOf(bundled.tensors().keySet()), List.copyOf(M3GNetModelFiles.expectedShapes(h).keySet()));
    }

    @Test
    void theSharedModelsLoadFromTheirFolders() {
        M3GNetModelData mp = M3GNetModelFiles.load(shared("M3GNet-MP-2021.2.8-PES"));
        assertEquals("M3GNet-MP-2021.2.8-PES", mp.name());
        assertEquals(bundled.hyper(), mp.hyper());
        assertEquals(bundled.tensors(), mp.tensors());

        M3GNetModelData matpes = M3GNetModelFiles.load(shared("M3GNet-MatPES-PBE-v2025.1-PES"));
        M3GNetHyperParameters h = matpes.hyper();
        assertEquals(128, h.units());
        assertTrue(h.useSmooth());
        assertEquals(3, h.degreeRbf());
        assertEquals(9, h.degree());
        assertEquals(3.2514967918395996, h.dataStd(), 1e-7);
        assertEquals(672_235, matpes.tensors().values().stream().mapToLong(Tensor::numel).sum());
        assertArrayEquals(new int[] {64, 3}, matpes.tensor("model.graph_layers.0.conv.edge_weight_func.weight").shape());
        assertArrayEquals(new int[] {1, 128}, matpes.tensor("model.final_layer.gated.layers.6.weight").shape());
    }

    @Test
    void scalingFallsBackToTheTextOfModelJson() {
        M3GNetHyperParameters h = M3GNetHyperParameters.parse(bundledJson, "model.json", Map.of());
        assertEquals(4.58613348, h.dataStd(), 1e-12);
        assertEquals(0.0, h.dataMean());
    }

    private static String refusedTensors(Consumer<Map<String, Tensor>> change) {
        Map<String, Tensor> t = new LinkedHashMap<>(bundled.tensors());
        change.accept(t);
        return assertThrows(InputException.class, () -> M3GNetModelFiles.assemble("x", bundledJson, "model.json", t, "state.pt")).getMessage();
    }

    @Test
    void namesAMisshapedMissingOrExtraTensor() {
        String key = "model.graph_layers.1.conv.node_weight_func.weight";
        String shape = refusedTensors(t -> t.put(key, new Tensor(key, new int[] {64, 8}, new float[64 * 8])));
        assertEquals("state.pt: tensor " + key + " has shape (64, 8), but model.json's architecture needs (64, 9)", shape);
        String missing = refusedTensors(t -> t.remove("model.final_layer.gated.gates.6.bias"));
        assertTrue(missing.startsWith("state.pt: tensor model.final_layer.gated.gates.6.bias is missing"), missing);
        String extra = refusedTensors(t -> t.put("model.readout.weight", new Tensor("model.readout.weight", new int[] {1}, new float[1])));
        assertTrue(extra.contains("model.readout.weight has no place"), extra);
        String cutoff = refusedTensors(t -> t.put("model.basis_expansion.sbf.cutoff",
                new Tensor("model.basis_expansion.sbf.cutoff", new int[0], new float[] {4f})));
        assertTrue(cutoff.contains("model.basis_expansion.sbf.cutoff is 4.0 but model.json's cutoff is 5.0"), cutoff);
        String nan = refusedTensors(t -> t.put("data_std", new Tensor("data_std", new int[0], new float[] {Float.NaN})));
        assertTrue(nan.contains("data_std is NaN"), nan);
    }

    private static String refusedJson(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(bundledJson);
            change.accept(root);
            String text = JSON.writeValueAsString(root);
            return assertThrows(InputException.class, () -> M3GNetModelFiles.assemble("x", text, "model.json", bundled.tensors(), "state.pt"))
                    .getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode initArgs(ObjectNode root) {
        return (ObjectNode) root.path("kwargs").path("model").path("init_args");
    }

    @Test
    void refusesModelsThatAreNotM3GNetPotentials() {
        assertTrue(refusedJson(r -> ((ObjectNode) r.path("kwargs").path("model")).put("@class", "TensorNet"))
                .contains("wraps a 'TensorNet' model, not M3GNet"));
        assertTrue(refusedJson(r -> r.put("@class", "M3GNet")).contains("a bare M3GNet model"));
        assertTrue(refusedJson(r -> r.put("@class", "CHGNet")).contains("@class 'CHGNet'"));
        String notJson = assertThrows(InputException.class,
                () -> M3GNetModelFiles.assemble("x", "{\"@class\": ", "model.json", bundled.tensors(), "state.pt")).getMessage();
        assertTrue(notJson.startsWith("model.json: not valid JSON"), notJson);
    }

    @Test
    void refusesUnsupportedOptionsByName() {
        assertEquals("model.json: unsupported option include_state = true (supported: false)",
                refusedJson(r -> initArgs(r).put("include_state", true)));
        assertTrue(refusedJson(r -> initArgs(r).put("readout_type", "set2set")).contains("readout_type = set2set"));
        assertTrue(refusedJson(r -> initArgs(r).put("rbf_type", "Gaussian")).contains("rbf_type = Gaussian"));
        assertTrue(refusedJson(r -> initArgs(r).put("is_intensive", true)).contains("is_intensive = true"));
        assertTrue(refusedJson(r -> initArgs(r).put("use_phi", true)).contains("use_phi = true"));
        assertTrue(refusedJson(r -> initArgs(r).put("activation_type", "tanh")).contains("activation_type = tanh"));
        assertTrue(refusedJson(r -> ((ObjectNode) r.path("kwargs")).put("calc_repuls", true)).contains("calc_repuls"));
        assertTrue(refusedJson(r -> initArgs(r).remove("units")).contains("init_args.units is missing"));
        assertTrue(refusedJson(r -> initArgs(r).withArray("element_types").set(3, "Xx")).contains("'Xx'"));
        // a different width in model.json than in the weights is caught by the shape check
        String units = refusedJson(r -> initArgs(r).put("units", 128));
        assertTrue(units.contains("model.graph_layers.0.conv.edge_update_func.layers.0.weight has shape (64, 192)"), units);
    }

    @Test
    void explainsFoldersWithoutAStateDict(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), bundledJson);
        Files.write(dir.resolve("model.pt"), new byte[] {1});
        String msg = assertThrows(InputException.class, () -> M3GNetModelFiles.load(dir)).getMessage();
        assertTrue(msg.contains("no state.pt") && msg.contains("model.pt is a pickled PyTorch module"), msg);
        Path file = dir.resolve("model.json");
        assertTrue(assertThrows(InputException.class, () -> M3GNetModelFiles.load(file)).getMessage().contains("not a folder"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(InputException.class, () -> M3GNetModelFiles.load(empty)).getMessage().contains("no model.json"));
    }
}
