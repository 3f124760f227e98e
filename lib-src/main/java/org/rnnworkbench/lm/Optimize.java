package org.rnnworkbench.lm;

import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;

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
     */
    public static Result optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters p, double learningRate,
            double maxValue, Consumer<Gradients> beforeClip) {
        Objects.requireNonNull(p, "parameters");
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("maxValue must be positive but was " + maxValue);
        }
        CharRnn.Forward forward = CharRnn.rnnForward(X, Y, aPrev, p);
        Gradients g = CharRnn.rnnBackward(forward.cache(), p).gradients();
        if (beforeClip != null) {
            beforeClip.accept(g);
        }
        int clipped = Clip.clipInPlace(g, maxValue);
        CharRnn.updateParameters(p, g, learningRate);
        return new Result(forward.loss(), g, forward.cache().aLast(), clipped);
    }
}
