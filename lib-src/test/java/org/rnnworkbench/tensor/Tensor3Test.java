package org.rnnworkbench.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class Tensor3Test {
    @Test
    void cOrderMatchesNumpyIndexing() {
        // NumPy: np.arange(24).reshape(2, 3, 4)[i][j][t] == (i*3 + j)*4 + t
        double[] flat = new double[24];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = k;
        }
        Tensor3 x = Tensor3.fromCOrder(2, 3, 4, flat);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 4; t++) {
                    assertEquals((i * 3 + j) * 4 + t, x.get(i, j, t));
                    assertEquals(x.get(i, j, t), x.slice(t).get(i, j));
                }
            }
        }
        assertArrayEquals(new double[] {20, 21, 22, 23}, x.get(1, 2));
        assertArrayEquals(flat, x.toCOrder());
        assertArrayEquals(new int[] {2, 3, 4}, x.shape());
        assertEquals("(2, 3, 4)", x.shapeString());
    }

    @Test
    void sliceIsLiveAndCopyIsDeep() {
        Tensor3 x = new Tensor3(2, 2, 3);
        x.slice(1).set(0, 1, 7.0);
        assertEquals(7.0, x.get(0, 1, 1));
        Tensor3 c = x.copy();
        c.set(0, 1, 1, 9.0);
        assertEquals(7.0, x.get(0, 1, 1));
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{3, 4}});
        Tensor3 s = Tensor3.stack(a, b);
        assertEquals(4.0, s.get(0, 1, 1));
    }

    @Test
    void badShapesAndIndicesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor3.fromCOrder(2, 3, 4, new double[23]));
        assertTrue(e.getMessage().contains("23") && e.getMessage().contains("(2,3,4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tensor3(0, 1, 1));
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                () -> new Tensor3(2, 2, 2).get(0, 0, 2));
        assertTrue(o.getMessage().contains("(2, 2, 2)"), o.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Tensor3.stack(new DMatrixRMaj(2, 1), new DMatrixRMaj(1, 2)));
    }
}
