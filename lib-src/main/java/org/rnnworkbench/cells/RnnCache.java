package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Rnn#rnnCellBackward} needs from one forward step: the assignment's
 * {@code (a_next, a_prev, xt, parameters)}. The matrices are held, not copied, as NumPy holds views.
 */
public record RnnCache(DMatrixRMaj aNext, DMatrixRMaj aPrev, DMatrixRMaj xt, RnnParameters parameters) {}
