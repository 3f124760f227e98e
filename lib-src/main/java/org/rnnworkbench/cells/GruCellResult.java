package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/** What {@link Gru#gruCellForward} returns: {@code aNext (n_a, m)}, {@code yPred (n_y, m)} and the cache. */
public record GruCellResult(DMatrixRMaj aNext, DMatrixRMaj yPred, GruCache cache) {}
