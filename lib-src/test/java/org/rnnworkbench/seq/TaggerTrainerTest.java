package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;

class TaggerTrainerTest {
    private static final Sentences.Split SPLIT = Sentences.fromData(Path.of("data"), 300, 100, 45, 7);
    private static final List<CipherPair> TRAIN = Caesar.fixedShift(SPLIT.training(), 3);
    private static final List<CipherPair> HELD_OUT = Caesar.fixedShift(SPLIT.heldOut(), 3);

    private static TaggerOptions.Builder small() {
        return TaggerOptions.builder().nA(32).batchSize(16).learningRate(0.02).evaluateEvery(20).seed(3);
    }

    @Test
    void aFixedShiftIsLearnedToHighHeldOutAccuracy() {
        TaggerTrainer.Result r = TaggerTrainer.train(TRAIN, HELD_OUT, small().steps(60).build());
        TaggerHistory h = r.history();
        assertEquals(60, h.steps());
        TaggerHistory.Point first = h.points().get(0);
        assertEquals(0, first.step());
        assertTrue(first.accuracy() < 0.2, "an untrained model guesses: " + first);
        double accuracy = r.model().accuracy(HELD_OUT);
        assertEquals(accuracy, h.last().accuracy(), 0, "the last point is the final model's accuracy");
        assertTrue(accuracy >= 0.99, "held-out per-character accuracy " + accuracy);
        assertTrue(h.losses()[59] < h.losses()[0] / 10, "the loss falls: " + h.losses()[0] + " → " + h.losses()[59]);
        int exact = 0;
        List<String> all = r.model().decryptAll(HELD_OUT.subList(0, 20));
        for (int i = 0; i < 20; i++) {
            CipherPair p = HELD_OUT.get(i);
            assertEquals(r.model().decrypt(p.cipher()), all.get(i), "one at a time or batched, the same output");
            exact += all.get(i).equals(p.plain()) ? 1 : 0;
        }
        assertTrue(exact >= 15, exact + " of 20 held-out sentences decrypted exactly");
        assertEquals(List.of(0, 20, 40, 60), h.points().stream().map(TaggerHistory.Point::step).toList());
    }

    @Test
    void theSameSeedGivesTheSameParameters() {
        for (CellKind cell : List.of(CellKind.RNN, CellKind.GRU)) {
            TaggerOptions o = small().cell(cell).nA(8).steps(4).build();
            CellParameters a = TaggerTrainer.train(TRAIN, List.of(), o).model().parameters();
            CellParameters b = TaggerTrainer.train(TRAIN, List.of(), o).model().parameters();
            CellParameters c = TaggerTrainer.train(TRAIN, List.of(), o.toBuilder().seed(4).build()).model().parameters();
            boolean differs = false;
            for (String k : a.names()) {
                assertArrayEquals(a.get(k).data, b.get(k).data, cell + " " + k);
                differs |= !java.util.Arrays.equals(a.get(k).data, c.get(k).data);
            }
            assertTrue(differs, cell + ": another seed trains other parameters");
        }
    }

    @Test
    void theLargestSeedIsAccepted() {
        TaggerOptions o = small().nA(4).steps(1).seed(org.rnnworkbench.random.NumpyRandom.MAX_SEED).build();
        assertEquals(1, TaggerTrainer.train(TRAIN, List.of(), o).history().steps());
    }

    @Test
    void decryptLowerCasesAndRejectsUnknownCharacters() {
        TaggerModel m = TaggerTrainer.train(TRAIN, List.of(), small().nA(8).steps(1).build()).model();
        assertEquals(m.decrypt("abc def"), m.decrypt("ABC Def"));
        assertEquals("", m.decrypt(""));
        SentencesTest.assertMessage("character '€' (U+20AC) at position 2", () -> m.decrypt("ab€"));
        SentencesTest.assertMessage("cipher is null", () -> m.decrypt(null));
    }

    @Test
    void evaluationCountsCharactersPositionsAndSentences() {
        Evaluation e = new Evaluation(TaggerModel.vocabularyOf(List.of(CipherPair.of("ab c", 0))));
        int a = e.vocabulary().charToIx('a');
        int b = e.vocabulary().charToIx('b');
        int c = e.vocabulary().charToIx('c');
        int space = e.vocabulary().charToIx(' ');
        e.add(new int[] {a, b, space, c}, new int[] {a, c, space, c}, 4);
        e.add(new int[] {b, a, Batch.PAD}, new int[] {b, a, 0}, 2);
        assertEquals(6, e.characters());
        assertEquals(5, e.correct());
        assertEquals(5 / 6.0, e.accuracy(), 1e-15);
        assertEquals(4 / 5.0, e.letterAccuracy(), 1e-15, "the space is not a letter");
        assertEquals(0.5, e.accuracyOf('b'), 1e-15);
        assertEquals(1, e.confusion('b', 'c'));
        assertArrayEquals(new double[] {1, 0.5, 1, 1}, e.accuracyByPosition(), 1e-15);
        assertArrayEquals(new long[] {2, 2, 1, 1}, e.countByPosition());
        assertEquals(2, e.sentences());
        assertEquals(1, e.sentencesCorrect());
        var table = e.perLetterTable();
        assertEquals(List.of("a", "b", "c"), table.stringColumn("letter").asList());
        assertEquals("c", table.stringColumn("most frequent mistake").get(1));
        var all = e.perCharacterTable();
        assertEquals(List.of("␠", "a", "b", "c"), all.stringColumn("character").asList());
        assertEquals(List.of(1, 2, 2, 1), all.intColumn("count").asList());
        assertFalse(Double.isNaN(e.accuracyOf('a')));
        assertTrue(Double.isNaN(e.accuracyOf('z')));
    }

