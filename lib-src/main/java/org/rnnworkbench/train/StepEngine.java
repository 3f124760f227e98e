package org.rnnworkbench.train;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;

/**
 * The training step a {@link FastLoop} drives, split so the loop can check the numbers between the
 * halves: {@link #lossAndGradients}, then {@link #measureGradients}, then {@link #update}. Gradients
 * and parameters are numbered in the cell's order; implemented by {@link FastCharRnn},
 * {@link FastCharGru} and {@link FastCharLstm}, whose methods say more.
 */
interface StepEngine<P extends CellParameters> {
    /** The first half of a step: loss and gradients; parameters and carried state unchanged. */
    double lossAndGradients(int[] X, int[] Y);

    /** The norms of the pending gradients before clipping; true when all are finite. */
    boolean measureGradients();

    /** The factor {@code min(1, maxNorm/‖g‖)} of global-norm clipping for the pending gradients. */
    double globalNormScale(double maxNorm);

    /** The second half: clip to {@code c}, {@code W −= lr·clip(dW)}, carry the hidden state on. */
    void update(double lr, double c);

    /** The last step's gradient norms before clipping, into {@code out} from {@code offset}, one per gradient. */
    void normsBeforeClip(double[] out, int offset);

    /** The same norms after clipping. */
    void normsAfterClip(double[] out, int offset);

    /** How many gradient entries the last step clipped. */
    int clippedCount();

    /** Total number of gradient entries. */
    int gradientSize();

    /** The number of entries of gradient {@code which}. */
    int entries(int which);

    /** The norm before clipping of gradient {@code which} of the pending step. */
    double gradientNorm(int which);

    /** The first pending gradient entry not finite once clipped to {@code c}, as {@code {which, value}}, or null. */
    double[] firstNonFiniteGradient(double c);

    /** The largest magnitude of any parameter. */
    double maxAbsParameter();

    /** The first parameter entry whose update {@code w + (−lr)·clip(dw, c)} is not finite, as {@code {which, value}}, or null. */
    double[] firstOverflowingUpdate(double lr, double c);

    /** Writes the current parameters into {@code out}. */
    void copyParameters(P out);

    /** Sets the hidden state carried into the next step, aPrev (n_a, 1). */
    void setHiddenState(DMatrixRMaj aPrev);

    /** Writes the hidden state the next step starts from into {@code out} (n_a, 1). */
    void hiddenState(DMatrixRMaj out);

    /** Sets the memory cell carried into the next step, cPrev (n_a, 1); only a cell that has one (the LSTM) accepts it. */
    default void setMemoryCell(DMatrixRMaj cPrev) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " carries no memory cell");
    }

    /** Writes the memory cell the next step starts from into {@code out} (n_a, 1); only a cell that has one (the LSTM). */
    default void memoryCell(DMatrixRMaj out) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " carries no memory cell");
    }
}
