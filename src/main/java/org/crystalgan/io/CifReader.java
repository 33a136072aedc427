package org.crystalgan.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.SymOp;
import org.crystalgan.crystal.Vec3;

/**
 * Reads CIF 1.1 files as pymatgen, VESTA, ICSD, COD, Materials Studio and FullProf write them: one
 * structure per data block that has a cell and atom sites (blocks with neither, such as a
 * "global" block of publication data, are passed over). The asymmetric unit is expanded with the
 * symmetry operations the file lists ({@code _symmetry_equiv_pos_as_xyz} or
 * {@code _space_group_symop_operation_xyz}) or, when it lists none, with those of its Hall symbol,
 * Hermann-Mauguin symbol or space-group number from {@link SpaceGroups}. Images of a site closer
 * than {@value #MERGE_FRACTIONAL} in every fractional coordinate or {@value #MERGE_ANGSTROM} Å are
 * one site. Partial occupancies are kept as sites with occupancy below 1 and reported through the
 * warning listener.
 *
 * <p>Naming: a file with one structure names it after the file (without extension); a file with
 * several names each after its data block.
 */
public final class CifReader {
    /** Fractional tolerance (per coordinate, periodic) under which two images are one site. */
    public static final double MERGE_FRACTIONAL = 1e-3;
    /** Cartesian tolerance (Å) under which two images are one site. */
    public static final double MERGE_ANGSTROM = 0.01;
    /** How far above 1 the occupancies on one position may add up before the file is refused (refined values are rounded). */
    public static final double OCCUPANCY_SUM_TOLERANCE = 0.05;

    // possessive quantifiers: "\d+\.?\d*" alone backtracks quadratically on a long run of digits that
    // does not end as a number (found by fuzzing: 20,000 digits took seconds)
    private static final Pattern NUMBER = Pattern.compile("([+-]?+(?:\\d++\\.?+\\d*+|\\.\\d++)(?:[eE][+-]?+\\d++)?+)(?:\\(\\d++\\))?+");
    private static final Pattern FRACTION = Pattern.compile("([+-]?\\d+)/(\\d+)");

    private final Consumer<String> warnings;
    private final long maxBytes;

    /** A reader that drops warnings. */
    public CifReader() { this(w -> { }); }

    /** A reader that reports partial occupancies, assumed symmetry and merged duplicates to {@code warnings}. */
    public CifReader(Consumer<String> warnings) { this(warnings, TextFiles.maxBytes()); }

    public CifReader(Consumer<String> warnings, long maxBytes) {
        this.warnings = warnings;
        this.maxBytes = maxBytes;
    }

