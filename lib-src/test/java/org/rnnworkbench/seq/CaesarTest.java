package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CaesarTest {

    @Property(tries = 300)
    void decryptUndoesEncrypt(@ForAll String text, @ForAll int shift) {
        assertEquals(text, Caesar.decrypt(Caesar.encrypt(text, shift), shift));
        assertEquals(text, Caesar.encrypt(Caesar.decrypt(text, shift), shift));
    }

    @Test
    void shiftsNearTheIntegerLimitsDoNotOverflow() {
        // c − 'a' + shift would overflow an int here without reducing the shift first.
        assertEquals("C", Caesar.decrypt(Caesar.encrypt("C", Integer.MAX_VALUE - 1), Integer.MAX_VALUE - 1));
        assertEquals(Caesar.encrypt("xyz", Math.floorMod(Integer.MAX_VALUE, 26)), Caesar.encrypt("xyz", Integer.MAX_VALUE));
        assertEquals(Caesar.encrypt("abc", Math.floorMod(Integer.MIN_VALUE, 26)), Caesar.encrypt("abc", Integer.MIN_VALUE));
    }

    @Property(tries = 300)
    void onlyLettersMoveAndTheyStayLettersOfTheirCase(@ForAll String text, @ForAll @IntRange(min = 1, max = 25) int shift) {
        String c = Caesar.encrypt(text, shift);
        assertEquals(text.length(), c.length());
        for (int i = 0; i < text.length(); i++) {
            char p = text.charAt(i);
            char q = c.charAt(i);
            boolean lower = p >= 'a' && p <= 'z';
            boolean upper = p >= 'A' && p <= 'Z';
            if (lower || upper) {
                assertNotEquals(p, q, "a letter must move under a shift of " + shift);
                assertEquals(lower, q >= 'a' && q <= 'z');
                assertEquals(upper, q >= 'A' && q <= 'Z');
                char base = lower ? 'a' : 'A';
                assertEquals(Math.floorMod(p - base + shift, 26), q - base);
            } else {
                assertEquals(p, q, "non-letter at " + i + " must map to itself");
            }
        }
    }

    @Property(tries = 200)
    void shiftsAreTakenModulo26(@ForAll String text, @ForAll @IntRange(min = -100, max = 100) int shift) {
        assertEquals(Caesar.encrypt(text, shift), Caesar.encrypt(text, shift + 26));
        assertEquals(Caesar.encrypt(text, shift), Caesar.encrypt(text, Caesar.normalize(shift)));
        assertEquals(Caesar.encrypt(Caesar.encrypt(text, shift), 5), Caesar.encrypt(text, shift + 5));
    }

    @Test
    void theClassicShiftOfThree() {
        assertEquals("wkh txlfn eurzq ira, 1999!", Caesar.encrypt("the quick brown fox, 1999!", 3));
        assertEquals("Dwwdfn dw Gdzq", Caesar.encrypt("Attack at Dawn", 3));
        assertEquals("abc", Caesar.decrypt("def", 3));
        assertEquals("xyz", Caesar.encrypt("abc", -3));
        assertEquals("é ß 3", Caesar.encrypt("é ß 3", 7));
    }

    @Test
    void pairsCarryTheirShift() {
        List<CipherPair> fixed = Caesar.fixedShift(List.of("abc", "hello, world"), 29);
        assertEquals(new CipherPair("abc", "def", 3), fixed.get(0));
        assertEquals(Caesar.encrypt("hello, world", 3), fixed.get(1).cipher());

        List<String> sentences = List.of("one", "two", "three", "four", "five", "six", "seven", "eight");
        List<CipherPair> a = Caesar.randomShifts(sentences, 5);
        assertEquals(a, Caesar.randomShifts(sentences, 5), "the same seed gives the same shifts");
        assertNotEquals(a, Caesar.randomShifts(sentences, 6));
        for (CipherPair p : a) {
            assertTrue(p.shift() >= 1 && p.shift() <= 25, "shift " + p.shift());
            assertEquals(p.plain(), Caesar.decrypt(p.cipher(), p.shift()));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CipherPair("abc", "abd", 0));
        assertTrue(e.getMessage().contains("cipher \"abd\" is not plain \"abc\" encrypted with shift 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CipherPair("abc", "abc", 26));
        assertTrue(e.getMessage().contains("shift must be in 0..25 but was 26"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CipherPair.of(null, 1));
        assertTrue(e.getMessage().contains("plain is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Caesar.fixedShift(null, 3));
        assertTrue(e.getMessage().contains("sentences is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Caesar.randomShifts(java.util.Arrays.asList("a", null), 3));
        assertTrue(e.getMessage().contains("sentences[1] is null"), e.getMessage());
    }
}
