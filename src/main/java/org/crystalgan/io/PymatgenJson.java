package org.crystalgan.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * pymatgen's {@code Structure.as_dict()} JSON, the shape the Materials Project serves:
 * {@code lattice.matrix} (rows a, b, c in Å) and {@code sites[]} with {@code species[{element,
 * occu}]}, fractional {@code abc} and Cartesian {@code xyz}. Reads a bare structure dict, a list of
 * them, a document with a {@code structure} field (named by its {@code material_id}) and a
 * Materials Project API response ({@code {"data": [...]}}). A site with several species (disorder)
 * becomes one {@link Site} per species at that position; writing groups them back.
 */
public final class PymatgenJson {
    // Python's json module writes NaN and Infinity (pymatgen properties hold them): read them, then refuse them where a coordinate must be
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private PymatgenJson() {}

    /**
     * JSON values (numbers, texts, lists, objects) one file may hold: a Materials Project answer of a
     * thousand materials has about half a million; the tree of this many fits a 512 MB heap.
     */
    static final long MAX_VALUES = 2_000_000;

    /** A file with more values than {@link #MAX_VALUES}: noticed while parsing, so the tree never grows past it. */
    private static final class TooManyValues extends com.fasterxml.jackson.core.JsonParseException {
        TooManyValues(com.fasterxml.jackson.core.JsonParser p) { super(p, "too many values"); }
    }

    public static List<NamedStructure> read(Path file) throws IOException {
        try (java.io.Reader r = TextFiles.open(file, TextFiles.maxBytes())) {
            return parse(r, file, CifReader.stem(file));
        }
    }

