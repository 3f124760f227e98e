package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.random.NumpyRandom;

class DataSplitTest {
    private static Dataset numbered(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) lines.add("e" + i);
        return Dataset.fromText(String.join("\n", lines), "numbered");
    }

    @Test
    void partitionsTheExamplesEightyTenTen() {
        Dataset d = numbered(118);
        DataSplit s = DataSplit.of(d);
        assertEquals(11, s.test().size());
        assertEquals(11, s.validation().size());
        assertEquals(96, s.training().size());
        Set<String> all = new HashSet<>();
        all.addAll(s.training().examples());
        all.addAll(s.validation().examples());
        all.addAll(s.test().examples());
        assertEquals(new HashSet<>(d.examples()), all, "every example in exactly one part");
        assertEquals(d.vocabulary(), s.test().vocabulary());
    }

    @Test
    void isTheOneNumpyShuffleWithSeed2024() {
        Dataset d = numbered(50);
        List<String> shuffled = new ArrayList<>(d.examples());
        new NumpyRandom(2024).shuffle(shuffled);
        DataSplit s = DataSplit.of(d);
        assertEquals(shuffled.subList(0, 5), s.test().examples());
        assertEquals(shuffled.subList(5, 10), s.validation().examples());
        assertEquals(shuffled.subList(10, 50), s.training().examples());
        assertEquals(s, DataSplit.of(d), "the same every time");
    }

    @Test
    void trainingOrdersDifferBySeedButHoldTheSameExamples() {
        DataSplit s = DataSplit.of(numbered(60));
        Dataset a = s.trainingShuffled(1);
        Dataset b = s.trainingShuffled(2);
        assertNotEquals(a.examples(), b.examples());
        assertEquals(new HashSet<>(a.examples()), new HashSet<>(s.training().examples()));
        assertTrue(a.source().contains("order 1"));
    }

    @Test
    void refusesTooFewExamples() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataSplit.of(numbered(9)));
        assertTrue(e.getMessage().startsWith("data has 9 examples"), e.getMessage());
    }
}
