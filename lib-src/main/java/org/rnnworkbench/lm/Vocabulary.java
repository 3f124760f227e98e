package org.rnnworkbench.lm;

import java.util.Arrays;
import java.util.Objects;

/**
 * The characters a language model reads and writes: the sorted set of characters of a text,
 * newline included, so that the newline (the end of a name) is index 0 whenever the text has no
 * control characters. Matches the assignment's {@code char_to_ix} / {@code ix_to_char}.
 *
 * <p>Characters are UTF-16 {@code char}s. A text holding characters outside the Basic
 * Multilingual Plane is rejected: Python counts each as one character, Java as two (a surrogate
 * pair), so the two vocabularies would differ.
 */
public final class Vocabulary {
    private static final int ABSENT = -1;

    private final char[] chars;

    private Vocabulary(char[] sortedUnique) {
        this.chars = sortedUnique;
    }

    private int indexOf(char c) {
        int i = Arrays.binarySearch(chars, c);
        return i >= 0 ? i : ABSENT;
    }

    /**
     * The vocabulary of {@code text}: its distinct characters, sorted, plus the newline even when
     * the text has none (the newline marks the end of every example). The text is used as given;
     * {@link Dataset} lowercases it first, as the assignment does.
     */
    public static Vocabulary fromText(String text) {
        Objects.requireNonNull(text, "text");
        boolean[] seen = new boolean[Character.MAX_VALUE + 1];
        seen['\n'] = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("the text holds a character outside the Basic Multilingual Plane (U+"
                        + Integer.toHexString(text.codePointAt(i)).toUpperCase(java.util.Locale.ROOT)
                        + ") at index " + i + "; only characters up to U+FFFF are supported");
            }
            seen[c] = true;
        }
        int n = 0;
        for (boolean s : seen) {
            if (s) {
                n++;
            }
        }
        char[] sorted = new char[n];
        int k = 0;
        for (int c = 0; c < seen.length; c++) {
            if (seen[c]) {
                sorted[k++] = (char) c;
            }
        }
        return new Vocabulary(sorted);
    }

    /**
     * The vocabulary whose characters, in index order, are {@code chars} (as {@link #chars()} gives
     * them, e.g. from a model file): they must be sorted, distinct and include the newline, as every
     * vocabulary built by {@link #fromText} is.
     */
    public static Vocabulary ofChars(String chars) {
        Objects.requireNonNull(chars, "chars");
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("the characters hold a surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at index " + i
                        + "; only characters up to U+FFFF are supported");
            }
            if (i > 0 && chars.charAt(i - 1) >= c) {
                throw new IllegalArgumentException("the characters are not sorted and distinct: "
                        + describe(chars.charAt(i - 1)) + " at index " + (i - 1) + " is followed by " + describe(c));
            }
        }
        if (chars.indexOf('\n') < 0) {
            throw new IllegalArgumentException("the characters do not include the newline, which ends every name");
        }
        return new Vocabulary(chars.toCharArray());
    }

    /** Number of characters V (n_x = n_y of the model). */
    public int size() {
        return chars.length;
    }

    /** Index of the newline, the end-of-name character. */
    public int newlineIndex() {
        return indexOf('\n');
    }

    /** True when {@code c} is in the vocabulary. */
    public boolean contains(char c) {
        return indexOf(c) != ABSENT;
    }

    /** The index of {@code c} ({@code char_to_ix[c]}). */
    public int charToIx(char c) {
        int i = indexOf(c);
        if (i == ABSENT) {
            throw new IllegalArgumentException("character " + describe(c) + " is not in the vocabulary " + this);
        }
        return i;
    }

    /** The character at index {@code ix} ({@code ix_to_char[ix]}). */
    public char ixToChar(int ix) {
        if (ix < 0 || ix >= chars.length) {
            throw new IllegalArgumentException("index " + ix + " is outside the vocabulary of size " + chars.length);
        }
        return chars[ix];
    }

    /** The indices of the characters of {@code s}. */
    public int[] encode(String s) {
        Objects.requireNonNull(s, "s");
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) {
            int ix = indexOf(s.charAt(i));
            if (ix == ABSENT) {
                char c = s.charAt(i);
                throw new IllegalArgumentException("character " + describe(c) + " at position " + i + " of \""
                        + s + "\" is not in the vocabulary " + this);
            }
            out[i] = ix;
        }
        return out;
    }

    /** The characters of {@code indices}, joined. */
    public String decode(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        StringBuilder sb = new StringBuilder(indices.length);
        for (int ix : indices) {
            sb.append(ixToChar(ix));
        }
        return sb.toString();
    }

    /** The characters in index order, as one string. */
    public String chars() {
        return new String(chars);
    }

    /** The assignment's way to show a sample: the characters, the first one uppercased. */
    public String sampleText(int[] indices) {
        String txt = decode(indices);
        if (txt.isEmpty()) {
            return txt;
        }
        // Python's str.upper() may turn one character into several (ß -> SS); String does too.
        return txt.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + txt.substring(1);
    }

    /** A character as a reader sees it: printable ones quoted, others as a Unicode escape. */
    static String describe(char c) {
        return switch (c) {
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            default -> Character.isISOControl(c) || Character.isWhitespace(c) && c != ' '
                    ? String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                    : "'" + c + "' (U+" + String.format(java.util.Locale.ROOT, "%04X", (int) c) + ")";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(chars, v.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }

    /** The characters in index order, escaped, e.g. {@code [\n, a, b, ...]} (size V). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < chars.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            char c = chars[i];
            sb.append(c == '\n' ? "\\n" : c == ' ' ? "' '" : Character.isISOControl(c)
                    ? String.format(java.util.Locale.ROOT, "U+%04X", (int) c) : String.valueOf(c));
        }
        return sb.append("] (size ").append(chars.length).append(")").toString();
    }
}
