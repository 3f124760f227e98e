package org.rnnworkbench.lm;

/**
 * Where truncated backpropagation through time cuts the gradient: training reads a character
 * stream in consecutive sequences of {@code sequenceLength} (L) steps, and each sequence in
 * consecutive windows of {@code k} steps; the last window of a sequence is shorter when k does not
 * divide L. The forward pass never stops (the hidden state is carried from window to window and
 * from sequence to sequence); the backward pass runs inside one window, and the parameters are
 * updated after each window. {@code k = L} is ordinary (full) BPTT over each sequence; see
 * {@link TruncatedBptt} for the exact definition.
 *
 * @param k the window length, 1 ≤ k ≤ L
 * @param sequenceLength L, the length of a training sequence (the unit of "full")
 */
public record Truncation(int k, int sequenceLength) {

    /** Checks {@code 1 ≤ k ≤ sequenceLength}. */
    public Truncation {
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("sequenceLength must be positive but was " + sequenceLength);
        }
        if (k <= 0 || k > sequenceLength) {
            throw new IllegalArgumentException("k must be in [1, sequenceLength = " + sequenceLength + "] but was " + k
                    + "; use Truncation.full(" + sequenceLength + ") for full BPTT");
        }
    }

    /** Windows of {@code k} steps inside sequences of {@code sequenceLength} steps. */
    public static Truncation window(int k, int sequenceLength) {
        return new Truncation(k, sequenceLength);
    }

    /** Full BPTT over each sequence of {@code sequenceLength} steps ({@code k = L}). */
    public static Truncation full(int sequenceLength) {
        return new Truncation(sequenceLength, sequenceLength);
    }

    /** True when the window is the whole sequence. */
    public boolean isFull() {
        return k == sequenceLength;
    }

    /** Number of windows (parameter updates) per sequence, ⌈L / k⌉. */
    public int windowsPerSequence() {
        return (sequenceLength + k - 1) / k;
    }

    /** Where window {@code w} of a sequence starts, {@code w·k}. */
    public int windowStart(int w) {
        checkWindow(w);
        return w * k;
    }

    /** The length of window {@code w} of a sequence: k, or what is left of L for the last one. */
    public int windowLength(int w) {
        checkWindow(w);
        return Math.min(k, sequenceLength - w * k);
    }

    /** The longest window, {@code k}: what the forward pass must keep for one backward pass. */
    public int maxWindowLength() {
        return k;
    }

    /**
     * Bytes of the activations the backward pass needs for one window of a model with {@code nA}
     * hidden units and {@code vocabSize} characters: the states a⟨t⟩ (n_a) and the predictions ŷ⟨t⟩
     * (V) of k steps, 8 bytes per double, {@code 8·k·(n_a + V)}. It grows with k and not with the
     * length of the stream.
     */
    public long activationCacheBytes(int nA, int vocabSize) {
        if (nA <= 0) {
            throw new IllegalArgumentException("nA must be positive but was " + nA);
        }
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be positive but was " + vocabSize);
        }
        return 8L * k * (nA + (long) vocabSize);
    }

    /** {@code "full"} or the window length, e.g. {@code "5"}: a short label for plots. */
    public String label() {
        return isFull() ? "full" : Integer.toString(k);
    }

    /** E.g. {@code "k=5/L=100"} or {@code "full/L=100"}. */
    @Override
    public String toString() {
        return (isFull() ? "full" : "k=" + k) + "/L=" + sequenceLength;
    }

    private void checkWindow(int w) {
        if (w < 0 || w >= windowsPerSequence()) {
            throw new IllegalArgumentException("window w = " + w + " is outside [0, " + windowsPerSequence()
                    + ") for " + this);
        }
    }
}
