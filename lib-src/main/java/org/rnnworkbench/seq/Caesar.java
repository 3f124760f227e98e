package org.rnnworkbench.seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rnnworkbench.random.NumpyRandom;

/**
 * The Caesar cipher on the 26 letters a–z: encryption moves every letter {@code shift} places forward
 * in the alphabet, wrapping from z to a ({@code shift = 3}: a → d, x → a); decryption moves it back.
 * Case is kept: lower-case letters shift among a–z and upper-case letters among A–Z. Every other
 * character (space, digits, punctuation, accented letters) maps to itself, so a ciphertext has the
 * length, the word boundaries and the punctuation of its plaintext.
 *
 * <p>Any integer shift is accepted and taken modulo 26 ({@code −1} is {@code 25}, {@code 29} is
 * {@code 3}); {@code decrypt(encrypt(s, k), k)} is {@code s} for every text and shift.
 */
public final class Caesar {
    private Caesar() {}

    /** The letters a cipher moves, in order. */
    public static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";

    /** Number of distinct shifts (shifts are taken modulo this). */
    public static final int LETTERS = ALPHABET.length();

    /** {@code shift} reduced to 0..25. */
    public static int normalize(int shift) {
        return Math.floorMod(shift, LETTERS);
    }

    /** {@code c} moved {@code shift} places forward if it is a letter a–z or A–Z; any other character unchanged. */
    public static char encrypt(char c, int shift) {
        if (c >= 'a' && c <= 'z') {
            return (char) ('a' + Math.floorMod(c - 'a' + normalize(shift), LETTERS));
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) ('A' + Math.floorMod(c - 'A' + normalize(shift), LETTERS));
        }
        return c;
    }

    /** {@code c} moved {@code shift} places back: the inverse of {@link #encrypt(char, int)}. */
    public static char decrypt(char c, int shift) {
        return encrypt(c, -normalize(shift));
    }

    /** The ciphertext of {@code text} under {@code shift}, character by character. */
    public static String encrypt(String text, int shift) {
        Objects.requireNonNull(text, "text");
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encrypt(text.charAt(i), shift);
        }
        return new String(out);
    }

    /** The plaintext of {@code text} encrypted with {@code shift}. */
    public static String decrypt(String text, int shift) {
        return encrypt(text, -normalize(shift));
    }

    /** Each sentence paired with its encryption under the one {@code shift}. */
    public static List<CipherPair> fixedShift(List<String> sentences, int shift) {
        checkSentences(sentences);
        List<CipherPair> out = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            out.add(CipherPair.of(s, shift));
        }
        return out;
    }

    /**
     * Each sentence paired with its encryption under its own shift, drawn uniformly from 1..25 (a shift
     * of 0 would leave the text as it is) with NumPy's generator seeded {@code seed}, one draw per
     * sentence in list order.
     */
    public static List<CipherPair> randomShifts(List<String> sentences, long seed) {
        checkSentences(sentences);
        NumpyRandom rng = new NumpyRandom(seed);
        List<CipherPair> out = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            out.add(CipherPair.of(s, (int) rng.randint(1, LETTERS)));
        }
        return out;
    }

    private static void checkSentences(List<String> sentences) {
        if (sentences == null) {
            throw new IllegalArgumentException("sentences is null");
        }
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i) == null) {
                throw new IllegalArgumentException("sentences[" + i + "] is null");
            }
        }
    }
}
