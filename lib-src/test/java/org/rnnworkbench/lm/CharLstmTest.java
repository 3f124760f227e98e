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
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.LstmCellResult;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.random.NumpyRandom;

class CharLstmTest {
    private static final double TOL = 1e-10;

    static LstmParameters parameters(JsonObject d) {
        DMatrixRMaj[] m = new DMatrixRMaj[LstmParameters.NAMES.size()];
        for (int k = 0; k < m.length; k++) {
            m[k] = Golden.matrix(d.get(LstmParameters.NAMES.get(k)));
        }
        return new LstmParameters(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]);
    }

    static void assertParameters(String what, JsonObject expected, LstmParameters actual, double tol) {
        for (String k : LstmParameters.NAMES) {
            Golden.assertClose(what + " " + k, expected.get(k), actual.get(k), tol);
        }
    }

    private static void assertGradients(String what, JsonObject expected, LstmLmGradients actual, double tol) {
        for (String k : LstmLmGradients.NAMES) {
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
        for (JsonElement e : Golden.load("lm_lstm_forward_backward.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            LstmParameters p = parameters(c.getAsJsonObject("parameters"));
            int[] X = LmFixtures.indices(c.get("X"));
            int[] Y = LmFixtures.indices(c.get("Y"));
            DMatrixRMaj a0 = Golden.matrix(c.get("a0"));
            DMatrixRMaj c0 = Golden.matrix(c.get("c0"));
            CharLstm.Forward f = CharLstm.lstmForward(X, Y, a0, c0, p);
            String what = "case " + n++;
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {f.loss()}, TOL);
            DMatrixRMaj a = Golden.matrix(c.get("a"));
            DMatrixRMaj cells = Golden.matrix(c.get("c"));
            DMatrixRMaj yHat = Golden.matrix(c.get("y_hat"));
            for (int t = 0; t < X.length; t++) {
                Golden.assertClose(what + " a[" + t + "]", column(a, t), f.cache().a(t).data, TOL);
                Golden.assertClose(what + " c[" + t + "]", column(cells, t), f.cache().c(t).data, TOL);
                Golden.assertClose(what + " y_hat[" + t + "]", column(yHat, t), f.cache().yHat()[t].data, TOL);
            }
            assertArrayEquals(f.cache().a(X.length - 1).data, f.cache().aLast().data);
            assertArrayEquals(f.cache().c(X.length - 1).data, f.cache().cLast().data);
            CharLstm.Backward b = CharLstm.lstmBackward(f.cache(), p);
            assertGradients(what, c.getAsJsonObject("gradients"), b.gradients(), TOL);
            Golden.assertClose(what + " da0", c.get("da0"), b.da0(), TOL);
            Golden.assertClose(what + " dc0", c.get("dc0"), b.dc0(), TOL);
            // Neither pass touches its inputs.
            assertParameters(what + " parameters after", c.getAsJsonObject("parameters"), p, 0);
            Golden.assertClose(what + " a0 after", c.get("a0"), a0, 0);
            Golden.assertClose(what + " c0 after", c.get("c0"), c0, 0);
        }
        assertEquals(4, n);
    }

    /** Every parameter gradient, da0 and dc0 against central differences of the sequence loss. */
    @Test
    void gradientsAgreeWithCentralDifferences() {
        SplittableRandom r = new SplittableRandom(12);
        for (int trial = 0; trial < 3; trial++) {
            int nA = 3 + trial;
            int v = 4 + trial;
            LstmParameters p = randomParameters(r, nA, v, 0.8);
            DMatrixRMaj a0 = gauss(r, nA, 1, 0.5);
            DMatrixRMaj c0 = gauss(r, nA, 1, 0.5);
            int T = 2 + 3 * trial;
            int[] X = new int[T];
            int[] Y = new int[T];
            for (int t = 0; t < T; t++) {
                X[t] = t == 0 ? CharRnn.NONE : r.nextInt(v);
                Y[t] = r.nextInt(v);
            }
            CharLstm.Backward b = CharLstm.lstmBackward(CharLstm.lstmForward(X, Y, a0, c0, p).cache(), p);
            GradientCheck check = GradientCheck.of(() -> CharLstm.lstmForward(X, Y, a0, c0, p).loss());
            for (String k : LstmParameters.NAMES) {
                check = check.wrt(k, p.get(k), b.gradients().get("d" + k));
            }
            GradientCheck.Result result = check.wrt("a0", a0, b.da0()).wrt("c0", c0, b.dc0()).run();
            assertEquals(LstmParameters.NAMES.size() + 2, result.entries().size());
            assertTrue(result.maxRelativeError() < 1e-7, "trial " + trial + "\n" + result);
        }
    }

    @Test
    void optimizeMatchesNumpy() {
        int n = 0;
        for (JsonElement e : Golden.load("lm_lstm_optimize.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            LstmParameters p = parameters(c.getAsJsonObject("parameters"));
            DMatrixRMaj aPrev = Golden.matrix(c.get("a_prev"));
            DMatrixRMaj cPrev = Golden.matrix(c.get("c_prev"));
            CharLstm.Result r = CharLstm.optimize(LmFixtures.indices(c.get("X")), LmFixtures.indices(c.get("Y")), aPrev,
                    cPrev, p, c.get("learning_rate").getAsDouble());
            String what = "case " + n++;
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {r.loss()}, TOL);
            assertGradients(what, c.getAsJsonObject("gradients"), r.gradients(), TOL);
            Golden.assertClose(what + " a_last", c.get("a_last"), r.aLast(), TOL);
            Golden.assertClose(what + " c_last", c.get("c_last"), r.cLast(), TOL);
            assertParameters(what + " updated", c.getAsJsonObject("updated"), p, TOL);
            Golden.assertClose(what + " a_prev untouched", c.get("a_prev"), aPrev, 0);
            Golden.assertClose(what + " c_prev untouched", c.get("c_prev"), cPrev, 0);
            for (String k : LstmLmGradients.NAMES) {
                for (double d : r.gradients().get(k).data) {
                    assertTrue(Math.abs(d) <= Optimize.MAX_VALUE, what + " " + k + " not clipped: " + d);
                }
            }
        }
        assertEquals(3, n);
    }

    @Test
    void lossAndGradientsCountsAndReportsTheClippedEntries() {
        JsonObject c = Golden.load("lm_lstm_optimize.json").getAsJsonArray("cases").get(0).getAsJsonObject();
        LstmParameters p = parameters(c.getAsJsonObject("parameters"));
        int[] X = LmFixtures.indices(c.get("X"));
        int[] Y = LmFixtures.indices(c.get("Y"));
        DMatrixRMaj aPrev = Golden.matrix(c.get("a_prev"));
        DMatrixRMaj cPrev = Golden.matrix(c.get("c_prev"));
        LstmLmGradients[] raw = new LstmLmGradients[1];
        CharLstm.Result r = CharLstm.lossAndGradients(X, Y, aPrev, cPrev, p, Optimize.MAX_VALUE, g -> raw[0] = g.copy());
        int outside = 0;
        for (String k : LstmLmGradients.NAMES) {
            for (double d : raw[0].get(k).data) {
                outside += Math.abs(d) > Optimize.MAX_VALUE ? 1 : 0;
            }
        }
        assertEquals(outside, r.clipped());
        assertTrue(outside > 0, "this case clips");
        assertGradients("clipped copy", c.getAsJsonObject("gradients"), Clip.clip(raw[0], Optimize.MAX_VALUE), TOL);
        assertParameters("not updated", c.getAsJsonObject("parameters"), p, 0);
        CharLstm.Result unclipped = CharLstm.lossAndGradients(X, Y, aPrev, cPrev, p, Double.POSITIVE_INFINITY, null);
        assertEquals(0, unclipped.clipped());
        assertArrayEquals(raw[0].dWf().data, unclipped.gradients().dWf().data);
    }

    @Test
    void samplesMatchNumpy() {
        int longest = 0;
        for (JsonElement e : Golden.load("lm_lstm_sample.json").getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            LstmParameters p = parameters(c.getAsJsonObject("parameters"));
            Vocabulary v = newlineFirst(p.nY());
            JsonObject samples = c.getAsJsonObject("samples");
            for (String seed : samples.keySet()) {
                int[] expected = LmFixtures.indices(samples.get(seed));
                assertArrayEquals(expected, Sampler.sample(p, v, Integer.parseInt(seed)), "seed " + seed);
                assertArrayEquals(expected, Sampler.sample((CellParameters) p, v,
                        Integer.parseInt(seed)), "seed " + seed + " through CellParameters");
                longest = Math.max(longest, expected.length);
            }
        }
        assertEquals(Sampler.MAX_LENGTH + 1, longest, "one case reaches the 50-character cap");
    }

    @Test
    void samplingCarriesTheMemoryCell() {
        JsonObject c = Golden.load("lm_lstm_sample.json").getAsJsonArray("cases").get(1).getAsJsonObject();
        LstmParameters p = parameters(c.getAsJsonObject("parameters"));
        Vocabulary v = newlineFirst(p.nY());
        int differs = 0;
        for (int seed = 0; seed < 6; seed++) {
            int[] name = Sampler.sample(p, v, seed);
            assertArrayEquals(name, replay(p, seed, true), "seed " + seed);
            differs += Arrays.equals(name, replay(p, seed, false)) ? 0 : 1;
        }
        assertTrue(differs > 0, "forgetting c between steps changes some names");
        assertArrayEquals(Sampler.sample(p, v, 3), Sampler.sample(p, v, 3, 1.0, ""));
        int[] prefixed = Sampler.sample(p, v, 3, 0.5, "ab");
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(prefixed, 2));
        assertEquals(v.newlineIndex(), prefixed[prefixed.length - 1]);
    }

    /** Sampling written out with the cell step: draw k re-seeds with seed + 2k; c carried or reset to zero. */
    private static int[] replay(LstmParameters p, int seed, boolean carryC) {
        NumpyRandom rng = new NumpyRandom(0);
        DMatrixRMaj a = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj cell = new DMatrixRMaj(p.nA(), 1);
        int[] out = new int[Sampler.MAX_LENGTH + 1];
        int n = 0;
        int x = CharRnn.NONE;
        while (n < Sampler.MAX_LENGTH && (n == 0 || out[n - 1] != 0)) {
            LstmCellResult step = CharLstm.lstmStepForward(p, a, cell, x);
            a = step.aNext();
            cell = carryC ? step.cNext() : new DMatrixRMaj(p.nA(), 1);
            rng.seed(seed + 2L * n);
            x = rng.choice(p.nY(), step.yPred().data);
            out[n++] = x;
        }
        if (out[n - 1] != 0) {
            out[n++] = 0;
        }
        return Arrays.copyOf(out, n);
    }

    @Test
    void initializationFollowsTheDocumentedDrawOrder() {
        JsonObject f = Golden.load("lm_lstm_model_elements.json");
        int nA = f.get("n_a").getAsInt();
        int v = f.get("vocabulary").getAsString().length();
        LstmParameters p = CharLstm.initializeParameters(nA, v, v);
        // NumpyRandom.randn may differ from NumPy in the last bit (the platform log), hence not 0.
        assertParameters("initial", f.getAsJsonObject("initial_parameters"), p, 1e-14);
        for (String b : new String[] {"bf", "bi", "bc", "bo", "by"}) {
            for (double d : p.get(b).data) {
                assertEquals(0.0, d, 0.0, b + " starts at zero");
            }
        }
    }

    @Test
    void rejectsBadArgumentsBeforeComputing() {
        LstmParameters p = CharLstm.initializeParameters(3, 4, 4);
        DMatrixRMaj a0 = new DMatrixRMaj(3, 1);
        DMatrixRMaj c0 = new DMatrixRMaj(3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharLstm.lstmForward(new int[] {CharRnn.NONE, 4}, new int[] {1, 2}, a0, c0, p));
        assertTrue(e.getMessage().contains("X[1] = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharLstm.lstmForward(new int[] {1}, new int[] {1}, new DMatrixRMaj(2, 1), c0, p));
        assertTrue(e.getMessage().contains("a0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharLstm.lstmForward(new int[] {1}, new int[] {1}, a0, new DMatrixRMaj(3, 2), p));
        assertTrue(e.getMessage().contains("c0") && e.getMessage().contains("(3,2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharLstm.lstmStepForward(p, a0, null, 1));
        assertTrue(e.getMessage().contains("cPrev"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharLstm.updateParameters(p,
                LstmLmGradients.zerosLike(CharLstm.initializeParameters(3, 5, 5)), 0.1));
        assertTrue(e.getMessage().contains("dWf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharLstm.optimize(new int[] {1}, new int[] {1}, a0, c0, p, Double.NaN));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmLmGradients.zerosLike(p).get("dWz"));
        assertTrue(e.getMessage().contains("dWf"), e.getMessage());
    }

    static LstmParameters randomParameters(SplittableRandom r, int nA, int v, double scale) {
        int k = nA + v;
        return new LstmParameters(gauss(r, nA, k, scale), gauss(r, nA, 1, scale), gauss(r, nA, k, scale),
                gauss(r, nA, 1, scale), gauss(r, nA, k, scale), gauss(r, nA, 1, scale), gauss(r, nA, k, scale),
                gauss(r, nA, 1, scale), gauss(r, v, nA, scale), gauss(r, v, 1, scale));
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
