package org.crystalgan.app.viewer;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.SubScene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.crystalgan.app.FxTestSupport;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The 3-D viewer in a window. Needs a 3-D pipeline: under Monocle (mvn verify) these tests skip with
 * the reason "no 3-D pipeline"; under Xvfb with -Pxvfb (Mesa's software OpenGL) they run.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerWindowTest {
    private CrystalViewer viewer;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        viewer = new CrystalViewer(new ViewerViewModel());
        stage.setScene(new Scene(viewer, 640, 600));
        stage.show();
    }

    private void assume3d() {
        assumeTrue(viewer.has3d(), "no 3-D pipeline");
    }

    private void showRockSaltOnly() throws Exception {
        ViewerViewModel vm = viewer.viewModel();
        runFx(() -> {
            vm.showBondsProperty().set(false);
            vm.showCellProperty().set(false);
            vm.showAxesProperty().set(false);
            vm.show("MgO", CellGeometryTest.rockSalt());
        });
    }

    private SubScene subScene() throws Exception {
        return onFx(() -> (SubScene) viewer.lookup("#viewerSubScene"));
    }

    @Test
    void theAtomAtTheCentreIsDrawnInItsElementColourAndClickingItDescribesIt(FxRobot robot) throws Exception {
        assume3d();
        showRockSaltOnly();
        robot.sleep(300);
        WritableImage img = onFx(viewer::snapshot);
        PixelReader px = img.getPixelReader();
        // the body-centre O sits on the rotation centre, so in the middle of the picture
        Color c = px.getColor((int) img.getWidth() / 2, (int) img.getHeight() / 2);
        assertTrue(c.getRed() > 0.6 && c.getRed() - c.getGreen() > 0.35 && Math.abs(c.getGreen() - c.getBlue()) < 0.1,
                "O is drawn red (Jmol FF0D0D, lit with a grey highlight), got " + c);
        Color corner = px.getColor(2, 2);
        assertEquals(Color.WHITE, corner, "background");
        FxTestSupport.screenshot(viewer, "viewer-rocksalt");

        SubScene ss = subScene();
        Bounds b = onFx(() -> ss.localToScreen(ss.getBoundsInLocal()));
        robot.clickOn(b.getCenterX(), b.getCenterY());
        String info = onFx(() -> viewer.viewModel().atomInfoProperty().get());
        assertTrue(info.startsWith("O (site"), info);
        assertTrue(info.contains("Mg") && info.contains("2.105"), info);
    }

    @Test
    void withoutThreeDTheSitesAndNeighboursAreATable(FxRobot robot) throws Exception {
        assumeTrue(!viewer.has3d(), "this machine has a 3-D pipeline, so the picture is shown instead of the table");
        runFx(() -> viewer.viewModel().show("MgO", CellGeometryTest.rockSalt()));
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<ViewerViewModel.SiteRow> t = onFx(() -> (javafx.scene.control.TableView<ViewerViewModel.SiteRow>) viewer.lookup("#siteTable"));
        assertEquals(8, onFx(() -> t.getItems().size()));
        assertEquals("6 O 2.105", onFx(() -> t.getItems().get(0).neighbours()));
        runFx(() -> t.getSelectionModel().select(0));
        assertTrue(onFx(() -> viewer.viewModel().atomInfoProperty().get()).startsWith("Mg (site 1)"));
    }

    @Test
    void snapshotIsWrittenAsPng(@TempDir Path dir) throws Exception {
        assume3d();
        showRockSaltOnly();
        Path f = dir.resolve("view.png");
        runFx(() -> {
            try {
                viewer.saveSnapshot(f);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        BufferedImage read = ImageIO.read(f.toFile());
        assertNotNull(read);
        assertEquals((int) Math.round(subScene().getWidth()), read.getWidth());
    }

    /**
     * A 3x3x3 repeat of a 28-atom cell (the hausmannite sample, Mn12O16) with bonds and polyhedra: measures
     * the rebuild and the frame rate while the view turns. Printed for the report; the bounds are
     * loose because Mesa's software renderer shares two cores with the build.
     */
    @Test
    void supercellOfA28AtomCellStaysInteractive(FxRobot robot) throws Exception {
        assume3d();
        Structure s = StructureFiles.read(Path.of("samples/Mn3O4_hausmannite.cif")).get(0).structure();
        assertEquals(28, s.size());
        ViewerViewModel vm = viewer.viewModel();
        long t0 = System.nanoTime();
        runFx(() -> {
            vm.mnPolyhedraProperty().set(true);
            vm.repeatAProperty().set(3);
            vm.repeatBProperty().set(3);
            vm.repeatCProperty().set(3);
            vm.show("28-atom cell", s);
        });
        double rebuildMs = (System.nanoTime() - t0) / 1e6;
        int atoms = onFx(() -> viewer.geometry().atoms().size());
        assertTrue(atoms >= 27 * 28, "all repeated atoms drawn: " + atoms);
        AtomicLong frames = new AtomicLong();
        AnimationTimer timer = new AnimationTimer() {
            @Override public void handle(long now) { frames.incrementAndGet(); }
        };
        SubScene ss = subScene();
        Bounds b = onFx(() -> ss.localToScreen(ss.getBoundsInLocal()));
        runFx(timer::start);
        long start = System.nanoTime();
        robot.moveTo(b.getCenterX() - 100, b.getCenterY()).press(javafx.scene.input.MouseButton.PRIMARY);
        for (int i = 0; i < 40; i++) robot.moveBy(5, 1);
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        double seconds = (System.nanoTime() - start) / 1e9;
        runFx(timer::stop);
        double fps = frames.get() / seconds;
        System.out.printf(java.util.Locale.ROOT, "viewer 3x3x3 of 28 atoms: %d atoms, %d half-bonds, %d polyhedra; rebuild %.0f ms; %.1f frames/s while rotating%n",
                atoms, onFx(() -> viewer.geometry().halfBonds().size()), onFx(() -> viewer.geometry().polyhedra().size()), rebuildMs, fps);
        FxTestSupport.screenshot(viewer, "viewer-supercell");
        assertTrue(rebuildMs < 5000, "rebuild took " + rebuildMs + " ms");
        assertTrue(fps > 2, "frame rate " + fps);

        // with every one of the drawn atoms labelled, the view still turns
        runFx(() -> vm.showLabelsProperty().set(true));
        assertEquals(atoms, (int) onFx(() -> viewer.labelLayer().getChildren().size()));
        frames.set(0);
        runFx(timer::start);
        start = System.nanoTime();
        robot.moveTo(b.getCenterX() - 100, b.getCenterY()).press(javafx.scene.input.MouseButton.PRIMARY);
        for (int i = 0; i < 40; i++) robot.moveBy(5, 1);
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        double labelledFps = frames.get() / ((System.nanoTime() - start) / 1e9);
        runFx(timer::stop);
        System.out.printf(java.util.Locale.ROOT, "viewer 3x3x3 of 28 atoms with %d labels: %.1f frames/s while rotating%n", atoms, labelledFps);
        assertTrue(labelledFps > 1, "frame rate with labels " + labelledFps);
    }

    @Test
    void labelsSitOnTheirAtomsAndStayUprightWhenTheViewTurns(FxRobot robot) throws Exception {
        assume3d();
        showRockSaltOnly();
        assertEquals(0, onFx(() -> viewer.labelLayer().getChildren().size()), "labels are off by default");
        runFx(() -> ((javafx.scene.control.CheckBox) viewer.lookup("#labelsToggle")).setSelected(true));
        robot.sleep(300);
        java.util.Map<javafx.scene.control.Label, javafx.geometry.Point2D> before = onFx(viewer::labelAnchors);
        java.util.List<CellGeometry.Atom> atoms = onFx(() -> viewer.geometry().atoms());
        assertEquals(atoms.size(), before.size(), "one label per drawn atom");
        java.util.List<String> texts = before.keySet().stream().map(javafx.scene.control.Label::getText).toList();
        assertEquals(atoms.stream().map(ViewerViewModel::label).toList(), texts);
        SubScene ss = subScene();
        Bounds view = onFx(() -> viewer.labelLayer().sceneToLocal(ss.localToScene(ss.getBoundsInLocal())));
        for (javafx.geometry.Point2D p : before.values()) assertTrue(view.contains(p), "label anchor " + p + " inside the view " + view);
        // the body-centre O sits on the rotation centre: its label's anchor is the middle of the picture, and the
        // picture there is O's red
        CellGeometry.Atom centreO = atoms.stream().filter(a -> a.frac().minus(new Vec3(0.5, 0.5, 0.5)).norm() < 1e-9).findFirst().orElseThrow();
        javafx.geometry.Point2D mid = new javafx.geometry.Point2D(view.getCenterX(), view.getCenterY());
        javafx.geometry.Point2D centreAnchor = before.get(before.keySet().stream().toList().get(atoms.indexOf(centreO)));
        assertTrue(centreAnchor.distance(mid) < 2, "the centre atom's label anchor " + centreAnchor + " vs the view's middle " + mid);
        // every anchor is on its atom: the picture at the anchor has the atom's colour (labels are a separate layer)
        WritableImage img = onFx(viewer::snapshot);
        int onColour = 0;
        for (int k = 0; k < atoms.size(); k++) {
            javafx.geometry.Point2D p = before.get(before.keySet().stream().toList().get(k)).subtract(view.getMinX(), view.getMinY());
            Color c = img.getPixelReader().getColor((int) p.getX(), (int) p.getY());
            Color want = CrystalViewer.rgb(atoms.get(k).element().rgb(), 1);
            if (Math.abs(c.getHue() - want.getHue()) < 25 || want.getSaturation() < 0.2 && c.getSaturation() < 0.25) onColour++;
        }
        // atoms at the back may be hidden behind those in front; most are seen
        assertTrue(onColour >= atoms.size() * 0.6, onColour + " of " + atoms.size() + " anchors on an atom of their colour");
        // labels of atoms further back are fainter and behind those of nearer atoms
        java.util.List<javafx.scene.control.Label> byDepth = before.keySet().stream()
                .sorted(java.util.Comparator.comparingDouble(javafx.scene.Node::getViewOrder)).toList();
        assertEquals(1.0, byDepth.get(0).getOpacity(), 1e-9);
        assertEquals(0.5, byDepth.get(byDepth.size() - 1).getOpacity(), 1e-9);
        FxTestSupport.screenshot(viewer, "viewer-labels");

        // turn the view: labels follow their atoms, keep their text and stay upright (no rotation of their own)
        Bounds b = onFx(() -> ss.localToScreen(ss.getBoundsInLocal()));
        robot.moveTo(b.getCenterX() - 60, b.getCenterY()).press(javafx.scene.input.MouseButton.PRIMARY);
        for (int i = 0; i < 20; i++) robot.moveBy(6, 2);
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        robot.sleep(200);
        java.util.Map<javafx.scene.control.Label, javafx.geometry.Point2D> after = onFx(viewer::labelAnchors);
        assertEquals(texts, after.keySet().stream().map(javafx.scene.control.Label::getText).toList());
        long moved = before.keySet().stream().filter(l -> after.get(l).distance(before.get(l)) > 3).count();
        assertTrue(moved >= atoms.size() - 1, moved + " of " + atoms.size() + " labels moved with the view");
        assertTrue(after.get(before.keySet().stream().toList().get(atoms.indexOf(centreO))).distance(mid) < 2, "the centre stays put");
        for (javafx.scene.control.Label l : after.keySet()) {
            assertEquals(0, l.getRotate(), 0);
            assertTrue(l.getLocalToSceneTransform().getMxy() == 0 && l.getLocalToSceneTransform().getMxx() == 1, "upright " + l.getText());
        }
        // off again: no labels
        runFx(() -> ((javafx.scene.control.CheckBox) viewer.lookup("#labelsToggle")).setSelected(false));
        assertEquals(0, onFx(() -> viewer.labelLayer().getChildren().size()));
    }
}
