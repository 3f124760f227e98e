package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.random.NumpyRandom;

class ClipTest {
    private static final double TOL = 1e-10;
    private static final JsonObject FIXTURE = Golden.load("lm_clip.json");

    @Test
    void assignmentTestCellWithMax10And5() {
        JsonObject official = FIXTURE.getAsJsonObject("official");
        for (String key : new String[] {"max10", "max5"}) {
            JsonObject expected = official.getAsJsonObject(key);
            Gradients inputs = LmFixtures.gradients(official.getAsJsonObject("inputs"));
            Gradients before = inputs.copy();
            Gradients clipped = Clip.clip(inputs, expected.get("maxValue").getAsDouble());
            LmFixtures.assertGradients(key, expected.getAsJsonObject("gradients"), clipped, TOL);
            LmFixtures.assertGradients(key + " input untouched", official.getAsJsonObject("inputs"), before, 0);
            LmFixtures.assertGradients(key + " input untouched", official.getAsJsonObject("inputs"), inputs, 0);
            JsonObject printed = expected.getAsJsonObject("printed");
            assertEquals(printed.get("dWaa[1][2]").getAsDouble(), clipped.get("dWaa").get(1, 2), 0);
            assertEquals(printed.get("dWax[3][1]").getAsDouble(), clipped.get("dWax").get(3, 1), 0);
            assertEquals(printed.get("dWya[1][2]").getAsDouble(), clipped.get("dWya").get(1, 2), 0);
            assertEquals(printed.get("db[4]").getAsDouble(), clipped.get("db").get(4, 0), 0);
            assertEquals(printed.get("dby[1]").getAsDouble(), clipped.get("dby").get(1, 0), 0);
        }
    }

    /** The test cell draws dWax, dWaa, dWya, db, dby after seed(3), times 10: the stored inputs are those draws. */
    @Test
    void storedInputsAreTheAssignmentDraws() {
        JsonObject official = FIXTURE.getAsJsonObject("official");
        NumpyRandom rng = new NumpyRandom(official.get("seed").getAsLong());
        double scale = official.get("scale").getAsDouble();
        JsonObject inputs = official.getAsJsonObject("inputs");
        for (JsonElement name : official.getAsJsonArray("draw_order")) {
            String k = name.getAsString();
            int[] shape = Golden.shape(inputs.get(k));
            DMatrixRMaj drawn = rng.randn(shape[0], shape[1]);
            org.ejml.dense.row.CommonOps_DDRM.scale(scale, drawn);
            Golden.assertClose("drawn " + k, inputs.get(k), drawn, 0);
        }
    }

    @Test
    void extraShapesAndBoundsInPlace() {
        for (JsonElement e : FIXTURE.getAsJsonArray("extra")) {
            JsonObject c = e.getAsJsonObject();
            double max = c.get("maxValue").getAsDouble();
            Gradients g = LmFixtures.gradients(c.getAsJsonObject("inputs"));
            int expectedCount = 0;
            for (String k : Gradients.NAMES) {
                DMatrixRMaj m = g.get(k);
                for (int i = 0; i < m.getNumElements(); i++) {
                    expectedCount += Math.abs(m.data[i]) > max ? 1 : 0;
                }
            }
            int count = Clip.clipInPlace(g, max);
            LmFixtures.assertGradients("seed " + c.get("seed"), c.getAsJsonObject("gradients"), g, TOL);
            assertEquals(expectedCount, count, "entries clipped, seed " + c.get("seed"));
        }
    }

    @Test
    void nanStaysNanAndBadBoundsAreRejected() {
        Gradients g = Gradients.zerosLike(org.rnnworkbench.cells.RnnParameters.zeros(2, 3, 3));
        g.dWaa().set(0, 1, Double.NaN);
        g.dby().set(2, 0, -7);
        Gradients c = Clip.clip(g, 5);
        assertTrue(Double.isNaN(c.dWaa().get(0, 1)));
        assertEquals(-5, c.dby().get(2, 0));
        assertNotSame(g.dby(), c.dby());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Clip.clip(g, 0));
        assertTrue(ex.getMessage().contains("maxValue"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Clip.clip(g, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Clip.clipGlobalNorm(g, -1));
    }

    @Test
    void globalNormClippingKeepsDirection() {
        Gradients g = Gradients.zerosLike(org.rnnworkbench.cells.RnnParameters.zeros(2, 2, 2));
        g.dWaa().set(0, 0, 3);
        g.db().set(1, 0, 4);
        Gradients c = Clip.clipGlobalNorm(g, 1);
        assertEquals(1.0, c.globalNorm(), 1e-15);
        assertEquals(0.6, c.dWaa().get(0, 0), 1e-15);
        assertEquals(0.8, c.db().get(1, 0), 1e-15);
        assertEquals(5.0, g.globalNorm(), 0, "input untouched");
        Gradients same = Clip.clipGlobalNorm(g, 10);
        assertEquals(3.0, same.dWaa().get(0, 0), 0, "below the bound nothing changes");
    }

    @Property(tries = 200)
    void clipNeverIncreasesMagnitudeNorChangesSign(@ForAll("gradients") Gradients g,
            @ForAll @DoubleRange(min = 0.01, max = 50) double maxValue) {
        Gradients c = Clip.clip(g, maxValue);
        for (String k : Gradients.NAMES) {
            DMatrixRMaj before = g.get(k);
            DMatrixRMaj after = c.get(k);
            for (int i = 0; i < before.getNumElements(); i++) {
                double b = before.data[i];
                double a = after.data[i];
                assertTrue(Math.abs(a) <= Math.abs(b), k + ": |" + a + "| > |" + b + "|");
                assertTrue(Math.abs(a) <= maxValue, k + ": " + a + " outside ±" + maxValue);
                assertTrue(a * b >= 0, k + ": sign changed from " + b + " to " + a);
                if (Math.abs(b) <= maxValue) {
                    assertEquals(b, a, 0, k + ": entry inside the bound changed");
                }
            }
        }
    }

    @Property(tries = 100)
    void globalNormClipNeverIncreasesNorm(@ForAll("gradients") Gradients g,
            @ForAll @DoubleRange(min = 0.01, max = 50) double maxNorm) {
        double before = g.globalNorm();
        double after = Clip.clipGlobalNorm(g, maxNorm).globalNorm();
        assertTrue(after <= before * (1 + 1e-12), after + " > " + before);
        assertTrue(after <= maxNorm * (1 + 1e-12), after + " > bound " + maxNorm);
    }

    @Provide
    Arbitrary<Gradients> gradients() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 6);
        return net.jqwik.api.Combinators.combine(sizes, sizes, Arbitraries.longs()).as((nA, v, seed) -> {
            java.util.Random r = new java.util.Random(seed);
            Gradients g = Gradients.zerosLike(org.rnnworkbench.cells.RnnParameters.zeros(nA, v, v));
            for (String k : Gradients.NAMES) {
                DMatrixRMaj m = g.get(k);
                for (int i = 0; i < m.getNumElements(); i++) {
                    m.data[i] = r.nextGaussian() * 20;
                }
            }
            return g;
        });
    }
}