    /** Every structure in the file, read as a stream: memory stays bounded whatever the file's size. */
    public List<NamedStructure> read(Path file) throws IOException {
        try (java.io.Reader r = TextFiles.open(file, maxBytes)) {
            return parse(r, file, stem(file));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Every structure in CIF text; {@code file} (may be null) only names the source in messages
     * and in the result, {@code name} names a lone structure.
     */
    public List<NamedStructure> parse(String text, Path file, String name) {
        return parse(new java.io.StringReader(text), file, name);
    }

    private List<NamedStructure> parse(java.io.Reader text, Path file, String name) {
        List<CifBlock> blocks = CifParser.parse(text, file, name, warnings, TextFiles.maxSites());
        boolean fullprof = blocks.stream().anyMatch(CifReader::fromFullProf);
        List<CifBlock> withStructure = new ArrayList<>();
        // blocks that could not be parsed or built: the file fails only when no block gives a structure
        List<CifBlock> failed = new ArrayList<>();
        List<StructureFormatException> failures = new ArrayList<>();
        for (CifBlock b : blocks) {
            if (b.failure() != null) {
                failed.add(b);
                failures.add(b.failure());
            } else if (b.has("_cell_length_a") || b.has("_atom_site_fract_x") || b.has("_atom_site_cartn_x")) {
                withStructure.add(b);
            }
        }
        if (withStructure.isEmpty()) {
            if (!failures.isEmpty()) throw failures.get(0);
            if (blocks.isEmpty()) throw new StructureFormatException(file, 0, "no CIF data in the file (no data_ block, no items)");
            throw new StructureFormatException(file, blocks.get(0).line(),
                    "no crystal structure: no data block has a cell (_cell_length_a) or atom sites (_atom_site_fract_x)");
        }
        if (withStructure.size() > 1) {
            // a cell without atoms next to complete blocks is a powder-pattern or metadata block, not a broken structure
            List<CifBlock> complete = withStructure.stream().filter(b -> b.has("_atom_site_fract_x")).toList();
            if (!complete.isEmpty() && complete.size() < withStructure.size()) {
                for (CifBlock b : withStructure) {
                    if (!complete.contains(b)) {
                        warnings.accept((file == null ? "" : file.getFileName() + ": ") + "data_" + b.name()
                                + " (line " + b.line() + ") has a cell but no atom sites; passed over");
                    }
                }
                withStructure = complete;
            }
        }
        boolean several = withStructure.size() + failed.size() > 1;
        List<NamedStructure> out = new ArrayList<>();
        for (CifBlock b : withStructure) {
            try {
                Structure s = new BlockReader(b, file, fullprof).structure();
                out.add(new NamedStructure(several ? b.name() : name, s, file));
            } catch (StructureFormatException e) {
                if (!several) throw e;
                failed.add(b);
                failures.add(e);
            }
        }
        if (out.isEmpty()) throw failures.get(0);
        for (int i = 0; i < failed.size(); i++) {
            StructureFormatException e = failures.get(i);
            warnings.accept((file == null ? "" : file.getFileName() + ": ") + "data_" + failed.get(i).name() + " (line " + failed.get(i).line()
                    + ") left out: " + (e.line() > 0 ? "line " + e.line() + ": " : "") + e.problem());
        }
        return out;
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static boolean fromFullProf(CifBlock b) {
        for (String tag : List.of("_computing_structure_refinement", "_audit_creation_method", "_computing_publication_material")) {
            Optional<String> t = b.text(tag);
            if (t.isPresent() && t.get().toLowerCase(Locale.ROOT).contains("fullprof")) return true;
        }
        return false;
    }

    /** Parses a CIF number: "5.4310(2)" is 5.4310; a fraction "1/3" is accepted from hand-written files. */
    static OptionalNumber number(String text) {
        String t = text.strip();
        Matcher m = NUMBER.matcher(t);
        if (m.matches()) return new OptionalNumber(Double.parseDouble(m.group(1)));
        Matcher f = FRACTION.matcher(t);
        if (f.matches() && Double.parseDouble(f.group(2)) != 0) {
            return new OptionalNumber(Double.parseDouble(f.group(1)) / Double.parseDouble(f.group(2)));
        }
        return new OptionalNumber(Double.NaN);
    }

    record OptionalNumber(double value) {
        boolean ok() { return !Double.isNaN(value); }
    }

    /** Builds the structure of one block. */
    private final class BlockReader {
        private final CifBlock b;
        private final Path file;
        private final boolean fullprof;

        BlockReader(CifBlock b, Path file, boolean fullprof) {
            this.b = b;
            this.file = file;
            this.fullprof = fullprof;
        }

        private StructureFormatException error(int line, String problem) {
            return new StructureFormatException(file, line, "data_" + b.name() + ": " + problem);
        }

        private void warn(String w) {
            warnings.accept((file == null ? "" : file.getFileName() + ": ") + "data_" + b.name() + ": " + w);
        }

        double required(String tag) {
            CifBlock.Value v = b.value(tag).orElseThrow(() -> error(b.line(), "missing cell: " + tag + " is not given"));
            if (v.isMissing()) throw error(v.line(), "missing cell: " + tag + " is '" + v.text() + "' (unknown)");
            return num(v, tag);
        }

        double num(CifBlock.Value v, String what) {
            OptionalNumber n = number(v.text());
            if (!n.ok()) throw error(v.line(), "'" + CifParser.abbreviate(v.text()) + "' is not a number (" + what + ")");
            if (Double.isInfinite(n.value())) throw error(v.line(), "'" + CifParser.abbreviate(v.text()) + "' is too large a number (" + what + ")");
            return n.value();
        }

        Structure structure() {
            if (!b.has("_cell_length_a")) {
                throw error(b.line(), "missing cell: the block has atom sites but no _cell_length_a, _cell_length_b, _cell_length_c");
            }
            double a = required("_cell_length_a"), bb = required("_cell_length_b"), c = required("_cell_length_c");
            // the CIF dictionary's default for an absent angle is 90°
            double al = angle("_cell_angle_alpha"), be = angle("_cell_angle_beta"), ga = angle("_cell_angle_gamma");
            Lattice lattice;
            try {
                lattice = Lattice.fromParameters(a, bb, c, al, be, ga);
            } catch (IllegalArgumentException e) {
                throw error(b.value("_cell_length_a").map(CifBlock.Value::line).orElse(b.line()), "impossible cell: " + e.getMessage());
            }
            if (!Double.isFinite(lattice.volume())) {
                throw error(b.value("_cell_length_a").map(CifBlock.Value::line).orElse(b.line()), "impossible cell: its volume is not a finite number");
            }
            Optional<CifBlock.Loop> atomLoop = b.loop("_atom_site_fract_x");
            if (atomLoop.isEmpty()) {
                if (b.has("_atom_site_fract_x")) throw error(b.value("_atom_site_fract_x").get().line(), "atom sites must be given in a loop_");
                if (b.has("_atom_site_cartn_x")) {
                    throw error(b.loop("_atom_site_cartn_x").map(CifBlock.Loop::line).orElse(b.line()),
                            "atoms are given only in Cartesian coordinates (_atom_site_Cartn_x); give fractional ones (_atom_site_fract_x)");
                }
                throw error(b.line(), "no atom sites: the block has a cell but no _atom_site_fract_x loop");
            }
            List<SymOp> ops = operations(lattice);
            int maxSites = TextFiles.maxSites();
            if (atomLoop.get().rows().size() > maxSites) {
                throw error(atomLoop.get().line(), "the atom-site loop has " + atomLoop.get().rows().size()
                        + " rows, above the limit of " + maxSites + " sites (raise it with -Dcrystalgan.io.maxSites=...)");
            }
            List<Site> asym = asymmetricUnit(atomLoop.get());
            // merging images compares each with the sites kept so far: bound the work before it starts
            if ((long) asym.size() * ops.size() > 10L * maxSites) {
                throw error(atomLoop.get().line(), asym.size() + " atom sites times " + ops.size()
                        + " symmetry operations is too many images to expand (limit " + maxSites + " sites; raise it with -Dcrystalgan.io.maxSites=...)");
            }
            return expand(lattice, asym, ops, maxSites);
        }

        private double angle(String tag) {
            Optional<CifBlock.Value> v = b.value(tag);
            if (v.isEmpty() || v.get().isMissing()) return 90.0;
            return num(v.get(), tag);
        }

        private List<SymOp> operations(Lattice lattice) {
            List<CifBlock.Value> vals = b.values("_symmetry_equiv_pos_as_xyz");
            if (vals.isEmpty()) vals = b.values("_space_group_symop_operation_xyz");
            if (!vals.isEmpty()) {
                List<SymOp> ops = new ArrayList<>();
                for (CifBlock.Value v : vals) {
                    if (v.isMissing()) continue;
                    try {
                        SymOp op = SymOp.parse(v.text());
                        // a translation of 1e400 parses to infinity and would put atoms nowhere (found by fuzzing)
                        for (double t : op.translation()) {
                            if (!(Math.abs(t) <= 1e6)) throw new IllegalArgumentException("its translation " + t + " is out of range");
                        }
                        String notIsometry = notAnIsometry(op, lattice);
                        if (notIsometry != null) throw new IllegalArgumentException("'" + CifParser.abbreviate(v.text()) + "' " + notIsometry);
                        ops.add(op);
                    } catch (IllegalArgumentException e) {
                        throw error(v.line(), "cannot read symmetry operation: " + e.getMessage());
                    }
                }
                if (!ops.isEmpty()) return ops;
            }
            for (String tag : List.of("_space_group_name_hall", "_symmetry_space_group_name_hall")) {
                Optional<CifBlock.Value> v = b.value(tag).filter(x -> !x.isMissing() && !x.text().isBlank());
                if (v.isPresent()) {
                    Optional<SpaceGroups.Setting> s = SpaceGroups.byHall(v.get().text());
                    if (s.isPresent()) return s.get().operations();
                    warn("Hall symbol '" + v.get().text().strip() + "' (line " + v.get().line() + ") is not in the table; trying the other space-group items");
                }
            }
            for (String tag : List.of("_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m", "_space_group_name_h-m_full")) {
                Optional<CifBlock.Value> v = b.value(tag).filter(x -> !x.isMissing() && !x.text().isBlank());
                if (v.isPresent()) {
                    Optional<SpaceGroups.Setting> s = SpaceGroups.byHermannMauguin(hmWithChoice(v.get().text(), lattice));
                    if (s.isPresent()) return s.get().operations();
                    warn("Hermann-Mauguin symbol '" + v.get().text().strip() + "' (line " + v.get().line() + ") is not in the table; trying the other space-group items");
                }
            }
            for (String tag : List.of("_space_group_it_number", "_symmetry_int_tables_number")) {
                Optional<CifBlock.Value> v = b.value(tag).filter(x -> !x.isMissing());
                if (v.isPresent()) {
                    double n = num(v.get(), tag);
                    if (n != Math.rint(n) || n < 1 || n > 230) throw error(v.get().line(), "space-group number " + v.get().text() + " is not 1-230");
                    SpaceGroups.Setting s = SpaceGroups.byNumber((int) n);
                    if (isRhombohedralCell(lattice)) {
                        for (SpaceGroups.Setting r : SpaceGroups.all()) if (r.number() == s.number() && r.choice().equalsIgnoreCase("R")) s = r;
                    }
                    return s.operations();
                }
            }
            warn("no symmetry operations and no space group given; read as P 1");
            return List.of(SymOp.IDENTITY);
        }

        private Structure expand(Lattice lattice, List<Site> asym, List<SymOp> ops, int maxSites) {
            double[] rec = lattice.reciprocalNorms();
            double[] bound = new double[3];
            for (int i = 0; i < 3; i++) bound[i] = Math.max(MERGE_FRACTIONAL, MERGE_ANGSTROM * rec[i] * 1.0001);
            List<Site> out = new ArrayList<>();
            SiteGrid grid = new SiteGrid(bound);
            int duplicates = 0;
            String duplicateExample = null;
            List<String> overlaps = new ArrayList<>();
            for (Site s : asym) {
                List<Vec3> orbit = new ArrayList<>();
                for (SymOp op : ops) {
                    Vec3 p = op.apply(s.frac()).wrapped();
                    boolean seen = false;
                    for (Vec3 q : orbit) {
                        if (close(lattice, p, q, bound)) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) orbit.add(p);
                }
                double occ = s.occupancy();
                if (fullprof && occ < 1 - 1e-6 && orbit.size() < ops.size()
                        && Math.abs(occ * ops.size() / orbit.size() - 1) < 2e-3) {
                    // FullProf may write the multiplicity-scaled occupancy of its PCR file (site multiplicity / general multiplicity)
                    warn("site " + s.label() + ": occupancy " + fmt(occ) + " is FullProf's multiplicity-scaled value; read as 1");
                    occ = 1.0;
                }
                for (Vec3 p : orbit) {
                    int same = -1;
                    for (int k : grid.near(p)) {
                        if (close(lattice, p, out.get(k).frac(), bound)) {
                            Site o = out.get(k);
                            if (o.element() == s.element()) {
                                same = k;
                                break;
                            }
                            if (o.occupancy() + occ > 1 + 1e-3 && overlaps.size() < 3) overlaps.add(o.label() + "/" + s.label());
                        }
                    }
                    if (same >= 0) {
                        Site o = out.get(same);
                        if (o.isFullyOccupied() || occ >= 1 - 1e-6) {
                            duplicates++;
                            if (duplicateExample == null) duplicateExample = o.label() + "/" + s.label();
                        } else {
                            // one element listed twice on one position (e.g. Mn3+ and Mn4+ halves): one site, occupancies added
                            out.set(same, new Site(o.element(), o.frac(), Math.min(1.0, o.occupancy() + occ), o.label()));
                        }
                        continue;
                    }
                    if (out.size() == maxSites) {
                        throw error(b.line(), "more than " + maxSites + " sites after applying the symmetry operations"
                                + " (raise the limit with -Dcrystalgan.io.maxSites=...)");
                    }
                    grid.add(p, out.size());
                    out.add(new Site(s.element(), p, occ, s.label()));
                }
            }
            if (duplicates > 0) {
                warn(duplicates + " atom position(s) listed twice (e.g. " + duplicateExample + "); each kept once");
            }
            limitSharedOccupancy(lattice, out, grid, bound);
            List<Site> partial = out.stream().filter(x -> !x.isFullyOccupied()).toList();
            if (!partial.isEmpty()) {
                StringBuilder ex = new StringBuilder();
                asym.stream().filter(x -> !x.isFullyOccupied()).limit(3)
                        .forEach(x -> ex.append(ex.length() > 0 ? ", " : "").append(x.label()).append(' ').append(fmt(x.occupancy())));
                warn(partial.size() + " of " + out.size() + " sites are partially occupied (" + ex
                        + "); kept as a disordered structure with occupancies below 1");
            }
            return new Structure(lattice, out);
        }

        /**
         * Different elements on one position are one disordered site (as pymatgen reads them): their
         * occupancies may add up to 1. A sum a little above 1 is refinement rounding and is scaled
         * down, as pymatgen's occupancy tolerance does; a larger sum is an error in the file, which
         * pymatgen refuses too, and is never passed on to a JSON that pymatgen could not load.
         */
        private void limitSharedOccupancy(Lattice lattice, List<Site> out, SiteGrid grid, double[] bound) {
            int[] group = new int[out.size()];
            java.util.Arrays.fill(group, -1);
            int scaled = 0;
            for (int i = 0; i < out.size(); i++) {
                if (group[i] >= 0) continue;
                group[i] = i;
                List<Integer> members = new ArrayList<>(List.of(i));
                double total = out.get(i).occupancy();
                for (int k : grid.near(out.get(i).frac())) {
                    if (k > i && group[k] < 0 && close(lattice, out.get(i).frac(), out.get(k).frac(), bound)) {
                        group[k] = i;
                        members.add(k);
                        total += out.get(k).occupancy();
                    }
                }
                if (members.size() < 2 || total <= 1 + 1e-3) continue;
                if (total > 1 + OCCUPANCY_SUM_TOLERANCE) {
                    List<String> who = members.stream().limit(4).map(k -> (out.get(k).label() == null ? out.get(k).element().symbol()
                            : out.get(k).label()) + " " + fmt(out.get(k).occupancy())).toList();
                    throw error(b.line(), String.join(", ", who) + (members.size() > 4 ? ", ..." : "") + " share one position with total occupancy "
                            + fmt(total) + ", above 1: a position holds at most one atom");
                }
                for (int k : members) {
                    Site o = out.get(k);
                    out.set(k, new Site(o.element(), o.frac(), o.occupancy() / total, o.label()));
                }
                scaled++;
            }
            if (scaled > 0) warn(scaled + " position(s) shared by different elements with total occupancy up to " + fmt(1 + OCCUPANCY_SUM_TOLERANCE)
                    + " (rounding); their occupancies were scaled to add up to 1");
        }

        private List<Site> asymmetricUnit(CifBlock.Loop l) {
            int cx = l.column("_atom_site_fract_x"), cy = l.column("_atom_site_fract_y"), cz = l.column("_atom_site_fract_z");
            if (cy < 0 || cz < 0) throw error(l.line(), "the atom-site loop lacks _atom_site_fract_" + (cy < 0 ? "y" : "z"));
            int cType = l.column("_atom_site_type_symbol"), cLabel = l.column("_atom_site_label"), cOcc = l.column("_atom_site_occupancy");
            if (cType < 0 && cLabel < 0) throw error(l.line(), "the atom-site loop has neither _atom_site_type_symbol nor _atom_site_label: no way to know the elements");
            List<Site> out = new ArrayList<>();
            int zeros = 0;
            for (List<CifBlock.Value> row : l.rows()) {
                String label = cLabel >= 0 && !row.get(cLabel).isMissing() ? row.get(cLabel).text() : null;
                Element el = element(row, cType, cLabel);
                double x = coordinate(row.get(cx), label, "x"), y = coordinate(row.get(cy), label, "y"), z = coordinate(row.get(cz), label, "z");
                double occ = 1.0;
                if (cOcc >= 0 && !row.get(cOcc).isMissing()) {
                    CifBlock.Value v = row.get(cOcc);
                    occ = num(v, "_atom_site_occupancy of " + (label == null ? el.symbol() : label));
                    if (occ < 0) throw error(v.line(), "negative occupancy " + v.text() + " for " + (label == null ? el.symbol() : label));
                    if (occ > 1 + 1e-6) {
                        if (occ > 1.05) throw error(v.line(), "occupancy " + v.text() + " above 1 for " + (label == null ? el.symbol() : label));
                        occ = 1.0; // rounding in the last digit of a refined occupancy
                    }
                    if (occ == 0) {
                        zeros++;
                        continue;
                    }
                }
                out.add(new Site(el, new Vec3(x, y, z), Math.min(occ, 1.0), label));
            }
            if (zeros > 0) warn(zeros + " atom site(s) with occupancy 0 left out (they hold no atom)");
            if (out.isEmpty()) throw error(l.line(), "no atoms: every atom site has occupancy 0");
            return out;
        }

        private double coordinate(CifBlock.Value v, String label, String axis) {
            String who = label == null ? "an atom" : "atom " + label;
            if (v.isMissing() && v.text().equals(".")) {
                // '.' (inapplicable) where a number belongs: pymatgen reads it as 0, and files it reads must read here
                warn(who + ": " + axis + " coordinate '.' (line " + v.line() + ") read as 0, as pymatgen reads it");
                return 0.0;
            }
            if (v.isMissing()) throw error(v.line(), who + " has no " + axis + " coordinate ('" + v.text() + "')");
            return num(v, "_atom_site_fract_" + axis + " of " + who);
        }

        private Element element(List<CifBlock.Value> row, int cType, int cLabel) {
            CifBlock.Value type = cType >= 0 && !row.get(cType).isMissing() ? row.get(cType) : null;
            CifBlock.Value label = cLabel >= 0 && !row.get(cLabel).isMissing() ? row.get(cLabel) : null;
            if (type != null) {
                Optional<Element> e = Element.find(type.text());
                if (e.isPresent()) return e.get();
                if (label != null) {
                    Optional<Element> l = Element.find(label.text());
                    if (l.isPresent()) {
                        warn("type symbol '" + type.text() + "' (line " + type.line() + ") is no element; used the label " + label.text());
                        return l.get();
                    }
                }
                throw error(type.line(), "unknown element '" + type.text() + "' (_atom_site_type_symbol)");
            }
            if (label != null) {
                return Element.find(label.text()).orElseThrow(() -> error(label.line(),
                        "unknown element: label '" + label.text() + "' does not start with an element symbol and there is no _atom_site_type_symbol"));
            }
            throw error(row.get(0).line(), "an atom site has neither a type symbol nor a label");
        }
    }

    /**
     * Sites binned by fractional position so that finding the sites within the merge tolerance of a
     * point looks at the 27 neighbouring bins only (periodic), not at every site: expansion stays
     * linear in the number of atoms.
     */
    static final class SiteGrid {
        private final int[] n = new int[3];
        private final java.util.Map<Long, List<Integer>> bins = new java.util.HashMap<>();

        SiteGrid(double[] bound) {
            // bins no narrower than the tolerance, so a match is always in a neighbouring bin
            for (int i = 0; i < 3; i++) n[i] = (int) Math.max(1, Math.min(1024, Math.floor(1.0 / bound[i])));
        }

        private int cell(double f, int i) {
            double w = f - Math.floor(f);
            return Math.min((int) Math.floor(w * n[i]), n[i] - 1);
        }

        private long key(int a, int b, int c) {
            return ((long) Math.floorMod(a, n[0]) * n[1] + Math.floorMod(b, n[1])) * n[2] + Math.floorMod(c, n[2]);
        }

        void add(Vec3 p, int index) {
            bins.computeIfAbsent(key(cell(p.x(), 0), cell(p.y(), 1), cell(p.z(), 2)), k -> new ArrayList<>()).add(index);
        }

        /** Indices of the sites in the bins around {@code p}, ascending. */
        List<Integer> near(Vec3 p) {
            int a = cell(p.x(), 0), b = cell(p.y(), 1), c = cell(p.z(), 2);
            java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = -1; i <= 1; i++) for (int j = -1; j <= 1; j++) for (int k = -1; k <= 1; k++) {
                long key = key(a + i, b + j, c + k);
                if (!seen.add(key)) continue; // fewer than 3 bins along an axis: the same bin again
                List<Integer> l = bins.get(key);
                if (l != null) out.addAll(l);
            }
            return new ArrayList<>(out);
        }
    }

    /** Relative change of the metric above which an operation does not fit the cell (refined cells miss exact metric symmetry by far less). */
    static final double METRIC_TOLERANCE = 0.05;

    /**
     * Why a symmetry operation cannot be one of this cell's space group, or null: a crystallographic
     * operation keeps distances, so its rotation R has a finite order (R^n = 1 for n of 1, 2, 3, 4 or
     * 6) and keeps the metric, R^T G R = G with G the Gram matrix of the cell vectors. A shear such as
     * x+y+z,y,z passes the determinant test but piles images of one atom on top of each other.
     */
    static String notAnIsometry(SymOp op, Lattice lattice) {
        int[] power = op.rotation().clone();
        boolean finite = false;
        for (int n = 1; n <= 6 && !finite; n++) {
            if (java.util.Arrays.equals(power, SymOp.IDENTITY.rotation())) finite = true;
            else power = multiply(power, op.rotation());
        }
        if (!finite) return "is not a rotation or reflection (no power of it up to the 6th is the identity): it does not keep distances";
        double[][] m = lattice.matrix();
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) g[i][j] = m[i][0] * m[j][0] + m[i][1] * m[j][1] + m[i][2] * m[j][2];
        double scale = Math.max(g[0][0], Math.max(g[1][1], g[2][2]));
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double rgr = 0;
                for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) rgr += op.r(k, i) * g[k][l] * op.r(l, j);
                worst = Math.max(worst, Math.abs(rgr - g[i][j]) / scale);
            }
        }
        if (worst > METRIC_TOLERANCE) {
            return String.format(Locale.ROOT, "does not fit the cell (a = %.4g, b = %.4g, c = %.4g Å, α = %.2f, β = %.2f, γ = %.2f°):"
                    + " it changes distances by up to %.0f%% of a²; the operations belong to another cell or space group",
                    lattice.a(), lattice.b(), lattice.c(), lattice.alpha(), lattice.beta(), lattice.gamma(), 100 * worst);
        }
        return null;
    }

    private static int[] multiply(int[] a, int[] b) {
        int[] r = new int[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        return r;
    }

    static boolean close(Lattice lattice, Vec3 p, Vec3 q, double[] bound) {
        double dx = p.x() - q.x(), dy = p.y() - q.y(), dz = p.z() - q.z();
        dx = Math.abs(dx - Math.rint(dx));
        dy = Math.abs(dy - Math.rint(dy));
        dz = Math.abs(dz - Math.rint(dz));
        if (dx > bound[0] || dy > bound[1] || dz > bound[2]) return false;
        if (dx <= MERGE_FRACTIONAL && dy <= MERGE_FRACTIONAL && dz <= MERGE_FRACTIONAL) return true;
        return lattice.minimumImageDistance(p, q) <= MERGE_ANGSTROM;
    }

    /** ICSD writes the origin choice as a trailing word ("F d -3 m Z"); an R group without one follows the cell. */
    static String hmWithChoice(String symbol, Lattice lattice) {
        String t = symbol.strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"')) t = t.substring(1, t.length() - 1).strip();
        String[] words = t.split("\\s+");
        if (t.indexOf(':') < 0 && words.length > 1) {
            String last = words[words.length - 1].toUpperCase(Locale.ROOT);
            if (last.equals("S") || last.equals("Z") || last.equals("H") || last.equals("R")) {
                t = t.substring(0, t.length() - last.length()).strip() + ":" + last;
            }
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("R") && t.indexOf(':') < 0) t += isRhombohedralCell(lattice) ? ":R" : ":H";
        return t;
    }

    static boolean isRhombohedralCell(Lattice l) {
        return Math.abs(l.a() - l.b()) < 1e-3 && Math.abs(l.b() - l.c()) < 1e-3 && Math.abs(l.alpha() - l.beta()) < 1e-2
                && Math.abs(l.beta() - l.gamma()) < 1e-2 && Math.abs(l.alpha() - 90) > 1e-2;
    }

    static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
