package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.TestRandom;

/** The hand kernels against EJML's products on random shapes, outputs filled with junk first. */
class KernelsTest {
    private static final double TOL = 1e-13;
    private static final double JUNK = -7.25e3;

    /** Sizes around the unrolling (4) and the K block (64). */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 13, 25, 64, 65, 130};

    @Test
    void gemmMatchesEjml() {
        SplittableRandom pick = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            int m = pick(pick);
            int n = pick(pick);
            int k = pick(pick);
            boolean accumulate = pick.nextBoolean();
            TestRandom rng = new TestRandom(trial);
            DMatrixRMaj A = rng.matrix(m, k);
            DMatrixRMaj B = rng.matrix(k, n);
            DMatrixRMaj C0 = rng.matrix(m, n);
            int ar = pick.nextInt(3);
            int br = pick.nextInt(3);
            int cr = pick.nextInt(3);
            double[][] a = rows(A, ar, 0);
            double[][] b = rows(B, br, 0);
            double[][] c = rows(accumulate ? C0 : junk(m, n), cr, 2);

            Kernels.gemm(m, n, k, a, ar, b, br, c, cr, accumulate);

            DMatrixRMaj expected = accumulate ? C0.copy() : new DMatrixRMaj(m, n);
            CommonOps_DDRM.multAdd(A, B, expected);
            assertRows("gemm " + m + "x" + k + "·" + k + "x" + n + (accumulate ? " +=" : " ="), expected, c, cr);
            assertUntouched(c, cr, m, n);
        }
    }

    @Test
    void gemmTransAMatchesEjml() {
        SplittableRandom pick = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            int m = pick(pick);
            int n = pick(pick);
            int k = pick(pick);
            boolean accumulate = pick.nextBoolean();
            TestRandom rng = new TestRandom(1000 + trial);
            DMatrixRMaj A = rng.matrix(k, m);
            DMatrixRMaj B = rng.matrix(k, n);
            DMatrixRMaj C0 = rng.matrix(m, n);
            int ar = pick.nextInt(3);
            int br = pick.nextInt(3);
            int cr = pick.nextInt(3);
            double[][] c = rows(accumulate ? C0 : junk(m, n), cr, 2);

            Kernels.gemmTransA(m, n, k, rows(A, ar, 0), ar, rows(B, br, 0), br, c, cr, accumulate);

            DMatrixRMaj expected = accumulate ? C0.copy() : new DMatrixRMaj(m, n);
            CommonOps_DDRM.multAddTransA(A, B, expected);
            assertRows("gemmTransA " + k + "x" + m + "ᵀ·" + k + "x" + n, expected, c, cr);
            assertUntouched(c, cr, m, n);
        }
    }

    @Test
    void vecMatMatchesEjml() {
        for (int n : SIZES) {
            for (int k : SIZES) {
                TestRandom rng = new TestRandom(31L * n + k);
                DMatrixRMaj x = rng.matrix(k, 1);
                DMatrixRMaj B = rng.matrix(k, n);
                double[] y = new double[n + 3];
                java.util.Arrays.fill(y, JUNK);

                Kernels.vecMat(n, k, x.data, rows(B, 1, 0), 1, y);

                DMatrixRMaj expected = new DMatrixRMaj(n, 1);
                CommonOps_DDRM.multTransA(B, x, expected);
                Golden.assertClose("vecMat n=" + n + " k=" + k, expected.data, java.util.Arrays.copyOf(y, n), TOL);
                assertEquals(JUNK, y[n], "beyond n");
            }
        }
    }

    @Test
    void transposeMatchesEjml() {
        for (int m : SIZES) {
            for (int n : SIZES) {
                DMatrixRMaj A = new TestRandom(7L * m + n).matrix(m, n);
                double[][] b = rows(junk(n, m), 0, 0);
                Kernels.transpose(m, n, rows(A, 0, 0), b);
                assertRows("transpose " + m + "x" + n, CommonOps_DDRM.transpose(A, null), b, 0);
            }
        }
    }

    private static int pick(SplittableRandom r) {
        return SIZES[r.nextInt(SIZES.length)];
    }

    private static DMatrixRMaj junk(int rows, int cols) {
        DMatrixRMaj j = new DMatrixRMaj(rows, cols);
        j.fill(JUNK);
        return j;
    }

    /** The matrix as rows, after {@code before} junk rows, each row {@code extra} junk entries longer. */
    static double[][] rows(DMatrixRMaj m, int before, int extra) {
        double[][] r = new double[before + m.numRows + 1][m.numCols + extra];
        for (double[] row : r) {
            java.util.Arrays.fill(row, JUNK);
        }
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, r[before + i], 0, m.numCols);
        }
        return r;
    }

    private static void assertRows(String what, DMatrixRMaj expected, double[][] actual, int from) {
        for (int i = 0; i < expected.numRows; i++) {
            double[] e = java.util.Arrays.copyOfRange(expected.data, i * expected.numCols, (i + 1) * expected.numCols);
            Golden.assertClose(what + " row " + i, e, java.util.Arrays.copyOf(actual[from + i], expected.numCols), TOL);
        }
    }

    /** Rows outside the block and columns beyond n keep their junk. */
    private static void assertUntouched(double[][] c, int cr, int m, int n) {
        for (int i = 0; i < c.length; i++) {
            boolean inside = i >= cr && i < cr + m;
            for (int j = inside ? n : 0; j < c[i].length; j++) {
                assertEquals(JUNK, c[i][j], "entry (" + i + "," + j + ") outside the output block");
            }
        }
    }
}
