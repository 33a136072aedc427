package org.crystalgan.app.screening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;

/** Screening stand-in: ranks by volume per atom and gives each row two made-up-free numbers (volume, density). */
class FakeScreening implements ScreeningServices {
    @Override public List<Column> columns() {
        return List.of(new Column("vpa", "Volume per atom (Å³)"), new Column("density", "Density (g/cm³)"));
    }

    @Override public List<Threshold> paperThresholds() { return List.of(new Threshold("vpa", Double.NaN, 10)); }

    @Override public List<Row> screen(List<StructureEntry> in, Work.Progress p) {
        List<StructureEntry> sorted = new ArrayList<>(in);
        sorted.sort(java.util.Comparator.comparingDouble(e -> e.structure().volume() / e.structure().size()));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            StructureEntry e = sorted.get(i);
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("vpa", e.structure().volume() / e.structure().size());
            v.put("density", e.structure().density());
            rows.add(new Row(e, i + 1, v, v.get("vpa") <= 10, ""));
        }
        return rows;
    }
}
