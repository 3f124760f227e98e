package org.rnnworkbench.lm;

import java.util.List;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;

/**
 * The three things {@link Trainer} asks of a cell's language model, bound to its live parameters:
 * the step without its update, the update, and sampling. A new cell plugs in here. What is carried
 * from one example to the next is the hidden state {@code a} and, for a cell with a memory cell
 * ({@link CellKind#hasMemoryCell()}), {@code c}; the other cells take and give {@code c = null}.
 */
interface CellStep {

    /**
     * What {@link #lossAndGradients} returns: as {@link Optimize.Result}, with the cell's gradients and
     * its last memory cell {@code cLast} (null for cells without one).
     */
    record Result(double loss, LmGradients gradients, DMatrixRMaj aLast, DMatrixRMaj cLast, int clipped) {}

    /** The names of the cell's gradients, for the history's columns. */
    List<String> gradientNames();

    /**
     * Forward from {@code aPrev} (and {@code cPrev}, null for cells without a memory cell), backward
     * and clipping; {@code beforeClip} sees the unclipped gradients. The parameters are not modified.
     */
    Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, double maxValue,
            Consumer<LmGradients> beforeClip);

    /** The SGD update in place with the gradients of {@link #lossAndGradients}. */
    void update(LmGradients g, double lr);

    /** The sampled indices of one name. */
    int[] sample(Vocabulary v, int seed);

    /** The step of the cell {@code p} belongs to, acting on {@code p}. */
    static CellStep of(CellParameters p) {
        if (p instanceof RnnParameters rnn) {
            return new CellStep() {
                @Override
                public List<String> gradientNames() {
                    return Gradients.NAMES;
                }

                @Override
                public Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, double maxValue,
                        Consumer<LmGradients> beforeClip) {
                    Optimize.Result r = Optimize.lossAndGradients(X, Y, aPrev, rnn, maxValue,
                            beforeClip == null ? null : beforeClip::accept);
                    return new Result(r.loss(), r.gradients(), r.aLast(), null, r.clipped());
                }

                @Override
                public void update(LmGradients g, double lr) {
                    CharRnn.updateParameters(rnn, (Gradients) g, lr);
                }

                @Override
                public int[] sample(Vocabulary v, int seed) {
                    return Sampler.sample(rnn, v, seed);
                }
            };
        }
        if (p instanceof GruParameters gru) {
            return new CellStep() {
                @Override
                public List<String> gradientNames() {
                    return GruLmGradients.NAMES;
                }

                @Override
                public Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, double maxValue,
                        Consumer<LmGradients> beforeClip) {
                    CharGru.Result r = CharGru.lossAndGradients(X, Y, aPrev, gru, maxValue, beforeClip);
                    return new Result(r.loss(), r.gradients(), r.aLast(), null, r.clipped());
                }

                @Override
                public void update(LmGradients g, double lr) {
                    CharGru.updateParameters(gru, (GruLmGradients) g, lr);
                }

                @Override
                public int[] sample(Vocabulary v, int seed) {
                    return Sampler.sample(gru, v, seed);
                }
            };
        }
        if (p instanceof LstmParameters lstm) {
            return new CellStep() {
                @Override
                public List<String> gradientNames() {
                    return LstmLmGradients.NAMES;
                }

                @Override
                public Result lossAndGradients(int[] X, int[] Y, DMatrixRMaj aPrev, DMatrixRMaj cPrev, double maxValue,
                        Consumer<LmGradients> beforeClip) {
                    CharLstm.Result r = CharLstm.lossAndGradients(X, Y, aPrev, cPrev, lstm, maxValue, beforeClip);
                    return new Result(r.loss(), r.gradients(), r.aLast(), r.cLast(), r.clipped());
                }

                @Override
                public void update(LmGradients g, double lr) {
                    CharLstm.updateParameters(lstm, (LstmLmGradients) g, lr);
                }

                @Override
                public int[] sample(Vocabulary v, int seed) {
                    return Sampler.sample(lstm, v, seed);
                }
            };
        }
        throw new IllegalArgumentException("no language model for parameters of type " + p.getClass().getName());
    }
}
