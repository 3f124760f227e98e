package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/** What {@link Lstm#lstmCellForward} returns: {@code aNext}, {@code cNext} (n_a, m), {@code yPred (n_y, m)} and the cache. */
public record LstmCellResult(DMatrixRMaj aNext, DMatrixRMaj cNext, DMatrixRMaj yPred, LstmCache cache) {}
