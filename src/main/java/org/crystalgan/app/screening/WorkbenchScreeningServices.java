package org.crystalgan.app.screening;

import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;

/** The Screening pane's services in this build. */
public final class WorkbenchScreeningServices implements ScreeningServices {
    static final String NO_PIPELINE = "Screening needs the energy package's ScreeningPipeline (energies, hull, Pourbaix, band gap), "
            + "which is not part of this build yet.";

    @Override
    public Optional<String> unavailable() { return Optional.of(NO_PIPELINE); }

    @Override
    public List<Column> columns() { return List.of(); }

    @Override
    public List<Threshold> paperThresholds() { return List.of(); }

    @Override
    public List<Row> screen(List<StructureEntry> structures, Work.Progress p) {
        throw new UnsupportedOperationException(NO_PIPELINE);
    }
}
