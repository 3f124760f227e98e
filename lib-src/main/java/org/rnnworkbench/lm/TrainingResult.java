package org.rnnworkbench.lm;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;

/**
 * What {@link Trainer#model} returns.
 *
 * @param state where training stopped: the trained parameters, the number of iterations done, the
 *     smoothed loss, the hidden state (and the LSTM's memory cell) and the example order; {@link Trainer#model(Dataset, TrainingOptions,
 *     TrainingState)} continues from it
 * @param vocabulary the vocabulary the parameters are indexed by
 * @param history per-iteration losses and gradient norms, and the checkpoint samples, of this run
 * @param log everything written to the log, as one string (also when no sink was given)
 */
public record TrainingResult(TrainingState state, Vocabulary vocabulary, TrainingHistory history, String log) {

    /** Checks that nothing is null. */
    public TrainingResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(log, "log");
    }

    /** The trained RNN parameters (see {@link TrainingState#parameters()}). */
    public RnnParameters parameters() {
        return state.parameters();
    }

    /** The trained GRU parameters (see {@link TrainingState#gruParameters()}). */
    public GruParameters gruParameters() {
        return state.gruParameters();
    }

    /** The trained LSTM parameters (see {@link TrainingState#lstmParameters()}). */
    public LstmParameters lstmParameters() {
        return state.lstmParameters();
    }

    /** The trained parameters, whatever the cell. */
    public CellParameters cellParameters() {
        return state.cellParameters();
    }

    /** The final smoothed loss. */
    public double loss() {
        return state.smoothedLoss();
    }

    /** The hidden state carried out of the last example (n_a, 1). */
    public DMatrixRMaj aLast() {
        return state.aPrev();
    }

    /** The memory cell carried out of the last example (n_a, 1) for the LSTM; null for cells without one. */
    public DMatrixRMaj cLast() {
        return state.cPrev();
    }

    /** The number of iterations done, counted from the very first run (the next iteration to run). */
    public int iterations() {
        return state.iteration();
    }
}
