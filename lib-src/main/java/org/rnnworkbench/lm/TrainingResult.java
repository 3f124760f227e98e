package org.rnnworkbench.lm;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;

/**
 * What {@link Trainer#model} returns.
 *
 * @param state where training stopped: the trained parameters, the number of iterations done, the
 *     smoothed loss, the hidden state and the example order; {@link Trainer#model(Dataset, TrainingOptions,
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

    /** The trained parameters. */
    public RnnParameters parameters() {
        return state.parameters();
    }

    /** The final smoothed loss. */
    public double loss() {
        return state.smoothedLoss();
    }

    /** The hidden state carried out of the last example (n_a, 1). */
    public DMatrixRMaj aLast() {
        return state.aPrev();
    }

    /** The number of iterations done, counted from the very first run (the next iteration to run). */
    public int iterations() {
        return state.iteration();
    }
}
