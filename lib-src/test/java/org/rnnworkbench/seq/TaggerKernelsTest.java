package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The tagger's products against EJML on random shapes (row counts that are and are not multiples of
 * four), outputs pre-filled with junk: the first c columns equal EJML's product, the others are untouched.
 */
class TaggerKernelsTest {
    private static DMatrixRMaj random(SplittableRandom r, int rows, int cols) {
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = r.nextDouble(-2, 2);
        }
        return x;
    }

    /** The first c columns of x, as a matrix of its own. */
    private static DMatrixRMaj first(DMatrixRMaj x, int c) {
        return CommonOps_DDRM.extract(x, 0, x.numRows, 0, c);
    }

    private static void assertColumns(DMatrixRMaj expected, DMatrixRMaj actual, DMatrixRMaj before, int c, String what) {
        for (int i = 0; i < actual.numRows; i++) {
            for (int j = 0; j < actual.numCols; j++) {
                if (j < c) {
                    double e = expected.get(i, j);
                    assertEquals(e, actual.get(i, j), 1e-13 * (1 + Math.abs(e)), what + " (" + i + "," + j + ")");
                } else {
                    assertEquals(before.get(i, j), actual.get(i, j), 0, what + " column " + j + " beyond c = " + c);
                }
            }
        }
    }

    @Test
    void productsMatchEjmlOnTheActiveColumns() {
        SplittableRandom r = new SplittableRandom(3);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 13, 33};
        for (int trial = 0; trial < 200; trial++) {
            int p = sizes[r.nextInt(sizes.length)];
            int k = sizes[r.nextInt(sizes.length)];
            int s = 1 + r.nextInt(9);
            int c = 1 + r.nextInt(s);
            String what = "p=" + p + " k=" + k + " s=" + s + " c=" + c;

            DMatrixRMaj A = random(r, p, k);
            DMatrixRMaj B = random(r, k, s);
            DMatrixRMaj C = random(r, p, s).copy();
            DMatrixRMaj before = C.copy();
            TaggerKernels.mult(A, B, C, c);
            DMatrixRMaj expected = new DMatrixRMaj(p, c);
            CommonOps_DDRM.mult(A, first(B, c), expected);
            assertColumns(expected, C, before, c, "mult " + what);

            DMatrixRMaj Bt = random(r, p, s);
            DMatrixRMaj Ct = random(r, k, s);
            before = Ct.copy();
            TaggerKernels.multTransA(A, Bt, Ct, c, false);
            DMatrixRMaj expectedT = new DMatrixRMaj(k, c);
            CommonOps_DDRM.multTransA(A, first(Bt, c), expectedT);
            assertColumns(expectedT, Ct, before, c, "multTransA " + what);

            before = Ct.copy();
            TaggerKernels.multTransA(A, Bt, Ct, c, true);
            DMatrixRMaj expectedAdd = first(before, c);
            CommonOps_DDRM.multAddTransA(A, first(Bt, c), expectedAdd);
            assertColumns(expectedAdd, Ct, before, c, "multTransA (add) " + what);

            DMatrixRMaj D = random(r, p, s);
            DMatrixRMaj X = random(r, k, s);
            DMatrixRMaj G = random(r, p, k);
            DMatrixRMaj expectedG = G.copy();
            TaggerKernels.multAddTransB(D, X, G, c);
            CommonOps_DDRM.multAddTransB(first(D, c), first(X, c), expectedG);
            assertColumns(expectedG, G, G, k, "multAddTransB " + what);
        }
    }

    @Test
    void mismatchedShapesAreRefused() {
        DMatrixRMaj A = new DMatrixRMaj(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaggerKernels.mult(A, new DMatrixRMaj(5, 2), new DMatrixRMaj(3, 2), 2));
        assertEquals("mult: shapes (3,4), (5,2), (3,2) with 2 columns do not fit", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaggerKernels.mult(A, new DMatrixRMaj(4, 2), new DMatrixRMaj(3, 2), 3));
        assertThrows(IllegalArgumentException.class,
                () -> TaggerKernels.multTransA(A, new DMatrixRMaj(4, 2), new DMatrixRMaj(4, 2), 2, false));
        assertThrows(IllegalArgumentException.class,
                () -> TaggerKernels.multAddTransB(A, new DMatrixRMaj(2, 3), new DMatrixRMaj(3, 2), 3));
    }
}
