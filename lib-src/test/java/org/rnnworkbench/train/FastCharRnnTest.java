package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.Optimize;

/** The allocation-free step against the plain {@link Optimize#optimize} on random shapes. */
class FastCharRnnTest {
    private static final double TOL = 1e-11;
    private static final double JUNK = 9.5e7;

    /**
     * Single steps on random sizes, scales, learning rates and bounds (some clip, some saturate):
     * before each step the fast workspace is given the plain one's parameters and state, so that
     * each comparison is of one step, not of a chaotic trajectory.
     */
    @Test
    void stepsMatchThePlainOptimize() {
        SplittableRandom pick = new SplittableRandom(11);
        int clippedCases = 0;
        for (int trial = 0; trial < 60; trial++) {
            int nA = 1 + pick.nextInt(40);
            int v = 2 + pick.nextInt(30);
            int maxLength = 1 + pick.nextInt(20);
            // Larger weights make backpropagation through 20 steps ill-conditioned: differences in the
            // last bit grow to 1e-10 at scale 1 for the plain implementation against itself reordered.
            double scale = new double[] {0.01, 0.1, 0.3}[pick.nextInt(3)];
            double lr = new double[] {0.0, 0.01, 0.1}[pick.nextInt(3)];
            double maxValue = new double[] {5.0, 0.5, 0.05, 100.0}[pick.nextInt(4)];
            TestRandom rng = new TestRandom(100 + trial, scale);
            RnnParameters plain = rng.rnn(v, nA, v);
            DMatrixRMaj aPrev = rng.matrix(nA, 1);
            FastCharRnn fast = new FastCharRnn(plain, maxLength);
            fast.setHiddenState(aPrev);
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
                String what = "trial " + trial + " step " + step + " (n_a=" + nA + ", V=" + v + ", T=" + T + ")";
                double[] normsBefore = new double[5];
                Optimize.Result expected = Optimize.optimize(X, Y, aPrev, plain, lr, maxValue,
                        g -> g.norms(normsBefore, 0));
                double loss = fast.optimize(X, Y, lr, maxValue);

                Golden.assertClose(what + " loss", new double[] {expected.loss()}, new double[] {loss}, TOL);
                assertEquals(expected.clipped(), fast.clippedCount(), what + " clipped entries");
                clippedCases += expected.clipped() > 0 ? 1 : 0;
                Gradients g = junkGradients(nA, v);
                fast.copyGradients(g);
                for (String k : Gradients.NAMES) {
                    assertCloseInNorm(what + " " + k, expected.gradients().get(k).data, g.get(k).data, TOL);
                }
                double[] norms = new double[7];
                fast.normsBeforeClip(norms, 1);
                Golden.assertClose(what + " norms", normsBefore, java.util.Arrays.copyOfRange(norms, 1, 6), TOL);
                double[] normsAfter = new double[5];
                expected.gradients().norms(normsAfter, 0);
                fast.normsAfterClip(norms, 2);
                Golden.assertClose(what + " clipped norms", normsAfter, java.util.Arrays.copyOfRange(norms, 2, 7), TOL);
                RnnParameters out = junkParameters(nA, v);
                fast.copyParameters(out);
                for (String k : RnnParameters.NAMES) {
                    assertCloseInNorm(what + " updated " + k, plain.get(k).data, out.get(k).data, TOL);
                }
                DMatrixRMaj aLast = new DMatrixRMaj(nA, 1);
                aLast.fill(JUNK);
                fast.hiddenState(aLast);
                assertCloseInNorm(what + " aLast", expected.aLast().data, aLast.data, TOL);
                aPrev = expected.aLast();
            }
        }
        assertTrue(clippedCases > 10, "only " + clippedCases + " steps clipped anything");
    }

    /** Without re-synchronising: parameters and hidden state carried over 50 steps, as in training. */
    @Test
    void carriesStateAndParametersAcrossSteps() {
        SplittableRandom pick = new SplittableRandom(12);
        TestRandom rng = new TestRandom(7, 0.1);
        int nA = 23;
        int v = 11;
        RnnParameters plain = rng.rnn(v, nA, v);
        FastCharRnn fast = new FastCharRnn(plain, 12);
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
            Optimize.Result expected = Optimize.optimize(X, Y, aPrev, plain, 0.05, 5.0, null);
            double loss = fast.optimize(X, Y, 0.05, 5.0);
            Golden.assertClose("step " + step + " loss", new double[] {expected.loss() / Math.abs(expected.loss())},
                    new double[] {loss / Math.abs(expected.loss())}, 1e-12);
            aPrev = expected.aLast();
        }
        RnnParameters out = junkParameters(nA, v);
        fast.copyParameters(out);
        for (String k : RnnParameters.NAMES) {
            assertCloseInNorm("final " + k, plain.get(k).data, out.get(k).data, 1e-12);
        }
    }

    @Test
    void nanGradientsStayNanAsInNumpy() {
        TestRandom rng = new TestRandom(3);
        RnnParameters p = rng.rnn(4, 3, 4);
        p.Wya().set(1, 1, Double.NaN);
        FastCharRnn fast = new FastCharRnn(p, 3);
        double loss = fast.optimize(new int[] {CharRnn.NONE, 2}, new int[] {2, 0}, 0.01, 5);
        assertTrue(Double.isNaN(loss));
        Optimize.Result expected = Optimize.optimize(new int[] {CharRnn.NONE, 2}, new int[] {2, 0},
                new DMatrixRMaj(3, 1), p, 0.01);
        assertEquals(expected.clipped(), fast.clippedCount());
    }

    @Test
    void argumentsAreChecked() {
        FastCharRnn fast = new FastCharRnn(new TestRandom(1).rnn(5, 3, 5), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X has 2 entries but Y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> fast.optimize(new int[] {1, 2, 3, 4, 0}, new int[] {1, 2, 3, 4, 0}, 0.01, 5));
        assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {5}, new int[] {1}, 0.01, 5));
        assertTrue(e.getMessage().contains("X[0] = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {-1}, 0.01, 5));
        assertTrue(e.getMessage().contains("Y[0] = -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {1}, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> fast.optimize(new int[] {1}, new int[] {1}, 0.01, 0));
        e = assertThrows(IllegalArgumentException.class, () -> fast.setHiddenState(new DMatrixRMaj(4, 1)));
        assertTrue(e.getMessage().contains("aPrev"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.copyParameters(RnnParameters.zeros(3, 4, 5)));
        assertTrue(e.getMessage().contains("out.Wax"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> fast.copyGradients(junkGradients(3, 5)));
        assertThrows(IllegalArgumentException.class, () -> fast.normsBeforeClip(new double[4], 0));
    }

    /**
     * ‖expected − actual‖ ≤ tol·‖expected‖ (Frobenius): entries that are sums with cancellation,
     * or derivatives (1 − a²) of saturated units, can differ more in relative terms; the matrix
     * as a whole may not.
     */
    static void assertCloseInNorm(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i]) != Double.isNaN(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]);
            }
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
        assertTrue(rel <= tol, what + ": relative difference " + rel + " in norm (tolerance " + tol + ")");
    }

    private static Gradients junkGradients(int nA, int v) {
        Gradients g = Gradients.zerosLike(RnnParameters.zeros(nA, v, v));
        for (String k : Gradients.NAMES) {
            g.get(k).fill(JUNK);
        }
        return g;
    }

    private static RnnParameters junkParameters(int nA, int v) {
        RnnParameters p = RnnParameters.zeros(nA, v, v);
        for (String k : RnnParameters.NAMES) {
            p.get(k).fill(JUNK);
        }
        return p;
    }
}
