package org.crystalgan.app.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.PerspectiveCamera;
import javafx.scene.PointLight;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SnapshotParameters;
import javafx.scene.SubScene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CullFace;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Cylinder;
import javafx.scene.shape.MeshView;
import javafx.scene.transform.Affine;
import javafx.scene.transform.Rotate;
import javafx.scene.transform.Translate;
import javax.imageio.ImageIO;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Vec3;

/**
 * The 3-D unit-cell view: atoms as spheres in their element colours, half-bonds, optional
 * coordination polyhedra, the cell box and a, b, c axes (red, green, blue), 1 to 3 repeats per axis.
 * Drag to rotate, right-drag (or shift-drag) to pan, scroll to zoom, click an atom for its details.
 *
 * <p>All spheres of one element are one merged mesh with one shared material, and so are the
 * half-bonds of one element and the polyhedra around one element (see {@link MeshBuilder}), so a
 * 3x3x3 supercell of a 28-atom cell (756 atoms, about 3,300 half-bonds) is a dozen nodes.
 */
public final class CrystalViewer extends BorderPane {
    public static final String NO_3D_MESSAGE = "3-D view not available: JavaFX found no usable OpenGL on this machine and draws without 3-D. "
            + "Install a graphics driver or Mesa (Debian/Ubuntu: apt install libgl1-mesa-dri; the workbench already accepts Mesa's "
            + "software OpenGL, so no GPU is needed) and start the workbench again. Meanwhile the table lists every site with its neighbours; "
            + "click a row for its details.";
    private static final double BOND_RADIUS = 0.11;

    private final ViewerViewModel vm;
    private final boolean has3d = Platform.isSupported(ConditionalFeature.SCENE3D);
    private final Group content = new Group();
    private final Rotate rx = new Rotate(-65, Rotate.X_AXIS);
    private final Rotate rz = new Rotate(-30, Rotate.Z_AXIS);
    private final Translate pan = new Translate();
    private final Translate centring = new Translate();
    private final PerspectiveCamera camera = Platform.isSupported(ConditionalFeature.SCENE3D) ? new PerspectiveCamera(true) : null;
    private final Map<Integer, PhongMaterial> materials = new HashMap<>();
    private final FlowPane legend = new FlowPane(10, 4);
    private SubScene subScene;
    // labels are 2-D nodes over the 3-D view, placed at each atom's projected centre, so they stay upright and readable
    // whatever the rotation (text in the 3-D scene would turn with it and be lit and hidden like the atoms)
    private final Pane labelLayer = new Pane();
    private CellGeometry geometry;
    private double pressX, pressY;
    private boolean dragged;

