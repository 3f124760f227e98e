package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void sortedUniqueCharactersWithNewlineFirst() {
        Vocabulary v = Vocabulary.fromText("carbon\nboron\n");
        assertEquals("\nabcnor", v.chars());
        assertEquals(7, v.size());
        assertEquals(0, v.newlineIndex());
        assertEquals(1, v.charToIx('a'));
        assertEquals('r', v.ixToChar(6));
        assertArrayEquals(new int[] {2, 5, 6, 5, 4}, v.encode("boron"));
        assertEquals("boron\n", v.decode(new int[] {2, 5, 6, 5, 4, 0}));
        assertEquals("Boron\n", v.sampleText(new int[] {2, 5, 6, 5, 4, 0}));
    }

    @Test
    void newlineIsAlwaysPresent() {
        Vocabulary v = Vocabulary.fromText("abc");
        assertEquals(4, v.size());
        assertEquals(0, v.newlineIndex());
        assertTrue(v.contains('\n'));
        assertFalse(v.contains('d'));
    }

    @Test
    void charactersSortByCode() {
        Vocabulary v = Vocabulary.fromText("alien: 3\n");
        assertEquals("\n 3:aeiln", v.chars());
    }

    @Test
    void unknownCharactersAreNamed() {
        Vocabulary v = Vocabulary.fromText("ab\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.charToIx('z'));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.encode("abz"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.charToIx('\t'));
        assertTrue(e.getMessage().contains("'\\t'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.ixToChar(3));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.ixToChar(-1));
    }

    @Test
    void supplementaryCharactersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromText("a\uD83D\uDE00"));
        assertTrue(e.getMessage().contains("U+1F600"), e.getMessage());
    }

    @Test
    void equalityFollowsTheCharacters() {
        assertEquals(Vocabulary.fromText("ba\n"), Vocabulary.fromText("ab"));
        assertEquals("[\\n, ' ', a] (size 3)", Vocabulary.fromText("a a").toString());
    }

    @Test
    void aVocabularyIsRebuiltFromItsCharacters() {
        Vocabulary v = Vocabulary.fromText("carbon\nboron\n");
        assertEquals(v, Vocabulary.ofChars(v.chars()));
        assertEquals(v.charToIx('r'), Vocabulary.ofChars(v.chars()).charToIx('r'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofChars("\nba"));
        assertTrue(e.getMessage().contains("not sorted"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofChars("\naab"));
        assertTrue(e.getMessage().contains("'a' (U+0061) at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofChars("ab"));
        assertTrue(e.getMessage().contains("newline"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofChars("\na\uD83D\uDE00"));
    }
}
