package org.rnnworkbench.cells;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What every cell's parameter record answers, so code that only needs sizes, names and the matrices
 * by name (training state, checks for NaN, copies) works for any cell.
 */
public interface CellParameters {
    /** Hidden size n_a. */
    int nA();

    /** Input size n_x. */
    int nX();

    /** Output size n_y. */
    int nY();

    /** The dictionary keys, in the cell's order. */
    List<String> names();

    /** The matrix called {@code name} (one of {@link #names()}). */
    DMatrixRMaj get(String name);

    /** A deep copy. */
    CellParameters copy();
}
