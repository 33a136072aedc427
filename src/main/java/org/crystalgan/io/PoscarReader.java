package org.crystalgan.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Mat3;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;

/**
 * Reads VASP POSCAR / CONTCAR files (format as documented on the VASP wiki, "POSCAR"): comment,
 * scaling factor (one number, negative = target cell volume in Å³, or three per-axis factors),
 * three lattice vectors, the species line (VASP 5; "Mn_pv" or "Mn_pv/1a2b" POTCAR names read as
 * Mn), the counts, an optional "Selective dynamics" line whose T/F flags are ignored, "Direct" or
 * "Cartesian", then the positions. VASP 4 files have no species line: the caller supplies the
 * species, or the comment line must list them (as pymatgen and ASE write it).
 */
public final class PoscarReader {
    private PoscarReader() {}

    /** Reads a POSCAR; a VASP 4 file must name its species in the comment line. */
    public static NamedStructure read(Path file) throws IOException { return read(file, null); }

    /** Reads a POSCAR; {@code species} (may be null) names the species of a VASP 4 file in order. */
    public static NamedStructure read(Path file, List<String> species) throws IOException {
        return new NamedStructure(CifReader.stem(file), parse(boundedText(file), file, species), file);
    }

    /** Characters of the whole POSCAR kept: far above any header and 5,000 positions with velocities. */
    static final int MAX_CHARS = 16 << 20;

    /**
     * The lines a POSCAR reader can use, read as a stream: a header and at most the site limit of
     * positions (velocities and predictor-corrector blocks after them are not needed), the comment
     * line cut at 1,000 characters, any other line longer than a million refused. A file under the
     * size limit never fills the heap.
     */
    private static String boundedText(Path file) throws IOException {
        int maxLines = 16 + 2 * TextFiles.maxSites();
        StringBuilder sb = new StringBuilder();
        try (java.io.Reader r = TextFiles.open(file, TextFiles.maxBytes())) {
            CifParser.LineSource src = new CifParser.LineSource(r, CifParser.MAX_LINE_CHARS);
            String line;
            while ((line = src.next()) != null && src.lineNumber() <= maxLines) {
                if (src.lineNumber() == 1) {
                    line = line.length() > 1000 ? line.substring(0, 1000) : line;
                } else if (src.tooLong()) {
                    throw new StructureFormatException(file, src.lineNumber(), "line is longer than " + CifParser.MAX_LINE_CHARS
                            + " characters; no POSCAR line is that long (not a POSCAR file?)");
                }
                if (sb.length() + line.length() > MAX_CHARS) {
                    throw new StructureFormatException(file, src.lineNumber(), "more text than a POSCAR of " + TextFiles.maxSites()
                            + " sites holds (not a POSCAR file?)");
                }
                sb.append(line).append('\n');
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return sb.toString();
    }

    /** Parses POSCAR text; {@code file} (may be null) is named in error messages. */
    public static Structure parse(String text, Path file, List<String> species) {
        String[] lines = text.split("\r?\n", -1);
        Cursor c = new Cursor(lines, file);
        String comment = c.line(0, "comment");
        String[] scaleWords = c.words(1, "scaling factor");
        double[] scale;
        if (scaleWords.length >= 3 && CifReader.number(scaleWords[2]).ok()) {
            scale = new double[] {c.num(scaleWords[0], 1, "scaling factor"), c.num(scaleWords[1], 1, "scaling factor"),
                c.num(scaleWords[2], 1, "scaling factor")};
            for (double s : scale) if (s <= 0) throw c.error(1, "the three scaling factors must be positive");
        } else {
            scale = new double[] {c.num(scaleWords[0], 1, "scaling factor")};
            if (scale[0] == 0) throw c.error(1, "scaling factor is 0");
        }
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            String[] w = c.words(2 + i, "lattice vector " + "abc".charAt(i));
            if (w.length < 3) throw c.error(2 + i, "lattice vector " + "abc".charAt(i) + " needs three numbers");
            for (int j = 0; j < 3; j++) m[i][j] = c.num(w[j], 2 + i, "lattice vector " + "abc".charAt(i));
        }
        double[][] raw = {m[0].clone(), m[1].clone(), m[2].clone()};
        if (scale.length == 3) {
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i][j] *= scale[j];
        } else if (scale[0] > 0) {
            for (double[] row : m) for (int j = 0; j < 3; j++) row[j] *= scale[0];
        } else {
            // a negative scaling factor is the cell volume the vectors are stretched to
            double v = Math.abs(Mat3.det(raw));
            if (v < 1e-12) throw c.error(3, "the lattice vectors are linearly dependent");
            double f = Math.cbrt(-scale[0] / v);
            for (double[] row : m) for (int j = 0; j < 3; j++) row[j] *= f;
        }
        double linearScale = scale.length == 1 ? (scale[0] > 0 ? scale[0] : Math.cbrt(-scale[0] / Math.abs(Mat3.det(raw)))) : Double.NaN;
        Lattice lattice;
        try {
            lattice = Lattice.fromMatrix(m);
        } catch (IllegalArgumentException e) {
            throw c.error(3, "impossible cell: " + e.getMessage());
        }
        // finite numbers can overflow once scaled (a scaling factor of -1e308 asks for that volume)
        if (!Double.isFinite(lattice.volume())) throw c.error(1, "impossible cell: the scaled cell's volume is not a finite number");

        int row = 5;
        String[] w5 = c.words(row, "species or counts");
        List<Element> names;
        if (CifReader.number(w5[0]).ok()) {
            names = vasp4Species(species, comment, w5, c);
        } else {
            names = new ArrayList<>();
            for (String s : w5) {
                String sym = s.split("[_/]", -1)[0]; // -1: a lone "_" gives "", not an empty array
                Optional<Element> e = Element.find(sym).filter(x -> x.symbol().equalsIgnoreCase(sym));
                if (e.isEmpty()) throw c.error(row, "unknown element '" + s + "' in the species line");
                names.add(e.get());
            }
            row++;
        }
        String[] countWords = c.words(row, "atom counts");
        if (countWords.length < names.size()) {
            throw c.error(row, names.size() + " species but " + countWords.length + " counts");
        }
        int[] counts = new int[names.size()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            try {
                counts[i] = Integer.parseInt(countWords[i]);
            } catch (NumberFormatException e) {
                throw c.error(row, "'" + countWords[i] + "' is not a whole number of atoms");
            }
            if (counts[i] < 0) throw c.error(row, "negative atom count " + counts[i]);
            total += counts[i];
        }
        if (total == 0) throw c.error(row, "no atoms: all counts are 0");
        int maxSites = TextFiles.maxSites();
        if (total > maxSites) {
            throw c.error(row, "the counts add up to " + total + " atoms, above the limit of " + maxSites
                    + " sites (raise it with -Dcrystalgan.io.maxSites=...)");
        }
        if (total > lines.length - row) {
            throw c.error(row, "the counts announce " + total + " atoms but the file has only " + (lines.length - row - 1)
                    + " more lines (truncated file or wrong counts?)");
        }
        row++;
        String mode = c.line(row, "Direct or Cartesian").strip();
        if (!mode.isEmpty() && (mode.charAt(0) == 'S' || mode.charAt(0) == 's')) {
            row++;
            mode = c.line(row, "Direct or Cartesian").strip();
        }
        if (mode.isEmpty()) throw c.error(row, "expected 'Direct' or 'Cartesian', found an empty line");
        char m0 = Character.toLowerCase(mode.charAt(0));
        boolean cartesian = m0 == 'c' || m0 == 'k';
        if (!cartesian && m0 != 'd') throw c.error(row, "expected 'Direct' or 'Cartesian', found '" + CifParser.abbreviate(mode) + "'");
        row++;
        List<Site> sites = new ArrayList<>((int) total);
        int k = 0;
        for (int s = 0; s < names.size(); s++) {
            for (int n = 0; n < counts[s]; n++, k++) {
                int r = row + k;
                if (r >= lines.length || lines[r].isBlank()) {
                    throw c.error(Math.min(r, lines.length - 1), "expected " + total + " atom positions, found " + k + " (truncated file?)");
                }
                String[] w = lines[r].strip().split("\\s+");
                if (w.length < 3) throw c.error(r, "an atom position needs three numbers");
                Vec3 p = new Vec3(c.num(w[0], r, "position"), c.num(w[1], r, "position"), c.num(w[2], r, "position"));
                if (cartesian) {
                    Vec3 cart = scale.length == 3 ? new Vec3(p.x() * scale[0], p.y() * scale[1], p.z() * scale[2]) : p.times(linearScale);
                    p = lattice.toFractional(cart);
                }
                try {
                    sites.add(new Site(names.get(s), p, 1.0, null));
                } catch (IllegalArgumentException e) {
                    // finite numbers can still overflow once scaled or converted from Cartesian
                    throw c.error(r, "impossible atom position: " + e.getMessage());
                }
            }
        }
        return new Structure(lattice, sites);
    }

