package org.crystalgan.gan;

import static org.crystalgan.gan.GeneratorNet.*;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The generator ({@link GeneratorNet}) as a SameDiff graph: the reference the explicit passes are tested against. */
final class GeneratorGraph {
    private GeneratorGraph() {
    }

    /** Builds the forward pass; returns the (batch, 30, 3) matrices. */
    static SDVariable build(SameDiff sd, Map<String, SDVariable> v, SDVariable z, SDVariable cond, boolean train,
                            List<Layers.BnStat> stats) {
        SDVariable in = sd.concat(1, z, cond);
        SDVariable h = sd.nn.relu(Layers.dense(v, "g.l1", in), 0);
        // the bias of map1 feeds batch normalisation: see Layers.denseBeforeNorm
        h = h.reshape(-1, 128).mmul(v.get("g.map1.W")).reshape(-1, 256);
        h = sd.nn.relu(Layers.batchNorm(sd, v, "g.bn1", h, BN_EPS, train, stats, 84), 0);
        h = sd.nn.relu(Layers.batchNorm(sd, v, "g.bn2", Layers.denseBeforeNorm(v, "g.map2", h), BN_EPS, train, stats, 84), 0);
        h = sd.nn.relu(Layers.batchNorm(sd, v, "g.bn3", Layers.denseBeforeNorm(v, "g.map3", h), BN_EPS, train, stats, 84), 0);
        SDVariable map = Layers.dense(v, "g.map4", h).reshape(-1, 84);
        SDVariable pos = sd.nn.sigmoid(map).reshape(-1, 28, 3);
        SDVariable c = Layers.batchNorm(sd, v, "g.cellbn", Layers.denseBeforeNorm(v, "g.cell1", map), 1e-5, train, stats, 1);
        SDVariable cell = sd.nn.sigmoid(Layers.dense(v, "g.cell2", sd.nn.relu(c, 0))).reshape(-1, 2, 3);
        return sd.concat("fake", 1, cell, pos);
    }
}
