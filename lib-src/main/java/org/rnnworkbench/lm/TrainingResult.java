package org.rnnworkbench.lm;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;

/**
 * What {@link Trainer#model} returns.
 *
 * @param parameters the trained parameters
 * @param vocabulary the vocabulary they are indexed by
 * @param loss the final smoothed loss
 * @param aLast the hidden state carried out of the last example (n_a, 1)
 * @param history per-iteration losses and gradient norms, and the checkpoint samples
 * @param log everything written to the log, as one string (also when no sink was given)
 */
public record TrainingResult(RnnParameters parameters, Vocabulary vocabulary, double loss, DMatrixRMaj aLast,
        TrainingHistory history, String log) {}
