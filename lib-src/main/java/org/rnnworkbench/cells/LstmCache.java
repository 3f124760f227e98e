package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Lstm#lstmCellBackward} needs from one forward step, the assignment's 10-entry
 * {@code (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)}: the gates {@code ft},
 * {@code it}, {@code ot} and the candidate {@code cct} are (n_a, m). Matrices are held, not copied.
 */
public record LstmCache(DMatrixRMaj aNext, DMatrixRMaj cNext, DMatrixRMaj aPrev, DMatrixRMaj cPrev, DMatrixRMaj ft,
        DMatrixRMaj it, DMatrixRMaj cct, DMatrixRMaj ot, DMatrixRMaj xt, LstmParameters parameters) {}
