package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.RnnParameters;

class OverlappingTbpttTest {
    private static CharStream stream() {
        List<String> words = new ArrayList<>();
        String[] pool = {"abc", "cab", "bca", "aab", "cc", "b"};
        for (int i = 0; i < 30; i++) words.add(pool[(i * 7) % pool.length]);
        return CharStream.of(words, Vocabulary.ofChars("\nabc"), "words");
    }

    private static void assertSameParameters(RnnParameters expected, RnnParameters actual) {
        for (String k : RnnParameters.NAMES) {
            double[] e = expected.get(k).data, a = actual.get(k).data;
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-10 * Math.max(1, Math.abs(e[i])), k + "[" + i + "]");
            }
        }
    }

    @Test
    void equalWindowsAreTheNonOverlappingScheme() {
        CharStream s = stream();
        int k = 4, updates = 25, nA = 6;
        OverlappingTbptt.Result r = OverlappingTbptt.train(s, nA, k, k, updates, 0.1, 5, 3, 5);
        RnnParameters p = CharRnn.initializeParameters(nA, 4, 4, 3);
        int[] X = s.inputs(), Y = s.targets();
        DMatrixRMaj a = new DMatrixRMaj(nA, 1);
        for (int u = 0; u < updates; u++) {
            int[] x = new int[k], y = new int[k];
            CharStream.window(X, Y, (long) u * k, x, y);
            a = TruncatedBptt.step(x, y, a, p, 0.1, 5).aLast();
        }
        assertSameParameters(p, r.parameters());
    }

    @Test
    void overlappingWindowsFollowTheLossOfTheLastK1TargetsThroughK2Steps() {
        CharStream s = stream();
        int k1 = 2, k2 = 5, updates = 12, nA = 5;
        double lr = 0.2;
        OverlappingTbptt.Result r = OverlappingTbptt.train(s, nA, k1, k2, updates, lr, Double.POSITIVE_INFINITY, 4, 4);
        // A second implementation of the definition, with the plain model: the gradient of the last k1 targets
        // through a k2-step window is the window's gradient minus that of its first k2 − k1 steps.
        RnnParameters p = CharRnn.initializeParameters(nA, 4, 4, 4);
        int[] X = s.inputs(), Y = s.targets();
        List<DMatrixRMaj> states = new ArrayList<>(); // states.get(i): state after stream step i (latest computation)
        double total = 0;
        for (int u = 1; u <= updates; u++) {
            int t = u * k1, start = Math.max(0, t - k2);
            DMatrixRMaj aIn = start == 0 ? new DMatrixRMaj(nA, 1) : states.get(start - 1);
            int[] x = Arrays.copyOfRange(X, start, t), y = Arrays.copyOfRange(Y, start, t);
            CharRnn.Forward f = CharRnn.rnnForward(x, y, aIn, p);
            Gradients g = CharRnn.rnnBackward(f.cache(), p).gradients();
            int prefix = Math.max(0, x.length - k1);
            double prefixLoss = 0;
            if (prefix > 0) {
                CharRnn.Forward fp = CharRnn.rnnForward(Arrays.copyOf(x, prefix), Arrays.copyOf(y, prefix), aIn, p);
                prefixLoss = fp.loss();
                Gradients gp = CharRnn.rnnBackward(fp.cache(), p).gradients();
                for (String k : Gradients.NAMES) CommonOps_DDRM.subtractEquals(g.get(k), gp.get(k));
            }
            total += f.loss() - prefixLoss;
            for (int i = 0; i < x.length; i++) {
                while (states.size() <= start + i) states.add(null);
                states.set(start + i, f.cache().a()[i].copy());
            }
            CharRnn.updateParameters(p, g, lr);
        }
        assertSameParameters(p, r.parameters());
        assertEquals(total, Arrays.stream(r.lossPerCharacter()).sum() * 4 * k1, 1e-9 * total);
        assertEquals(3, r.lossPerCharacter().length);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OverlappingTbptt.train(stream(), 4, 3, 2, 5, 0.1, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> OverlappingTbptt.train(stream(), 4, 1, 2, 0, 0.1, 5, 1, 1));
    }
}
