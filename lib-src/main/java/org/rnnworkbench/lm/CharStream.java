package org.rnnworkbench.lm;

import java.util.List;
import java.util.Objects;

/**
 * A text read as one long stream of next-character predictions: step t has input
 * {@code text[t]} and target {@code text[t + 1]}, so a text of n characters gives N = n − 1 steps.
 * Examples (titles, names) are joined into one text as {@code "\n" + e₀ + "\n" + e₁ + … + "\n"}: the
 * newline that ends an example is also the input that starts the next, the stream counterpart of
 * the assignment's {@code X = [None] + …}, {@code Y = … + ["\n"]}, and the stream has exactly as many
 * steps as the examples have targets.
 *
 * <p>Training reads the stream cyclically: step t of training is stream step {@code t mod N}. As the
 * text starts and ends with a newline, the wrap from the last step to the first is one more example
 * boundary.
 *
 * @param source where the text came from, for messages
 * @param vocabulary the characters the indices refer to
 * @param text the text (at least two characters)
 */
public record CharStream(String source, Vocabulary vocabulary, String text) {

    /** Checks that the text has at least one step and is written in the vocabulary. */
    public CharStream {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(text, "text");
        if (text.length() < 2) {
            throw new IllegalArgumentException("text of " + source + " has " + text.length()
                    + " characters; a stream needs at least two (one input and its target)");
        }
        vocabulary.encode(text);
    }

    /** The examples of {@code data} in file order, joined into one stream (see the class comment). */
    public static CharStream of(Dataset data) {
        Objects.requireNonNull(data, "data");
        return of(data.examples(), data.vocabulary(), data.source());
    }

    /** {@code examples}, in the order given, joined into one stream; every character must be in {@code vocabulary}. */
    public static CharStream of(List<String> examples, Vocabulary vocabulary, String source) {
        Objects.requireNonNull(examples, "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("examples is empty; a stream needs at least one example");
        }
        StringBuilder sb = new StringBuilder("\n");
        for (String e : examples) {
            Objects.requireNonNull(e, "example");
            sb.append(e).append('\n');
        }
        return new CharStream(source, vocabulary, sb.toString());
    }

    /** Number of steps N (characters of the text minus one). */
    public int length() {
        return text.length() - 1;
    }

    /** All inputs {@code x[t] = text[t]}, t = 0 … N−1, as indices. */
    public int[] inputs() {
        return vocabulary.encode(text.substring(0, text.length() - 1));
    }

    /** All targets {@code y[t] = text[t + 1]}, t = 0 … N−1, as indices. */
    public int[] targets() {
        return vocabulary.encode(text.substring(1));
    }

    /**
     * Copies the inputs and targets of the {@code X.length} steps from step {@code start} (taken
     * modulo N, wrapping around the end) into {@code X} and {@code Y} (modified; same length, at most
     * N). {@code inputs} and {@code targets} are this stream's {@link #inputs()} and {@link #targets()},
     * passed in so that the copy allocates nothing.
     */
    public static void window(int[] inputs, int[] targets, long start, int[] X, int[] Y) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(X, "X");
        Objects.requireNonNull(Y, "Y");
        int n = inputs.length;
        if (targets.length != n || n == 0) {
            throw new IllegalArgumentException("inputs has " + n + " entries and targets " + targets.length
                    + "; they must be equal and positive");
        }
        if (X.length != Y.length || X.length == 0 || X.length > n) {
            throw new IllegalArgumentException("X has " + X.length + " entries and Y " + Y.length
                    + "; they must be equal and in [1, " + n + "]");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start must be >= 0 but was " + start);
        }
        int from = (int) (start % n);
        int first = Math.min(X.length, n - from);
        System.arraycopy(inputs, from, X, 0, first);
        System.arraycopy(targets, from, Y, 0, first);
        System.arraycopy(inputs, 0, X, first, X.length - first);
        System.arraycopy(targets, 0, Y, first, X.length - first);
    }

    /** The inputs and targets {@code {X, Y}} of {@code length} steps from step {@code start} (wrapping around). */
    public int[][] window(long start, int length) {
        int[] X = new int[length];
        int[] Y = new int[length];
        window(inputs(), targets(), start, X, Y);
        return new int[][] {X, Y};
    }

    /**
     * For each step, how many characters of the current example precede its target: 0 where the
     * input is the newline (the target is an example's first character), 1 for the next step, and
     * so on. Lets a notebook group losses by position inside a title.
     */
    public int[] positions() {
        int[] pos = new int[length()];
        int p = 0;
        for (int t = 0; t < pos.length; t++) {
            p = text.charAt(t) == '\n' ? 0 : p + 1;
            pos[t] = p;
        }
        return pos;
    }
}
