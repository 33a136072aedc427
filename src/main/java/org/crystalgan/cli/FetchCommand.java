package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.crystalgan.base.Csv;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.InputException;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;
import org.crystalgan.io.mp.MpApiKey;
import org.crystalgan.io.mp.MpClient;
import org.crystalgan.io.mp.MpMaterial;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code crystalgan fetch --chemsys Mg-Mn-O --out DIR}: a Materials Project download folder. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download the materials of a chemical system and all its subsystems from the Materials Project:",
                "one CIF per material and materials.csv with its properties. The API key comes from the environment",
                "variable MP_API_KEY or the settings file. A repeated query is answered from the local cache."})
public final class FetchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--chemsys", required = true, description = "chemical system, e.g. Mg-Mn-O (its subsystems are included)")
    String chemsys;

    @Option(names = "--out", required = true, description = "folder for the CIF files and materials.csv")
    Path out;

    @Option(names = "--fields", split = ",", description = "extra summary fields to request (comma-separated)")
    List<String> extraFields = new ArrayList<>();

    @Option(names = "--refresh", description = "ask the service again even when the query is cached")
    boolean refresh;

    @Option(names = "--endpoint", description = "API base URL (default ${DEFAULT-VALUE})")
    URI endpoint = MpClient.DEFAULT_BASE;

    @Option(names = "--settings", description = "settings file holding mp.api_key (default ~/.crystalgan/settings.properties)")
    Path settings = MpApiKey.defaultSettingsFile();

    @Option(names = "--cache", description = "cache folder (default ~/.crystalgan/mp-cache)")
    Path cache = MpClient.defaultCacheDir();

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MpApiKey key = MpApiKey.require(System.getenv(), settings);
        List<String> fields = new ArrayList<>(MpClient.DEFAULT_FIELDS);
        for (String f : extraFields) if (!f.isBlank() && !fields.contains(f.strip())) fields.add(f.strip());
        MpClient client = new MpClient(endpoint, key, cache, MpClient.Config.defaults());
        MpClient.Result r = client.searchChemsys(chemsys, fields, refresh, (n, total, msg) -> {
            err.println(msg);
            err.flush();
        });
        List<String> systems = MpClient.subsystems(chemsys);
        StringBuilder csv = new StringBuilder("material_id,formula,energy_per_atom_eV,formation_energy_per_atom_eV,"
                + "energy_above_hull_eV,band_gap_eV,theoretical,nsites,file\n");
        int written = 0;
        for (MpMaterial m : r.materials()) {
            String file = "";
            if (m.structure() != null) {
                file = safeName(m.materialId()) + ".cif";
                AtomicFiles.writeString(out.resolve(file), CifWriter.write(m.structure(), m.materialId()));
                written++;
            }
            csv.append(String.join(",", Arrays.asList(m.materialId(), Csv.field(m.formula()), num(m.energyPerAtom()),
                    num(m.formationEnergyPerAtom()), num(m.energyAboveHull()), num(m.bandGap()),
                    m.theoretical() == null ? "" : m.theoretical().toString(),
                    m.structure() == null ? "" : Integer.toString(m.structure().size()), file))).append('\n');
        }
        AtomicFiles.writeString(out.resolve(DatasetBuilder.MP_INDEX), csv.toString());
        for (String p : r.problems()) err.println("warning: " + p);
        o.printf(Locale.ROOT, "%d materials of %s (%s) -> %s: %d CIF files and %s%s%n", r.materials().size(), chemsys,
                String.join(", ", systems), out, written, DatasetBuilder.MP_INDEX, r.fromCache() ? " (from the local cache)" : "");
        return Main.OK;
    }

    /** Material ids become file names; anything unexpected in them is replaced. */
    static String safeName(String id) {
        String s = SafeNames.of(id, "");
        if (s.isEmpty()) throw new InputException("material id '" + id + "' cannot be a file name");
        return s;
    }

    private static String num(Double d) { return d == null ? "" : String.format(Locale.ROOT, "%.6f", d); }
}
