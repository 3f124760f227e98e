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
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.lm.CharLstm;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.LstmLmGradients;

/** The allocation-free LSTM step against the plain {@link CharLstm#lossAndGradients} and update on random shapes. */
class FastCharLstmTest {
    private static final double TOL = 1e-11;
    private static final double JUNK = 9.5e7;

    /**
     * Single steps on random sizes, scales, learning rates and bounds (some clip): before each step
     * the fast workspace is given the plain one's parameters and states, so each comparison is of one step.
     */
    @Test
    void stepsMatchThePlainStep() {
        SplittableRandom pick = new SplittableRandom(61);
        int clippedCases = 0;
        for (int trial = 0; trial < 60; trial++) {
            int nA = 1 + pick.nextInt(40);
            int v = 2 + pick.nextInt(30);
            int maxLength = 1 + pick.nextInt(20);
            double scale = new double[] {0.01, 0.1, 0.5}[pick.nextInt(3)];
            double lr = new double[] {0.0, 0.01, 0.1}[pick.nextInt(3)];
            double maxValue = new double[] {5.0, 0.5, 0.05, 0.005, Double.POSITIVE_INFINITY}[pick.nextInt(5)];
            TestRandom rng = new TestRandom(300 + trial, scale);
            LstmParameters plain = rng.lstm(v, nA, v);
            DMatrixRMaj aPrev = rng.matrix(nA, 1);
            DMatrixRMaj cPrev = rng.matrix(nA, 1);
            FastCharLstm fast = new FastCharLstm(plain, maxLength);
            for (int step = 0; step < 4; step++) {
                fast.setParameters(plain);
                fast.setHiddenState(aPrev);
                fast.setMemoryCell(cPrev);
                int T = 1 + pick.nextInt(maxLength);
                int[] X = new int[T];
                int[] Y = new int[T];
                for (int t = 0; t < T; t++) {
                    X[t] = t == 0 && pick.nextBoolean() ? CharRnn.NONE : pick.nextInt(v);
                    Y[t] = pick.nextInt(v);
                }
                String what = "trial " + trial + " step " + step + " (n_a=" + nA + ", V=" + v + ", T=" + T + ", c="
                        + maxValue + ")";
                double[] normsBefore = new double[10];
                CharLstm.Result expected = CharLstm.lossAndGradients(X, Y, aPrev, cPrev, plain, maxValue,
                        g -> g.norms(normsBefore, 0));
                CharLstm.updateParameters(plain, expected.gradients(), lr);
                double loss = fast.optimize(X, Y, lr, maxValue);

                Golden.assertClose(what + " loss", new double[] {expected.loss()}, new double[] {loss}, TOL);
                assertEquals(expected.clipped(), fast.clippedCount(), what + " clipped entries");
                clippedCases += expected.clipped() > 0 ? 1 : 0;
                LstmLmGradients g = junkGradients(nA, v);
                fast.copyGradients(g);
                for (String k : LstmLmGradients.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " " + k, expected.gradients().get(k).data, g.get(k).data,
                            TOL);
                }
                double[] norms = new double[12];
                fast.normsBeforeClip(norms, 1);
                Golden.assertClose(what + " norms", normsBefore, Arrays.copyOfRange(norms, 1, 11), TOL);
                double[] normsAfter = new double[10];
                expected.gradients().norms(normsAfter, 0);
                fast.normsAfterClip(norms, 2);
                Golden.assertClose(what + " clipped norms", normsAfter, Arrays.copyOfRange(norms, 2, 12), TOL);
                LstmParameters out = junkParameters(nA, v);
                fast.copyParameters(out);
                for (String k : LstmParameters.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " updated " + k, plain.get(k).data, out.get(k).data, TOL);
                }
                DMatrixRMaj last = new DMatrixRMaj(nA, 1);
                last.fill(JUNK);
                fast.hiddenState(last);
                FastCharRnnTest.assertCloseInNorm(what + " aLast", expected.aLast().data, last.data, TOL);
                last.fill(JUNK);
                fast.memoryCell(last);
                FastCharRnnTest.assertCloseInNorm(what + " cLast", expected.cLast().data, last.data, TOL);
                aPrev = expected.aLast();
                cPrev = expected.cLast();
            }
        }
        assertTrue(clippedCases > 10, "only " + clippedCases + " steps clipped anything");
    }

    /** Without re-synchronising: parameters, hidden state and memory cell carried over 50 steps, as in training. */
    @Test
    void carriesStatesAndParametersAcrossSteps() {
        SplittableRandom pick = new SplittableRandom(62);
        TestRandom rng = new TestRandom(9, 0.3);
        int nA = 23;
        int v = 11;
        LstmParameters plain = rng.lstm(v, nA, v);
        FastCharLstm fast = new FastCharLstm(plain, 12);
        DMatrixRMaj aPrev = new DMatrixRMaj(nA, 1);
        DMatrixRMaj cPrev = new DMatrixRMaj(nA, 1);
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
            CharLstm.Result expected = CharLstm.optimize(X, Y, aPrev, cPrev, plain, 0.05);
            double loss = fast.optimize(X, Y, 0.05, 5.0);
            Golden.assertClose("step " + step + " loss", new double[] {1.0}, new double[] {loss / expected.loss()},
                    1e-12);
            aPrev = expected.aLast();
            cPrev = expected.cLast();
        }
        LstmParameters out = junkParameters(nA, v);
        fast.copyParameters(out);
        for (String k : LstmParameters.NAMES) {
            FastCharRnnTest.assertCloseInNorm("final " + k, plain.get(k).data, out.get(k).data, 1e-12);
        }
        assertEquals(plain.nA(), fast.nA());
        assertEquals(12, fast.maxLength());
        assertEquals(4 * nA * (nA + v) + 4 * nA + v * nA + v, fast.gradientSize());
    }

    /** The global-norm factor from the norms, and from the entries when their squares overflow; the guard's order. */
    @Test
    void theGlobalNormScaleIsThatOfThePlainNorm() {
        LstmParameters p = CharLstm.initializeParameters(6, 5, 5);
        FastCharLstm lstm = new FastCharLstm(p, 8);
        lstm.optimize(new int[] {CharRnn.NONE, 1, 2}, new int[] {1, 2, 0}, 0.01, Double.POSITIVE_INFINITY);
        lstm.lossAndGradients(new int[] {CharRnn.NONE, 3, 4, 3}, new int[] {3, 4, 3, 0});
        assertTrue(lstm.measureGradients());
        LstmLmGradients g = LstmLmGradients.zerosLike(p);
        lstm.update(0.0, Double.POSITIVE_INFINITY);
        lstm.copyGradients(g);
        double norm = Clip.globalNorm(g);
        assertEquals(0.5, lstm.globalNormScale(norm / 2), 1e-14);
        assertEquals(1.0, lstm.globalNormScale(norm * 1.001), 0.0);

        lstm.dWr[2][3] = 3e200;
        lstm.dWxT[3][4][1] = -4e200;
        assertTrue(!lstm.measureGradients(), "the squares overflow");
        lstm.copyGradients(g);
        double big = Clip.globalNorm(g);
        assertEquals(5e200, big, 1e-12 * big);
        assertEquals(7 / big, lstm.globalNormScale(7), 1e-12 * 7 / big);
        assertNull(lstm.firstNonFiniteGradient(Double.POSITIVE_INFINITY), "finite entries whose squares overflow");

        lstm.dby[1] = Double.NEGATIVE_INFINITY;
        lstm.measureGradients();
        assertEquals(1.0, lstm.globalNormScale(7), 0.0, "nothing to scale: the guard stops on it");
        assertEquals(Arrays.toString(new double[] {FastCharLstm.DBY, Double.NEGATIVE_INFINITY}),
                Arrays.toString(lstm.firstNonFiniteGradient(Double.POSITIVE_INFINITY)));
        assertNull(lstm.firstNonFiniteGradient(5), "clipping brings -inf to -5");
        lstm.db[2][0] = Double.NaN;
        lstm.measureGradients();
        assertEquals(Arrays.toString(new double[] {5, Double.NaN}),
                Arrays.toString(lstm.firstNonFiniteGradient(5)), "NaN stays NaN, and dbc comes before dby");
    }

    @Test
    void argumentsAreChecked() {
        FastCharLstm fast = new FastCharLstm(new TestRandom(1).lstm(5, 3, 5), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X has 2 entries but Y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2, 3, 4, 0}, new int[] {1, 2, 3, 4, 0}, 0.01, 5));
        assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {5}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X[0] = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.setMemoryCell(new DMatrixRMaj(4, 1)));
        assertTrue(e.getMessage().contains("cPrev"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.copyParameters(LstmParameters.zeros(3, 4, 5)));
        assertTrue(e.getMessage().contains("out.Wf"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> fast.copyGradients(junkGradients(3, 5)));
        assertThrows(IllegalArgumentException.class, () -> fast.normsBeforeClip(new double[9], 0));
        assertThrows(IllegalArgumentException.class, () -> new FastCharLstm(LstmParameters.zeros(3, 5, 5), 0));
        assertThrows(NullPointerException.class, () -> new FastCharLstm(null, 3));
        FastCharGru gru = new FastCharGru(new TestRandom(1).gru(5, 3, 5), 4);
        assertThrows(UnsupportedOperationException.class, () -> gru.setMemoryCell(new DMatrixRMaj(3, 1)));
    }

    private static LstmLmGradients junkGradients(int nA, int v) {
        LstmLmGradients g = LstmLmGradients.zerosLike(LstmParameters.zeros(nA, v, v));
        for (String k : LstmLmGradients.NAMES) {
            g.get(k).fill(JUNK);
        }
        return g;
    }

    private static LstmParameters junkParameters(int nA, int v) {
        LstmParameters p = LstmParameters.zeros(nA, v, v);
        for (String k : LstmParameters.NAMES) {
            p.get(k).fill(JUNK);
        }
        return p;
    }
}
