package org.rnnworkbench.seq;

import org.ejml.data.DMatrixRMaj;

/**
 * The three matrix products of {@link FastTagger}, on the first {@code c} columns of matrices whose
 * rows hold one column per sequence of a batch (the columns after {@code c} are sequences that have
 * ended and are neither read nor written). Compared with EJML's general products they skip those
 * columns, and the two that EJML computes as dot products over 32 or so entries run as sums of
 * scaled rows, four rows of the right operand and two rows of the result per pass, which the JIT
 * turns into vector loops.
 * Tested against {@code CommonOps_DDRM} in {@code TaggerKernelsTest}.
 */
final class TaggerKernels {
    private TaggerKernels() {}

    /** C[:, :c] = A·B[:, :c] for A (p, k), B (k, s), C (p, s). C's other columns: not modified. */
    static void mult(DMatrixRMaj A, DMatrixRMaj B, DMatrixRMaj C, int c) {
        int p = A.numRows;
        int k = A.numCols;
        int s = B.numCols;
        check(B.numRows == k && C.numRows == p && C.numCols == s && c >= 0 && c <= s, "mult", A, B, C, c);
        double[] a = A.data;
        double[] b = B.data;
        double[] out = C.data;
        int i = 0;
        // Two rows of C per pass share every load of B.
        for (; i + 1 < p; i += 2) {
            int ci = i * s;
            int ai = i * k;
            java.util.Arrays.fill(out, ci, ci + c, 0);
            java.util.Arrays.fill(out, ci + s, ci + s + c, 0);
            int q = 0;
            for (; q + 3 < k; q += 4) {
                addRowsTwice(out, ci, ci + s, c, a[ai + q], a[ai + q + 1], a[ai + q + 2], a[ai + q + 3],
                        a[ai + k + q], a[ai + k + q + 1], a[ai + k + q + 2], a[ai + k + q + 3], b, q * s, s);
            }
            for (; q < k; q++) {
                addRow(out, ci, c, a[ai + q], b, q * s);
                addRow(out, ci + s, c, a[ai + k + q], b, q * s);
            }
        }
        for (; i < p; i++) {
            int ci = i * s;
            int ai = i * k;
            java.util.Arrays.fill(out, ci, ci + c, 0);
            int q = 0;
            for (; q + 3 < k; q += 4) {
                addRows(out, ci, c, a[ai + q], a[ai + q + 1], a[ai + q + 2], a[ai + q + 3], b, q * s, s);
            }
            for (; q < k; q++) {
                addRow(out, ci, c, a[ai + q], b, q * s);
            }
        }
    }

    /**
     * C[:, :c] = Aᵀ·B[:, :c] (or {@code +=} when {@code add}) for A (p, k), B (p, s), C (k, s). C's
     * other columns: not modified.
     */
    static void multTransA(DMatrixRMaj A, DMatrixRMaj B, DMatrixRMaj C, int c, boolean add) {
        int p = A.numRows;
        int k = A.numCols;
        int s = B.numCols;
        check(B.numRows == p && C.numRows == k && C.numCols == s && c >= 0 && c <= s, "multTransA", A, B, C, c);
        double[] a = A.data;
        double[] b = B.data;
        double[] out = C.data;
        int i = 0;
        for (; i + 1 < k; i += 2) {
            int ci = i * s;
            if (!add) {
                java.util.Arrays.fill(out, ci, ci + c, 0);
                java.util.Arrays.fill(out, ci + s, ci + s + c, 0);
            }
            int r = 0;
            for (; r + 3 < p; r += 4) {
                int a0 = r * k + i;
                addRowsTwice(out, ci, ci + s, c, a[a0], a[a0 + k], a[a0 + 2 * k], a[a0 + 3 * k],
                        a[a0 + 1], a[a0 + k + 1], a[a0 + 2 * k + 1], a[a0 + 3 * k + 1], b, r * s, s);
            }
            for (; r < p; r++) {
                addRow(out, ci, c, a[r * k + i], b, r * s);
                addRow(out, ci + s, c, a[r * k + i + 1], b, r * s);
            }
        }
        for (; i < k; i++) {
            int ci = i * s;
            if (!add) {
                java.util.Arrays.fill(out, ci, ci + c, 0);
            }
            int r = 0;
            for (; r + 3 < p; r += 4) {
                addRows(out, ci, c, a[r * k + i], a[(r + 1) * k + i], a[(r + 2) * k + i], a[(r + 3) * k + i], b, r * s, s);
            }
            for (; r < p; r++) {
                addRow(out, ci, c, a[r * k + i], b, r * s);
            }
        }
    }

