package org.rnnworkbench.lm;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Ops;
import org.rnnworkbench.tensor.Shapes;

/**
 * Truncated backpropagation through time (TBPTT) for the character RNN on a long stream, the plain
 * implementation. The definition used throughout the library:
 * <ol>
 *   <li>The data is one {@link CharStream}: steps t = 0, 1, 2, … with input x⟨t⟩ and target y⟨t⟩,
 *       read cyclically.</li>
 *   <li>Training reads it in consecutive <em>sequences</em> of L steps (sequence s covers steps
 *       [sL, sL + L)), and each sequence in consecutive <em>windows</em> of k steps (window w covers
 *       [sL + wk, sL + min(wk + k, L))); see {@link Truncation}.</li>
 *   <li>The forward pass never stops: a⟨t⟩ = tanh(Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + b) from a⟨−1⟩ = 0, the
 *       hidden state carried from window to window and from sequence to sequence. Each window runs
 *       with the parameters current when it starts; the state it receives was computed with the
 *       parameters of earlier windows and is not recomputed.</li>
 *   <li>The window loss is ℒ_w = −Σ_{t in w} log ŷ⟨t⟩[y⟨t⟩]. Its TBPTT gradient treats the incoming
 *       state a_in (the state before the window's first step) as a constant: the backward pass
 *       runs over the window only, and the gradient that would flow into a_in is dropped. The true
 *       gradient of ℒ_w also has the terms through a_in, which depends on the parameters through all
 *       earlier steps; TBPTT leaves them out — that is the truncation.</li>
 *   <li>After each window: clip every gradient entry to [−c, c] and take an SGD step.</li>
 * </ol>
 * With k = L every window is a whole sequence: ordinary BPTT over each sequence. The assignment's
 * own training is the same scheme with the examples as windows: the state is carried from title to
 * title, the gradient is cut at each title's start.
 *
 * <p>What it costs: a backward pass needs the states and predictions of its window only, so memory
 * is {@link Truncation#activationCacheBytes 8·k·(n_a + V)} bytes whatever the stream's length, and
 * the parameters are updated ⌈L/k⌉ times per sequence. What it loses: no gradient links a target to
 * an input more than k − 1 steps earlier in its window, so a dependency longer than the window is not
 * learnt from this gradient (the forward pass could carry it, but nothing trains it to).
 *
 * <p>{@link org.rnnworkbench.train.StreamTrainer} is the training loop on the fast, allocation-free
 * step; this class is its reference and holds the evaluation and sampling of a stream model.
 */
public final class TruncatedBptt {
    private TruncatedBptt() {}

    /**
     * One window's loss and TBPTT gradients.
     *
     * @param loss ℒ_w = −Σ_t log ŷ⟨t⟩[y⟨t⟩] over the window (a sum, not a mean)
     * @param gradients ∂ℒ_w/∂θ with the incoming state held fixed, not clipped
     * @param aLast the state after the window's last step (n_a, 1): the next window's incoming state
     * @param cache the window's forward cache (states and predictions of its steps)
     */
    public record Window(double loss, Gradients gradients, DMatrixRMaj aLast, CharRnn.Cache cache) {}

