package org.rnnworkbench.seq;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.Gru;
import org.rnnworkbench.cells.GruCaches;
import org.rnnworkbench.cells.GruForwardResult;
import org.rnnworkbench.cells.GruGradients;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnCaches;
import org.rnnworkbench.cells.RnnForwardResult;
import org.rnnworkbench.cells.RnnGradients;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * A many-to-many character tagger: one output per input, the same length in and out. At step t the
 * cell reads the one-hot ciphertext character x⟨t⟩ and its hidden state a⟨t−1⟩ (a⟨0⟩ = 0), and
 * ŷ⟨t⟩ = softmax(Wy·a⟨t⟩ + by) is a distribution over the same characters, the guess for the
 * plaintext character at t. The cells are the Part A ones, run on a whole mini-batch at once:
 * {@link Rnn#rnnForward} / {@link Rnn#rnnBackward} for {@link RnnParameters} (Wy is Wya) and
 * {@link Gru#gruForward} (softmax output) / {@link Gru#gruBackward} for {@link GruParameters}.
 *
 * <p>Loss of a batch of m sequences: the cross-entropy summed over the steps of each sequence, averaged
 * over the sequences, L = (1/m)·Σ_i Σ_{t &lt; len_i} −log ŷ⟨t⟩_i[y_i⟨t⟩]. Backward (BPTT):
 * dy⟨t⟩ = (ŷ⟨t⟩ − onehot(y⟨t⟩))/m (zero on padded steps), dWy = Σ_t dy⟨t⟩·a⟨t⟩ᵀ, dby = Σ_t Σ_columns dy⟨t⟩,
 * and da⟨t⟩ = Wyᵀ·dy⟨t⟩ enters the cell's backward pass, which carries it back through time.
 */
public final class Tagger {
    private Tagger() {}

    /**
     * What {@link #forward} keeps for {@link #backward}.
     *
     * @param loss L (NaN from {@link #predictDistributions}, which has no targets)
     * @param yHat the predictions ŷ (V, m, T)
     * @param a the hidden states a⟨1⟩ … a⟨T⟩ (n_a, m, T)
     * @param caches the cell's caches: {@link RnnCaches} or {@link GruCaches}
     * @param batch the batch the pass ran on
     */
    public record Forward(double loss, Tensor3 yHat, Tensor3 a, Object caches, Batch batch) {}

    /**
     * Parameters drawn with NumPy's generator seeded {@code seed}, each weight matrix
     * randn(rows, cols)·(1/√cols) so that every unit starts with pre-activations of order 1, biases
     * zero. RNN: Wax (n_a, V), Waa (n_a, n_a), Wya (V, n_a) in that order (the language model's
     * order); GRU: Wz, Wr, Wh (n_a, n_a + V), Wy (V, n_a).
     */
    public static CellParameters initializeParameters(CellKind cell, int nA, int V, long seed) {
        if (cell == null) {
            throw new IllegalArgumentException("cell is null");
        }
        if (cell == CellKind.LSTM) {
            throw new IllegalArgumentException("cell must be rnn or gru for the tagger but was lstm");
        }
        Shapes.positive("nA", nA);
        Shapes.positive("V", V);
        NumpyRandom rng = new NumpyRandom(seed);
        return switch (cell) {
            case RNN -> {
                DMatrixRMaj Wax = scaled(rng.randn(nA, V));
                DMatrixRMaj Waa = scaled(rng.randn(nA, nA));
                DMatrixRMaj Wya = scaled(rng.randn(V, nA));
                yield new RnnParameters(Waa, Wax, Wya, new DMatrixRMaj(nA, 1), new DMatrixRMaj(V, 1));
            }
            case GRU -> {
                DMatrixRMaj Wz = scaled(rng.randn(nA, nA + V));
                DMatrixRMaj Wr = scaled(rng.randn(nA, nA + V));
                DMatrixRMaj Wh = scaled(rng.randn(nA, nA + V));
                DMatrixRMaj Wy = scaled(rng.randn(V, nA));
                yield new GruParameters(Wz, Wr, Wh, Wy, new DMatrixRMaj(V, 1));
            }
            case LSTM -> throw new AssertionError("refused above");
        };
    }

    /** The cell of {@code p}: RNN for {@link RnnParameters}, GRU for {@link GruParameters}. */
    public static CellKind cellOf(CellParameters p) {
        if (p instanceof RnnParameters) {
            return CellKind.RNN;
        }
        if (p instanceof GruParameters) {
            return CellKind.GRU;
        }
        throw new IllegalArgumentException("parameters must be RnnParameters or GruParameters but are "
                + (p == null ? "null" : p.getClass().getSimpleName()));
    }

    /** ŷ (V, m, T): the predicted distribution at every step of x (V, m, T), from a zero state. */
    public static Tensor3 predictDistributions(CellParameters p, Tensor3 x) {
        checkInputs(p, x);
        return run(p, x).yHat();
    }

    /** The most likely plaintext index at each step of one sequence of ciphertext indices. */
    public static int[] predict(CellParameters p, int[] cipher) {
        cellOf(p);
        if (cipher == null || cipher.length == 0) {
            throw new IllegalArgumentException("cipher must hold at least one index but is "
                    + (cipher == null ? "null" : "empty"));
        }
        Tensor3 x = new Tensor3(p.nX(), 1, cipher.length);
        for (int t = 0; t < cipher.length; t++) {
            if (cipher[t] < 0 || cipher[t] >= p.nX()) {
                throw new IllegalArgumentException("cipher[" + t + "] is " + cipher[t] + " but must be in 0.."
                        + (p.nX() - 1));
            }
            x.set(cipher[t], 0, t, 1);
        }
        Tensor3 yHat = run(p, x).yHat();
        int[] out = new int[cipher.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = argmax(yHat.slice(t), 0);
        }
        return out;
    }

    /** The forward pass over the batch and its loss L (see the class comment). */
    public static Forward forward(CellParameters p, Batch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch is null");
        }
        checkInputs(p, batch.x());
        Forward f = run(p, batch.x());
        double loss = 0;
        int[][] y = batch.targets();
        for (int i = 0; i < batch.m(); i++) {
            for (int t = 0; t < batch.lengths()[i]; t++) {
                loss -= Math.log(f.yHat().get(y[i][t], i, t));
            }
        }
        return new Forward(loss / batch.m(), f.yHat(), f.a(), f.caches(), batch);
    }

    /** Backpropagation through time: ∂L/∂θ for every parameter θ of {@code p}. */
    public static TaggerGradients backward(CellParameters p, Forward f) {
        if (f == null) {
            throw new IllegalArgumentException("forward is null");
        }
        checkInputs(p, f.batch().x());
        Batch b = f.batch();
        int m = b.m();
        int T = b.T();
        boolean rnn = cellOf(p) == CellKind.RNN;
        DMatrixRMaj Wy = rnn ? p.get("Wya") : p.get("Wy");
        TaggerGradients g = TaggerGradients.zerosLike(p);
        DMatrixRMaj dWy = g.get(rnn ? "dWya" : "dWy");
        DMatrixRMaj dby = g.get("dby");
        Tensor3 da = new Tensor3(p.nA(), m, T);
        DMatrixRMaj dy = new DMatrixRMaj(p.nY(), m);
        for (int t = 0; t < T; t++) {
            dy.setTo(f.yHat().slice(t));
            for (int i = 0; i < m; i++) {
                if (t < b.lengths()[i]) {
                    dy.add(b.targets()[i][t], i, -1);
                } else {
                    for (int k = 0; k < dy.numRows; k++) {
                        dy.set(k, i, 0);
                    }
                }
            }
            CommonOps_DDRM.scale(1.0 / m, dy);
            CommonOps_DDRM.multAddTransB(dy, f.a().slice(t), dWy);
            for (int k = 0; k < dy.numRows; k++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += dy.get(k, i);
                }
                dby.data[k] += s;
            }
            CommonOps_DDRM.multTransA(Wy, dy, da.slice(t));
        }
        if (rnn) {
            RnnGradients r = Rnn.rnnBackward(da, (RnnCaches) f.caches());
            g.get("dWaa").setTo(r.dWaa());
            g.get("dWax").setTo(r.dWax());
            g.get("dba").setTo(r.dba());
        } else {
            GruGradients r = Gru.gruBackward(da, (GruCaches) f.caches());
            g.get("dWz").setTo(r.dWz());
            g.get("dWr").setTo(r.dWr());
            g.get("dWh").setTo(r.dWh());
        }
        return g;
    }

    /** The index of the largest entry of column {@code col} (the first one on ties). */
    static int argmax(DMatrixRMaj m, int col) {
        int best = 0;
        double max = m.get(0, col);
        for (int k = 1; k < m.numRows; k++) {
            double v = m.get(k, col);
            if (v > max) {
                max = v;
                best = k;
            }
        }
        return best;
    }

    private static Forward run(CellParameters p, Tensor3 x) {
        DMatrixRMaj a0 = new DMatrixRMaj(p.nA(), x.m());
        if (p instanceof RnnParameters rp) {
            RnnForwardResult r = Rnn.rnnForward(x, a0, rp);
            return new Forward(Double.NaN, r.yPred(), r.a(), r.caches(), null);
        }
        GruForwardResult r = Gru.gruForward(x, a0, (GruParameters) p, Gru.Output.SOFTMAX);
        return new Forward(Double.NaN, r.yPred(), r.a(), r.caches(), null);
    }

    private static void checkInputs(CellParameters p, Tensor3 x) {
        cellOf(p);
        if (p.nX() != p.nY()) {
            throw new IllegalArgumentException("the tagger reads and writes the same characters, so n_x must equal n_y,"
                    + " but the parameters have n_x = " + p.nX() + " and n_y = " + p.nY());
        }
        Shapes.notNull("x", x);
        if (x.n() != p.nX()) {
            throw new IllegalArgumentException("x is " + Shapes.of(x) + " but the parameters read n_x = " + p.nX()
                    + " characters; x must have " + p.nX() + " rows");
        }
    }

    private static DMatrixRMaj scaled(DMatrixRMaj w) {
        CommonOps_DDRM.scale(1 / Math.sqrt(w.numCols), w);
        return w;
    }
}
