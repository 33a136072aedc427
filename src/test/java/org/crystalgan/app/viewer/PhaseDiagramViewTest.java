package org.crystalgan.app.viewer;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.crystalgan.app.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.crystalgan.app.FxTestSupport;
import org.crystalgan.crystal.Composition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The ternary picture in a window: a click on a candidate's dot hands its key to the pane. */
@ExtendWith(ApplicationExtension.class)
class PhaseDiagramViewTest {
    private PhaseDiagramView view;

    @Start
    void start(Stage stage) {
        view = new PhaseDiagramView();
        stage.setScene(new Scene(view, 420, 380));
        stage.show();
    }

    @Test
    void clickingACandidateNamesIt(FxRobot robot) throws Exception {
        AtomicReference<String> picked = new AtomicReference<>();
        runFx(() -> {
            view.setOnPick(picked::set);
            view.show(PhaseDiagramPictureTest.toyHull(), List.of(
                    new PhaseDiagramPicture.Input("gen-7", Composition.parse("Mg2MnO4"), Double.NaN),
                    new PhaseDiagramPicture.Input("gen-8", Composition.parse("MgMn2O4"), -2.55)));
        });
        assertEquals(6, onFx(() -> view.picture().phases().size()));
        Point2D at = onFx(() -> {
            double[] p = view.toScreen(view.picture().candidates().get(0).at());
            return view.localToScreen(p[0], p[1]);
        });
        robot.clickOn(at);
        waitFor("the click", 5_000, () -> "gen-7".equals(picked.get()));
        assertEquals(0.05, onFx(() -> view.picture().candidates().get(1).eAboveHull()), 1e-9);
        FxTestSupport.screenshot(view, "phase-diagram");
    }
}
