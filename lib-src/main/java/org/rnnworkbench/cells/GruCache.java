package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Gru#gruCellBackward} needs from one forward step:
 * {@code (a_next, a_prev, xt, zt, rt, hht, parameters)}, with the update gate {@code zt}, the reset
 * gate {@code rt} and the candidate {@code hht} (h̃) all (n_a, m). Matrices are held, not copied.
 */
public record GruCache(DMatrixRMaj aNext, DMatrixRMaj aPrev, DMatrixRMaj xt, DMatrixRMaj zt, DMatrixRMaj rt,
        DMatrixRMaj hht, GruParameters parameters) {}
