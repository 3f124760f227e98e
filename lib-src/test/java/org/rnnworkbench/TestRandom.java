package org.rnnworkbench;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Deterministic random matrices for tests that need no NumPy parity (property tests, gradient
 * checks): standard normal values from a {@link SplittableRandom}, scaled by {@code scale}.
 */
public final class TestRandom {
    private final SplittableRandom rng;
    private final double scale;

    public TestRandom(long seed) {
        this(seed, 1.0);
    }

    public TestRandom(long seed, double scale) {
        this.rng = new SplittableRandom(seed);
        this.scale = scale;
    }

    public double next() {
        return scale * rng.nextGaussian();
    }

    public DMatrixRMaj matrix(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = next();
        }
        return m;
    }

    public Tensor3 tensor(int n, int m, int T) {
        Tensor3 x = new Tensor3(n, m, T);
        for (int t = 0; t < T; t++) {
            DMatrixRMaj s = x.slice(t);
            for (int i = 0; i < s.getNumElements(); i++) {
                s.data[i] = next();
            }
        }
        return x;
    }

    public RnnParameters rnn(int nX, int nA, int nY) {
        return new RnnParameters(matrix(nA, nA), matrix(nA, nX), matrix(nY, nA), matrix(nA, 1), matrix(nY, 1));
    }

    public LstmParameters lstm(int nX, int nA, int nY) {
        int k = nA + nX;
        return new LstmParameters(matrix(nA, k), matrix(nA, 1), matrix(nA, k), matrix(nA, 1), matrix(nA, k),
                matrix(nA, 1), matrix(nA, k), matrix(nA, 1), matrix(nY, nA), matrix(nY, 1));
    }

    public GruParameters gru(int nX, int nA, int nY) {
        int k = nA + nX;
        return new GruParameters(matrix(nA, k), matrix(nA, k), matrix(nA, k), matrix(nY, nA), matrix(nY, 1));
    }
}