    public CrystalViewer(ViewerViewModel vm) {
        this.vm = vm;
        getStyleClass().add("crystal-viewer");
        setId("crystalViewer");
        setTop(toolbar());
        Pane centre;
        if (has3d) {
            Group world = new Group(content);
            world.getTransforms().addAll(pan, rx, rz);
            content.getTransforms().add(centring);
            AmbientLight ambient = new AmbientLight(Color.gray(0.45));
            PointLight light = new PointLight(Color.gray(0.75));
            camera.setNearClip(0.05);
            camera.setFarClip(5000);
            camera.setFieldOfView(35);
            light.translateXProperty().bind(camera.translateXProperty());
            light.translateYProperty().bind(camera.translateYProperty());
            light.translateZProperty().bind(camera.translateZProperty());
            Group root = new Group(world, ambient, light, camera);
            subScene = new SubScene(root, 400, 400, true, SceneAntialiasing.BALANCED);
            subScene.setId("viewerSubScene");
            subScene.setFill(Color.WHITE);
            subScene.setCamera(camera);
            labelLayer.setId("atomLabels");
            labelLayer.setMouseTransparent(true);
            labelLayer.setPickOnBounds(false);
            StackPane holder = new StackPane(subScene, labelLayer);
            holder.setMinSize(100, 100);
            subScene.widthProperty().bind(holder.widthProperty());
            subScene.heightProperty().bind(holder.heightProperty());
            installMouse(holder);
            centre = holder;
            javafx.beans.InvalidationListener moved = o -> placeLabels();
            for (Observable o : List.<Observable>of(rx.angleProperty(), rz.angleProperty(), pan.xProperty(), pan.yProperty(),
                    camera.translateZProperty(), subScene.widthProperty(), subScene.heightProperty(), labelLayer.localToSceneTransformProperty())) {
                o.addListener(moved);
            }
        } else {
            Label msg = new Label(NO_3D_MESSAGE);
            msg.setId("no3dMessage");
            msg.setWrapText(true);
            msg.setPadding(new Insets(6));
            msg.setMinHeight(Region.USE_PREF_SIZE);
            TableView<ViewerViewModel.SiteRow> sites = siteTable();
            VBox holder = new VBox(4, msg, sites);
            VBox.setVgrow(sites, Priority.ALWAYS);
            holder.setStyle("-fx-background-color: #f4f4f4");
            centre = new StackPane(holder);
        }
        setCenter(centre);
        Label info = new Label();
        info.setId("atomInfo");
        info.setWrapText(true);
        info.textProperty().bind(vm.atomInfoProperty());
        legend.setId("legend");
        VBox bottom = new VBox(4, legend, info);
        bottom.setPadding(new Insets(4, 6, 4, 6));
        setBottom(bottom);

        for (Observable o : List.<Observable>of(vm.structureProperty(), vm.radiusScaleProperty(), vm.bondToleranceProperty(),
                vm.showBondsProperty(), vm.showCellProperty(), vm.showAxesProperty(), vm.mnPolyhedraProperty(),
                vm.mgPolyhedraProperty(), vm.repeatAProperty(), vm.repeatBProperty(), vm.repeatCProperty(), vm.showLabelsProperty())) {
            o.addListener(x -> rebuild(o == vm.structureProperty()));
        }
        rebuild(true);
    }

    public ViewerViewModel viewModel() { return vm; }

