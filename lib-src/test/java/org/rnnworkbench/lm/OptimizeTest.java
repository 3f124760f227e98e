package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;

class OptimizeTest {
    private static final double TOL = 1e-10;
    private static final JsonObject FIXTURE = Golden.load("lm_optimize.json");

    @Test
    void smallCasesMatchNumpy() {
        int n = 0;
        boolean sawClipping = false;
        for (JsonElement e : FIXTURE.getAsJsonArray("small")) {
            JsonObject c = e.getAsJsonObject();
            String what = "case " + n++;
            RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
            DMatrixRMaj aPrev = Golden.matrix(c.get("a_prev"));
            AtomicReference<Gradients> raw = new AtomicReference<>();
            Optimize.Result r = Optimize.optimize(LmFixtures.indices(c.get("X")), LmFixtures.indices(c.get("Y")), aPrev, p,
                    c.get("learning_rate").getAsDouble(), Optimize.MAX_VALUE, g -> raw.set(g.copy()));
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {r.loss()}, TOL);
            LmFixtures.assertGradients(what, c.getAsJsonObject("gradients"), r.gradients(), TOL);
            Golden.assertClose(what + " aLast", c.get("a_last"), r.aLast(), TOL);
            LmFixtures.assertParameters(what + " updated", c.getAsJsonObject("updated"), p, TOL);
            Golden.assertClose(what + " aPrev untouched", c.get("a_prev"), aPrev, 0);
            int outside = 0;
            for (String k : Gradients.NAMES) {
                DMatrixRMaj g = raw.get().get(k);
                for (int i = 0; i < g.getNumElements(); i++) {
                    outside += Math.abs(g.data[i]) > Optimize.MAX_VALUE ? 1 : 0;
                }
            }
            assertEquals(outside, r.clipped(), what + " clipped entries");
            sawClipping |= outside > 0;
        }
        assertTrue(sawClipping, "the fixture must exercise clipping");
    }

    @Test
    void assignmentOverloadClipsAtFive() {
        JsonObject c = FIXTURE.getAsJsonArray("small").get(0).getAsJsonObject();
        RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
        Optimize.Result r = Optimize.optimize(LmFixtures.indices(c.get("X")), LmFixtures.indices(c.get("Y")),
                Golden.matrix(c.get("a_prev")), p, c.get("learning_rate").getAsDouble());
        LmFixtures.assertGradients("five-argument optimize", c.getAsJsonObject("gradients"), r.gradients(), TOL);
        LmFixtures.assertParameters("five-argument optimize", c.getAsJsonObject("updated"), p, TOL);
    }

    @Test
    void rejectsBadLearningRateAndBoundBeforeTouchingParameters() {
        RnnParameters p = RnnParameters.zeros(2, 3, 3);
        p.Waa().set(0, 0, 1);
        int[] x = {CharRnn.NONE, 1};
        int[] y = {1, 0};
        DMatrixRMaj a = new DMatrixRMaj(2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimize.optimize(x, y, a, p, Double.NaN));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimize.optimize(x, y, a, p, 0.01, 0, null));
        assertTrue(e.getMessage().contains("maxValue"), e.getMessage());
        assertEquals(1, p.Waa().get(0, 0));
    }
}
