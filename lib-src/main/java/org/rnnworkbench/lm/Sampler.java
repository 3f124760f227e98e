package org.rnnworkbench.lm;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.Gru;
import org.rnnworkbench.cells.GruCellResult;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.Lstm;
import org.rnnworkbench.cells.LstmCellResult;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Ops;

/**
 * Sampling a name from the language model, the assignment's {@code sample(parameters,
 * char_to_ix, seed)}: start from the zero input and the zero state; at each step compute
 * {@code ŷ = softmax(Wya·a + by)}, re-seed NumPy's generator with {@code counter + seed}, draw
 * {@code choice(V, p = ŷ)}, feed the index back one-hot; then {@code seed += 1},
 * {@code counter += 1}. Stops after the newline or after 50 characters; in the latter case a
 * newline is appended. Both counters grow, so draw {@code k} uses seed {@code seed + 2k}.
 */
public final class Sampler {
    private Sampler() {}

    /** Most characters drawn for one name (the assignment's 50). */
    public static final int MAX_LENGTH = 50;

    /** The sampled indices, ending with the newline index. */
    public static int[] sample(RnnParameters p, Vocabulary v, int seed) {
        return sample(p, v, seed, 1.0, "");
    }

    /**
     * Samples with the distribution sharpened ({@code temperature < 1}) or flattened ({@code > 1}),
     * {@code ŷ = softmax((Wya·a + by) / temperature)}, continuing {@code prefix}. The prefix's
     * indices come first in the result and are fed in, not drawn: draws (and seeds) start after
     * it, and the 50-character cap counts drawn characters only. With temperature 1 and an empty
     * prefix this is exactly {@link #sample(RnnParameters, Vocabulary, int)}.
     */
    public static int[] sample(RnnParameters p, Vocabulary v, int seed, double temperature, String prefix) {
        Objects.requireNonNull(p, "parameters");
        return sample(p, step(p), v, seed, temperature, prefix);
    }

    private static Step step(RnnParameters p) {
        return new Step() {
            private DMatrixRMaj a = new DMatrixRMaj(p.nA(), 1);

            @Override
            public void advance(int x, DMatrixRMaj z) {
                a = CharRnn.stepState(p, a, x);
                if (z != null) {
                    CommonOps_DDRM.mult(p.Wya(), a, z);
                    CommonOps_DDRM.addEquals(z, p.by());
                }
            }
        };
    }

    /** The sampled indices from the GRU language model ({@link CharGru}), ending with the newline index. */
    public static int[] sample(GruParameters p, Vocabulary v, int seed) {
        return sample(p, v, seed, 1.0, "");
    }

    /** {@link #sample(RnnParameters, Vocabulary, int, double, String)} with the GRU step of {@link CharGru}. */
    public static int[] sample(GruParameters p, Vocabulary v, int seed, double temperature, String prefix) {
        Objects.requireNonNull(p, "parameters");
        return sample(p, step(p), v, seed, temperature, prefix);
    }

    private static Step step(GruParameters p) {
        return new Step() {
            private DMatrixRMaj a = new DMatrixRMaj(p.nA(), 1);

            @Override
            public void advance(int x, DMatrixRMaj z) {
                GruCellResult r = Gru.gruCellForward(CharGru.oneHot(x, p.nX()), a, p, Gru.Output.LINEAR);
                a = r.aNext();
                if (z != null) {
                    z.setTo(r.yPred());
                }
            }
        };
    }

    /**
     * The sampled indices from the LSTM language model ({@link CharLstm}), ending with the newline
     * index: the hidden state a and the memory cell c both start at zero and are carried.
     */
    public static int[] sample(LstmParameters p, Vocabulary v, int seed) {
        return sample(p, v, seed, 1.0, "");
    }

    /** {@link #sample(RnnParameters, Vocabulary, int, double, String)} with the LSTM step of {@link CharLstm}. */
    public static int[] sample(LstmParameters p, Vocabulary v, int seed, double temperature, String prefix) {
        Objects.requireNonNull(p, "parameters");
        return sample(p, step(p), v, seed, temperature, prefix);
    }

    private static Step step(LstmParameters p) {
        return new Step() {
            private DMatrixRMaj a = new DMatrixRMaj(p.nA(), 1);
            private DMatrixRMaj c = new DMatrixRMaj(p.nA(), 1);

            @Override
            public void advance(int x, DMatrixRMaj z) {
                LstmCellResult r = Lstm.lstmCellForward(CharGru.oneHot(x, p.nX()), a, c, p);
                a = r.aNext();
                c = r.cNext();
                if (z != null) {
                    // The cell returns softmax(Wy·a + by); the temperature needs the logits themselves.
                    CommonOps_DDRM.mult(p.Wy(), a, z);
                    CommonOps_DDRM.addEquals(z, p.by());
                }
            }
        };
    }

