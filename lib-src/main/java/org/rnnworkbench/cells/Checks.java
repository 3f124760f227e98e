package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/** Argument checks shared by the three cells, beyond the generic ones in {@link Shapes}. */
final class Checks {
    private Checks() {}

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }

    /**
     * Fails unless {@code a} has the n_a rows of the gate matrix {@code w}, which acts on
     * {@code [aPrev; xt]}: e.g. "aPrev is (4,10) but Wf is (5,8); aPrev must have n_a = 5 rows".
     */
    static void hiddenRows(String aName, DMatrixRMaj a, String wName, DMatrixRMaj w) {
        Shapes.notNull(aName, a);
        if (a.numRows != w.numRows) {
            throw new IllegalArgumentException(aName + " is " + Shapes.of(a) + " but " + wName + " is "
                    + Shapes.of(w) + "; " + aName + " must have n_a = " + w.numRows + " rows");
        }
    }

    /**
     * Fails unless {@code xt} has the n_x = cols − n_a rows that the gate matrix {@code w}, acting on
     * {@code [aPrev; xt]}, expects.
     */
    static void inputRows(String xName, int xRows, String xShape, String wName, DMatrixRMaj w) {
        int nX = w.numCols - w.numRows;
        if (xRows != nX) {
            throw new IllegalArgumentException(xName + " is " + xShape + " but " + wName + " is " + Shapes.of(w)
                    + "; " + wName + " acts on [aPrev; " + xName + "], so " + xName + " must have "
                    + w.numCols + " - " + w.numRows + " = " + nX + " rows");
        }
    }

    /** Fails unless the caches hold at least one step. */
    static void someSteps(String name, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + " hold no time steps");
        }
    }

    /**
     * Fails unless the upstream gradient {@code da} is (n_a, m, T) like the cached hidden states
     * {@code aNext0}, with T no larger than the number of cached steps.
     */
    static void upstream(Tensor3 da, DMatrixRMaj aNext0, int steps) {
        Shapes.notNull("da", da);
        if (da.n() != aNext0.numRows || da.m() != aNext0.numCols) {
            throw new IllegalArgumentException("da is " + Shapes.of(da) + " but the cached hidden states are "
                    + Shapes.of(aNext0) + "; da must be (" + aNext0.numRows + "," + aNext0.numCols + ",T_x)");
        }
        if (da.T() > steps) {
            throw new IllegalArgumentException("da is " + Shapes.of(da) + " but the caches hold " + steps
                    + " time steps; da may cover at most " + steps);
        }
    }
}
