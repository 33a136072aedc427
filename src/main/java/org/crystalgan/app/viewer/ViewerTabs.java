package org.crystalgan.app.viewer;

import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The side panel: the structure (3-D view) and its simulated powder pattern, one tab each, for the same structure. */
public final class ViewerTabs extends TabPane {
    private final CrystalViewer viewer;
    private final XrdPanel xrd;
    private final Tab xrdTab;

    public ViewerTabs(CrystalViewer viewer) {
        this.viewer = viewer;
        this.xrd = new XrdPanel(viewer.viewModel(), new XrdViewModel());
        setId("viewerTabs");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        Tab structure = new Tab("Structure", viewer);
        xrdTab = new Tab("Powder XRD", xrd);
        xrdTab.setId("xrdTab");
        getTabs().addAll(structure, xrdTab);
    }

    public CrystalViewer viewer() { return viewer; }
    public XrdPanel xrd() { return xrd; }

    /** Brings the powder pattern to the front. */
    public void showXrd() { getSelectionModel().select(xrdTab); }
}