    /** The sampled indices from the language model of whichever cell {@code p} belongs to. */
    public static int[] sample(CellParameters p, Vocabulary v, int seed) {
        return sample(p, v, seed, 1.0, "");
    }

    /** {@link #sample(CellParameters, Vocabulary, int)} with a temperature and a prefix, as for the RNN. */
    public static int[] sample(CellParameters p, Vocabulary v, int seed, double temperature, String prefix) {
        return sample(p, v, (long) seed, temperature, prefix);
    }

    /**
     * {@link #sample(CellParameters, Vocabulary, int, double, String)} with a seed up to NumPy's largest,
     * 2**32 − 1: draw k re-seeds with {@code seed + 2k}, so {@code seed + 2·(MAX_LENGTH − 1)} must not exceed it.
     */
    public static int[] sample(CellParameters p, Vocabulary v, long seed, double temperature, String prefix) {
        Objects.requireNonNull(p, "parameters");
        if (p instanceof RnnParameters rnn) {
            return sample(p, step(rnn), v, seed, temperature, prefix);
        }
        if (p instanceof GruParameters gru) {
            return sample(p, step(gru), v, seed, temperature, prefix);
        }
        if (p instanceof LstmParameters lstm) {
            return sample(p, step(lstm), v, seed, temperature, prefix);
        }
        throw new IllegalArgumentException("no language model for parameters of type " + p.getClass().getName());
    }

    /**
     * One cell's recurrence during sampling; it holds the carried state (a, and c for the LSTM),
     * zero when created.
     */
    private interface Step {
        /** Moves the state on by input index x (or {@link CharRnn#NONE}); writes the logits into z unless z is null. */
        void advance(int x, DMatrixRMaj z);
    }

    /**
     * Turns the logits z (V, 1) into {@code (z − max z) / temperature}, in place: the largest becomes 0 and
     * the others are at most 0, so any positive temperature (even one whose reciprocal overflows) gives a
     * valid softmax, and temperature 1 gives exactly the unscaled softmax. Logits that are NaN or infinite
     * (weights so large that a product overflows) are refused, naming the first one.
     */
    static void scaleLogits(DMatrixRMaj z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.getNumElements(); i++) {
            double zi = z.data[i];
            if (!Double.isFinite(zi)) {
                throw new IllegalArgumentException("the model's output score for character index " + i + " is " + zi
                        + ": its weights are too large to give probabilities");
            }
            max = Math.max(max, zi);
        }
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            double d = z.data[i] - max;
            // The difference of two finite scores can still overflow to -inf, which exp maps to 0 as it should.
            z.data[i] = temperature == 1.0 ? d : d / temperature;
        }
    }

    private static int[] sample(CellParameters p, Step step, Vocabulary v, long seed, double temperature,
            String prefix) {
        Objects.requireNonNull(v, "vocabulary");
        Objects.requireNonNull(prefix, "prefix");
        if (v.size() != p.nX() || v.size() != p.nY()) {
            throw new IllegalArgumentException("the vocabulary has " + v.size() + " characters but the parameters have n_x = "
                    + p.nX() + " and n_y = " + p.nY() + "; all three must match");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive finite number but was " + temperature);
        }
        int newline = v.newlineIndex();
        int[] fed = new int[prefix.length()];
        for (int i = 0; i < fed.length; i++) {
            char c = prefix.charAt(i);
            if (!v.contains(c)) {
                throw new IllegalArgumentException("prefix character " + Vocabulary.describe(c) + " at position " + i
                        + " of \"" + prefix + "\" is not in the vocabulary " + v);
            }
            if (c == '\n') {
                throw new IllegalArgumentException("prefix \"" + prefix.replace("\n", "\\n")
                        + "\" holds a newline at position " + i + ", which would end the name");
            }
            fed[i] = v.charToIx(c);
        }

        int V = p.nY();
        NumpyRandom rng = new NumpyRandom(0);
        DMatrixRMaj z = new DMatrixRMaj(V, 1);
        DMatrixRMaj y = new DMatrixRMaj(V, 1);
        int[] indices = Arrays.copyOf(fed, fed.length + MAX_LENGTH + 1);
        int n = fed.length;
        int x = CharRnn.NONE;
        for (int i = 0; i < fed.length; i++) {
            step.advance(x, null);
            x = fed[i];
        }
        long drawSeed = seed;
        int idx = -1;
        int counter = 0;
        while (idx != newline && counter != MAX_LENGTH) {
            step.advance(x, z);
            scaleLogits(z, temperature);
            Ops.softmaxColumns(z, y);
            rng.seed(counter + drawSeed);
            idx = rng.choice(V, y.data);
            indices[n++] = idx;
            x = idx;
            drawSeed += 1;
            counter += 1;
        }
        if (counter == MAX_LENGTH) {
            indices[n++] = newline;
        }
        return Arrays.copyOf(indices, n);
    }
}
