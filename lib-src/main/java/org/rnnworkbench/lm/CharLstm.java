package org.rnnworkbench.lm;

import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.Lstm;
import org.rnnworkbench.cells.LstmCache;
import org.rnnworkbench.cells.LstmCellGradients;
import org.rnnworkbench.cells.LstmCellResult;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Shapes;

/**
 * The character-level language model on the Part A LSTM cell ({@link Lstm}, softmax output), over
 * index sequences: the LSTM counterpart of {@link CharRnn} and {@link CharGru}. One step is
 * {@code a⟨t⟩, c⟨t⟩, ŷ⟨t⟩ = lstmCellForward(x⟨t⟩, a⟨t−1⟩, c⟨t−1⟩)} with {@code x⟨t⟩} one-hot (zero for
 * {@link CharRnn#NONE}); the loss is {@code −Σ_t log ŷ⟨t⟩[Y⟨t⟩]}. Both the hidden state {@code a}
 * and the memory cell {@code c} are carried: from step to step, and by the trainer from one example
 * to the next. Backward: {@code dy = ŷ − onehot(Y)}, {@code dWy += dy·aᵀ}, {@code dby += dy}, and
 * {@code Wyᵀ·dy + daNext} with {@code dcNext} goes through the cell's backward pass. The reference is
 * {@code lm_lstm_reference.py}.
 */
public final class CharLstm {
    private CharLstm() {}

    /**
     * What the forward pass keeps for the backward pass.
     *
     * @param X the inputs (character indices, {@link CharRnn#NONE} for the zero vector)
     * @param Y the targets
     * @param a0 the initial hidden state (n_a, 1), a copy
     * @param c0 the initial memory cell (n_a, 1), a copy
     * @param steps the cell cache of each step (its {@code aNext()} is {@code a⟨t⟩}, {@code cNext()} is {@code c⟨t⟩})
     * @param yHat {@code yHat[t]} (V, 1), the predicted distribution at step t
     */
    public record Cache(int[] X, int[] Y, DMatrixRMaj a0, DMatrixRMaj c0, LstmCache[] steps, DMatrixRMaj[] yHat) {
        /** The hidden state after step {@code t}. */
        public DMatrixRMaj a(int t) {
            return steps[t].aNext();
        }

        /** The memory cell after step {@code t}. */
        public DMatrixRMaj c(int t) {
            return steps[t].cNext();
        }

        /** The last hidden state {@code a[T−1]}. */
        public DMatrixRMaj aLast() {
            return steps[steps.length - 1].aNext();
        }

        /** The last memory cell {@code c[T−1]}. */
        public DMatrixRMaj cLast() {
            return steps[steps.length - 1].cNext();
        }
    }

    /** The loss and the cache. */
    public record Forward(double loss, Cache cache) {}

    /** The gradients, {@code da0} and {@code dc0} (n_a, 1): the gradients with respect to the initial state. */
    public record Backward(LstmLmGradients gradients, DMatrixRMaj da0, DMatrixRMaj dc0) {}

    /**
     * What one training step returns (see {@link Optimize.Result}).
     *
     * @param loss the loss of the sequence before the update
     * @param gradients the clipped gradients
     * @param aLast the last hidden state (n_a, 1)
     * @param cLast the last memory cell (n_a, 1)
     * @param clipped how many gradient entries were outside the clipping bound
     */
    public record Result(double loss, LstmLmGradients gradients, DMatrixRMaj aLast, DMatrixRMaj cLast, int clipped) {}

    /**
     * Initialisation mirroring the GRU's (the project's choice; the assignment has none for an LSTM
     * language model): {@code np.random.seed(seed)}, then {@code Wf, Wi, Wc, Wo = randn(n_a, n_a + n_x)·0.01}
     * in that order, {@code Wy = randn(n_y, n_a)·0.01}; every bias zero. The forget-gate bias is 0 like
     * the others, so the forget gate starts at σ(0) = ½; the common choice {@code bf = 1} helps an LSTM
     * keep memory over long sequences, which names of a dozen characters do not need, and zero keeps
     * the three cells' initialisations alike.
     */
    public static LstmParameters initializeParameters(int nA, int nX, int nY, long seed) {
        Shapes.positive("nA", nA);
        Shapes.positive("nX", nX);
        Shapes.positive("nY", nY);
        NumpyRandom rng = new NumpyRandom(seed);
        DMatrixRMaj Wf = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wi = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wc = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wo = scaled(rng.randn(nA, nA + nX));
        DMatrixRMaj Wy = scaled(rng.randn(nY, nA));
        return new LstmParameters(Wf, new DMatrixRMaj(nA, 1), Wi, new DMatrixRMaj(nA, 1), Wc, new DMatrixRMaj(nA, 1),
                Wo, new DMatrixRMaj(nA, 1), Wy, new DMatrixRMaj(nY, 1));
    }

    /** {@link #initializeParameters(int, int, int, long)} with seed 1. */
    public static LstmParameters initializeParameters(int nA, int nX, int nY) {
        return initializeParameters(nA, nX, nY, 1);
    }

