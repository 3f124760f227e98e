package org.rnnworkbench.lm;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Ops;
import org.rnnworkbench.tensor.Shapes;

/**
 * The character-level RNN of Part B over index sequences, the plain implementation: the
 * assignment's {@code initialize_parameters}, {@code rnn_forward}, {@code rnn_backward} and
 * {@code update_parameters}. Inputs are
 * character indices; {@link #NONE} stands for the assignment's {@code None}, the zero input
 * vector that starts every name. One step is
 * {@code a⟨t⟩ = tanh(Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + b)}, {@code ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by)}, with loss
 * {@code −Σ_t log ŷ⟨t⟩[Y⟨t⟩]}. Because {@code x⟨t⟩} is one-hot, {@code Wax·x} is a column of
 * {@code Wax} and {@code dWax += draw·xᵀ} touches one column; both are exact, as in NumPy.
 */
public final class CharRnn {
    private CharRnn() {}

    /** The zero input vector (the assignment's {@code None}) in an input sequence. */
    public static final int NONE = -1;

    /**
     * What the forward pass keeps for the backward pass.
     *
     * @param X the inputs (character indices, {@link #NONE} for the zero vector)
     * @param Y the targets
     * @param a0 the initial hidden state (n_a, 1), a copy
     * @param a {@code a[t]} (n_a, 1), the hidden state after step t
     * @param yHat {@code yHat[t]} (V, 1), the predicted distribution at step t
     */
    public record Cache(int[] X, int[] Y, DMatrixRMaj a0, DMatrixRMaj[] a, DMatrixRMaj[] yHat) {
        /** The hidden state before step {@code t}: {@code a0} for t = 0, else {@code a[t−1]}. */
        public DMatrixRMaj aPrev(int t) {
            return t == 0 ? a0 : a[t - 1];
        }

        /** The last hidden state {@code a[T−1]} ({@code a0} for an empty sequence). */
        public DMatrixRMaj aLast() {
            return a.length == 0 ? a0 : a[a.length - 1];
        }
    }

    /** The loss {@code −Σ_t log ŷ⟨t⟩[Y⟨t⟩]} and the cache. */
    public record Forward(double loss, Cache cache) {}

    /**
     * The gradients and {@code da0} (n_a, 1), the gradient with respect to the initial state (the
     * assignment's last {@code gradients["da_next"]}).
     */
    public record Backward(Gradients gradients, DMatrixRMaj da0) {}

