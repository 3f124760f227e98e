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
import org.rnnworkbench.random.NumpyRandom;

class OptimizeTest {
    private static final double TOL = 1e-10;
    private static final JsonObject FIXTURE = Golden.load("lm_optimize.json");

    /** The assignment's test cell: seed 1; a_prev, Wax, Waa, Wya, b, by drawn in that order. */
    @Test
    void assignmentTestCell() {
        JsonObject official = FIXTURE.getAsJsonObject("official");
        int nA = official.get("n_a").getAsInt();
        int v = official.get("vocab_size").getAsInt();
        NumpyRandom rng = new NumpyRandom(official.get("seed").getAsLong());
        DMatrixRMaj aPrev = rng.randn(nA, 1);
        DMatrixRMaj Wax = rng.randn(nA, v);
        DMatrixRMaj Waa = rng.randn(nA, nA);
        DMatrixRMaj Wya = rng.randn(v, nA);
        DMatrixRMaj b = rng.randn(nA, 1);
        DMatrixRMaj by = rng.randn(v, 1);
        RnnParameters p = new RnnParameters(Waa, Wax, Wya, b, by);
        JsonObject check = official.getAsJsonObject("check");
        LmFixtures.assertSummary("drawn a_prev", check.getAsJsonObject("a_prev"), aPrev, 1e-12);
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            LmFixtures.assertSummary("drawn " + k, check.getAsJsonObject(k), p.get(k), 1e-12);
        }

        Optimize.Result r = Optimize.optimize(LmFixtures.indices(official.get("X")), LmFixtures.indices(official.get("Y")),
                aPrev, p, official.get("learning_rate").getAsDouble());

        JsonObject printed = official.getAsJsonObject("printed");
        Gradients g = r.gradients();
        Golden.assertClose("printed values", new double[] {
            printed.get("loss").getAsDouble(), printed.get("dWaa[1][2]").getAsDouble(),
            printed.get("dWya[1][2]").getAsDouble(), printed.get("db[4]").getAsDouble(),
            printed.get("dby[1]").getAsDouble(), printed.get("a_last[4]").getAsDouble()}, new double[] {
            r.loss(), g.dWaa().get(1, 2), g.dWya().get(1, 2), g.db().get(4, 0), g.dby().get(1, 0), r.aLast().get(4, 0)},
            TOL);
        assertEquals(printed.get("argmax(dWax)").getAsInt(), argmax(g.dWax()), "np.argmax(dWax)");
        for (String k : Gradients.NAMES) {
            LmFixtures.assertSummary(k, official.getAsJsonObject("gradients").getAsJsonObject(k), g.get(k), TOL);
        }
        Golden.assertClose("db", official.get("db"), g.db(), TOL);
        Golden.assertClose("dby", official.get("dby"), g.dby(), TOL);
        Golden.assertClose("a_last", official.get("a_last"), r.aLast(), TOL);
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            LmFixtures.assertSummary("updated " + k, official.getAsJsonObject("updated").getAsJsonObject(k), p.get(k), TOL);
        }
    }

    /** NumPy's argmax: the first index of the maximum in flat C order. */
    private static int argmax(DMatrixRMaj m) {
        int best = 0;
        for (int i = 1; i < m.getNumElements(); i++) {
            if (m.data[i] > m.data[best]) {
                best = i;
            }
        }
        return best;
    }

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