    private static List<Element> vasp4Species(List<String> species, String comment, String[] counts, Cursor c) {
        List<Element> out = new ArrayList<>();
        if (species != null && !species.isEmpty()) {
            if (species.size() != counts.length) {
                throw c.error(5, "this VASP 4 POSCAR has " + counts.length + " species counts but " + species.size() + " species were given");
            }
            for (String s : species) {
                out.add(Element.find(s).filter(x -> x.symbol().equalsIgnoreCase(s.strip()))
                        .orElseThrow(() -> c.error(5, "unknown element '" + s + "' among the species given for this VASP 4 POSCAR")));
            }
            return out;
        }
        String[] w = comment.strip().split("\\s+");
        for (String s : w) {
            String sym = s.replaceAll("\\d+$", "");
            Optional<Element> e = Element.find(sym).filter(x -> x.symbol().equalsIgnoreCase(sym));
            if (e.isEmpty()) break;
            out.add(e.get());
        }
        if (out.size() == counts.length && out.stream().distinct().count() == out.size()) return out;
        throw c.error(6, "VASP 4 POSCAR without a species line: the species are not known (give them in order, e.g. --species Mg,Mn,O, or add the VASP 5 species line)");
    }

    /** Line access with 1-based line numbers in errors. */
    private record Cursor(String[] lines, Path file) {
        StructureFormatException error(int row, String problem) {
            return new StructureFormatException(file, row + 1, problem);
        }

        String line(int row, String what) {
            if (row >= lines.length || (row == lines.length - 1 && lines[row].isBlank())) {
                throw error(Math.min(row, lines.length), "file ends where the " + what + " should be (truncated file?)");
            }
            return lines[row];
        }

        String[] words(int row, String what) {
            String l = line(row, what).strip();
            if (l.isEmpty()) throw error(row, "empty line where the " + what + " should be");
            // a '!' or '#' starts a comment on data lines in files written by some tools
            int bang = l.indexOf('!');
            if (bang > 0) l = l.substring(0, bang).strip();
            return l.split("\\s+");
        }

        double num(String w, int row, String what) {
            try {
                double v = Double.parseDouble(w);
                if (!Double.isFinite(v)) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw error(row, "'" + w + "' is not a number (" + what + ")");
            }
        }
    }
}
