package org.crystalgan.potential.m3gnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.torch.Tensor;

/**
 * The architecture of a matgl M3GNet potential as its {@code model.json} describes it (the
 * {@code init_args} of {@code matgl.models._m3gnet.M3GNet} inside a {@code matgl.apps.pes.Potential}), plus
 * the target scaling {@code data_mean}/{@code data_std} of the Potential.
 *
 * <p>Only what this workbench computes is accepted: an extensive energy model (weighted-atom readout
 * summed over atoms) with spherical Bessel radial functions, swish activations, no state features and
 * no phi angle. Anything else is refused naming the option, so a model is never silently run with the
 * wrong equations.
 *
 * @param elementTypes       the element of each node type, in the order of the embedding rows
 * @param units              width of the hidden layers of the gated MLPs
 * @param nblocks            number of three-body + graph-convolution blocks
 * @param maxN               radial degree of the bases
 * @param maxL               angular degree of the three-body basis
 * @param cutoff             graph cutoff radius, Å
 * @param threebodyCutoff    cutoff of the bonds that form triplets, Å
 * @param rbfType            radial basis ({@code SphericalBessel})
 * @param useSmooth          smooth spherical Bessel functions (MatPES models) instead of the plain ones
 * @param usePhi             phi angle in the three-body basis (always false here)
 * @param activationType     activation ({@code swish}, i.e. SiLU)
 * @param readoutType        readout ({@code weighted_atom})
 * @param isIntensive        false: the energy is a sum of atomic contributions
 * @param includeState       false: no global state features
 * @param ntargets           outputs of the final layer (1: the energy)
 * @param dimStateEmbedding  size of the state embedding (0 here)
 * @param dimNodeEmbedding   size of the atom features
 * @param dimEdgeEmbedding   size of the bond features
 * @param dataMean           the network's output is {@code dataStd * y + dataMean} per structure
 * @param dataStd            see {@code dataMean}; eV
 * @param elementRefs        true when the Potential adds per-element reference energies (model.json's
 *                           {@code element_refs} is set), so the state dict must hold {@code element_refs.*}
 */
