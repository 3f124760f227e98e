package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/** What {@link Rnn#rnnCellForward} returns: {@code aNext (n_a, m)}, {@code yPred (n_y, m)} and the cache. */
public record RnnCellResult(DMatrixRMaj aNext, DMatrixRMaj yPred, RnnCache cache) {}
