package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LookupTaggerTest {
    @Test
    void aFixedShiftNeedsNoMemory() {
        List<CipherPair> train = List.of(CipherPair.of("the quick brown fox jumps over the lazy dog", 3));
        LookupTagger t = LookupTagger.fit(train);
        assertEquals("hello world", t.decrypt(Caesar.encrypt("hello world", 3)));
        assertEquals(1.0, t.accuracy(List.of(CipherPair.of("pack my box", 3))), 0);
    }

    @Test
    void aShiftPerSentenceLeavesTheMajorityAnswer() {
        // Cipher 'd' stood over 'a' twice (shift 3) and over 'c' once (shift 1): the table answers 'a'.
        List<CipherPair> train = List.of(CipherPair.of("aa", 3), CipherPair.of("c", 1));
        LookupTagger t = LookupTagger.fit(train);
        assertEquals("a", t.decrypt("d"));
        assertEquals(2.0 / 3, t.accuracy(train), 1e-15);
        assertEquals("?", t.decrypt("?"), "unseen characters are copied");
    }

    @Test
    void refusesEmptyTraining() {
        assertThrows(IllegalArgumentException.class, () -> LookupTagger.fit(List.of()));
    }
}
