package org.rnnworkbench.train;

import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.tensor.Shapes;

/**
 * The character RNN's forward and backward pass over a minibatch of up to {@code m} sequences at
 * once, each time step an {@code (n_a, m)} matrix: {@code A⟨t⟩ = tanh(Wax·X⟨t⟩ + Waa·A⟨t−1⟩ + b)},
 * {@code Ŷ⟨t⟩ = softmax(Wya·A⟨t⟩ + by)} column by column. Sequences of different lengths are padded
 * to the longest one and masked: after its end a sequence contributes neither loss nor gradient
 * (its {@code dy} is zero there, so by causality nothing flows back into its real steps). Every
 * sequence starts from the zero state. The loss and the gradients are sums over the sequences, so
 * they equal the sums of the per-example {@link CharRnn#rnnForward} / {@link CharRnn#rnnBackward}.
 *
 * <p>With m columns every product is a matrix–matrix product ({@link Kernels}), {@code Waa·A},
 * {@code Waaᵀ·Draw}, {@code Wya·A}, {@code Wyaᵀ·dY} along the rows of the (n, m) matrices, and
 * {@code dWaa += Draw·A⟨t−1⟩ᵀ}, {@code dWya += dY·A⟨t⟩ᵀ} over the transposed states. Allocates
 * nothing after construction.
 */
public final class BatchedCharRnn extends RowLayoutRnn {
    private final int m;

    /** a[t][i][c] = a⟨t⟩ of sequence c (a[0] = 0); aT[t][c][i] the same, transposed. */
    private final double[][][] a;
    private final double[][][] aT;
    /** y[t][k][c]: logits, then ŷ, then dy (zero where masked). */
    private final double[][][] y;
    private final double[][] dA;
    private final double[][] daNext;
    private final double[] zeroInput;
    private final int[] lengths;
    private boolean gradientsReady;

    /** Workspaces for batches of up to {@code m} sequences of up to {@code maxLength} steps, parameters copied from {@code p}. */
    public BatchedCharRnn(RnnParameters p, int m, int maxLength) {
        super(p, maxLength);
        Shapes.positive("m", m);
        this.m = m;
        a = new double[maxLength + 1][nA][m];
        aT = new double[maxLength + 1][m][nA];
        y = new double[maxLength][nY][m];
        dA = new double[nA][m];
        daNext = new double[nA][m];
        zeroInput = new double[nA];
        lengths = new int[m];
    }

    @Override
    boolean hasGradients() {
        return gradientsReady;
    }

    @Override
    boolean dWaxColumnCurrent(int j) {
        return true;
    }

    /** The largest batch. */
    public int batchSize() {
        return m;
    }

    /**
     * Loss and gradients of a batch, summed over its sequences, parameters unchanged: sequence
     * {@code c} has inputs {@code X[c]} (character indices, {@link CharRnn#NONE} for the zero input)
     * and targets {@code Y[c]} of the same length, 1 to {@link #maxLength()}; at most
     * {@link #batchSize()} sequences. Each sequence starts from the zero state.
     */
    public double lossAndGradients(int[][] X, int[][] Y) {
        int T = checkBatch(X, Y);
        double loss = forward(X, Y, X.length, T);
        backward(X, X.length, T);
        lastMaxValue = Double.POSITIVE_INFINITY;
        gradientsReady = true;
        return loss;
    }

    /**
     * One SGD step on a batch: {@link #lossAndGradients}, each gradient entry clipped to
     * {@code [−maxValue, maxValue]} ({@code +∞}: no clipping), {@code W −= learningRate·dW}. Returns the
     * loss before the update.
     */
    public double step(int[][] X, int[][] Y, double learningRate, double maxValue) {
        FastCharRnn.checkRates(learningRate, maxValue);
        double loss = lossAndGradients(X, Y);
        clip.measure(0, dWaa, null, nA, nA);
        clip.measure(1, dWaxT, null, nX, nA);
        clip.measure(2, dWya, null, nY, nA);
        clip.measure(3, dbRow, null, 1, nA);
        clip.measure(4, dbyRow, null, 1, nY);
        clip.start();
        clip.update(0, dWaa, waa, null, nA, nA, learningRate, maxValue);
        clip.update(1, dWaxT, waxT, null, nX, nA, learningRate, maxValue);
        clip.update(2, dWya, wya, null, nY, nA, learningRate, maxValue);
        clip.update(3, dbRow, bRow, null, 1, nA, learningRate, maxValue);
        clip.update(4, dbyRow, byRow, null, 1, nY, learningRate, maxValue);
        Kernels.transpose(nA, nA, waa, waaT);
        Kernels.transpose(nY, nA, wya, wyaT);
        lastMaxValue = maxValue;
        return loss;
    }

    /** Multiply–adds in one batch of {@code T} (padded) steps: 3·m·T·n_a·(n_a + n_y), the products counted. */
    public long multiplyAdds(int T) {
        return 3L * m * T * nA * (long) (nA + nY);
    }