    /** a (n_a, 1) = tanh(Wax·x + Waa·aPrev + b) for the one-hot (or zero, {@code ix = NONE}) input x. */
    public static DMatrixRMaj rnnStepForward(RnnParameters p, DMatrixRMaj aPrev, int ix) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("aPrev", aPrev, p.nA(), 1);
        checkInput("ix", ix, p.nX());
        return stepState(p, aPrev, ix);
    }

    /**
     * Runs the RNN over {@code X} from {@code a0} (n_a, 1) and sums the loss on the targets {@code Y}.
     * {@code X[t]} is a character index or {@link #NONE}; {@code Y[t]} is a character index.
     */
    public static Forward rnnForward(int[] X, int[] Y, DMatrixRMaj a0, RnnParameters p) {
        Objects.requireNonNull(p, "parameters");
        checkSequences(X, Y, p);
        Shapes.require("a0", a0, p.nA(), 1);
        int T = X.length;
        DMatrixRMaj[] a = new DMatrixRMaj[T];
        DMatrixRMaj[] yHat = new DMatrixRMaj[T];
        DMatrixRMaj aPrev = a0.copy();
        DMatrixRMaj z = new DMatrixRMaj(p.nY(), 1);
        double loss = 0;
        for (int t = 0; t < T; t++) {
            a[t] = stepState(p, aPrev, X[t]);
            CommonOps_DDRM.mult(p.Wya(), a[t], z);
            CommonOps_DDRM.addEquals(z, p.by());
            yHat[t] = Ops.softmaxColumns(z, new DMatrixRMaj(p.nY(), 1));
            loss -= Math.log(yHat[t].data[Y[t]]);
            aPrev = a[t];
        }
        return new Forward(loss, new Cache(X.clone(), Y.clone(), a0.copy(), a, yHat));
    }

    /** Backpropagation through time over the whole sequence in {@code cache}; the gradients are summed over t. */
    public static Backward rnnBackward(Cache cache, RnnParameters p) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(p, "parameters");
        Shapes.require("cache.a0", cache.a0(), p.nA(), 1);
        checkSequences(cache.X(), cache.Y(), p);
        int nA = p.nA();
        Gradients g = Gradients.zerosLike(p);
        DMatrixRMaj daNext = new DMatrixRMaj(nA, 1);
        DMatrixRMaj dy = new DMatrixRMaj(p.nY(), 1);
        DMatrixRMaj da = new DMatrixRMaj(nA, 1);
        DMatrixRMaj draw = new DMatrixRMaj(nA, 1);
        for (int t = cache.X().length - 1; t >= 0; t--) {
            DMatrixRMaj a = cache.a()[t];
            dy.setTo(cache.yHat()[t]);
            dy.data[cache.Y()[t]] -= 1;
            CommonOps_DDRM.multAddTransB(dy, a, g.dWya());
            CommonOps_DDRM.addEquals(g.dby(), dy);
            CommonOps_DDRM.multTransA(p.Wya(), dy, da);
            CommonOps_DDRM.addEquals(da, daNext);
            for (int i = 0; i < nA; i++) {
                draw.data[i] = (1 - a.data[i] * a.data[i]) * da.data[i];
            }
            CommonOps_DDRM.addEquals(g.db(), draw);
            int ix = cache.X()[t];
            if (ix != NONE) {
                for (int i = 0; i < nA; i++) {
                    g.dWax().unsafe_set(i, ix, g.dWax().unsafe_get(i, ix) + draw.data[i]);
                }
            }
            CommonOps_DDRM.multAddTransB(draw, cache.aPrev(t), g.dWaa());
            CommonOps_DDRM.multTransA(p.Waa(), draw, daNext);
        }
        return new Backward(g, daNext);
    }

    /** One SGD step in place: {@code W += −lr·dW} for each of Wax, Waa, Wya, b, by. {@code p}: modified. */
    public static void updateParameters(RnnParameters p, Gradients g, double lr) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(g, "gradients");
        Shapes.sameShape("dWax", g.dWax(), "Wax", p.Wax());
        Shapes.sameShape("dWaa", g.dWaa(), "Waa", p.Waa());
        Shapes.sameShape("dWya", g.dWya(), "Wya", p.Wya());
        Shapes.sameShape("db", g.db(), "b", p.ba());
        Shapes.sameShape("dby", g.dby(), "by", p.by());
        if (!Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite but was " + lr);
        }
        CommonOps_DDRM.addEquals(p.Wax(), -lr, g.dWax());
        CommonOps_DDRM.addEquals(p.Waa(), -lr, g.dWaa());
        CommonOps_DDRM.addEquals(p.Wya(), -lr, g.dWya());
        CommonOps_DDRM.addEquals(p.ba(), -lr, g.db());
        CommonOps_DDRM.addEquals(p.by(), -lr, g.dby());
    }

    /**
     * The assignment's {@code initialize_parameters}: {@code np.random.seed(1)}, then
     * {@code Wax = randn(n_a, n_x)·0.01}, {@code Waa = randn(n_a, n_a)·0.01},
     * {@code Wya = randn(n_y, n_a)·0.01} in that order; {@code b} and {@code by} zeros.
     */
    public static RnnParameters initializeParameters(int nA, int nX, int nY) {
        return initializeParameters(nA, nX, nY, 1);
    }

    /** {@link #initializeParameters(int, int, int)} with {@code np.random.seed(seed)} instead of seed 1. */
    public static RnnParameters initializeParameters(int nA, int nX, int nY, long seed) {
        Shapes.positive("nA", nA);
        Shapes.positive("nX", nX);
        Shapes.positive("nY", nY);
        NumpyRandom rng = new NumpyRandom(seed);
        DMatrixRMaj Wax = rng.randn(nA, nX);
        CommonOps_DDRM.scale(0.01, Wax);
        DMatrixRMaj Waa = rng.randn(nA, nA);
        CommonOps_DDRM.scale(0.01, Waa);
        DMatrixRMaj Wya = rng.randn(nY, nA);
        CommonOps_DDRM.scale(0.01, Wya);
        return new RnnParameters(Waa, Wax, Wya, new DMatrixRMaj(nA, 1), new DMatrixRMaj(nY, 1));
    }

    /** The smoothed loss after one more iteration: {@code 0.999·loss + 0.001·currentLoss}. */
    public static double smooth(double loss, double currentLoss) {
        return loss * 0.999 + currentLoss * 0.001;
    }

    /** The loss of a uniform guess over {@code vocabSize} characters for {@code seqLength} steps: {@code −log(1/V)·n}. */
    public static double initialLoss(int vocabSize, int seqLength) {
        Shapes.positive("vocabSize", vocabSize);
        Shapes.positive("seqLength", seqLength);
        return -Math.log(1.0 / vocabSize) * seqLength;
    }

    /** Unchecked step: the column of Wax for a one-hot input, then the recurrent product, then the bias. */
    static DMatrixRMaj stepState(RnnParameters p, DMatrixRMaj aPrev, int ix) {
        int nA = p.nA();
        DMatrixRMaj a = new DMatrixRMaj(nA, 1);
        CommonOps_DDRM.mult(p.Waa(), aPrev, a);
        for (int i = 0; i < nA; i++) {
            // NumPy adds (Wax·x + Waa·aPrev) + b in that order; keeping it keeps the last bit.
            double wx = ix == NONE ? 0.0 : p.Wax().unsafe_get(i, ix);
            a.data[i] = Math.tanh((wx + a.data[i]) + p.ba().data[i]);
        }
        return a;
    }

    static void checkInput(String name, int ix, int vocabSize) {
        if (ix != NONE && (ix < 0 || ix >= vocabSize)) {
            throw new IllegalArgumentException(name + " = " + ix + " is neither NONE (" + NONE
                    + ") nor an index below the vocabulary size " + vocabSize);
        }
    }

    private static void checkSequences(int[] X, int[] Y, RnnParameters p) {
        if (X == null || Y == null) {
            throw new IllegalArgumentException((X == null ? "X" : "Y") + " is null");
        }
        if (X.length != Y.length) {
            throw new IllegalArgumentException("X has " + X.length + " entries but Y has " + Y.length
                    + "; they must have the same length");
        }
        if (X.length == 0) {
            throw new IllegalArgumentException("X and Y are empty; a sequence needs at least one step");
        }
        for (int t = 0; t < X.length; t++) {
            checkInput("X[" + t + "]", X[t], p.nX());
            if (Y[t] < 0 || Y[t] >= p.nY()) {
                throw new IllegalArgumentException("Y[" + t + "] = " + Y[t] + " is outside the output size n_y = " + p.nY());
            }
        }
    }
}
