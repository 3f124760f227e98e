package org.rnnworkbench.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Element-wise functions the cells share, written on EJML's raw arrays. Each takes an input and an
 * output that may be the same matrix (in place); the output is reshaped to the input's shape.
 */
public final class Ops {
    private Ops() {}

    /** out = tanh(x), element-wise. {@code x}: not modified (unless it is {@code out}); {@code out}: modified. */
    public static DMatrixRMaj tanh(DMatrixRMaj x, DMatrixRMaj out) {
        out.reshape(x.numRows, x.numCols);
        int n = x.getNumElements();
        for (int i = 0; i < n; i++) {
            out.data[i] = Math.tanh(x.data[i]);
        }
        return out;
    }

    /** out = 1 / (1 + exp(−x)), element-wise. */
    public static DMatrixRMaj sigmoid(DMatrixRMaj x, DMatrixRMaj out) {
        out.reshape(x.numRows, x.numCols);
        int n = x.getNumElements();
        for (int i = 0; i < n; i++) {
            out.data[i] = 1.0 / (1.0 + Math.exp(-x.data[i]));
        }
        return out;
    }

    /**
     * Softmax over the rows of each column: {@code out[:, j] = exp(x[:, j] − max) / Σ exp(x[:, j] − max)}.
     * The maximum of each column is subtracted for stability (the original subtracts the global
     * maximum; the two agree to rounding).
     */
    public static DMatrixRMaj softmaxColumns(DMatrixRMaj x, DMatrixRMaj out) {
        int rows = x.numRows;
        int cols = x.numCols;
        out.reshape(rows, cols);
        for (int j = 0; j < cols; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                max = Math.max(max, x.data[i * cols + j]);
            }
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                double e = Math.exp(x.data[i * cols + j] - max);
                out.data[i * cols + j] = e;
                sum += e;
            }
            for (int i = 0; i < rows; i++) {
                out.data[i * cols + j] /= sum;
            }
        }
        return out;
    }

    /** out[i, j] = x[i, j] + b[i, 0]: adds a column vector to every column. */
    public static DMatrixRMaj addColumn(DMatrixRMaj x, DMatrixRMaj b, DMatrixRMaj out) {
        Shapes.require("b", b, x.numRows, 1);
        out.reshape(x.numRows, x.numCols);
        int cols = x.numCols;
        for (int i = 0; i < x.numRows; i++) {
            double bi = b.data[i];
            for (int j = 0; j < cols; j++) {
                out.data[i * cols + j] = x.data[i * cols + j] + bi;
            }
        }
        return out;
    }

    /** out (rows, 1) = the sum of each row of x (NumPy's {@code np.sum(x, axis=1, keepdims=True)}). */
    public static DMatrixRMaj sumRows(DMatrixRMaj x, DMatrixRMaj out) {
        out.reshape(x.numRows, 1);
        int cols = x.numCols;
        for (int i = 0; i < x.numRows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += x.data[i * cols + j];
            }
            out.data[i] = s;
        }
        return out;
    }

    /** True when every entry is finite (no NaN, no ±Inf). */
    public static boolean allFinite(DMatrixRMaj x) {
        int n = x.getNumElements();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x.data[i])) {
                return false;
            }
        }
        return true;
    }
}