    /** C += D[:, :c]·A[:, :c]ᵀ for D (p, s), A (q, s), C (p, q): the sum over sequences of d·aᵀ. */
    static void multAddTransB(DMatrixRMaj D, DMatrixRMaj A, DMatrixRMaj C, int c) {
        int p = D.numRows;
        int s = D.numCols;
        int q = A.numRows;
        check(A.numCols == s && C.numRows == p && C.numCols == q && c >= 0 && c <= s, "multAddTransB", D, A, C, c);
        double[] d = D.data;
        double[] a = A.data;
        double[] out = C.data;
        for (int i = 0; i < p; i++) {
            int di = i * s;
            int ci = i * q;
            int k = 0;
            for (; k + 3 < q; k += 4) {
                int a0 = k * s;
                int a1 = a0 + s;
                int a2 = a1 + s;
                int a3 = a2 + s;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < c; j++) {
                    double x = d[di + j];
                    s0 += x * a[a0 + j];
                    s1 += x * a[a1 + j];
                    s2 += x * a[a2 + j];
                    s3 += x * a[a3 + j];
                }
                out[ci + k] += s0;
                out[ci + k + 1] += s1;
                out[ci + k + 2] += s2;
                out[ci + k + 3] += s3;
            }
            for (; k < q; k++) {
                int a0 = k * s;
                double s0 = 0;
                for (int j = 0; j < c; j++) {
                    s0 += d[di + j] * a[a0 + j];
                }
                out[ci + k] += s0;
            }
        }
    }

    /** out[o..o+c) += x0·b[r..] + x1·b[r+s..] + x2·b[r+2s..] + x3·b[r+3s..]. */
    private static void addRows(double[] out, int o, int c, double x0, double x1, double x2, double x3, double[] b,
            int r, int s) {
        int r1 = r + s;
        int r2 = r1 + s;
        int r3 = r2 + s;
        for (int j = 0; j < c; j++) {
            out[o + j] += x0 * b[r + j] + x1 * b[r1 + j] + x2 * b[r2 + j] + x3 * b[r3 + j];
        }
    }

    /** As {@link #addRows} into two rows of out at once, o (scaled by x) and u (scaled by y), loading b once. */
    private static void addRowsTwice(double[] out, int o, int u, int c, double x0, double x1, double x2, double x3,
            double y0, double y1, double y2, double y3, double[] b, int r, int s) {
        int r1 = r + s;
        int r2 = r1 + s;
        int r3 = r2 + s;
        for (int j = 0; j < c; j++) {
            double b0 = b[r + j];
            double b1 = b[r1 + j];
            double b2 = b[r2 + j];
            double b3 = b[r3 + j];
            out[o + j] += x0 * b0 + x1 * b1 + x2 * b2 + x3 * b3;
            out[u + j] += y0 * b0 + y1 * b1 + y2 * b2 + y3 * b3;
        }
    }

    /** out[o..o+c) += x·b[r..r+c). */
    private static void addRow(double[] out, int o, int c, double x, double[] b, int r) {
        for (int j = 0; j < c; j++) {
            out[o + j] += x * b[r + j];
        }
    }

    private static void check(boolean ok, String what, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj z, int c) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": shapes (" + x.numRows + "," + x.numCols + "), (" + y.numRows
                    + "," + y.numCols + "), (" + z.numRows + "," + z.numCols + ") with " + c + " columns do not fit");
        }
    }
}