public record M3GNetHyperParameters(List<String> elementTypes, int units, int nblocks, int maxN, int maxL, double cutoff,
        double threebodyCutoff, String rbfType, boolean useSmooth, boolean usePhi, String activationType, String readoutType,
        boolean isIntensive, boolean includeState, int ntargets, int dimStateEmbedding, int dimNodeEmbedding,
        int dimEdgeEmbedding, double dataMean, double dataStd, boolean elementRefs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** matgl writes the Potential's tensors as their repr, e.g. {@code tensor(4.58613348, device='cuda:0')}. */
    private static final Pattern SCALAR_REPR = Pattern.compile("\\s*tensor\\(\\s*([-+0-9.eE]+|nan|inf)\\s*[,)].*", Pattern.DOTALL);

    public M3GNetHyperParameters {
        elementTypes = List.copyOf(elementTypes);
    }

    /** Number of node types (rows of the element embedding). */
    public int ntypes() { return elementTypes.size(); }

    /** Size of the three-body basis: {@code max_n * max_l} (spherical Bessel times spherical harmonics, no phi). */
    public int degree() { return maxN * maxL; }

    /** Size of the radial basis of the bonds: {@code max_n} for smooth Bessel functions, else {@code max_n * max_l}. */
    public int degreeRbf() { return useSmooth ? maxN : maxN * maxL; }

    /** The node type of an element symbol, or -1 when the model does not cover it. */
    public int typeOf(String symbol) { return elementTypes.indexOf(symbol); }

    /**
     * Parses {@code json} (the text of a model.json; {@code where} names it in messages), taking
     * {@code data_mean}/{@code data_std} from the state dict's tensors of those names when present.
     */
    public static M3GNetHyperParameters parse(String json, String where, Map<String, Tensor> tensors) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputException(where + ": not valid JSON (line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new InputException(where + ": not a JSON object, so not a matgl model.json");
        String cls = root.path("@class").asText("");
        String module = root.path("@module").asText("");
        if (cls.equals("M3GNet")) {
            throw new InputException(where + ": a bare M3GNet model (" + module + "), not a matgl Potential: energies, forces and"
                    + " stresses need a Potential model folder (@class Potential, e.g. M3GNet-MP-2021.2.8-PES)");
        }
        if (!cls.equals("Potential") || !module.startsWith("matgl.apps")) {
            throw new InputException(where + ": @class '" + cls + "' (module '" + module + "') is not a matgl Potential;"
                    + " expected an M3GNet potential folder such as M3GNet-MP-2021.2.8-PES");
        }
        JsonNode kwargs = root.path("kwargs");
        JsonNode model = kwargs.path("model");
        String modelClass = model.path("@class").asText("");
        if (!modelClass.equals("M3GNet")) {
            throw new InputException(where + ": the Potential wraps a '" + (modelClass.isEmpty() ? "?" : modelClass)
                    + "' model, not M3GNet; only M3GNet potentials are supported");
        }
        if (kwargs.path("calc_repuls").asBoolean(false)) {
            throw new InputException(where + ": calc_repuls is true (a ZBL repulsion term), which is not supported");
        }
        JsonNode a = model.path("init_args");
        if (!a.isObject()) throw new InputException(where + ": kwargs.model.init_args is missing");

        JsonNode el = a.path("element_types");
        if (!el.isArray() || el.isEmpty()) throw new InputException(where + ": init_args.element_types is missing or empty");
        List<String> elements = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode e : el) {
            String s = e.asText("");
            try {
                Element.of(s);
            } catch (IllegalArgumentException ex) {
                throw new InputException(where + ": init_args.element_types holds '" + s + "', which is not an element symbol");
            }
            if (!seen.add(s)) throw new InputException(where + ": init_args.element_types lists " + s + " twice");
            elements.add(s);
        }

        String rbf = text(a, "rbf_type", where);
        if (!rbf.equals("SphericalBessel")) throw unsupported(where, "rbf_type", rbf, "SphericalBessel");
        String readout = text(a, "readout_type", where);
        if (!readout.equals("weighted_atom")) throw unsupported(where, "readout_type", readout, "weighted_atom");
        String activation = text(a, "activation_type", where);
        if (!activation.equals("swish")) throw unsupported(where, "activation_type", activation, "swish");
        boolean intensive = bool(a, "is_intensive", where);
        if (intensive) throw unsupported(where, "is_intensive", "true", "false (a potential's energy is a sum over atoms)");
        boolean state = bool(a, "include_state", where);
        if (state) throw unsupported(where, "include_state", "true", "false");
        boolean phi = bool(a, "use_phi", where);
        if (phi) throw unsupported(where, "use_phi", "true", "false");
        boolean smooth = bool(a, "use_smooth", where);
        String task = a.path("task_type").asText("regression");
        if (!task.equals("regression")) throw unsupported(where, "task_type", task, "regression");

        int units = positive(a, "units", where, -1);
        int nblocks = positive(a, "nblocks", where, -1);
        int maxN = positive(a, "max_n", where, -1);
        int maxL = positive(a, "max_l", where, -1);
        if (maxN > 64) throw unsupported(where, "max_n", Integer.toString(maxN), "at most 64 (matgl's own limit)");
        int ntargets = positive(a, "ntargets", where, 1);
        if (ntargets != 1) throw unsupported(where, "ntargets", Integer.toString(ntargets), "1 (the energy)");
        int dimNode = positive(a, "dim_node_embedding", where, 64);
        int dimEdge = positive(a, "dim_edge_embedding", where, 64);
        int dimState = a.path("dim_state_embedding").asInt(0);
        double cutoff = length(a, "cutoff", where);
        double threebody = length(a, "threebody_cutoff", where);
        if (threebody > cutoff) {
            throw new InputException(where + ": threebody_cutoff " + threebody + " exceeds cutoff " + cutoff + "; matgl builds triplets from graph bonds");
        }

        JsonNode refsNode = kwargs.path("element_refs");
        boolean refs = !refsNode.isMissingNode() && !refsNode.isNull();
        double mean = scaling(tensors, kwargs, "data_mean", 0.0, where);
        double std = scaling(tensors, kwargs, "data_std", 1.0, where);
        if (!Double.isFinite(mean)) throw new InputException(where + ": data_mean is " + mean);
        if (!Double.isFinite(std) || std == 0) throw new InputException(where + ": data_std is " + std);
        return new M3GNetHyperParameters(elements, units, nblocks, maxN, maxL, cutoff, threebody, rbf, smooth, phi, activation,
                readout, intensive, state, ntargets, dimState, dimNode, dimEdge, mean, std, refs);
    }

    /** The scaling constant: the state-dict tensor if there is one, else the repr in model.json, else matgl's default. */
    private static double scaling(Map<String, Tensor> tensors, JsonNode kwargs, String name, double fallback, String where) {
        Tensor t = tensors == null ? null : tensors.get(name);
        if (t != null) {
            if (t.numel() != 1) throw new InputException(where + ": state-dict tensor " + name + " has shape " + t.shapeText() + ", not a scalar");
            return t.scalar();
        }
        JsonNode v = kwargs.path(name);
        if (v.isMissingNode() || v.isNull()) return fallback;
        if (v.isNumber()) return v.asDouble();
        Matcher m = SCALAR_REPR.matcher(v.asText());
        if (!m.matches()) throw new InputException(where + ": kwargs." + name + " is '" + v.asText() + "', not a number or a scalar tensor");
        return Double.parseDouble(m.group(1));
    }

    private static InputException unsupported(String where, String option, String value, String supported) {
        return new InputException(where + ": unsupported option " + option + " = " + value + " (supported: " + supported + ")");
    }

    private static String text(JsonNode a, String name, String where) {
        JsonNode v = a.path(name);
        if (!v.isTextual()) throw new InputException(where + ": init_args." + name + " is missing or not a string");
        return v.asText();
    }

    private static boolean bool(JsonNode a, String name, String where) {
        JsonNode v = a.path(name);
        if (!v.isBoolean()) throw new InputException(where + ": init_args." + name + " is missing or not true/false");
        return v.asBoolean();
    }

    /** A positive integer option; {@code fallback} (matgl's default) when absent, or -1 when it is required. */
    private static int positive(JsonNode a, String name, String where, int fallback) {
        JsonNode v = a.path(name);
        if ((v.isMissingNode() || v.isNull()) && fallback > 0) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 4096) {
            throw new InputException(where + ": init_args." + name + " is " + (v.isMissingNode() ? "missing" : v.toString())
                    + ", not a positive integer");
        }
        return v.asInt();
    }

    private static double length(JsonNode a, String name, String where) {
        JsonNode v = a.path(name);
        if (!v.isNumber() || !(v.asDouble() > 0) || v.asDouble() > 20) {
            throw new InputException(where + ": init_args." + name + " is " + (v.isMissingNode() ? "missing" : v.toString())
                    + ", not a cutoff in Å between 0 and 20");
        }
        return v.asDouble();
    }
}