    /** One step from aPrev, cPrev (n_a, 1) on input index {@code ix}: aNext, cNext and yPred = softmax(Wy·aNext + by) (V, 1). */
    public static LstmCellResult lstmStepForward(LstmParameters p, DMatrixRMaj aPrev, DMatrixRMaj cPrev, int ix) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("aPrev", aPrev, p.nA(), 1);
        Shapes.require("cPrev", cPrev, p.nA(), 1);
        CharRnn.checkInput("ix", ix, p.nX());
        return Lstm.lstmCellForward(CharGru.oneHot(ix, p.nX()), aPrev, cPrev, p);
    }

    /** Runs the LSTM over {@code X} from {@code a0} and {@code c0} (n_a, 1) and sums the loss on the targets {@code Y}. */
    public static Forward lstmForward(int[] X, int[] Y, DMatrixRMaj a0, DMatrixRMaj c0, LstmParameters p) {
        Objects.requireNonNull(p, "parameters");
        CharRnn.checkSequences(X, Y, p.nX(), p.nY());
        Shapes.require("a0", a0, p.nA(), 1);
        Shapes.require("c0", c0, p.nA(), 1);
        int T = X.length;
        LstmCache[] steps = new LstmCache[T];
        DMatrixRMaj[] yHat = new DMatrixRMaj[T];
        DMatrixRMaj aPrev = a0.copy();
        DMatrixRMaj cPrev = c0.copy();
        double loss = 0;
        for (int t = 0; t < T; t++) {
            LstmCellResult step = Lstm.lstmCellForward(CharGru.oneHot(X[t], p.nX()), aPrev, cPrev, p);
            steps[t] = step.cache();
            yHat[t] = step.yPred();
            loss -= Math.log(yHat[t].data[Y[t]]);
            aPrev = step.aNext();
            cPrev = step.cNext();
        }
        return new Forward(loss, new Cache(X.clone(), Y.clone(), a0.copy(), c0.copy(), steps, yHat));
    }

    /** Backpropagation through time over the whole sequence in {@code cache}; the gradients are summed over t. */
    public static Backward lstmBackward(Cache cache, LstmParameters p) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(p, "parameters");
        CharRnn.checkSequences(cache.X(), cache.Y(), p.nX(), p.nY());
        Shapes.require("cache.a0", cache.a0(), p.nA(), 1);
        Shapes.require("cache.c0", cache.c0(), p.nA(), 1);
        if (cache.steps().length != cache.X().length || cache.yHat().length != cache.X().length) {
            throw new IllegalArgumentException("cache holds " + cache.steps().length + " steps and "
                    + cache.yHat().length + " predictions for " + cache.X().length + " inputs");
        }
        LstmLmGradients g = LstmLmGradients.zerosLike(p);
        DMatrixRMaj daNext = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj dcNext = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj dy = new DMatrixRMaj(p.nY(), 1);
        DMatrixRMaj da = new DMatrixRMaj(p.nA(), 1);
        for (int t = cache.X().length - 1; t >= 0; t--) {
            dy.setTo(cache.yHat()[t]);
            dy.data[cache.Y()[t]] -= 1;
            CommonOps_DDRM.multAddTransB(dy, cache.a(t), g.dWy());
            CommonOps_DDRM.addEquals(g.dby(), dy);
            CommonOps_DDRM.multTransA(p.Wy(), dy, da);
            CommonOps_DDRM.addEquals(da, daNext);
            LstmCellGradients step = Lstm.lstmCellBackward(da, dcNext, cache.steps()[t]);
            CommonOps_DDRM.addEquals(g.dWf(), step.dWf());
            CommonOps_DDRM.addEquals(g.dbf(), step.dbf());
            CommonOps_DDRM.addEquals(g.dWi(), step.dWi());
            CommonOps_DDRM.addEquals(g.dbi(), step.dbi());
            CommonOps_DDRM.addEquals(g.dWc(), step.dWc());
            CommonOps_DDRM.addEquals(g.dbc(), step.dbc());
            CommonOps_DDRM.addEquals(g.dWo(), step.dWo());
            CommonOps_DDRM.addEquals(g.dbo(), step.dbo());
            daNext = step.daPrev();
            dcNext = step.dcPrev();
        }
        return new Backward(g, daNext, dcNext);
    }

    /** One SGD step in place: {@code W += −lr·dW} for each of the ten parameters. {@code p}: modified. */
    public static void updateParameters(LstmParameters p, LstmLmGradients g, double lr) {
        Optimize.updateByName(p, g, lr);
    }

    /**
     * The assignment's {@code optimize} for the LSTM, clipping at 5. {@code aPrev}, {@code cPrev}:
     * not modified; {@code p}: updated.
     */
    public static Result optimize(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, LstmParameters p,
            double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        Result r = lossAndGradients(X, Y, aPrev, cPrev, p, Optimize.MAX_VALUE, null);
        updateParameters(p, r.gradients(), learningRate);
        return r;
    }

    /**
     * Forward, backward and clipping to {@code [−maxValue, maxValue]} ({@code +∞}: none), without the
     * update; {@code beforeClip} (may be null) sees the gradients before clipping. {@code p}: not modified.
     */
    public static Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, LstmParameters p,
            double maxValue, Consumer<? super LstmLmGradients> beforeClip) {
        Objects.requireNonNull(p, "parameters");
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("maxValue must be positive (+Infinity: no clipping) but was " + maxValue);
        }
        Forward forward = lstmForward(X, Y, aPrev, cPrev, p);
        LstmLmGradients g = lstmBackward(forward.cache(), p).gradients();
        if (beforeClip != null) {
            beforeClip.accept(g);
        }
        int clipped = maxValue == Double.POSITIVE_INFINITY ? 0 : Clip.clipInPlace(g, maxValue);
        return new Result(forward.loss(), g, forward.cache().aLast(), forward.cache().cLast(), clipped);
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m) {
        CommonOps_DDRM.scale(0.01, m);
        return m;
    }
}