    /**
     * Forward over the window (X, Y) from the incoming state {@code aIn} (n_a, 1) and backpropagation
     * inside it; the gradient with respect to {@code aIn} is dropped. {@code aIn} and {@code p}: not
     * modified.
     */
    public static Window windowLossAndGradients(int[] X, int[] Y, DMatrixRMaj aIn, RnnParameters p) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("aIn", aIn, p.nA(), 1);
        CharRnn.Forward forward = CharRnn.rnnForward(X, Y, aIn, p);
        // The backward pass also returns da_in, ∂ℒ_w/∂a_in; cutting the gradient means not using it.
        Gradients g = CharRnn.rnnBackward(forward.cache(), p).gradients();
        return new Window(forward.loss(), g, forward.cache().aLast().copy(), forward.cache());
    }

    /**
     * The loss and gradients of one sequence under truncation, all at the same parameters.
     *
     * @param loss the summed loss of the sequence
     * @param gradients the sum over the windows of their TBPTT gradients (not clipped)
     * @param aLast the state after the sequence's last step (n_a, 1)
     */
    public record SequenceGradients(double loss, Gradients gradients, DMatrixRMaj aLast) {}

    /**
     * The TBPTT gradient of the sequence (X, Y) at fixed parameters: the sequence cut into windows of
     * {@code k} steps (the last one shorter when k does not divide its length), the state carried from
     * {@code a0} (n_a, 1; not modified) through all of them, each window's gradient taken with its
     * incoming state held fixed, and the window gradients summed. With {@code k ≥ X.length} this is
     * ordinary BPTT over the whole sequence; with a smaller k it is what the truncated updates follow,
     * so comparing the two measures how biased the truncated gradient is. {@code p}: not modified.
     */
    public static SequenceGradients truncatedGradients(int[] X, int[] Y, DMatrixRMaj a0, RnnParameters p, int k) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("a0", a0, p.nA(), 1);
        Shapes.positive("k", k);
        if (X == null || Y == null || X.length != Y.length || X.length == 0) {
            throw new IllegalArgumentException("X and Y must be non-empty and of equal length but have "
                    + (X == null ? "null" : X.length) + " and " + (Y == null ? "null" : Y.length) + " entries");
        }
        Gradients sum = Gradients.zerosLike(p);
        DMatrixRMaj a = a0;
        double loss = 0;
        for (int start = 0; start < X.length; start += k) {
            int end = Math.min(X.length, start + k);
            Window w = windowLossAndGradients(Arrays.copyOfRange(X, start, end), Arrays.copyOfRange(Y, start, end), a, p);
            loss += w.loss();
            for (String name : Gradients.NAMES) {
                CommonOps_DDRM.addEquals(sum.get(name), w.gradients().get(name));
            }
            a = w.aLast();
        }
        return new SequenceGradients(loss, sum, a.copy());
    }

    /**
     * One TBPTT update: {@link #windowLossAndGradients}, clipping to {@code [−clipValue, clipValue]}
     * ({@code +∞}: none), {@code θ −= learningRate·g}. {@code p}: modified. Returns the window before
     * the update, with the clipped gradients.
     */
    public static Window step(int[] X, int[] Y, DMatrixRMaj aIn, RnnParameters p, double learningRate,
            double clipValue) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipValue must be positive (+Infinity: no clipping) but was " + clipValue);
        }
        Window w = windowLossAndGradients(X, Y, aIn, p);
        if (clipValue != Double.POSITIVE_INFINITY) {
            Clip.clipInPlace(w.gradients(), clipValue);
        }
        CharRnn.updateParameters(p, w.gradients(), learningRate);
        return w;
    }

    /**
     * The model's loss on a stream, forward only, the state carried over all N steps from {@code a0}
     * (n_a, 1; not modified): returns the mean cross-entropy per character, and writes each step's
     * −log ŷ⟨t⟩[y⟨t⟩] into {@code lossesOut} when it is not null (length N; modified). Allocates only
     * its few vectors, once.
     */
    public static double streamLoss(RnnParameters p, CharStream stream, DMatrixRMaj a0, double[] lossesOut) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(stream, "stream");
        Shapes.require("a0", a0, p.nA(), 1);
        checkVocabulary(p, stream.vocabulary());
        int n = stream.length();
        if (lossesOut != null && lossesOut.length != n) {
            throw new IllegalArgumentException("lossesOut has " + lossesOut.length + " entries but the stream has "
                    + n + " steps");
        }
        int[] X = stream.inputs();
        int[] Y = stream.targets();
        int nA = p.nA();
        int V = p.nY();
        DMatrixRMaj a = a0.copy();
        DMatrixRMaj next = new DMatrixRMaj(nA, 1);
        DMatrixRMaj z = new DMatrixRMaj(V, 1);
        double total = 0;
        for (int t = 0; t < n; t++) {
            state(p, a, X[t], next);
            DMatrixRMaj swap = a;
            a = next;
            next = swap;
            CommonOps_DDRM.mult(p.Wya(), a, z);
            CommonOps_DDRM.addEquals(z, p.by());
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < V; i++) {
                max = Math.max(max, z.data[i]);
            }
            double sum = 0;
            for (int i = 0; i < V; i++) {
                sum += Math.exp(z.data[i] - max);
            }
            double loss = -(z.data[Y[t]] - max - Math.log(sum));
            if (lossesOut != null) {
                lossesOut[t] = loss;
            }
            total += loss;
        }
        return total / n;
    }

    /**
     * A line the stream model writes after a newline: from the state {@code aStart} (n_a, 1; not
     * modified) with the newline as input, draw each character from ŷ with one NumPy generator seeded
     * {@code seed} and feed it back, until a newline is drawn or {@code maxLength} characters are. The
     * result ends with {@code "\n"} only when the model ended the line itself.
     */
    public static String sampleLine(RnnParameters p, Vocabulary v, DMatrixRMaj aStart, long seed, int maxLength) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(v, "vocabulary");
        Shapes.require("aStart", aStart, p.nA(), 1);
        Shapes.positive("maxLength", maxLength);
        checkVocabulary(p, v);
        if (seed < 0 || seed > NumpyRandom.MAX_SEED) {
            throw new IllegalArgumentException("seed must be in [0, 2**32 - 1] but was " + seed);
        }
        NumpyRandom rng = new NumpyRandom(seed);
        int V = p.nY();
        DMatrixRMaj a = aStart.copy();
        DMatrixRMaj next = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj z = new DMatrixRMaj(V, 1);
        DMatrixRMaj y = new DMatrixRMaj(V, 1);
        int newline = v.newlineIndex();
        int x = newline;
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < maxLength; n++) {
            state(p, a, x, next);
            DMatrixRMaj swap = a;
            a = next;
            next = swap;
            CommonOps_DDRM.mult(p.Wya(), a, z);
            CommonOps_DDRM.addEquals(z, p.by());
            Ops.softmaxColumns(z, y);
            x = rng.choice(V, y.data);
            sb.append(v.ixToChar(x));
            if (x == newline) {
                break;
            }
        }
        return sb.toString();
    }

    /** a (n_a, 1) = tanh(Wax·x + Waa·aPrev + b) into {@code out}, added in NumPy's order as {@link CharRnn} does. */
    private static void state(RnnParameters p, DMatrixRMaj aPrev, int ix, DMatrixRMaj out) {
        CommonOps_DDRM.mult(p.Waa(), aPrev, out);
        for (int i = 0, nA = p.nA(); i < nA; i++) {
            double wx = ix == CharRnn.NONE ? 0.0 : p.Wax().unsafe_get(i, ix);
            out.data[i] = Math.tanh((wx + out.data[i]) + p.ba().data[i]);
        }
    }

    private static void checkVocabulary(RnnParameters p, Vocabulary v) {
        if (v.size() != p.nX() || v.size() != p.nY()) {
            throw new IllegalArgumentException("the vocabulary has " + v.size() + " characters but the parameters have"
                    + " n_x = " + p.nX() + " and n_y = " + p.nY() + "; all three must match");
        }
    }
}
