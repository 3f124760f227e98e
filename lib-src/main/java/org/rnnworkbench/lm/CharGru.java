package org.rnnworkbench.lm;

import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.Gru;
import org.rnnworkbench.cells.GruCache;
import org.rnnworkbench.cells.GruCellGradients;
import org.rnnworkbench.cells.GruCellResult;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Shapes;

/**
 * The character-level language model on the Part A GRU cell ({@link Gru}, softmax output), over
 * index sequences: the GRU counterpart of {@link CharRnn} and {@link Optimize}. One step is
 * {@code a⟨t⟩, ŷ⟨t⟩ = gruCellForward(x⟨t⟩, a⟨t−1⟩, SOFTMAX)} with {@code x⟨t⟩} one-hot (zero for
 * {@link CharRnn#NONE}); the loss is {@code −Σ_t log ŷ⟨t⟩[Y⟨t⟩]}. Backward: {@code dy = ŷ − onehot(Y)},
 * {@code dWy += dy·aᵀ}, {@code dby += dy}, and {@code Wyᵀ·dy + daNext} goes through the cell's
 * backward pass. The reference is {@code lm_gru_reference.py}.
 */
public final class CharGru {
    private CharGru() {}

    /**
     * What the forward pass keeps for the backward pass.
     *
     * @param X the inputs (character indices, {@link CharRnn#NONE} for the zero vector)
     * @param Y the targets
     * @param a0 the initial hidden state (n_a, 1), a copy
     * @param steps the cell cache of each step (its {@code aNext()} is {@code a⟨t⟩})
     * @param yHat {@code yHat[t]} (V, 1), the predicted distribution at step t
     */
    public record Cache(int[] X, int[] Y, DMatrixRMaj a0, GruCache[] steps, DMatrixRMaj[] yHat) {
        /** The hidden state after step {@code t}. */
        public DMatrixRMaj a(int t) {
            return steps[t].aNext();
        }

        /** The last hidden state {@code a[T−1]}. */
        public DMatrixRMaj aLast() {
            return steps[steps.length - 1].aNext();
        }
    }

    /** The loss and the cache. */
    public record Forward(double loss, Cache cache) {}

    /** The gradients and {@code da0} (n_a, 1), the gradient with respect to the initial state. */
    public record Backward(GruLmGradients gradients, DMatrixRMaj da0) {}

    /**
     * What one training step returns (see {@link Optimize.Result}).
     *
     * @param loss the loss of the sequence before the update
     * @param gradients the clipped gradients
     * @param aLast the last hidden state (n_a, 1)
     * @param clipped how many gradient entries were outside the clipping bound
     */
    public record Result(double loss, GruLmGradients gradients, DMatrixRMaj aLast, int clipped) {}

    /**
     * Initialisation mirroring the RNN's (the project's choice; the assignment has none for a GRU
     * language model): {@code np.random.seed(seed)}, then {@code Wz, Wr, Wh = randn(n_a, n_a + n_x)·0.01}
     * in that order, {@code Wy = randn(n_y, n_a)·0.01}, {@code by} zeros.
     */
    public static GruParameters initializeParameters(int nA, int nX, int nY, long seed) {
        Shapes.positive("nA", nA);
        Shapes.positive("nX", nX);
        Shapes.positive("nY", nY);
        NumpyRandom rng = new NumpyRandom(seed);
        DMatrixRMaj Wz = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wr = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wh = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wy = scaled(rng.randn(nY, nA));
        return new GruParameters(Wz, Wr, Wh, Wy, new DMatrixRMaj(nY, 1));
    }

    /** {@link #initializeParameters(int, int, int, long)} with seed 1. */
    public static GruParameters initializeParameters(int nA, int nX, int nY) {
        return initializeParameters(nA, nX, nY, 1);
    }

