package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class CellMathTest {

    /**
     * The outer-product path for one example gives EJML's product exactly. Only the sign of a zero
     * may differ (EJML itself gives −0 or +0 for a −0 product depending on the shapes), and a signed
     * zero added to a gradient changes nothing.
     */
    @Test
    void multTransBOfTwoColumnsIsEjmlsProductExactly() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            DMatrixRMaj a = new DMatrixRMaj(1 + r.nextInt(9), 1);
            DMatrixRMaj b = new DMatrixRMaj(1 + r.nextInt(9), 1);
            for (DMatrixRMaj m : new DMatrixRMaj[] {a, b}) {
                for (int i = 0; i < m.data.length; i++) {
                    int pick = r.nextInt(6);
                    m.data[i] = pick == 0 ? 0.0 : pick == 1 ? -0.0 : r.nextGaussian() * Math.pow(10, r.nextInt(-200, 200));
                }
            }
            DMatrixRMaj expected = new DMatrixRMaj(a.numRows, b.numRows);
            CommonOps_DDRM.multTransB(a, b, expected);
            DMatrixRMaj actual = CellMath.multTransB(a, b);
            assertEquals(expected.numRows, actual.numRows);
            assertEquals(expected.numCols, actual.numCols);
            for (int i = 0; i < expected.data.length; i++) {
                assertTrue(expected.data[i] == actual.data[i], "trial " + trial + ", entry " + i + ": "
                        + expected.data[i] + " but " + actual.data[i]);
            }
        }
    }

    @Test
    void multTransBOfWiderMatricesIsEjmls() {
        DMatrixRMaj a = new DMatrixRMaj(2, 3, true, 1, 2, 3, 4, 5, 6);
        DMatrixRMaj b = new DMatrixRMaj(2, 3, true, -1, 0, 2, 3, 1, -2);
        assertArrayEquals(new double[] {5, -1, 8, 5}, CellMath.multTransB(a, b).data, 0.0);
    }
}