    @Test
    void badArgumentsAreNamed() {
        SentencesTest.assertMessage("nA must be positive but was 0", () -> TaggerOptions.builder().nA(0).build());
        SentencesTest.assertMessage("batchSize must be positive but was 0", () -> TaggerOptions.builder().batchSize(0).build());
        SentencesTest.assertMessage("steps must be >= 0 but was -1", () -> TaggerOptions.builder().steps(-1).build());
        SentencesTest.assertMessage("learningRate must be a positive finite number but was NaN",
                () -> TaggerOptions.builder().learningRate(Double.NaN).build());
        SentencesTest.assertMessage("clipValue must be positive", () -> TaggerOptions.builder().clipValue(0).build());
        SentencesTest.assertMessage("evaluateEvery must be positive but was 0", () -> TaggerOptions.builder().evaluateEvery(0).build());
        SentencesTest.assertMessage("seed must be in [0, 4294967295] but was -1", () -> TaggerOptions.builder().seed(-1).build());
        SentencesTest.assertMessage("cell is null", () -> TaggerOptions.builder().cell(null).build());
        SentencesTest.assertMessage("cell must be rnn or gru for the tagger but was lstm",
                () -> TaggerOptions.builder().cell(org.rnnworkbench.lm.CellKind.LSTM).build());
        SentencesTest.assertMessage("training holds 3 pairs but batchSize is 16",
                () -> TaggerTrainer.train(TRAIN.subList(0, 3), List.of(), small().build()));
        SentencesTest.assertMessage("training and heldOut must not be null", () -> TaggerTrainer.train(null, List.of(), small().build()));
        SentencesTest.assertMessage("character '€' (U+20AC) at position 3",
                () -> TaggerTrainer.train(TRAIN, List.of(CipherPair.of("abc€", 1)), TaggerModel.vocabularyOf(TRAIN),
                        small().build()));
        List<CipherPair> withNull = new java.util.ArrayList<>(TRAIN);
        withNull.set(1, null);
        SentencesTest.assertMessage("training[1] is null", () -> TaggerTrainer.train(withNull, List.of(), small().build()));
        CellParameters p = Tagger.initializeParameters(CellKind.RNN, 3, 5, 1);
        SentencesTest.assertMessage("learningRate must be a positive finite number but was -1.0", () -> new Adam(p, -1));
        SentencesTest.assertMessage("beta2 must be in [0, 1) but was 1.0", () -> new Adam(p, 0.1, 0.9, 1, 1e-8));
        Adam adam = new Adam(p, 0.1);
        SentencesTest.assertMessage("parameters are named [Wz, Wr, Wh, Wy, by] but this Adam was made for [Waa, Wax, Wya, ba, by]",
                () -> adam.update(Tagger.initializeParameters(CellKind.GRU, 3, 5, 1),
                        TaggerGradients.zerosLike(Tagger.initializeParameters(CellKind.GRU, 3, 5, 1))));
        SentencesTest.assertMessage("no gradient called 'dW'", () -> TaggerGradients.zerosLike(p).get("dW"));
        SentencesTest.assertMessage("the parameters read n_x = 5 and write n_y = 5 characters but the vocabulary has 27",
                () -> new TaggerModel(org.rnnworkbench.lm.Vocabulary.fromText("abcdefghijklmnopqrstuvwxyz"), p));
    }

    @Test
    void adamMovesEachEntryByAboutTheLearningRateOnItsFirstStep() {
        CellParameters p = Tagger.initializeParameters(CellKind.RNN, 3, 4, 2);
        CellParameters before = p.copy();
        TaggerGradients g = TaggerGradients.zerosLike(p);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (String k : g.names()) {
            for (int i = 0; i < g.get(k).data.length; i++) {
                g.get(k).data[i] = r.nextGaussian();
            }
        }
        Adam adam = new Adam(p, 0.05);
        adam.update(p, g);
        assertEquals(1, adam.steps());
        for (String k : p.names()) {
            double[] w = p.get(k).data;
            double[] w0 = before.get(k).data;
            double[] d = g.get("d" + k).data;
            for (int i = 0; i < w.length; i++) {
                // With bias correction, v̂ = g and r̂ = g², so the step is lr·g/(|g| + ε).
                assertEquals(-0.05 * d[i] / (Math.abs(d[i]) + 1e-8), w[i] - w0[i], 1e-15, k + "[" + i + "]");
            }
        }
    }
}
