package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.lm.CharGru;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.GruLmGradients;

/** The allocation-free GRU step against the plain {@link CharGru#lossAndGradients} and update on random shapes. */
class FastCharGruTest {
    private static final double TOL = 1e-11;
    private static final double JUNK = 9.5e7;

    /**
     * Single steps on random sizes, scales, learning rates and bounds (some clip): before each step
     * the fast workspace is given the plain one's parameters and state, so that each comparison is
     * of one step, not of a chaotic trajectory.
     */
    @Test
    void stepsMatchThePlainStep() {
        SplittableRandom pick = new SplittableRandom(41);
        int clippedCases = 0;
        for (int trial = 0; trial < 60; trial++) {
            int nA = 1 + pick.nextInt(40);
            int v = 2 + pick.nextInt(30);
            int maxLength = 1 + pick.nextInt(20);
            double scale = new double[] {0.01, 0.1, 0.5}[pick.nextInt(3)];
            double lr = new double[] {0.0, 0.01, 0.1}[pick.nextInt(3)];
            double maxValue = new double[] {5.0, 0.5, 0.05, 0.005, Double.POSITIVE_INFINITY}[pick.nextInt(5)];
            TestRandom rng = new TestRandom(200 + trial, scale);
            GruParameters plain = rng.gru(v, nA, v);
            DMatrixRMaj aPrev = rng.matrix(nA, 1);
            FastCharGru fast = new FastCharGru(plain, maxLength);
            for (int step = 0; step < 4; step++) {
                fast.setParameters(plain);
                fast.setHiddenState(aPrev);
                int T = 1 + pick.nextInt(maxLength);
                int[] X = new int[T];
                int[] Y = new int[T];
                for (int t = 0; t < T; t++) {
                    X[t] = t == 0 && pick.nextBoolean() ? CharRnn.NONE : pick.nextInt(v);
                    Y[t] = pick.nextInt(v);
                }
                String what = "trial " + trial + " step " + step + " (n_a=" + nA + ", V=" + v + ", T=" + T + ", c="
                        + maxValue + ")";
                double[] normsBefore = new double[5];
                CharGru.Result expected = CharGru.lossAndGradients(X, Y, aPrev, plain, maxValue,
                        g -> g.norms(normsBefore, 0));
                CharGru.updateParameters(plain, expected.gradients(), lr);
                double loss = fast.optimize(X, Y, lr, maxValue);

                Golden.assertClose(what + " loss", new double[] {expected.loss()}, new double[] {loss}, TOL);
                assertEquals(expected.clipped(), fast.clippedCount(), what + " clipped entries");
                clippedCases += expected.clipped() > 0 ? 1 : 0;
                GruLmGradients g = junkGradients(nA, v);
                fast.copyGradients(g);
                for (String k : GruLmGradients.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " " + k, expected.gradients().get(k).data, g.get(k).data,
                            TOL);
                }
                double[] norms = new double[7];
                fast.normsBeforeClip(norms, 1);
                Golden.assertClose(what + " norms", normsBefore, Arrays.copyOfRange(norms, 1, 6), TOL);
                double[] normsAfter = new double[5];
                expected.gradients().norms(normsAfter, 0);
                fast.normsAfterClip(norms, 2);
                Golden.assertClose(what + " clipped norms", normsAfter, Arrays.copyOfRange(norms, 2, 7), TOL);
                GruParameters out = junkParameters(nA, v);
                fast.copyParameters(out);
                for (String k : GruParameters.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " updated " + k, plain.get(k).data, out.get(k).data, TOL);
                }
                DMatrixRMaj aLast = new DMatrixRMaj(nA, 1);
                aLast.fill(JUNK);
                fast.hiddenState(aLast);
                FastCharRnnTest.assertCloseInNorm(what + " aLast", expected.aLast().data, aLast.data, TOL);
                aPrev = expected.aLast();
            }
        }
        assertTrue(clippedCases > 10, "only " + clippedCases + " steps clipped anything");
    }

    /** Without re-synchronising: parameters and hidden state carried over 50 steps, as in training. */
    @Test
    void carriesStateAndParametersAcrossSteps() {
        SplittableRandom pick = new SplittableRandom(42);
        TestRandom rng = new TestRandom(8, 0.3);
        int nA = 23;
        int v = 11;
        GruParameters plain = rng.gru(v, nA, v);
        FastCharGru fast = new FastCharGru(plain, 12);
        DMatrixRMaj aPrev = new DMatrixRMaj(nA, 1);
        for (int step = 0; step < 50; step++) {
            int T = 1 + pick.nextInt(12);
            int[] X = new int[T];
            int[] Y = new int[T];
            X[0] = CharRnn.NONE;
            for (int t = 0; t < T; t++) {
                if (t > 0) {
                    X[t] = Y[t - 1];
                }
                Y[t] = pick.nextInt(v);
            }
            CharGru.Result expected = CharGru.optimize(X, Y, aPrev, plain, 0.05);
            double loss = fast.optimize(X, Y, 0.05, 5.0);
            Golden.assertClose("step " + step + " loss", new double[] {1.0}, new double[] {loss / expected.loss()},
                    1e-12);
            aPrev = expected.aLast();
        }
        GruParameters out = junkParameters(nA, v);
        fast.copyParameters(out);
        for (String k : GruParameters.NAMES) {
            FastCharRnnTest.assertCloseInNorm("final " + k, plain.get(k).data, out.get(k).data, 1e-12);
        }
        assertEquals(plain.nA(), fast.nA());
        assertEquals(12, fast.maxLength());
        assertEquals(3 * nA * (nA + v) + v * nA + v, fast.gradientSize());
    }

    /** The gate is the plain cell's formula, so it is exact; the candidate's tanh is FastMath's. */
    @Test
    void theGateIsThePlainSigmoid() {
        SplittableRandom pick = new SplittableRandom(43);
        for (int i = 0; i < 100_000; i++) {
            double x = (pick.nextDouble() - 0.5) * 80;
            assertEquals(org.rnnworkbench.tensor.Ops.sigmoid(new DMatrixRMaj(new double[][] {{x}}),
                    new DMatrixRMaj(1, 1)).get(0, 0), FastCharGru.sigmoid(x), 0.0, "σ(" + x + ")");
        }
        assertEquals(0.0, FastCharGru.sigmoid(-1000), 0.0);
        assertEquals(1.0, FastCharGru.sigmoid(1000), 0.0);
        assertTrue(Double.isNaN(FastCharGru.sigmoid(Double.NaN)));
    }

    /** The global-norm factor from the norms, and from the entries when their squares overflow. */
    @Test
    void theGlobalNormScaleIsThatOfThePlainNorm() {
        GruParameters p = CharGru.initializeParameters(6, 5, 5);
        FastCharGru gru = new FastCharGru(p, 8);
        gru.optimize(new int[] {CharRnn.NONE, 1, 2}, new int[] {1, 2, 0}, 0.01, Double.POSITIVE_INFINITY);
        gru.lossAndGradients(new int[] {CharRnn.NONE, 3, 4, 3}, new int[] {3, 4, 3, 0});
        assertTrue(gru.measureGradients());
        GruLmGradients g = GruLmGradients.zerosLike(p);
        gru.update(0.0, Double.POSITIVE_INFINITY);
        gru.copyGradients(g);
        double norm = Clip.globalNorm(g);
        assertEquals(0.5, gru.globalNormScale(norm / 2), 1e-14);
        assertEquals(1.0, gru.globalNormScale(norm * 1.001), 0.0);
        assertEquals(1.0, gru.globalNormScale(Double.POSITIVE_INFINITY), 0.0);

        gru.dWzr[2][3] = 3e200;
        gru.dWhxT[4][1] = -4e200;
        assertTrue(!gru.measureGradients(), "the squares overflow");
        gru.copyGradients(g);
        double big = Clip.globalNorm(g);
        assertEquals(5e200, big, 1e-12 * big);
        assertEquals(7 / big, gru.globalNormScale(7), 1e-12 * 7 / big);
        assertNull(gru.firstNonFiniteGradient(Double.POSITIVE_INFINITY), "finite entries whose squares overflow");

        gru.dby[1] = Double.NEGATIVE_INFINITY;
        gru.measureGradients();
        assertEquals(1.0, gru.globalNormScale(7), 0.0, "nothing to scale: the guard stops on it");
        assertEquals(Arrays.toString(new double[] {FastCharGru.DBY, Double.NEGATIVE_INFINITY}),
                Arrays.toString(gru.firstNonFiniteGradient(Double.POSITIVE_INFINITY)));
        assertNull(gru.firstNonFiniteGradient(5), "clipping brings -inf to -5");
        gru.dWzr[nAOf(gru) + 1][0] = Double.NaN;
        gru.measureGradients();
        assertEquals(Arrays.toString(new double[] {FastCharGru.DWR, Double.NaN}),
                Arrays.toString(gru.firstNonFiniteGradient(5)), "NaN stays NaN, and dWr comes before dby");
    }

    private static int nAOf(FastCharGru gru) {
        return gru.nA();
    }

    @Test
    void nanGradientsStayNanAsInThePlainStep() {
        TestRandom rng = new TestRandom(3);
        GruParameters p = rng.gru(4, 3, 4);
        p.Wy().set(1, 1, Double.NaN);
        FastCharGru fast = new FastCharGru(p, 3);
        double loss = fast.optimize(new int[] {CharRnn.NONE, 2}, new int[] {2, 0}, 0.01, 5);
        assertTrue(Double.isNaN(loss));
        CharGru.Result expected = CharGru.optimize(new int[] {CharRnn.NONE, 2}, new int[] {2, 0},
                new DMatrixRMaj(3, 1), p, 0.01);
        assertEquals(expected.clipped(), fast.clippedCount());
    }

    @Test
    void argumentsAreChecked() {
        FastCharGru fast = new FastCharGru(new TestRandom(1).gru(5, 3, 5), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X has 2 entries but Y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2, 3, 4, 0}, new int[] {1, 2, 3, 4, 0}, 0.01, 5));
        assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(null, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {5}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X[0] = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {-1}, 0.01, 5));
        assertTrue(e.getMessage().contains("Y[0] = -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {1}, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {1}, 0.01, 0));
        e = assertThrows(IllegalArgumentException.class, () -> fast.setHiddenState(new DMatrixRMaj(4, 1)));
        assertTrue(e.getMessage().contains("aPrev"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.copyParameters(GruParameters.zeros(3, 4, 5)));
        assertTrue(e.getMessage().contains("out.Wz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.setParameters(GruParameters.zeros(3, 5, 4)));
        assertTrue(e.getMessage().contains("Wy"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> fast.copyGradients(junkGradients(3, 5)));
        assertThrows(IllegalArgumentException.class, () -> fast.normsBeforeClip(new double[4], 0));
        assertThrows(IllegalArgumentException.class, () -> fast.normsAfterClip(new double[5], 1));
        assertThrows(IllegalArgumentException.class, () -> new FastCharGru(GruParameters.zeros(3, 5, 5), 0));
        assertThrows(NullPointerException.class, () -> new FastCharGru(null, 3));
    }

    private static GruLmGradients junkGradients(int nA, int v) {
        GruLmGradients g = GruLmGradients.zerosLike(GruParameters.zeros(nA, v, v));
        for (String k : GruLmGradients.NAMES) {
            g.get(k).fill(JUNK);
        }
        return g;
    }

    private static GruParameters junkParameters(int nA, int v) {
        GruParameters p = GruParameters.zeros(nA, v, v);
        for (String k : GruParameters.NAMES) {
            p.get(k).fill(JUNK);
        }
        return p;
    }
}
