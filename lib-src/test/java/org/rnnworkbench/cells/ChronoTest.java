package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Tensor3;

class ChronoTest {
    @Test
    void timeScalesAreLogsOfUniformDrawsInOneToTMaxMinusOne() {
        DMatrixRMaj b = Chrono.logTimeScales(200, 50, new NumpyRandom(3));
        NumpyRandom again = new NumpyRandom(3);
        for (int i = 0; i < 200; i++) {
            assertEquals(Math.log(1 + 48 * again.rand()), b.get(i, 0), 1e-15);
            assertTrue(b.get(i, 0) >= 0 && b.get(i, 0) <= Math.log(49));
        }
        assertThrows(IllegalArgumentException.class, () -> Chrono.logTimeScales(3, 2, new NumpyRandom(1)));
    }

    @Test
    void lstmGetsForgetBiasAndOppositeInputBiasOnACopy() {
        LstmParameters p = LstmParameters.zeros(4, 3, 2);
        LstmParameters c = Chrono.lstm(p, 20, new NumpyRandom(5));
        for (int i = 0; i < 4; i++) {
            assertTrue(c.bf().get(i, 0) > 0);
            assertEquals(-c.bf().get(i, 0), c.bi().get(i, 0), 0);
        }
        assertEquals(0, p.bf().get(0, 0), 0, "the original is not modified");
    }

    @Test
    void gruWithAConstantInputIsTheGruWithAnUpdateGateBias() {
        NumpyRandom r = new NumpyRandom(7);
        int nA = 3, nX = 2, T = 4;
        GruParameters p = new GruParameters(r.randn(nA, nA + nX), r.randn(nA, nA + nX), r.randn(nA, nA + nX),
                r.randn(1, nA), new DMatrixRMaj(1, 1));
        Tensor3 x = r.randn(nX, 1, T);
        DMatrixRMaj bz = Chrono.gruUpdateBias(nA, 30, new NumpyRandom(1));
        GruParameters biased = Chrono.gruWithUpdateBias(p, bz);
        Tensor3 x1 = Chrono.withConstantInput(x);
        assertEquals(nX + 1, x1.n());
        // Step by step: z = σ(Wz·[a; x] + bz), the rest of the cell unchanged.
        DMatrixRMaj a = new DMatrixRMaj(nA, 1);
        var out = Gru.gruForward(x1, new DMatrixRMaj(nA, 1), biased);
        for (int t = 0; t < T; t++) {
            double[] concat = new double[nA + nX];
            for (int i = 0; i < nA; i++) concat[i] = a.get(i, 0);
            for (int i = 0; i < nX; i++) concat[nA + i] = x.get(i, 0, t);
            DMatrixRMaj next = new DMatrixRMaj(nA, 1);
            double[] rGate = new double[nA], z = new double[nA];
            for (int i = 0; i < nA; i++) {
                double sz = bz.get(i, 0), sr = 0;
                for (int j = 0; j < nA + nX; j++) {
                    sz += p.Wz().get(i, j) * concat[j];
                    sr += p.Wr().get(i, j) * concat[j];
                }
                z[i] = 1 / (1 + Math.exp(-sz));
                rGate[i] = 1 / (1 + Math.exp(-sr));
            }
            for (int i = 0; i < nA; i++) {
                double sh = 0;
                for (int j = 0; j < nA; j++) sh += p.Wh().get(i, j) * rGate[j] * a.get(j, 0);
                for (int j = 0; j < nX; j++) sh += p.Wh().get(i, nA + j) * concat[nA + j];
                next.set(i, 0, (1 - z[i]) * a.get(i, 0) + z[i] * Math.tanh(sh));
            }
            for (int i = 0; i < nA; i++) {
                assertEquals(next.get(i, 0), out.a().get(i, 0, t), 1e-12, "a at step " + t);
            }
            a = next;
        }
        assertTrue(bz.get(0, 0) < 0, "keeping the state means a negative update-gate bias in this convention");
    }
}
