package org.rnnworkbench.seq;

import java.util.List;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * A mini-batch of m sequences padded to the longest, T steps: the one-hot ciphertext characters
 * {@code x (V, m, T)} (a zero column after the end of a sequence), the plaintext indices
 * {@code targets[i][t]} ({@link #PAD} after the end) and the length of each sequence. The model reads
 * left to right, so the padding after a sequence's end never changes its outputs; the loss simply
 * skips the padded steps. Arrays are held, not copied.
 */
public record Batch(Tensor3 x, int[][] targets, int[] lengths) {

    /** The target of a padded step. */
    public static final int PAD = -1;

    /** Checks that the shapes agree and every target is an index of x's rows or {@link #PAD} after the end. */
    public Batch {
        Shapes.notNull("x", x);
        if (targets == null || lengths == null) {
            throw new IllegalArgumentException("targets and lengths must not be null");
        }
        if (targets.length != x.m() || lengths.length != x.m()) {
            throw new IllegalArgumentException("x is " + Shapes.of(x) + " but targets has " + targets.length
                    + " rows and lengths " + lengths.length + " entries; both must have m = " + x.m());
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1 || lengths[i] > x.T()) {
                throw new IllegalArgumentException("lengths[" + i + "] is " + lengths[i] + " but must be in 1.." + x.T());
            }
            if (targets[i] == null || targets[i].length != x.T()) {
                throw new IllegalArgumentException("targets[" + i + "] must have T = " + x.T() + " entries but has "
                        + (targets[i] == null ? "null" : targets[i].length));
            }
            for (int t = 0; t < x.T(); t++) {
                int y = targets[i][t];
                boolean ok = t < lengths[i] ? y >= 0 && y < x.n() : y == PAD;
                if (!ok) {
                    throw new IllegalArgumentException("targets[" + i + "][" + t + "] is " + y + " but must be "
                            + (t < lengths[i] ? "an index in 0.." + (x.n() - 1) : "PAD (" + PAD + ") after the end"));
                }
            }
        }
    }

    /** The pairs as one batch: ciphertexts one-hot in, plaintext indices as targets. */
    public static Batch of(List<CipherPair> pairs, Vocabulary vocabulary) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs must hold at least one pair but is " + (pairs == null ? "null" : "empty"));
        }
        if (vocabulary == null) {
            throw new IllegalArgumentException("vocabulary is null");
        }
        int m = pairs.size();
        int T = 0;
        for (int i = 0; i < m; i++) {
            CipherPair p = pairs.get(i);
            if (p == null) {
                throw new IllegalArgumentException("pairs[" + i + "] is null");
            }
            if (p.length() == 0) {
                throw new IllegalArgumentException("pairs[" + i + "] is empty; every sequence needs at least one character");
            }
            T = Math.max(T, p.length());
        }
        Tensor3 x = new Tensor3(vocabulary.size(), m, T);
        int[][] targets = new int[m][T];
        int[] lengths = new int[m];
        for (int i = 0; i < m; i++) {
            CipherPair p = pairs.get(i);
            int[] in = vocabulary.encode(p.cipher());
            int[] out = vocabulary.encode(p.plain());
            lengths[i] = in.length;
            java.util.Arrays.fill(targets[i], PAD);
            for (int t = 0; t < in.length; t++) {
                x.set(in[t], i, t, 1);
                targets[i][t] = out[t];
            }
        }
        return new Batch(x, targets, lengths);
    }

    /** Number of sequences m. */
    public int m() {
        return x.m();
    }

    /** Number of steps T (the longest sequence). */
    public int T() {
        return x.T();
    }

    /** Number of real (unpadded) characters. */
    public int characters() {
        int n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }
}
