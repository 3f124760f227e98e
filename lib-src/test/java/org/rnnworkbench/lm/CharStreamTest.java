package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnnworkbench.lm.TruncatedBpttTest.assertMessage;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharStreamTest {
    private final Vocabulary v = Vocabulary.fromText("abcd");
    private final CharStream s = CharStream.of(List.of("ab", "c", "dab"), v, "test");

    @Test
    void examplesAreJoinedWithNewlinesAtBothEnds() {
        assertEquals("\nab\nc\ndab\n", s.text());
        assertEquals(9, s.length());
        assertArrayEquals(v.encode("\nab\nc\ndab"), s.inputs());
        assertArrayEquals(v.encode("ab\nc\ndab\n"), s.targets());
        // As many steps as the assignment's examples have targets: |example| + 1 each.
        assertEquals((2 + 1) + (1 + 1) + (3 + 1), s.length());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 0, 1, 2, 3}, s.positions());
        Dataset d = Dataset.fromText("Ab\nC\n", "d");
        assertEquals("\nab\nc\n", CharStream.of(d).text());
    }

    @Test
    void windowsWrapAroundTheEnd() {
        int[][] w = s.window(7, 4);
        assertArrayEquals(v.encode("ab\na"), w[0]);
        assertArrayEquals(v.encode("b\nab"), w[1]);
        assertArrayEquals(s.window(7 + 9 * 3, 4)[0], w[0]);
        int[] X = new int[3];
        int[] Y = new int[3];
        Arrays.fill(X, -7);
        CharStream.window(s.inputs(), s.targets(), 2, X, Y);
        assertArrayEquals(v.encode("b\nc"), X);
        assertArrayEquals(v.encode("\nc\n"), Y);
        int[][] all = s.window(0, 9);
        assertArrayEquals(s.inputs(), all[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(() -> new CharStream("x", v, "a"), "a stream needs at least two");
        assertMessage(() -> new CharStream("x", v, "az"), "'z'");
        assertMessage(() -> CharStream.of(List.of(), v, "x"), "examples is empty");
        assertMessage(() -> s.window(-1, 2), "start must be >= 0");
        assertMessage(() -> s.window(0, 10), "X has 10 entries and Y 10; they must be equal and in [1, 9]");
        assertMessage(() -> CharStream.window(s.inputs(), s.targets(), 0, new int[2], new int[3]), "X has 2 entries and Y 3");
        assertMessage(() -> CharStream.window(s.inputs(), new int[3], 0, new int[2], new int[2]), "inputs has 9 entries and targets 3");
    }

    @Test
    void truncationSplitsASequenceIntoWindows() {
        Truncation t = Truncation.window(4, 10);
        assertEquals(3, t.windowsPerSequence());
        assertEquals(List.of(0, 4, 8), List.of(t.windowStart(0), t.windowStart(1), t.windowStart(2)));
        assertEquals(List.of(4, 4, 2), List.of(t.windowLength(0), t.windowLength(1), t.windowLength(2)));
        assertFalse(t.isFull());
        assertEquals("k=4/L=10", t.toString());
        assertEquals("4", t.label());
        Truncation full = Truncation.full(10);
        assertTrue(full.isFull());
        assertEquals(1, full.windowsPerSequence());
        assertEquals(10, full.windowLength(0));
        assertEquals("full/L=10", full.toString());
        assertEquals("full", full.label());
        assertEquals(Truncation.window(10, 10), full);
        assertEquals(8L * 4 * (50 + 27), t.activationCacheBytes(50, 27));
        assertEquals(8L * 10 * (50 + 27), full.activationCacheBytes(50, 27));
        assertMessage(() -> Truncation.window(11, 10), "k must be in [1, sequenceLength = 10] but was 11");
        assertMessage(() -> Truncation.window(0, 10), "k must be in [1, sequenceLength = 10] but was 0");
        assertMessage(() -> Truncation.full(0), "sequenceLength must be positive");
        assertMessage(() -> t.windowLength(3), "window w = 3 is outside [0, 3)");
        assertMessage(() -> t.activationCacheBytes(0, 3), "nA");
        assertMessage(() -> t.activationCacheBytes(3, 0), "vocabSize");
    }
}
