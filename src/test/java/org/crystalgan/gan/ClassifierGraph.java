package org.crystalgan.gan;

import static org.crystalgan.gan.ClassifierNet.*;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The classifier ({@link ClassifierNet}) as a SameDiff graph: the reference the explicit passes are tested against. */
final class ClassifierGraph {
    private ClassifierGraph() {
    }

    /**
     * Outputs: per element, row logits (batch·rows, 2; class 1 = atom) and count logits (batch, rows; class k = k+1
     * atoms); natoms/28 prediction (batch, 1).
     */
    record Output(SDVariable[] rowLogits, SDVariable[] countLogits, SDVariable natoms) {
    }

    static Output build(SameDiff sd, Map<String, SDVariable> v, SDVariable x, boolean train, List<Layers.BnStat> st) {
        SDVariable[] rows = new SDVariable[3];
        SDVariable[] counts = new SDVariable[3];
        for (int e = 0; e < 3; e++) {
            String t = "q." + ELEMENTS[e];
            SDVariable h = x.get(SDIndex.all(), SDIndex.interval(FIRST_ROW[e], FIRST_ROW[e] + ROWS[e]), SDIndex.all())
                    .reshape(-1, 3);
            h = block(sd, v, t + ".c1", t + ".bn1", h, train, st, SLOPE, ROWS[e]);
            h = block(sd, v, t + ".c2", t + ".bn2", h, train, st, SLOPE, ROWS[e]);
            h = block(sd, v, t + ".c3", t + ".bn3", h, train, st, SLOPE, ROWS[e]);
            rows[e] = Layers.dense(v, t + ".c4", h);
            SDVariable f = rows[e].reshape(-1, 2 * ROWS[e]);
            f = block(sd, v, t + ".h1", t + ".hbn1", f, train, st, SLOPE, 1);
            f = block(sd, v, t + ".h2", t + ".hbn2", f, train, st, SLOPE, 1);
            counts[e] = Layers.dense(v, t + ".h3", f);
        }
        SDVariable c = x.get(SDIndex.all(), SDIndex.interval(0, 2), SDIndex.all()).reshape(-1, 3);
        c = block(sd, v, "q.cell.c1", "q.cell.bn1", c, train, st, SLOPE, 2);
        c = block(sd, v, "q.cell.c2", "q.cell.bn2", c, train, st, SLOPE, 2).reshape(-1, 128);
        c = block(sd, v, "q.cell.h1", "q.cell.hbn1", c, train, st, SLOPE, 1);
        c = block(sd, v, "q.cell.h2", "q.cell.hbn2", c, train, st, 0.01, 1);
        SDVariable natoms = sd.nn.sigmoid(Layers.dense(v, "q.cell.h3", c));
        return new Output(rows, counts, natoms);
    }

    private static SDVariable block(SameDiff sd, Map<String, SDVariable> v, String dense, String bn, SDVariable x,
                                    boolean train, List<Layers.BnStat> st, double slope, int rows) {
        return sd.nn.leakyRelu(Layers.batchNorm(sd, v, bn, Layers.denseBeforeNorm(v, dense, x), BN_EPS, train, st, rows), slope);
    }
}
