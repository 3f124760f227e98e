package org.rnnworkbench.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class OpsTest {
    @Test
    void softmaxColumnsSumToOneAndIsStable() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 1000}, {2, 1001}, {3, 999}});
        DMatrixRMaj y = Ops.softmaxColumns(x, new DMatrixRMaj(1, 1));
        for (int j = 0; j < 2; j++) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += y.get(i, j);
            }
            assertEquals(1.0, s, 1e-15);
        }
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / e, y.get(2, 0), 1e-15);
        assertEquals(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(0)), y.get(0, 1), 1e-15);
    }

    @Test
    void elementwiseFunctionsWorkInPlace() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0, 1}, {-2, 3}});
        Ops.sigmoid(x, x);
        assertEquals(0.5, x.get(0, 0), 0);
        assertEquals(1 / (1 + Math.exp(2)), x.get(1, 0), 1e-16);
        DMatrixRMaj t = Ops.tanh(new DMatrixRMaj(new double[][] {{0.5}}), new DMatrixRMaj(3, 3));
        assertEquals(1, t.numRows);
        assertEquals(Math.tanh(0.5), t.get(0, 0), 0);
    }

    @Test
    void addColumnAndSumRows() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{10}, {20}});
        DMatrixRMaj y = Ops.addColumn(x, b, new DMatrixRMaj(1, 1));
        assertEquals(26.0, y.get(1, 2));
        DMatrixRMaj s = Ops.sumRows(x, new DMatrixRMaj(1, 1));
        assertEquals(6.0, s.get(0, 0));
        assertEquals(15.0, s.get(1, 0));
        assertTrue(Ops.allFinite(x));
        x.set(0, 0, Double.NaN);
        assertFalse(Ops.allFinite(x));
    }
}
