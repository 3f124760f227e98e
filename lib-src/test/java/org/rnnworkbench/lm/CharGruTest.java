package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.gradcheck.GradientCheck;

class CharGruTest {
    private static final double TOL = 1e-10;

    static GruParameters parameters(JsonObject d) {
        return new GruParameters(Golden.matrix(d.get("Wz")), Golden.matrix(d.get("Wr")), Golden.matrix(d.get("Wh")),
                Golden.matrix(d.get("Wy")), Golden.matrix(d.get("by")));
    }

    static void assertParameters(String what, JsonObject expected, GruParameters actual, double tol) {
        for (String k : GruParameters.NAMES) {
            Golden.assertClose(what + " " + k, expected.get(k), actual.get(k), tol);
        }
    }

    private static void assertGradients(String what, JsonObject expected, GruLmGradients actual, double tol) {
        for (String k : GruLmGradients.NAMES) {
            Golden.assertClose(what + " " + k, expected.get(k), actual.get(k), tol);
        }
    }

    private static double[] column(DMatrixRMaj m, int t) {
        double[] c = new double[m.numRows];
        for (int i = 0; i < c.length; i++) {
            c[i] = m.get(i, t);
        }
        return c;
    }

    @Test
    void forwardAndBackwardMatchNumpy() {
        int n = 0;
        for (JsonElement e : Golden.load("lm_gru_forward_backward.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            GruParameters p = parameters(c.getAsJsonObject("parameters"));
            int[] X = LmFixtures.indices(c.get("X"));
            int[] Y = LmFixtures.indices(c.get("Y"));
            CharGru.Forward f = CharGru.gruForward(X, Y, Golden.matrix(c.get("a0")), p);
            String what = "case " + n++;
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {f.loss()}, TOL);
            DMatrixRMaj a = Golden.matrix(c.get("a"));
            DMatrixRMaj yHat = Golden.matrix(c.get("y_hat"));
            for (int t = 0; t < X.length; t++) {
                Golden.assertClose(what + " a[" + t + "]", column(a, t), f.cache().a(t).data, TOL);
                Golden.assertClose(what + " y_hat[" + t + "]", column(yHat, t), f.cache().yHat()[t].data, TOL);
            }
            CharGru.Backward b = CharGru.gruBackward(f.cache(), p);
            assertGradients(what, c.getAsJsonObject("gradients"), b.gradients(), TOL);
            Golden.assertClose(what + " da0", c.get("da0"), b.da0(), TOL);
            // Neither pass touches its inputs.
            assertParameters(what + " parameters after", c.getAsJsonObject("parameters"), p, 0);
        }
        assertEquals(4, n);
    }

