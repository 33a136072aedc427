package org.crystalgan.app;

import java.io.IOException;
import java.nio.file.Path;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.base.SafeNames;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.CifWriter;

/** File → Export: the structure shown in the 3-D viewer as a P1 CIF file (io's CifWriter). */
final class ExportActions {
    private ExportActions() { }

    static void exportShownStructure(AppContext ctx) {
        Structure s = ctx.viewer().structureProperty().get();
        if (s == null) {
            ctx.dialogs().showError("Export CIF", "No structure is shown in the 3-D viewer.",
                    "Select a structure in the Data, Generate or Screening table first.");
            return;
        }
        String name = safeName(ctx.viewer().titleProperty().get(), s);
        Path start = ctx.settings().getFolder("lastExportFolder").orElse(null);
        ctx.dialogs().chooseFileToSave("Export the shown structure as CIF", start, name + ".cif").ifPresent(p -> {
            try {
                writeCif(p, s, name);
                ctx.settings().putFolder("lastExportFolder", p.toAbsolutePath().getParent());
            } catch (IOException e) {
                ctx.dialogs().showError("Export CIF", e);
            }
        });
    }

    static void writeCif(Path file, Structure s, String dataName) throws IOException {
        AtomicFiles.writeString(file, CifWriter.write(s, dataName));
    }

    static String safeName(String title, Structure s) {
        String base = title == null || title.isBlank() ? s.composition().reducedFormula() : title;
        return SafeNames.of(base);
    }
}
