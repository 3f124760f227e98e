package org.rnnworkbench.seq;

/**
 * One training or test example: a plaintext, its Caesar ciphertext under {@code shift} (0..25), and
 * the shift. The tagger reads {@code cipher} and must output {@code plain}, one character per step.
 */
public record CipherPair(String plain, String cipher, int shift) {

    /** Checks that {@code cipher} is {@code plain} encrypted with {@code shift}. */
    public CipherPair {
        if (plain == null) {
            throw new IllegalArgumentException("plain is null");
        }
        if (cipher == null) {
            throw new IllegalArgumentException("cipher is null");
        }
        if (shift < 0 || shift >= Caesar.LETTERS) {
            throw new IllegalArgumentException("shift must be in 0.." + (Caesar.LETTERS - 1) + " but was " + shift);
        }
        if (!Caesar.encrypt(plain, shift).equals(cipher)) {
            throw new IllegalArgumentException("cipher \"" + cipher + "\" is not plain \"" + plain
                    + "\" encrypted with shift " + shift);
        }
    }

    /** {@code plain} and its encryption under {@code shift} (any integer, taken modulo 26). */
    public static CipherPair of(String plain, int shift) {
        if (plain == null) {
            throw new IllegalArgumentException("plain is null");
        }
        int k = Caesar.normalize(shift);
        return new CipherPair(plain, Caesar.encrypt(plain, k), k);
    }

    /** Number of characters (steps). */
    public int length() {
        return plain.length();
    }
}
