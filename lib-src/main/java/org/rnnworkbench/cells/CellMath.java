package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.tensor.Ops;

/**
 * Allocating one-liners so the plain cells read like their equations. Every function returns a new
 * matrix and leaves its arguments alone. Shapes are checked by the public functions before these run.
 */
final class CellMath {
    private CellMath() {}

    /** A·B. */
    static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    /** Aᵀ·B. */
    static DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        CommonOps_DDRM.multTransA(a, b, c);
        return c;
    }

    /** A·Bᵀ. */
    static DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numRows);
        if (a.numCols == 1 && b.numCols == 1) {
            // One example (m = 1): an outer product. EJML's general loop "sums" one term per entry at a
            // high cost per entry; the product is the value it computes (up to the sign of a zero).
            for (int i = 0, k = 0; i < a.numRows; i++) {
                double ai = a.data[i];
                for (int j = 0; j < b.numRows; j++) {
                    c.data[k++] = ai * b.data[j];
                }
            }
            return c;
        }
        CommonOps_DDRM.multTransB(a, b, c);
        return c;
    }

    /** A + B. */
    static DMatrixRMaj plus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.add(a, b, c);
        return c;
    }

    /** A − B. */
    static DMatrixRMaj minus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, c);
        return c;
    }

    /** The element-wise product of all the arguments (same shapes). */
    static DMatrixRMaj times(DMatrixRMaj first, DMatrixRMaj... rest) {
        DMatrixRMaj c = first.copy();
        for (DMatrixRMaj r : rest) {
            CommonOps_DDRM.elementMult(c, r);
        }
        return c;
    }

    /** 1 − A, element-wise. */
    static DMatrixRMaj oneMinus(DMatrixRMaj a) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(1.0, a, c);
        return c;
    }

    /** 1 − A², element-wise: tanh′ written with the tanh value t = A. */
    static DMatrixRMaj oneMinusSquare(DMatrixRMaj a) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            c.data[i] = 1.0 - a.data[i] * a.data[i];
        }
        return c;
    }

    /** S ⊙ (1 − S): sigmoid′ written with the sigmoid value S. */
    static DMatrixRMaj sigmoidPrime(DMatrixRMaj s) {
        return times(s, oneMinus(s));
    }

    /** [top; bottom]: top stacked above bottom (NumPy's concatenate on axis 0). */
    static DMatrixRMaj stack(DMatrixRMaj top, DMatrixRMaj bottom) {
        DMatrixRMaj c = new DMatrixRMaj(top.numRows + bottom.numRows, top.numCols);
        CommonOps_DDRM.insert(top, c, 0, 0);
        CommonOps_DDRM.insert(bottom, c, top.numRows, 0);
        return c;
    }

    /** W[:, :n]: the columns acting on the hidden state. */
    static DMatrixRMaj leftCols(DMatrixRMaj w, int n) {
        return CommonOps_DDRM.extract(w, 0, w.numRows, 0, n);
    }

    /** W[:, n:]: the columns acting on the input. */
    static DMatrixRMaj rightCols(DMatrixRMaj w, int n) {
        return CommonOps_DDRM.extract(w, 0, w.numRows, n, w.numCols);
    }

    /** W·v + b, b a column added to every column. */
    static DMatrixRMaj affine(DMatrixRMaj w, DMatrixRMaj v, DMatrixRMaj b) {
        DMatrixRMaj z = mult(w, v);
        return Ops.addColumn(z, b, z);
    }

    /** Row sums as a column (NumPy's {@code np.sum(x, axis=1, keepdims=True)}). */
    static DMatrixRMaj sumRows(DMatrixRMaj a) {
        return Ops.sumRows(a, new DMatrixRMaj(a.numRows, 1));
    }
}
