package org.rnnworkbench.lm;

import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Shapes;

/**
 * One training step of the language model, the assignment's {@code optimize}: forward pass,
 * backpropagation through time, clipping of every gradient to {@code [−5, 5]}, SGD update.
 */
public final class Optimize {
    private Optimize() {}

    /** The assignment's clipping bound. */
    public static final double MAX_VALUE = 5.0;

    /**
     * What one step returns.
     *
     * @param loss the loss of the sequence before the update
     * @param gradients the clipped gradients that were applied
     * @param aLast the last hidden state {@code a[T−1]} (n_a, 1), to carry to the next example
     * @param clipped how many gradient entries were outside the clipping bound
     */
    public record Result(double loss, Gradients gradients, DMatrixRMaj aLast, int clipped) {}

    /**
     * One step with the assignment's clipping bound 5: returns (loss, clipped gradients, aLast).
     * {@code aPrev} (n_a, 1): not modified; {@code p}: modified (updated in place).
     */
    public static Result optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters p, double learningRate) {
        return optimize(X, Y, aPrev, p, learningRate, MAX_VALUE, null);
    }

    /**
     * One step with clipping bound {@code maxValue}; {@code beforeClip}, when not null, sees the
     * gradients before they are clipped (they are clipped in place right after it returns).
     * A {@code maxValue} of {@code +∞} turns clipping off.
     */
    public static Result optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters p, double learningRate,
            double maxValue, Consumer<Gradients> beforeClip) {
        checkLearningRate(learningRate);
        Result r = lossAndGradients(X, Y, aPrev, p, maxValue, beforeClip);
        CharRnn.updateParameters(p, r.gradients(), learningRate);
        return r;
    }

    /**
     * The step without its update: forward pass, backpropagation, clipping to {@code [−maxValue, maxValue]}
     * ({@code +∞}: no clipping). {@code p} is not modified; {@link CharRnn#updateParameters} with the
     * result's gradients completes the step exactly as {@link #optimize} does, so a caller can check
     * the gradients before they touch the parameters.
     */
    public static Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters p, double maxValue,
            Consumer<Gradients> beforeClip) {
        Objects.requireNonNull(p, "parameters");
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("maxValue must be positive (+Infinity: no clipping) but was " + maxValue);
        }
        CharRnn.Forward forward = CharRnn.rnnForward(X, Y, aPrev, p);
        Gradients g = CharRnn.rnnBackward(forward.cache(), p).gradients();
        if (beforeClip != null) {
            beforeClip.accept(g);
        }
        int clipped = maxValue == Double.POSITIVE_INFINITY ? 0 : Clip.clipInPlace(g, maxValue);
        return new Result(forward.loss(), g, forward.cache().aLast(), clipped);
    }

    private static void checkLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
    }

    /**
     * One SGD step in place on parameters whose gradients are named {@code "d" + name}:
     * {@code W += −lr·dW} for every parameter of {@code p}, after checking every shape and {@code lr}.
     * The GRU and LSTM language models' {@code updateParameters}. {@code p}: modified.
     */
    static void updateByName(CellParameters p, LmGradients g, double lr) {
        Objects.requireNonNull(p, "parameters");
        Objects.requireNonNull(g, "gradients");
        for (String k : p.names()) {
            Shapes.sameShape("d" + k, g.get("d" + k), k, p.get(k));
        }
        if (!Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite but was " + lr);
        }
        for (String k : p.names()) {
            CommonOps_DDRM.addEquals(p.get(k), -lr, g.get("d" + k));
        }
    }
}