    /** One step from aPrev (n_a, 1) on input index {@code ix}: aNext and the logits {@code Wy·aNext + by} (V, 1). */
    public static GruCellResult gruStepForward(GruParameters p, DMatrixRMaj aPrev, int ix) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("aPrev", aPrev, p.nA(), 1);
        CharRnn.checkInput("ix", ix, p.nX());
        return Gru.gruCellForward(oneHot(ix, p.nX()), aPrev, p, Gru.Output.LINEAR);
    }

    /** Runs the GRU over {@code X} from {@code a0} (n_a, 1) and sums the loss on the targets {@code Y}. */
    public static Forward gruForward(int[] X, int[] Y, DMatrixRMaj a0, GruParameters p) {
        Objects.requireNonNull(p, "parameters");
        checkSequences(X, Y, p);
        Shapes.require("a0", a0, p.nA(), 1);
        int T = X.length;
        GruCache[] steps = new GruCache[T];
        DMatrixRMaj[] yHat = new DMatrixRMaj[T];
        DMatrixRMaj aPrev = a0.copy();
        double loss = 0;
        for (int t = 0; t < T; t++) {
            GruCellResult step = Gru.gruCellForward(oneHot(X[t], p.nX()), aPrev, p, Gru.Output.SOFTMAX);
            steps[t] = step.cache();
            yHat[t] = step.yPred();
            loss -= Math.log(yHat[t].data[Y[t]]);
            aPrev = step.aNext();
        }
        return new Forward(loss, new Cache(X.clone(), Y.clone(), a0.copy(), steps, yHat));
    }

    /** Backpropagation through time over the whole sequence in {@code cache}; the gradients are summed over t. */
    public static Backward gruBackward(Cache cache, GruParameters p) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(p, "parameters");
        Shapes.require("cache.a0", cache.a0(), p.nA(), 1);
        checkSequences(cache.X(), cache.Y(), p);
        GruLmGradients g = GruLmGradients.zerosLike(p);
        DMatrixRMaj daNext = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj dy = new DMatrixRMaj(p.nY(), 1);
        DMatrixRMaj da = new DMatrixRMaj(p.nA(), 1);
        for (int t = cache.X().length - 1; t >= 0; t--) {
            dy.setTo(cache.yHat()[t]);
            dy.data[cache.Y()[t]] -= 1;
            CommonOps_DDRM.multAddTransB(dy, cache.a(t), g.dWy());
            CommonOps_DDRM.addEquals(g.dby(), dy);
            CommonOps_DDRM.multTransA(p.Wy(), dy, da);
            CommonOps_DDRM.addEquals(da, daNext);
            GruCellGradients step = Gru.gruCellBackward(da, cache.steps()[t]);
            CommonOps_DDRM.addEquals(g.dWz(), step.dWz());
            CommonOps_DDRM.addEquals(g.dWr(), step.dWr());
            CommonOps_DDRM.addEquals(g.dWh(), step.dWh());
            daNext = step.daPrev();
        }
        return new Backward(g, daNext);
    }

    /** One SGD step in place: {@code W += −lr·dW} for each of Wz, Wr, Wh, Wy, by. {@code p}: modified. */
    public static void updateParameters(GruParameters p, GruLmGradients g, double lr) {
        Optimize.updateByName(p, g, lr);
    }

    /** The assignment's {@code optimize} for the GRU, clipping at 5. {@code aPrev}: not modified; {@code p}: updated. */
    public static Result optimize(int[] X, int[] Y, DMatrixRMaj aPrev, GruParameters p, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        Result r = lossAndGradients(X, Y, aPrev, p, Optimize.MAX_VALUE, null);
        updateParameters(p, r.gradients(), learningRate);
        return r;
    }

    /**
     * Forward, backward and clipping to {@code [−maxValue, maxValue]} ({@code +∞}: none), without the
     * update; {@code beforeClip} (may be null) sees the gradients before clipping. {@code p}: not modified.
     */
    public static Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, GruParameters p, double maxValue,
            Consumer<? super GruLmGradients> beforeClip) {
        Objects.requireNonNull(p, "parameters");
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("maxValue must be positive (+Infinity: no clipping) but was " + maxValue);
        }
        Forward forward = gruForward(X, Y, aPrev, p);
        GruLmGradients g = gruBackward(forward.cache(), p).gradients();
        if (beforeClip != null) {
            beforeClip.accept(g);
        }
        int clipped = maxValue == Double.POSITIVE_INFINITY ? 0 : Clip.clipInPlace(g, maxValue);
        return new Result(forward.loss(), g, forward.cache().aLast(), clipped);
    }

    /** The input vector (n_x, 1): one-hot at {@code ix}, zeros for {@link CharRnn#NONE}. */
    static DMatrixRMaj oneHot(int ix, int nX) {
        DMatrixRMaj x = new DMatrixRMaj(nX, 1);
        if (ix != CharRnn.NONE) {
            x.data[ix] = 1;
        }
        return x;
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m) {
        CommonOps_DDRM.scale(0.01, m);
        return m;
    }

    private static void checkSequences(int[] X, int[] Y, GruParameters p) {
        CharRnn.checkSequences(X, Y, p.nX(), p.nY());
    }
}
