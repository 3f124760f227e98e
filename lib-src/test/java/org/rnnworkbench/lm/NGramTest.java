package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NGramTest {
    /** Training text "ab", "b" over the vocabulary {\n, a, b}, counted by hand below. */
    private static final Vocabulary V = Vocabulary.ofChars("\nab");
    private static final List<String> TRAIN = List.of("ab", "b");

    @Test
    void bigramCountsAreTheHandCounts() {
        // Bigrams with the start padded by one newline: \n→a, a→b, b→\n (from "ab"), \n→b, b→\n (from "b").
        NGram m = NGram.train(TRAIN, V, 2, 1.0);
        assertEquals(1, m.count("\n", 'a'));
        assertEquals(1, m.count("\n", 'b'));
        assertEquals(0, m.count("\n", '\n'));
        assertEquals(2, m.count("\n"));
        assertEquals(1, m.count("a", 'b'));
        assertEquals(1, m.count("a"));
        assertEquals(2, m.count("b", '\n'));
        assertEquals(2, m.count("b"));
        // (count + k) / (count(h) + k·V) with k = 1, V = 3.
        assertEquals(2.0 / 5, m.probability("\n", 'a'), 1e-15);
        assertEquals(1.0 / 4, m.probability("a", '\n'), 1e-15);
        assertEquals(3.0 / 5, m.probability("b", '\n'), 1e-15);
    }

    @Test
    void heldOutLossIsTheSumOfTheHandProbabilities() {
        NGram m = NGram.train(TRAIN, V, 2, 1.0);
        // "ba": \n→b 2/5, b→a 1/5, a→\n 1/4.
        HeldOut.Score s = m.evaluate(List.of("ba"));
        double expected = -(Math.log(2.0 / 5) + Math.log(1.0 / 5) + Math.log(1.0 / 4));
        assertEquals(expected, s.nats(), 1e-12);
        assertEquals(3, s.characters());
        assertEquals(expected / 3, s.perCharacter(), 1e-12);
    }

    @Test
    void unigramAndTrigramCounts() {
        NGram uni = NGram.train(TRAIN, V, 1, 0.5);
        // Five targets: a, b, \n, b, \n.
        assertEquals(5, uni.count(""));
        assertEquals(2, uni.count("", 'b'));
        assertEquals((2 + 0.5) / (5 + 1.5), uni.probability("", 'b'), 1e-15);
        NGram tri = NGram.train(TRAIN, V, 3, 0.1);
        // Padded "\n\nab\n" and "\n\nb\n": \n\n→a, \na→b, ab→\n, \n\n→b, \nb→\n.
        assertEquals(2, tri.count("\n\n"));
        assertEquals(1, tri.count("ab", '\n'));
        assertEquals(0, tri.count("ba"));
        assertEquals(1.0 / 3, tri.probability("ba", 'a'), 1e-15);
    }

    @Test
    void selectionPicksTheLowestValidationLoss() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) lines.add(i % 2 == 0 ? "abab" : "baba");
        Dataset d = new Dataset("toy", lines, V);
        DataSplit split = DataSplit.of(d);
        NGram.Selection s = NGram.select(split, new int[] {1, 2, 3}, new double[] {0.01, 1});
        assertEquals(6, s.table().rowCount());
        double best = Double.POSITIVE_INFINITY;
        for (double l : s.table().doubleColumn("validation_loss_per_char").asDoubleArray()) best = Math.min(best, l);
        assertEquals(best, s.best().evaluate(split.validation().examples()).perCharacter(), 1e-15);
        // Alternating text is predictable from one character back, so a higher order with little smoothing wins.
        assertEquals(0.01, s.best().k());
        assertTrue(s.best().order() >= 2, s.best().toString());
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertEquals("order must be at least 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> NGram.train(TRAIN, V, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NGram.train(TRAIN, V, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> NGram.train(List.of(), V, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> NGram.train(TRAIN, V, 2, 1).count("ab"));
    }
}