    private int checkBatch(int[][] X, int[][] Y) {
        if (X == null || Y == null) {
            throw new IllegalArgumentException((X == null ? "X" : "Y") + " is null");
        }
        if (X.length != Y.length) {
            throw new IllegalArgumentException("X holds " + X.length + " sequences but Y holds " + Y.length);
        }
        if (X.length == 0 || X.length > m) {
            throw new IllegalArgumentException("a batch holds 1 to " + m + " sequences but X holds " + X.length);
        }
        int T = 0;
        for (int c = 0; c < X.length; c++) {
            if (X[c] == null || Y[c] == null || X[c].length != Y[c].length) {
                throw new IllegalArgumentException("sequence " + c + ": X[" + c + "] and Y[" + c
                        + "] must be arrays of the same length");
            }
            int len = X[c].length;
            if (len == 0 || len > maxLength) {
                throw new IllegalArgumentException("sequence " + c + " has " + len + " steps; this workspace takes 1 to "
                        + maxLength);
            }
            for (int t = 0; t < len; t++) {
                if (X[c][t] != CharRnn.NONE && (X[c][t] < 0 || X[c][t] >= nX)) {
                    throw new IllegalArgumentException("X[" + c + "][" + t + "] = " + X[c][t] + " is neither NONE ("
                            + CharRnn.NONE + ") nor an index below n_x = " + nX);
                }
                if (Y[c][t] < 0 || Y[c][t] >= nY) {
                    throw new IllegalArgumentException("Y[" + c + "][" + t + "] = " + Y[c][t]
                            + " is outside the output size n_y = " + nY);
                }
            }
            T = Math.max(T, len);
        }
        return T;
    }

    private double forward(int[][] X, int[][] Y, int batch, int T) {
        for (int c = 0; c < m; c++) {
            lengths[c] = c < batch ? X[c].length : 0;
        }
        Kernels.zero(nA, m, a[0], 0);
        Kernels.zero(m, nA, aT[0], 0);
        for (int t = 0; t < T; t++) {
            double[][] z = a[t + 1];
            double[][] zT = aT[t + 1];
            Kernels.gemm(nA, m, nA, waa, 0, a[t], 0, z, 0, false);
            for (int c = 0; c < m; c++) {
                int ix = t < lengths[c] ? X[c][t] : CharRnn.NONE;
                double[] wx = ix == CharRnn.NONE ? zeroInput : waxT[ix];
                double[] zc = zT[c];
                for (int i = 0; i < nA; i++) {
                    // NumPy adds (Wax·x + Waa·aPrev) + b in that order.
                    double v = FastMath.tanh((wx[i] + z[i][c]) + b[i]);
                    z[i][c] = v;
                    zc[i] = v;
                }
            }
        }
        double loss = 0;
        for (int t = 0; t < T; t++) {
            double[][] yt = y[t];
            Kernels.gemm(nY, m, nA, wya, 0, a[t + 1], 0, yt, 0, false);
            for (int c = 0; c < m; c++) {
                if (t >= lengths[c]) {
                    for (int k = 0; k < nY; k++) {
                        yt[k][c] = 0.0;
                    }
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < nY; k++) {
                    yt[k][c] += by[k];
                    max = Math.max(max, yt[k][c]);
                }
                double sum = 0;
                for (int k = 0; k < nY; k++) {
                    double e = Math.exp(yt[k][c] - max);
                    yt[k][c] = e;
                    sum += e;
                }
                for (int k = 0; k < nY; k++) {
                    yt[k][c] /= sum;
                }
                int target = Y[c][t];
                loss -= Math.log(yt[target][c]);
                yt[target][c] -= 1;
            }
        }
        return loss;
    }

    private void backward(int[][] X, int batch, int T) {
        Kernels.zero(nX, nA, dWaxT, 0);
        for (int k = 0; k < nY; k++) {
            dby[k] = 0.0;
        }
        for (int i = 0; i < nA; i++) {
            db[i] = 0.0;
        }
        for (int t = T - 1; t >= 0; t--) {
            double[][] at = a[t + 1];
            double[][] yt = y[t];
            Kernels.gemm(nY, nA, m, yt, 0, aT[t + 1], 0, dWya, 0, t != T - 1);
            for (int k = 0; k < nY; k++) {
                double[] yk = yt[k];
                double s = 0;
                for (int c = 0; c < m; c++) {
                    s += yk[c];
                }
                dby[k] += s;
            }
            Kernels.gemm(nA, m, nY, wyaT, 0, yt, 0, dA, 0, false);
            for (int i = 0; i < nA; i++) {
                double[] di = dA[i];
                double[] ai = at[i];
                double[] ni = daNext[i];
                if (t == T - 1) {
                    for (int c = 0; c < m; c++) {
                        di[c] = (1 - ai[c] * ai[c]) * di[c];
                    }
                } else {
                    for (int c = 0; c < m; c++) {
                        di[c] = (1 - ai[c] * ai[c]) * (di[c] + ni[c]);
                    }
                }
                double s = 0;
                for (int c = 0; c < m; c++) {
                    s += di[c];
                }
                db[i] += s;
            }
            Kernels.gemm(nA, nA, m, dA, 0, aT[t], 0, dWaa, 0, t != T - 1);
            for (int c = 0; c < batch; c++) {
                int ix = t < lengths[c] ? X[c][t] : CharRnn.NONE;
                if (ix != CharRnn.NONE) {
                    double[] row = dWaxT[ix];
                    for (int i = 0; i < nA; i++) {
                        row[i] += dA[i][c];
                    }
                }
            }
            if (t > 0) {
                Kernels.gemm(nA, m, nA, waaT, 0, dA, 0, daNext, 0, false);
            }
        }
    }
}
