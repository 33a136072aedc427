package org.crystalgan.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.base.Csv;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.CifReader;
import org.crystalgan.io.CifWriter;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.screening.ScreeningPipeline;

/**
 * The record of finished relaxations of a screening, so that a cancelled or crashed run loses none: each relaxed cell
 * as {@code relaxations/NAME_HASH.cif}, then one line of {@code relaxations/journal.csv}, both written atomically (the
 * CIF first, so a line never names a missing file). A line is found again by the SHA-256 of its input cell and the
 * relaxation settings (potential, fmax, steps), never by name alone: a changed input or setting relaxes anew.
 *
 * <p>What comes back is always the journalled form (the CIF read back, the energy as written: {@link Double#toString}
 * round-trips exactly), for fresh and resumed relaxations alike, so a resumed screening ranks the same numbers as an
 * uninterrupted one. Safe for the batch relaxer's worker threads.
 */
final class RelaxationJournal {
    static final String FOLDER = "relaxations";
    static final String FILE = "journal.csv";
    static final String HEADER = "input_sha256,settings,verdict,steps,energy_eV,file,name,reason";

    private record Line(String sha, String settings, String verdict, int steps, double energy, String file, String name, String reason) {
    }

    private final Path dir;
    private final String settings;
    private final Map<String, Line> lines = new HashMap<>();
    private final List<Line> order = new ArrayList<>();
    private final Map<String, String> memoryCifs = new HashMap<>();

    private RelaxationJournal(Path dir, String settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** A journal kept in memory only (nothing resumes), giving the same journalled form. */
    static RelaxationJournal inMemory(String potential, RelaxOptions options) {
        return new RelaxationJournal(null, ScreeningService.settings(potential, options));
    }

    /** Opens (or starts) the journal in {@code dir}; a malformed line is an {@link InputException} naming it. */
    static RelaxationJournal open(Path dir, String potential, RelaxOptions options) throws IOException {
        RelaxationJournal j = new RelaxationJournal(dir, ScreeningService.settings(potential, options));
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return j;
        List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (text.isEmpty() || !text.get(0).equals(HEADER)) throw new InputException(f + ": not a relaxation journal (the header must be " + HEADER + ")");
        for (int i = 1; i < text.size(); i++) {
            if (text.get(i).isBlank()) continue;
            List<String> c = parse(text.get(i));
            if (c.size() != 8) throw new InputException(f + " line " + (i + 1) + ": expected 8 fields, found " + c.size());
            try {
                Line l = new Line(c.get(0), c.get(1), c.get(2), Integer.parseInt(c.get(3)), Double.parseDouble(c.get(4)), c.get(5), c.get(6), c.get(7));
                j.lines.put(key(l.sha(), l.settings()), l);
                j.order.add(l);
            } catch (NumberFormatException e) {
                throw new InputException(f + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return j;
    }

    /** The journalled outcome for this input cell under these settings, or null (also when its CIF has gone). */
    synchronized ScreeningPipeline.Relaxed find(String name, Structure input) {
        Line l = lines.get(key(sha(input), settings));
        if (l == null) return null;
        String cif = readCif(l.file());
        if (cif == null) return null;
        return new ScreeningPipeline.Relaxed(parseCif(cif, l.file(), name), l.energy(), l.verdict(), l.steps(), l.reason());
    }

    /** Journals a finished relaxation and returns its journalled form. */
    synchronized ScreeningPipeline.Relaxed record(String name, Structure input, RelaxResult r) throws IOException {
        String sha = sha(input);
        String file = SafeNames.of(name) + "_" + sha.substring(0, 12) + ".cif";
        String cif = CifWriter.write(r.relaxed(), SafeNames.of(name));
        String reason = r.reason() == null ? "" : r.reason().replace('\n', ' ').replace('\r', ' ');
        Line l = new Line(sha, settings, r.verdict().label(), r.steps(), r.finalEnergy(), file, name.replace('\n', ' ').replace('\r', ' '), reason);
        if (dir == null) {
            memoryCifs.put(file, cif);
        } else {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(file), cif);
        }
        Line old = lines.put(key(sha, settings), l);
        if (old != null) order.remove(old);
        order.add(l);
        if (dir != null) {
            StringBuilder b = new StringBuilder(HEADER).append('\n');
            for (Line x : order) {
                b.append(Csv.row(x.sha(), x.settings(), x.verdict(), String.valueOf(x.steps()), Double.toString(x.energy()), x.file(), x.name(), x.reason()))
                        .append('\n');
            }
            AtomicFiles.writeString(dir.resolve(FILE), b.toString());
        }
        return new ScreeningPipeline.Relaxed(parseCif(cif, file, name), r.finalEnergy(), r.verdict().label(), r.steps(), reason);
    }

    private String readCif(String file) {
        if (dir == null) return memoryCifs.get(file);
        Path p = dir.resolve(file);
        if (!p.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(p)) return null;
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static Structure parseCif(String cif, String file, String name) {
        return new CifReader().parse(cif, Path.of(file), name).get(0).structure();
    }

    private static String key(String sha, String settings) { return sha + " " + settings; }

    /** SHA-256 of the cell's exact numbers: lattice rows, then element, fractional coordinates and occupancy per site. */
    static String sha(Structure s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder b = new StringBuilder();
            for (double[] row : s.lattice().matrix()) for (double v : row) b.append(Double.doubleToLongBits(v)).append(' ');
            for (Site site : s.sites()) {
                b.append(site.element().symbol()).append(' ').append(Double.doubleToLongBits(site.frac().x())).append(' ')
                        .append(Double.doubleToLongBits(site.frac().y())).append(' ').append(Double.doubleToLongBits(site.frac().z())).append(' ')
                        .append(Double.doubleToLongBits(site.occupancy())).append(';');
            }
            return HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One RFC 4180 line (as {@link Csv#row} writes it) into its fields. */
    static List<String> parse(String line) {
        return Csv.split(line);
    }
}
