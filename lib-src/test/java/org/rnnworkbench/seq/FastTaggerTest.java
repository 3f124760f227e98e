package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.tensor.Tensor3;

/** The fast passes against the plain {@link Tagger}, on random shapes, with one work space reused throughout. */
class FastTaggerTest {
    private static final Vocabulary VOCABULARY = Vocabulary.fromText(Caesar.ALPHABET + " .,");

    private static List<CipherPair> randomPairs(SplittableRandom r, int m, int maxLength) {
        String chars = Caesar.ALPHABET + " .,";
        List<CipherPair> pairs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            StringBuilder s = new StringBuilder();
            int n = 1 + r.nextInt(maxLength);
            for (int k = 0; k < n; k++) {
                s.append(chars.charAt(r.nextInt(chars.length())));
            }
            pairs.add(CipherPair.of(s.toString(), r.nextInt(26)));
        }
        return pairs;
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void lossGradientsAndPredictionsMatchThePlainTagger(CellKind cell) {
        SplittableRandom r = new SplittableRandom(cell.ordinal() + 5);
        for (int nA : new int[] {3, 8}) {
            CellParameters p = TaggerTest.parameters(cell, nA, VOCABULARY.size(), nA);
            FastTagger fast = FastTagger.of(p);
            // Growing and shrinking batches through one work space.
            // Odd shapes in the order drawn, then sorted longest first (the trainer's order, where whole
            // columns are skipped at the late steps).
            for (int[] shape : new int[][] {{4, 6}, {1, 3}, {7, 12}, {2, 5}, {5, 9}, {9, 14, 1}, {6, 7, 1}, {3, 11, 1}}) {
                List<CipherPair> pairs = randomPairs(r, shape[0], shape[1]);
                if (shape.length > 2) {
                    pairs.sort(java.util.Comparator.comparingInt(CipherPair::length).reversed());
                }
                Batch b = Batch.of(pairs, VOCABULARY);
                Tagger.Forward plain = Tagger.forward(p, b);
                TaggerGradients expected = Tagger.backward(p, plain);
                TaggerGradients actual = TaggerGradients.zerosLike(p);
                for (String k : actual.names()) {
                    java.util.Arrays.fill(actual.get(k).data, 1e6 * (1 + r.nextDouble()));
                }
                double loss = fast.lossAndGradients(p, b, actual);
                String what = cell + " nA=" + nA + " batch " + shape[0] + "x" + b.T();
                assertEquals(plain.loss(), loss, 1e-12 * Math.abs(plain.loss()), what + " loss");
                for (String k : expected.names()) {
                    DMatrixRMaj e = expected.get(k);
                    DMatrixRMaj a = actual.get(k);
                    for (int i = 0; i < e.data.length; i++) {
                        assertEquals(e.data[i], a.data[i], 1e-12 * (1 + Math.abs(e.data[i])), what + " " + k + "[" + i + "]");
                    }
                }
                // ŷ is defined on the steps the loss reads; padded steps are not computed.
                Tensor3 yHat = plain.yHat();
                for (int t = 0; t < b.T(); t++) {
                    DMatrixRMaj f = fast.yHat(t);
                    for (int k = 0; k < VOCABULARY.size(); k++) {
                        for (int i = 0; i < b.m(); i++) {
                            if (t < b.lengths()[i]) {
                                assertEquals(yHat.get(k, i, t), f.get(k, i), 1e-13, what + " yHat");
                            }
                        }
                    }
                }
                assertEquals(loss, fast.forward(p, b), 0, "forward alone gives the same loss");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"RNN", "GRU"})
    void badArgumentsAreNamed(CellKind cell) {
        CellParameters p = Tagger.initializeParameters(cell, 4, VOCABULARY.size(), 1);
        FastTagger fast = FastTagger.of(p);
        Batch b = Batch.of(List.of(CipherPair.of("abc", 1)), VOCABULARY);
        SentencesTest.assertMessage("but the parameters are a", () -> fast.forward(Tagger.initializeParameters(cell, 5, VOCABULARY.size(), 1), b));
        SentencesTest.assertMessage("batch is null", () -> fast.forward(p, null));
        SentencesTest.assertMessage("gradients is null", () -> fast.lossAndGradients(p, b, null));
        SentencesTest.assertMessage("t must be in 0..-1", () -> new FastTagger(cell, 4, VOCABULARY.size()).yHat(0));
        SentencesTest.assertMessage("; they must match", () -> fast.lossAndGradients(p, b,
                TaggerGradients.zerosLike(Tagger.initializeParameters(cell, 4, VOCABULARY.size() + 1, 1))));
        SentencesTest.assertMessage("x must have " + VOCABULARY.size() + " rows",
                () -> fast.forward(p, Batch.of(List.of(CipherPair.of("abc", 1)), Vocabulary.fromText(Caesar.ALPHABET))));
        assertTrue(fast.forward(p, b) > 0);
    }
}