    // without 3-D: the sites and their bonded neighbours, which is what a chemist reads off the picture
    private TableView<ViewerViewModel.SiteRow> siteTable() {
        TableView<ViewerViewModel.SiteRow> t = new TableView<>();
        t.setId("siteTable");
        t.setPlaceholder(new Label("No structure selected."));
        t.getColumns().add(column("#", 40, r -> String.valueOf(r.number())));
        t.getColumns().add(column("Element", 60, ViewerViewModel.SiteRow::element));
        t.getColumns().add(column("x", 62, r -> String.format(java.util.Locale.ROOT, "%.4f", r.x())));
        t.getColumns().add(column("y", 62, r -> String.format(java.util.Locale.ROOT, "%.4f", r.y())));
        t.getColumns().add(column("z", 62, r -> String.format(java.util.Locale.ROOT, "%.4f", r.z())));
        t.getColumns().add(column("CN", 40, r -> String.valueOf(r.coordination())));
        t.getColumns().add(column("Bonded neighbours (Å)", 220, ViewerViewModel.SiteRow::neighbours));
        t.getColumns().add(column("Nearest (Å)", 80, r -> Double.isNaN(r.shortest()) ? "" : String.format(java.util.Locale.ROOT, "%.3f", r.shortest())));
        Runnable fill = () -> t.getItems().setAll(ViewerViewModel.siteTable(vm.structureProperty().get(), vm.bondToleranceProperty().get()));
        vm.structureProperty().addListener(x -> fill.run());
        vm.bondToleranceProperty().addListener(x -> fill.run());
        fill.run();
        t.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) vm.atomInfoProperty().set(String.format(java.util.Locale.ROOT, "%s (site %d)  frac (%.4f, %.4f, %.4f)  CN %d: %s",
                    r.element(), r.number(), r.x(), r.y(), r.z(), r.coordination(), r.neighbours()));
        });
        return t;
    }

    private static TableColumn<ViewerViewModel.SiteRow, String> column(String title, double width,
                                                                       java.util.function.Function<ViewerViewModel.SiteRow, String> f) {
        TableColumn<ViewerViewModel.SiteRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    /** Which drawn atom a face of an element's merged sphere mesh belongs to. */
    private record AtomPick(int[] atoms, int facesPerAtom) {
        int atom(int face) {
            int i = face / facesPerAtom;
            return i < atoms.length ? atoms[i] : -1;
        }
    }

    /** Whether this machine renders 3-D (false: the pane shows {@link #NO_3D_MESSAGE}). */
    public boolean has3d() { return has3d; }

    /** The drawn geometry (null without a structure). */
    public CellGeometry geometry() { return geometry; }

    /** The 3-D content group (for tests that inspect nodes). */
    public Group content() { return content; }

    private FlowPane toolbar() {
        Slider radius = new Slider(0.2, 1.2, vm.radiusScaleProperty().get());
        radius.setPrefWidth(90);
        radius.valueProperty().bindBidirectional(vm.radiusScaleProperty());
        radius.setTooltip(new Tooltip("Atom radius as a fraction of the covalent radius"));
        CheckBox bonds = check("Bonds", vm.showBondsProperty(), "Bonds shorter than 1.2 × the sum of covalent radii, cation-anion only");
        CheckBox cell = check("Cell", vm.showCellProperty(), "Unit-cell box");
        CheckBox axes = check("Axes", vm.showAxesProperty(), "a (red), b (green), c (blue) lattice vectors");
        CheckBox mn = check("Mn–O polyhedra", vm.mnPolyhedraProperty(), "Oxygen polyhedra around Mn: MnO6 octahedra, MnO4 tetrahedra (any coordination of 4 or more)");
        CheckBox mg = check("Mg–O polyhedra", vm.mgPolyhedraProperty(), "Oxygen polyhedra around Mg: MgO4 tetrahedra (as in the spinel) and MgO6 octahedra (as in MgO)");
        mn.setId("mnPolyhedra");
        CheckBox labels = check("Labels", vm.showLabelsProperty(), "Element and site number beside every drawn atom (Mn3: site 3 of the cell; "
                + "a supercell's images carry their site's number), upright whatever the rotation");
        labels.setId("labelsToggle");
        labels.setDisable(!has3d);
        Spinner<Integer> ra = repeat(vm.repeatAProperty()), rb = repeat(vm.repeatBProperty()), rc = repeat(vm.repeatCProperty());
        ra.setId("repeatA");
        Button reset = new Button("Reset view");
        reset.setOnAction(e -> resetView());
        Button snap = new Button("Snapshot…");
        snap.setId("snapshotButton");
        snap.setDisable(!has3d);
        snap.setOnAction(e -> {
            if (snapshotHandler != null) snapshotHandler.run();
        });
        FlowPane bar = new FlowPane(6, 4, new Label("Radius"), radius, bonds, cell, axes, labels, mn, mg, new Label("Repeat a b c"), ra, rb, rc, reset, snap);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        return bar;
    }

    private Runnable snapshotHandler;

    /** What the Snapshot button does (the window asks for a file name and calls {@link #saveSnapshot}). */
    public void setOnSnapshot(Runnable r) { snapshotHandler = r; }

    private static CheckBox check(String text, javafx.beans.property.BooleanProperty p, String tip) {
        CheckBox c = new CheckBox(text);
        c.selectedProperty().bindBidirectional(p);
        c.setTooltip(new Tooltip(tip));
        return c;
    }

    private static Spinner<Integer> repeat(javafx.beans.property.IntegerProperty p) {
        Spinner<Integer> s = new Spinner<>(1, 3, p.get());
        s.setPrefWidth(60);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    private void installMouse(Pane target) {
        target.setOnMousePressed(e -> { pressX = e.getSceneX(); pressY = e.getSceneY(); dragged = false; });
        target.setOnMouseDragged(e -> {
            double dx = e.getSceneX() - pressX, dy = e.getSceneY() - pressY;
            pressX = e.getSceneX();
            pressY = e.getSceneY();
            dragged = true;
            if (e.getButton() == MouseButton.SECONDARY || e.isShiftDown() || e.getButton() == MouseButton.MIDDLE) {
                double perPixel = -camera.getTranslateZ() / Math.max(200, subScene.getHeight()) * 0.6;
                pan.setX(pan.getX() + dx * perPixel);
                pan.setY(pan.getY() + dy * perPixel);
            } else {
                rz.setAngle(rz.getAngle() - dx * 0.4);
                rx.setAngle(rx.getAngle() + dy * 0.4);
            }
        });
        target.setOnScroll(e -> {
            double f = Math.pow(1.0015, -e.getDeltaY());
            camera.setTranslateZ(Math.min(-1, camera.getTranslateZ() * f));
        });
        target.setOnMouseClicked(e -> {
            if (dragged || e.getButton() != MouseButton.PRIMARY) return;
            Node n = e.getPickResult().getIntersectedNode();
            int face = e.getPickResult().getIntersectedFace();
            if (n != null && n.getUserData() instanceof AtomPick pick && geometry != null && face >= 0) {
                int k = pick.atom(face);
                if (k >= 0 && k < geometry.atoms().size()) vm.select(geometry.atoms().get(k));
            }
        });
    }

    /** Puts the camera back to the default orientation and distance. */
    public void resetView() {
        rx.setAngle(-65);
        rz.setAngle(-30);
        pan.setX(0);
        pan.setY(0);
        if (camera != null && geometry != null) camera.setTranslateZ(-geometry.radius() * 3.6);
    }

    private void rebuild(boolean newStructure) {
        geometry = vm.geometry();
        rebuildLegend();
        if (!has3d) return;
        content.getChildren().clear();
        labelLayer.getChildren().clear();
        if (geometry == null) return;
        Vec3 c = geometry.centre();
        centring.setX(-c.x());
        centring.setY(-c.y());
        centring.setZ(-c.z());
        if (newStructure || camera.getTranslateZ() == 0) resetView();
        List<CellGeometry.Atom> atoms = geometry.atoms();
        // one mesh per element for the atoms and one per element for the bonds (see MeshBuilder)
        int slices = atoms.size() > 300 ? 12 : 20, stacks = atoms.size() > 300 ? 8 : 14;
        Map<Element, MeshBuilder> atomMeshes = new java.util.LinkedHashMap<>();
        Map<Element, java.util.List<Integer>> atomIndex = new HashMap<>();
        for (int k = 0; k < atoms.size(); k++) {
            CellGeometry.Atom a = atoms.get(k);
            atomMeshes.computeIfAbsent(a.element(), e -> new MeshBuilder())
                    .sphere(a.cart(), a.element().covalentRadius() * vm.radiusScaleProperty().get(), slices, stacks);
            atomIndex.computeIfAbsent(a.element(), e -> new java.util.ArrayList<>()).add(k);
        }
        int facesPerAtom = MeshBuilder.sphereFaces(slices, stacks);
        atomMeshes.forEach((el, mb) -> {
            MeshView mv = new MeshView(mb.build());
            mv.setMaterial(material(el.rgb(), 1));
            mv.setUserData(new AtomPick(atomIndex.get(el).stream().mapToInt(Integer::intValue).toArray(), facesPerAtom));
            mv.setId("atoms-" + el.symbol());
            content.getChildren().add(mv);
        });
        if (vm.showBondsProperty().get()) {
            Map<Element, MeshBuilder> bondMeshes = new HashMap<>();
            for (CellGeometry.HalfBond b : geometry.halfBonds()) {
                bondMeshes.computeIfAbsent(b.element(), e -> new MeshBuilder()).stick(b.from(), b.to(), BOND_RADIUS, 8);
            }
            bondMeshes.forEach((el, mb) -> {
                MeshView mv = new MeshView(mb.build());
                mv.setMaterial(material(el.rgb(), 1));
                mv.setMouseTransparent(true);
                content.getChildren().add(mv);
            });
        }
        Map<Element, MeshBuilder> polyMeshes = new HashMap<>();
        for (CellGeometry.Polyhedron p : geometry.polyhedra()) {
            MeshBuilder mb = polyMeshes.computeIfAbsent(p.centre(), e -> new MeshBuilder());
            for (Vec3[] tri : p.triangles()) mb.triangle(tri[0], tri[1], tri[2]);
        }
        polyMeshes.forEach((el, mb) -> {
            MeshView mv = new MeshView(mb.build());
            mv.setCullFace(CullFace.NONE);
            mv.setMaterial(material(el.rgb(), 0.45));
            mv.setMouseTransparent(true);
            content.getChildren().add(mv);
        });
        if (vm.showCellProperty().get()) {
            Group cell = new Group();
            PhongMaterial edge = material(0x404040, 1);
            for (Vec3[] e : geometry.cellEdges()) cell.getChildren().add(stick(e[0], e[1], 0.035, edge));
            cell.setMouseTransparent(true);
            content.getChildren().add(cell);
        }
        if (vm.showAxesProperty().get()) {
            Group axes = new Group();
            int[] colours = {0xE02020, 0x20A020, 0x2040E0};
            for (int d = 0; d < 3; d++) {
                Vec3 v = geometry.structure().lattice().vector(d);
                Vec3 end = v.times(Math.min(1.0, 2.5 / v.norm()));
                axes.getChildren().add(stick(Vec3.ZERO, end, 0.07, material(colours[d], 1)));
            }
            Vec3 o = geometry.structure().lattice().toCartesian(new Vec3(-0.12, -0.12, -0.12));
            axes.getTransforms().add(new Translate(o.x(), o.y(), o.z()));
            axes.setMouseTransparent(true);
            content.getChildren().add(axes);
        }
        for (ViewerViewModel.AtomLabel l : vm.labels(geometry)) {
            Label text = new Label(l.text());
            text.getStyleClass().add("atom-label");
            text.setStyle("-fx-font-size: 11px; -fx-text-fill: #111; -fx-background-color: rgba(255,255,255,0.72); "
                    + "-fx-background-radius: 3; -fx-padding: 0 2 0 2;");
            text.setUserData(l);
            labelLayer.getChildren().add(text);
        }
        placeLabels();
    }

    /**
     * Puts each label beside its atom's projected centre (just right of it, vertically centred), and remembers that
     * centre, in the label layer's coordinates, as the label's anchor.
     */
    private void placeLabels() {
        // reading the transform re-arms its invalidation listener, so a later move of the layer is heard too
        labelLayer.getLocalToSceneTransform();
        if (labelLayer.getChildren().isEmpty() || labelLayer.getScene() == null) return;
        int n = labelLayer.getChildren().size();
        double[] depth = new double[n];
        double near = Double.POSITIVE_INFINITY, far = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Label text = (Label) labelLayer.getChildren().get(i);
            Vec3 c = ((ViewerViewModel.AtomLabel) text.getUserData()).cart();
            javafx.geometry.Point3D p = new javafx.geometry.Point3D(c.x(), c.y(), c.z());
            // the camera looks along +z of the sub-scene, so z there is the depth of the atom
            depth[i] = content.localToScene(p).getZ();
            near = Math.min(near, depth[i]);
            far = Math.max(far, depth[i]);
            javafx.geometry.Point3D onScene = content.localToScene(p, true);
            javafx.geometry.Point2D at = labelLayer.sceneToLocal(onScene.getX(), onScene.getY());
            if (at == null) continue;
            anchors.put(text, at);
            text.relocate(at.getX() + 5, at.getY() - 8);
        }
        // nearer atoms' labels in front and clearer, so where atoms overlap the label of the one in sight reads first
        for (int i = 0; i < n; i++) {
            Node text = labelLayer.getChildren().get(i);
            double back = far - near < 1e-9 ? 0 : (depth[i] - near) / (far - near);
            text.setViewOrder(depth[i]);
            text.setOpacity(1 - 0.5 * back);
        }
    }

    private final Map<Node, javafx.geometry.Point2D> anchors = new java.util.WeakHashMap<>();

    /** The drawn labels with the projected atom centre each belongs to, in the label layer's coordinates (for tests). */
    Map<Label, javafx.geometry.Point2D> labelAnchors() {
        Map<Label, javafx.geometry.Point2D> m = new java.util.LinkedHashMap<>();
        for (Node n : labelLayer.getChildren()) if (anchors.get(n) != null) m.put((Label) n, anchors.get(n));
        return m;
    }

    /** The layer the labels are drawn in, over the 3-D view. */
    Pane labelLayer() { return labelLayer; }

    private void rebuildLegend() {
        legend.getChildren().clear();
        if (geometry == null) return;
        for (Element e : geometry.elements()) {
            Circle dot = new Circle(6, rgb(e.rgb(), 1));
            dot.setStroke(Color.gray(0.3));
            Label l = new Label(e.symbol(), dot);
            l.getStyleClass().add("legend-entry");
            legend.getChildren().add(l);
        }
        Label axes = new Label("axes: a red, b green, c blue");
        axes.setStyle("-fx-text-fill: #555");
        legend.getChildren().add(axes);
        Label count = new Label(geometry.atoms().size() + " atoms shown");
        count.setId("atomCount");
        count.setStyle("-fx-text-fill: #555");
        legend.getChildren().add(count);
    }

    // a unit cylinder (radius r, height 1, along y) stretched and turned onto from→to; all sticks of
    // one radius share the cached mesh
    private static Cylinder stick(Vec3 from, Vec3 to, double r, PhongMaterial m) {
        Vec3 d = to.minus(from);
        double len = d.norm();
        Cylinder cyl = new Cylinder(r, 1, 8);
        cyl.setMaterial(m);
        if (len < 1e-9) return cyl;
        Vec3 e2 = d.times(1 / len);
        Vec3 helper = Math.abs(e2.x()) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        Vec3 e1 = helper.minus(e2.times(helper.dot(e2)));
        e1 = e1.times(1 / e1.norm());
        Vec3 e3 = e1.cross(e2);
        Vec3 mid = from.plus(to).times(0.5);
        cyl.getTransforms().add(new Affine(
                e1.x(), e2.x() * len, e3.x(), mid.x(),
                e1.y(), e2.y() * len, e3.y(), mid.y(),
                e1.z(), e2.z() * len, e3.z(), mid.z()));
        cyl.setMouseTransparent(true);
        return cyl;
    }

    private PhongMaterial material(int rgb, double opacity) {
        int key = rgb ^ ((int) Math.round(opacity * 100) << 24);
        return materials.computeIfAbsent(key, k -> {
            PhongMaterial m = new PhongMaterial(rgb(rgb, opacity));
            m.setSpecularColor(Color.gray(0.35));
            m.setSpecularPower(24);
            return m;
        });
    }

    static Color rgb(int rgb, double opacity) {
        return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, opacity);
    }

    /** Renders the current view; call on the FX thread. Null without a 3-D pipeline. */
    public WritableImage snapshot() {
        if (!has3d) return null;
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.WHITE);
        return subScene.snapshot(p, null);
    }

    /** The current view as PNG bytes (FX thread). */
    public byte[] snapshotPng() throws IOException {
        WritableImage img = snapshot();
        if (img == null) throw new IOException("no 3-D pipeline on this machine: nothing to snapshot");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
        return out.toByteArray();
    }

    /** Writes the current view as a PNG file (atomically). */
    public void saveSnapshot(Path file) throws IOException {
        org.crystalgan.base.AtomicFiles.write(file, snapshotPng());
    }
}