    public static List<NamedStructure> parse(String json, Path file, String name) {
        try {
            return parse(new java.io.StringReader(json), file, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<NamedStructure> parse(java.io.Reader json, Path file, String name) throws IOException {
        JsonNode root;
        try (com.fasterxml.jackson.core.JsonParser raw = MAPPER.getFactory().createParser(json)) {
            com.fasterxml.jackson.core.JsonParser counted = new com.fasterxml.jackson.core.util.JsonParserDelegate(raw) {
                private long values;

                @Override
                public com.fasterxml.jackson.core.JsonToken nextToken() throws IOException {
                    com.fasterxml.jackson.core.JsonToken t = super.nextToken();
                    if (t != null && t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME && ++values > MAX_VALUES) throw new TooManyValues(this);
                    return t;
                }
            };
            root = MAPPER.readTree(counted);
        } catch (TooManyValues e) {
            throw new StructureFormatException(file, JsonMessages.line(e), "holds more than " + MAX_VALUES
                    + " JSON values, more than any set of structures this program reads at once (split the file)");
        } catch (JsonProcessingException e) {
            throw new StructureFormatException(file, JsonMessages.line(e), JsonMessages.describe(e));
        }
        if (root == null || root.isMissingNode()) throw new StructureFormatException(file, 0, "file holds no JSON");
        List<NamedStructure> out = new ArrayList<>();
        collect(root, file, name, out, "");
        if (out.isEmpty()) {
            throw new StructureFormatException(file, 0, "no structure found: expected a pymatgen Structure dict with \"lattice\" and \"sites\"");
        }
        if (out.size() > 1) {
            // several structures: name them by id, or by position in the file
            List<NamedStructure> named = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                NamedStructure n = out.get(i);
                named.add(n.name().equals(name) ? new NamedStructure(name + "_" + (i + 1), n.structure(), file) : n);
            }
            return named;
        }
        return out;
    }

    private static void collect(JsonNode n, Path file, String name, List<NamedStructure> out, String path) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) collect(n.get(i), file, name, out, path + "[" + i + "]");
        } else if (n.isObject()) {
            if (n.has("lattice") && n.has("sites")) {
                out.add(new NamedStructure(name, fromDict(n, file, path.isEmpty() ? "structure" : path), file));
            } else if (n.has("structure")) {
                String id = n.hasNonNull("material_id") ? n.get("material_id").asText() : name;
                JsonNode s = n.get("structure");
                if (s.isObject() && s.has("lattice")) {
                    out.add(new NamedStructure(id, fromDict(s, file, path + ".structure"), file));
                }
            } else if (n.has("data")) {
                collect(n.get("data"), file, name, out, path + ".data");
            } else if (n.has("response")) {
                collect(n.get("response"), file, name, out, path + ".response");
            }
        }
    }

    /** A structure from an {@code as_dict()} node; {@code where} names the node in messages. */
    public static Structure fromDict(JsonNode d, Path file, String where) {
        JsonNode matrix = d.path("lattice").path("matrix");
        if (!matrix.isArray() || matrix.size() != 3) throw err(file, where + ".lattice.matrix must be three rows of three numbers");
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            JsonNode row = matrix.get(i);
            if (!row.isArray() || row.size() != 3) throw err(file, where + ".lattice.matrix row " + i + " must hold three numbers");
            for (int j = 0; j < 3; j++) m[i][j] = number(row.get(j), file, where + ".lattice.matrix[" + i + "][" + j + "]");
        }
        Lattice lattice;
        try {
            lattice = Lattice.fromMatrix(m);
        } catch (IllegalArgumentException e) {
            throw err(file, where + ".lattice: impossible cell: " + e.getMessage());
        }
        if (!Double.isFinite(lattice.volume())) throw err(file, where + ".lattice: impossible cell: its volume is not a finite number");
        JsonNode sites = d.get("sites");
        if (sites == null || !sites.isArray()) throw err(file, where + ".sites must be a list");
        int maxSites = TextFiles.maxSites();
        if (sites.isEmpty()) throw err(file, where + " holds no atoms (\"sites\" is empty)");
        if (sites.size() > maxSites) {
            throw err(file, where + ".sites holds " + sites.size() + " sites, above the limit of " + maxSites + " (raise it with -Dcrystalgan.io.maxSites=...)");
        }
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            JsonNode s = sites.get(i);
            String at = where + ".sites[" + i + "]";
            Vec3 frac;
            if (s.has("abc")) {
                frac = vec(s.get("abc"), file, at + ".abc");
            } else if (s.has("xyz")) {
                frac = lattice.toFractional(vec(s.get("xyz"), file, at + ".xyz"));
            } else {
                throw err(file, at + " has neither \"abc\" nor \"xyz\" coordinates");
            }
            JsonNode species = s.get("species");
            if (species == null || !species.isArray() || species.isEmpty()) throw err(file, at + ".species must be a non-empty list");
            String label = s.hasNonNull("label") ? s.get("label").asText() : null;
            double sum = 0;
            for (JsonNode sp : species) sum += sp.has("occu") && sp.get("occu").isNumber() ? sp.get("occu").asDouble() : 1.0;
            if (sum > 1 + 1e-3) throw err(file, at + ": the species' occupancies add up to " + sum + ", above 1 (pymatgen refuses such a site too)");
            for (JsonNode sp : species) {
                String sym = sp.path("element").asText("");
                Optional<Element> e = Element.find(sym).filter(x -> x.symbol().equalsIgnoreCase(sym.replaceAll("[0-9+\\-]+$", "")));
                if (e.isEmpty()) throw err(file, at + ": unknown element '" + sym + "'");
                double occ = sp.has("occu") ? number(sp.get("occu"), file, at + ".occu") : 1.0;
                if (!(occ > 0 && occ <= 1 + 1e-6)) throw err(file, at + ": occupancy " + occ + " must be in (0, 1]");
                String l = label == null || species.size() > 1 ? null : label;
                try {
                    out.add(new Site(e.get(), frac, Math.min(occ, 1.0), l));
                } catch (IllegalArgumentException ex) {
                    // finite Cartesian numbers can still overflow when converted to fractions
                    throw err(file, at + ": impossible position: " + ex.getMessage());
                }
            }
        }
        return new Structure(lattice, out);
    }

    /** JSON text of {@link #toDict}. */
    public static String write(Structure s) {
        try {
            return MAPPER.writeValueAsString(toDict(s)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Structure.as_dict()} node of a structure (sites at one position with different elements share a site). */
    public static ObjectNode toDict(Structure s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("@module", "pymatgen.core.structure");
        root.put("@class", "Structure");
        root.put("charge", 0);
        ObjectNode lat = root.putObject("lattice");
        ArrayNode matrix = lat.putArray("matrix");
        Lattice l = s.lattice();
        for (double[] row : l.matrix()) {
            ArrayNode r = matrix.addArray();
            for (double v : row) r.add(v);
        }
        ArrayNode pbc = lat.putArray("pbc");
        pbc.add(true).add(true).add(true);
        lat.put("a", l.a()).put("b", l.b()).put("c", l.c()).put("alpha", l.alpha()).put("beta", l.beta()).put("gamma", l.gamma())
                .put("volume", l.volume());
        root.putObject("properties");
        ArrayNode sites = root.putArray("sites");
        // partially occupied sites at one position are one pymatgen site with several species
        List<List<Site>> groups = new ArrayList<>();
        for (Site site : s.sites()) {
            List<Site> home = null;
            if (!site.isFullyOccupied()) {
                for (List<Site> g : groups) if (!g.get(0).isFullyOccupied() && g.get(0).frac().equals(site.frac())) home = g;
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(site);
        }
        for (List<Site> group : groups) {
            Site first = group.get(0);
            ObjectNode n = sites.addObject();
            ArrayNode sp = n.putArray("species");
            for (Site site : group) sp.addObject().put("element", site.element().symbol()).put("occu", site.occupancy());
            ArrayNode abc = n.putArray("abc");
            abc.add(first.frac().x()).add(first.frac().y()).add(first.frac().z());
            Vec3 xyz = l.toCartesian(first.frac());
            ArrayNode x = n.putArray("xyz");
            x.add(xyz.x()).add(xyz.y()).add(xyz.z());
            n.put("label", group.size() == 1 ? first.label() : String.join(",", group.stream().map(z -> z.element().symbol()).toList()));
            n.putObject("properties");
        }
        return root;
    }

    private static Vec3 vec(JsonNode n, Path file, String where) {
        if (n == null || !n.isArray() || n.size() != 3) throw err(file, where + " must hold three numbers");
        return new Vec3(number(n.get(0), file, where), number(n.get(1), file, where), number(n.get(2), file, where));
    }

    private static double number(JsonNode n, Path file, String where) {
        if (n == null || !n.isNumber()) throw err(file, where + " is not a number" + (n == null ? "" : " ('" + n.asText() + "')"));
        double v = n.asDouble();
        if (Double.isNaN(v)) throw err(file, where + " is NaN, not a number");
        if (!Double.isFinite(v)) throw err(file, where + " is too large a number ('" + n.asText() + "')");
        return v;
    }

    private static StructureFormatException err(Path file, String problem) {
        return new StructureFormatException(file, 0, problem);
    }
}
