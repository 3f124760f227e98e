package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.tensor.Tensor3;

class TaggerTest {

    /** Random parameters of order 1 (not the small initial ones), so that every path carries gradient. */
    static CellParameters parameters(CellKind cell, int nA, int V, long seed) {
        CellParameters p = Tagger.initializeParameters(cell, nA, V, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (String k : p.names()) {
            DMatrixRMaj w = p.get(k);
            for (int i = 0; i < w.data.length; i++) {
                w.data[i] = 0.7 * r.nextGaussian();
            }
        }
        return p;
    }

    /** Three sequences of different lengths over a 6-character vocabulary, so the batch is padded. */
    static Batch smallBatch(Vocabulary v) {
        return Batch.of(List.of(CipherPair.of("ab cab", 1), CipherPair.of("c", 2), CipherPair.of("ba ac", 3)), v);
    }

    static Vocabulary smallVocabulary() {
        return Vocabulary.fromText("abcdef ");
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void backwardAgreesWithCentralDifferencesForEveryParameter(CellKind cell) {
        Vocabulary v = smallVocabulary();
        Batch batch = smallBatch(v);
        for (long seed = 1; seed <= 3; seed++) {
            CellParameters p = parameters(cell, 4, v.size(), seed);
            TaggerGradients g = Tagger.backward(p, Tagger.forward(p, batch));
            GradientCheck check = GradientCheck.of(() -> Tagger.forward(p, batch).loss());
            for (String k : p.names()) {
                check = check.wrt(k, p.get(k), g.get("d" + k));
            }
            GradientCheck.Result result = check.run();
            assertEquals(p.names().size(), result.entries().size());
            assertTrue(result.passed(), cell + " seed " + seed + ":\n" + result);
            assertTrue(result.maxRelativeError() < 1e-7, result.toString());
            for (GradientCheck.Entry e : result.entries()) {
                assertTrue(e.gradientNorm() > 1e-3, "the check must see a real gradient for " + e.parameter());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void paddingChangesNothingBeforeTheEnd(CellKind cell) {
        Vocabulary v = smallVocabulary();
        CellParameters p = parameters(cell, 5, v.size(), 9);
        Batch batch = smallBatch(v);
        Tensor3 together = Tagger.forward(p, batch).yHat();
        double lossAlone = 0;
        List<CipherPair> pairs = List.of(CipherPair.of("ab cab", 1), CipherPair.of("c", 2), CipherPair.of("ba ac", 3));
        for (int i = 0; i < pairs.size(); i++) {
            Batch one = Batch.of(List.of(pairs.get(i)), v);
            Tagger.Forward f = Tagger.forward(p, one);
            lossAlone += f.loss();
            for (int t = 0; t < one.T(); t++) {
                for (int k = 0; k < v.size(); k++) {
                    assertEquals(f.yHat().get(k, 0, t), together.get(k, i, t), 1e-14);
                }
            }
            int[] predicted = Tagger.predict(p, v.encode(pairs.get(i).cipher()));
            for (int t = 0; t < predicted.length; t++) {
                assertEquals(Tagger.argmax(f.yHat().slice(t), 0), predicted[t]);
            }
        }
        assertEquals(lossAlone / pairs.size(), Tagger.forward(p, batch).loss(), 1e-12,
                "the batch loss is the mean over sequences of each one's summed cross-entropy");
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void initializationIsSeededAndShaped(CellKind cell) {
        CellParameters a = Tagger.initializeParameters(cell, 6, 9, 4);
        CellParameters b = Tagger.initializeParameters(cell, 6, 9, 4);
        CellParameters c = Tagger.initializeParameters(cell, 6, 9, 5);
        assertEquals(cell, Tagger.cellOf(a));
        assertEquals(6, a.nA());
        assertEquals(9, a.nX());
        assertEquals(9, a.nY());
        boolean differs = false;
        for (String k : a.names()) {
            assertArrayEquals(a.get(k).data, b.get(k).data, k);
            differs |= !java.util.Arrays.equals(a.get(k).data, c.get(k).data);
        }
        assertTrue(differs, "another seed draws other parameters");
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void badArgumentsAreNamed(CellKind cell) {
        Vocabulary v = smallVocabulary();
        CellParameters p = Tagger.initializeParameters(cell, 3, v.size(), 1);
        SentencesTest.assertMessage("cell is null", () -> Tagger.initializeParameters(null, 3, 4, 1));
        SentencesTest.assertMessage("cell must be rnn or gru for the tagger but was lstm",
                () -> Tagger.initializeParameters(org.rnnworkbench.lm.CellKind.LSTM, 3, 4, 1));
        SentencesTest.assertMessage("nA must be positive but was 0", () -> Tagger.initializeParameters(cell, 0, 4, 1));
        SentencesTest.assertMessage("V must be positive but was -2", () -> Tagger.initializeParameters(cell, 3, -2, 1));
        SentencesTest.assertMessage("batch is null", () -> Tagger.forward(p, null));
        SentencesTest.assertMessage("x must have " + v.size() + " rows",
                () -> Tagger.forward(p, smallBatch(Vocabulary.fromText("abcdefg "))));
        SentencesTest.assertMessage("must be RnnParameters or GruParameters but are null", () -> Tagger.predict(null, new int[] {1}));
        SentencesTest.assertMessage("cipher[1] is 99 but must be in 0..", () -> Tagger.predict(p, new int[] {1, 99}));
        SentencesTest.assertMessage("cipher must hold at least one index but is empty", () -> Tagger.predict(p, new int[0]));
        SentencesTest.assertMessage("n_x must equal n_y", () -> Tagger.predictDistributions(
                cell == CellKind.RNN ? org.rnnworkbench.cells.RnnParameters.zeros(3, 4, 5)
                        : org.rnnworkbench.cells.GruParameters.zeros(3, 4, 5), new Tensor3(4, 1, 2)));
        SentencesTest.assertMessage("pairs must hold at least one pair but is empty", () -> Batch.of(List.of(), v));
        SentencesTest.assertMessage("vocabulary is null", () -> Batch.of(List.of(CipherPair.of("a", 1)), null));
        SentencesTest.assertMessage("character 'z' (U+007A) at position 0", () -> Batch.of(List.of(CipherPair.of("z", 0)), v));
        SentencesTest.assertMessage("targets[0][1] is -1 but must be an index",
                () -> new Batch(new Tensor3(3, 1, 2), new int[][] {{0, Batch.PAD}}, new int[] {2}));
        SentencesTest.assertMessage("lengths[0] is 3 but must be in 1..2",
                () -> new Batch(new Tensor3(3, 1, 2), new int[][] {{0, 1}}, new int[] {3}));
    }
}
