package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.gradcheck.GradientCheck;

class TruncatedBpttTest {
    /** Parameter name → gradient name. */
    private static final Map<String, String> GRADIENT = Map.of("Waa", "dWaa", "Wax", "dWax", "Wya", "dWya", "ba", "db",
            "by", "dby");

    private static final int NA = 5;
    private static final int V = 6;
    private static final int T = 12;

    private final Random r = new Random(11);
    /** Scale 0.6: the state keeps a real memory of earlier steps, so cutting the gradient matters. */
    private final RnnParameters p = CharRnnTest.randomParameters(r, NA, V, 0.6);
    private final DMatrixRMaj a0 = CharRnnTest.gaussian(r, NA, 1, 0.5);
    private final int[] X = randomIndices(r, T);
    private final int[] Y = randomIndices(r, T);

    private static int[] randomIndices(Random r, int n) {
        int[] x = new int[n];
        for (int t = 0; t < n; t++) {
            x[t] = r.nextInt(V);
        }
        return x;
    }

    private static double relativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj d = a.copy();
        CommonOps_DDRM.subtractEquals(d, b);
        return NormOps_DDRM.normF(d) / (NormOps_DDRM.normF(a) + NormOps_DDRM.normF(b));
    }

    @Test
    void withKEqualToTheSequenceLengthTheGradientIsOrdinaryBptt() {
        CharRnn.Forward f = CharRnn.rnnForward(X, Y, a0, p);
        Gradients bptt = CharRnn.rnnBackward(f.cache(), p).gradients();
        for (int k : new int[] {T, T + 5}) {
            TruncatedBptt.SequenceGradients full = TruncatedBptt.truncatedGradients(X, Y, a0, p, k);
            assertEquals(f.loss(), full.loss(), 0.0);
            for (String g : Gradients.NAMES) {
                assertArrayEquals(bptt.get(g).data, full.gradients().get(g).data, 0.0, g + ", k = " + k);
            }
            assertArrayEquals(f.cache().aLast().data, full.aLast().data, 0.0);
        }
    }

    @Test
    void windowsOfAnyLengthCarryTheStateExactly() {
        CharRnn.Forward whole = CharRnn.rnnForward(X, Y, a0, p);
        for (int k = 1; k <= T; k++) {
            DMatrixRMaj a = a0;
            double loss = 0;
            int t = 0;
            for (int start = 0; start < T; start += k) {
                int end = Math.min(T, start + k);
                TruncatedBptt.Window w = TruncatedBptt.windowLossAndGradients(Arrays.copyOfRange(X, start, end),
                        Arrays.copyOfRange(Y, start, end), a, p);
                for (DMatrixRMaj at : w.cache().a()) {
                    assertArrayEquals(whole.cache().a()[t].data, at.data, 0.0, "a<" + t + ">, k = " + k);
                    assertArrayEquals(whole.cache().yHat()[t].data, w.cache().yHat()[t - start].data, 0.0);
                    t++;
                }
                loss += w.loss();
                a = w.aLast();
            }
            assertEquals(T, t);
            assertEquals(whole.loss(), loss, 1e-12 * whole.loss(), "k = " + k);
            assertEquals(whole.loss(), TruncatedBptt.truncatedGradients(X, Y, a0, p, k).loss(), 1e-12 * whole.loss());
        }
    }

    /** The window's loss as a function of the parameters with its incoming state a constant. */
    @Test
    void theWindowGradientIsExactWithTheIncomingStateHeldFixed() {
        int start = 7;
        DMatrixRMaj aIn = CharRnn.rnnForward(Arrays.copyOf(X, start), Arrays.copyOf(Y, start), a0, p).cache().aLast();
        int[] Xw = Arrays.copyOfRange(X, start, T);
        int[] Yw = Arrays.copyOfRange(Y, start, T);
        TruncatedBptt.Window w = TruncatedBptt.windowLossAndGradients(Xw, Yw, aIn, p);
        GradientCheck check = GradientCheck.of(() -> CharRnn.rnnForward(Xw, Yw, aIn, p).loss());
        for (String name : RnnParameters.NAMES) {
            check = check.wrt(name, p.get(name), w.gradients().get(GRADIENT.get(name)));
        }
        GradientCheck.Result result = check.run();
        assertTrue(result.passed(), result.toString());
    }

    /**
     * Perturbing Waa, Wax or b also moves the window's incoming state, computed from the start of the
     * sequence; the truncated gradient leaves that path out. So against the loss with the incoming
     * state recomputed, the truncated gradient fails the check for k < L and passes for k = L (where
     * the incoming state is a0, which no parameter moves). Wya and by never reach the state: they pass
     * either way.
     */
    @Test
    void theGradientIsCutAtTheWindowBoundary() {
        for (int k : new int[] {3, 5, T}) {
            int start = ((T - 1) / k) * k;
            int[] Xw = Arrays.copyOfRange(X, start, T);
            int[] Yw = Arrays.copyOfRange(Y, start, T);
            DMatrixRMaj aIn = start == 0 ? a0
                    : CharRnn.rnnForward(Arrays.copyOf(X, start), Arrays.copyOf(Y, start), a0, p).cache().aLast();
            Gradients truncated = TruncatedBptt.windowLossAndGradients(Xw, Yw, aIn, p).gradients();
            GradientCheck check = GradientCheck.of(() -> {
                DMatrixRMaj in = start == 0 ? a0
                        : CharRnn.rnnForward(Arrays.copyOf(X, start), Arrays.copyOf(Y, start), a0, p).cache().aLast();
                return CharRnn.rnnForward(Xw, Yw, in, p).loss();
            });
            for (String name : RnnParameters.NAMES) {
                check = check.wrt(name, p.get(name), truncated.get(GRADIENT.get(name)));
            }
            GradientCheck.Result result = check.run();
            for (String name : List.of("Waa", "Wax", "ba")) {
                GradientCheck.Entry e = result.entry(name);
                if (k < T) {
                    assertFalse(e.passed(), "k = " + k + ": " + e);
                    assertTrue(e.relativeError() > 1e-3, "k = " + k + ": " + e);
                } else {
                    assertTrue(e.passed(), "k = " + k + ": " + e);
                }
            }
            assertTrue(result.entry("Wya").passed() && result.entry("by").passed(), result.toString());
        }
    }

    @Test
    void truncationChangesTheSequenceGradientButNotItsLoss() {
        Gradients full = TruncatedBptt.truncatedGradients(X, Y, a0, p, T).gradients();
        for (int k : new int[] {T - 1, 4, 2, 1}) {
            TruncatedBptt.SequenceGradients g = TruncatedBptt.truncatedGradients(X, Y, a0, p, k);
            double dWaa = relativeDifference(full.dWaa(), g.gradients().dWaa());
            assertTrue(dWaa > 1e-4, "k = " + k + ": dWaa differs by " + dWaa);
            // dWya and dby need no backward pass through time: truncation leaves them alone.
            assertArrayEquals(full.dWya().data, g.gradients().dWya().data, 1e-12);
            assertArrayEquals(full.dby().data, g.gradients().dby().data, 1e-12);
        }
    }

    @Test
    void aStepClipsAndUpdates() {
        RnnParameters q = p.copy();
        TruncatedBptt.Window w = TruncatedBptt.step(X, Y, a0, q, 0.1, 0.05);
        Gradients g = TruncatedBptt.windowLossAndGradients(X, Y, a0, p).gradients();
        for (String name : RnnParameters.NAMES) {
            DMatrixRMaj dW = g.get(GRADIENT.get(name));
            for (int i = 0; i < dW.getNumElements(); i++) {
                double clipped = Math.max(-0.05, Math.min(0.05, dW.data[i]));
                assertEquals(p.get(name).data[i] - 0.1 * clipped, q.get(name).data[i], 1e-15, name);
                assertEquals(clipped, w.gradients().get(GRADIENT.get(name)).data[i], 0.0);
            }
        }
    }

    @Test
    void streamLossIsTheCarriedForwardLossPerCharacter() {
        Vocabulary v = Vocabulary.fromText("abcde");
        CharStream s = CharStream.of(List.of("abc", "dea", "e", "bbad"), v, "test");
        RnnParameters q = CharRnnTest.randomParameters(new Random(5), NA, v.size(), 0.5);
        double[] losses = new double[s.length()];
        Arrays.fill(losses, Double.NaN);
        double mean = TruncatedBptt.streamLoss(q, s, a0, losses);
        CharRnn.Forward f = CharRnn.rnnForward(s.inputs(), s.targets(), a0, q);
        assertEquals(f.loss() / s.length(), mean, 1e-13);
        for (int t = 0; t < s.length(); t++) {
            assertEquals(-Math.log(f.cache().yHat()[t].data[s.targets()[t]]), losses[t], 1e-12, "step " + t);
        }
    }

    @Test
    void aSampledLineIsDeterministicAndStopsAtTheNewlineOrTheLimit() {
        Vocabulary v = Vocabulary.fromText("abcde");
        RnnParameters q = CharRnnTest.randomParameters(new Random(5), NA, v.size(), 0.5);
        DMatrixRMaj zero = new DMatrixRMaj(NA, 1);
        int ended = 0;
        for (int seed = 0; seed < 20; seed++) {
            String line = TruncatedBptt.sampleLine(q, v, zero, seed, 3);
            assertEquals(line, TruncatedBptt.sampleLine(q, v, zero, seed, 3));
            int newline = line.indexOf('\n');
            assertTrue(newline < 0 ? line.length() == 3 : newline == line.length() - 1, line);
            ended += newline < 0 ? 0 : 1;
            for (char c : line.toCharArray()) {
                assertTrue(v.contains(c));
            }
        }
        assertTrue(ended > 0 && ended < 20, ended + " of 20 lines ended");
    }

    @Test
    void badArgumentsAreNamed() {
        DMatrixRMaj wrong = new DMatrixRMaj(NA + 1, 1);
        assertMessage(() -> TruncatedBptt.windowLossAndGradients(X, Y, wrong, p), "aIn is (6,1) but must be (5,1)");
        assertMessage(() -> TruncatedBptt.windowLossAndGradients(X, Arrays.copyOf(Y, 3), a0, p), "X has 12 entries but Y has 3");
        assertMessage(() -> TruncatedBptt.truncatedGradients(X, Y, a0, p, 0), "k must be positive");
        assertMessage(() -> TruncatedBptt.truncatedGradients(X, new int[0], a0, p, 2), "X and Y");
        assertMessage(() -> TruncatedBptt.truncatedGradients(X, Y, wrong, p, 2), "a0 is (6,1)");
        assertMessage(() -> TruncatedBptt.step(X, Y, a0, p.copy(), Double.NaN, 5), "learningRate");
        assertMessage(() -> TruncatedBptt.step(X, Y, a0, p.copy(), 0.1, 0), "clipValue");
        Vocabulary v = Vocabulary.fromText("abc");
        CharStream s = CharStream.of(List.of("abc"), v, "abc");
        assertMessage(() -> TruncatedBptt.streamLoss(p, s, a0, null), "the vocabulary has 4 characters but the parameters have n_x = 6");
        RnnParameters q = RnnParameters.zeros(NA, 4, 4);
        assertMessage(() -> TruncatedBptt.streamLoss(q, s, a0, new double[2]), "lossesOut has 2 entries but the stream has 4 steps");
        assertMessage(() -> TruncatedBptt.streamLoss(q, s, wrong, null), "a0 is (6,1)");
        assertMessage(() -> TruncatedBptt.sampleLine(q, v, a0, 0, 0), "maxLength");
        assertMessage(() -> TruncatedBptt.sampleLine(q, v, a0, -1, 5), "seed");
        assertMessage(() -> TruncatedBptt.sampleLine(q, v, wrong, 0, 5), "aStart is (6,1)");
    }

    static void assertMessage(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