    /** Every parameter gradient and da0 against central differences of the sequence loss. */
    @Test
    void gradientsAgreeWithCentralDifferences() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 3; trial++) {
            int nA = 3 + trial;
            int v = 4 + trial;
            GruParameters p = new GruParameters(gauss(r, nA, nA + v, 0.8), gauss(r, nA, nA + v, 0.8),
                    gauss(r, nA, nA + v, 0.8), gauss(r, v, nA, 0.8), gauss(r, v, 1, 0.8));
            DMatrixRMaj a0 = gauss(r, nA, 1, 0.5);
            int T = 2 + 3 * trial;
            int[] X = new int[T];
            int[] Y = new int[T];
            for (int t = 0; t < T; t++) {
                X[t] = t == 0 ? CharRnn.NONE : r.nextInt(v);
                Y[t] = r.nextInt(v);
            }
            CharGru.Backward b = CharGru.gruBackward(CharGru.gruForward(X, Y, a0, p).cache(), p);
            GradientCheck.Result check = GradientCheck.of(() -> CharGru.gruForward(X, Y, a0, p).loss())
                    .wrt("Wz", p.Wz(), b.gradients().dWz())
                    .wrt("Wr", p.Wr(), b.gradients().dWr())
                    .wrt("Wh", p.Wh(), b.gradients().dWh())
                    .wrt("Wy", p.Wy(), b.gradients().dWy())
                    .wrt("by", p.by(), b.gradients().dby())
                    .wrt("a0", a0, b.da0())
                    .run();
            assertTrue(check.maxRelativeError() < 1e-7, "trial " + trial + "\n" + check);
        }
    }

    @Test
    void optimizeMatchesNumpy() {
        int n = 0;
        for (JsonElement e : Golden.load("lm_gru_optimize.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            GruParameters p = parameters(c.getAsJsonObject("parameters"));
            DMatrixRMaj aPrev = Golden.matrix(c.get("a_prev"));
            CharGru.Result r = CharGru.optimize(LmFixtures.indices(c.get("X")), LmFixtures.indices(c.get("Y")), aPrev, p,
                    c.get("learning_rate").getAsDouble());
            String what = "case " + n++;
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {r.loss()}, TOL);
            assertGradients(what, c.getAsJsonObject("gradients"), r.gradients(), TOL);
            Golden.assertClose(what + " a_last", c.get("a_last"), r.aLast(), TOL);
            assertParameters(what + " updated", c.getAsJsonObject("updated"), p, TOL);
            Golden.assertClose(what + " a_prev untouched", c.get("a_prev"), aPrev, 0);
            for (String k : GruLmGradients.NAMES) {
                for (double d : r.gradients().get(k).data) {
                    assertTrue(Math.abs(d) <= Optimize.MAX_VALUE, what + " " + k + " not clipped: " + d);
                }
            }
        }
        assertEquals(3, n);
    }

    @Test
    void samplesMatchNumpy() {
        for (JsonElement e : Golden.load("lm_gru_sample.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            GruParameters p = parameters(c.getAsJsonObject("parameters"));
            Vocabulary v = newlineFirst(p.nY());
            JsonObject samples = c.getAsJsonObject("samples");
            for (String seed : samples.keySet()) {
                int[] expected = LmFixtures.indices(samples.get(seed));
                assertArrayEquals(expected, Sampler.sample(p, v, Integer.parseInt(seed)), "seed " + seed);
            }
        }
    }

    @Test
    void sampleWithTemperatureOneAndNoPrefixIsThePlainSample() {
        JsonObject c = Golden.load("lm_gru_sample.json").getAsJsonArray("cases").get(1).getAsJsonObject();
        GruParameters p = parameters(c.getAsJsonObject("parameters"));
        Vocabulary v = newlineFirst(p.nY());
        assertArrayEquals(Sampler.sample(p, v, 3), Sampler.sample(p, v, 3, 1.0, ""));
        int[] prefixed = Sampler.sample(p, v, 3, 0.5, "ab");
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(prefixed, 2));
        assertEquals(v.newlineIndex(), prefixed[prefixed.length - 1]);
    }

    @Test
    void initializationFollowsTheDocumentedDrawOrder() {
        JsonObject f = Golden.load("lm_gru_model_elements.json");
        int nA = f.get("n_a").getAsInt();
        int v = f.get("vocabulary").getAsString().length();
        // NumpyRandom.randn may differ from NumPy in the last bit (the platform log), hence not 0.
        assertParameters("initial", f.getAsJsonObject("initial_parameters"), CharGru.initializeParameters(nA, v, v), 1e-14);
    }

    @Test
    void rejectsBadArgumentsBeforeComputing() {
        GruParameters p = CharGru.initializeParameters(3, 4, 4);
        DMatrixRMaj a0 = new DMatrixRMaj(3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharGru.gruForward(new int[] {CharRnn.NONE, 4}, new int[] {1, 2}, a0, p));
        assertTrue(e.getMessage().contains("X[1] = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharGru.gruForward(new int[] {1}, new int[] {1}, new DMatrixRMaj(2, 1), p));
        assertTrue(e.getMessage().contains("a0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharGru.updateParameters(p, GruLmGradients.zerosLike(CharGru.initializeParameters(3, 5, 5)), 0.1));
        assertTrue(e.getMessage().contains("dWz"), e.getMessage());
    }

    private static Vocabulary newlineFirst(int size) {
        StringBuilder s = new StringBuilder("\n");
        for (int i = 0; i < size - 1; i++) {
            s.append((char) ('a' + i));
        }
        return Vocabulary.fromText(s.toString());
    }

    private static DMatrixRMaj gauss(SplittableRandom r, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * GradientCheck.gaussian(1, 1, r).data[0];
        }
        return m;
    }
}
