package org.rnnworkbench.seq;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;

/**
 * The {@link Tagger}'s forward pass, loss and BPTT for training: the same mathematics, tested against
 * it, without the plain version's allocations and dense one-hot products. Work matrices are kept
 * between calls and grown to the longest batch seen. Two things make it cheaper:
 * <ul>
 *   <li>the input is one-hot, so W·x⟨t⟩ is a copy of one column of W per sequence, and dW += d·x⟨t⟩ᵀ
 *       adds d into one column;</li>
 *   <li>nothing the loss does not need is computed (no ∂L/∂x);</li>
 *   <li>at step t only the columns up to the last sequence still running are computed: the columns
 *       after it are padding, whose outputs nothing reads and whose gradients are zero. A batch sorted
 *       by length, longest first (as {@link TaggerTrainer} builds them), skips every padded step.</li>
 * </ul>
 * The products run on {@link TaggerKernels}.
 * For the GRU the n_a × n_a recurrent blocks of Wz, Wr, Wh (their first n_a columns) are copied into
 * work matrices once per call. Not thread-safe: one instance per thread.
 */
public final class FastTagger {
    private final CellKind cell;
    private final int nA;
    private final int V;

    private DMatrixRMaj[] a = new DMatrixRMaj[0];
    private DMatrixRMaj[] yHat = new DMatrixRMaj[0];
    private DMatrixRMaj[] z = new DMatrixRMaj[0];
    private DMatrixRMaj[] r = new DMatrixRMaj[0];
    private DMatrixRMaj[] hh = new DMatrixRMaj[0];
    private DMatrixRMaj[] ra = new DMatrixRMaj[0];
    private int[][] inputs = new int[0][0];
    /** active[t]: 1 + the last sequence with a character at step t; columns from there on are skipped. */
    private int[] active = new int[0];

    private final DMatrixRMaj dy = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj da = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj daNext = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj d1 = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj d2 = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj d3 = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj dra = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj WzA;
    private final DMatrixRMaj WrA;
    private final DMatrixRMaj WhA;
    private final DMatrixRMaj dWzA;
    private final DMatrixRMaj dWrA;
    private final DMatrixRMaj dWhA;

    private Batch last;

    /** Work space for a tagger with this cell, hidden size n_a and V characters. */
    public FastTagger(CellKind cell, int nA, int V) {
        if (cell == null) {
            throw new IllegalArgumentException("cell is null");
        }
        this.cell = cell;
        this.nA = org.rnnworkbench.tensor.Shapes.positive("nA", nA);
        this.V = org.rnnworkbench.tensor.Shapes.positive("V", V);
        int k = cell == CellKind.GRU ? nA : 0;
        WzA = new DMatrixRMaj(k, k);
        WrA = new DMatrixRMaj(k, k);
        WhA = new DMatrixRMaj(k, k);
        dWzA = new DMatrixRMaj(k, k);
        dWrA = new DMatrixRMaj(k, k);
        dWhA = new DMatrixRMaj(k, k);
    }

    /** Work space shaped for {@code p}. */
    public static FastTagger of(CellParameters p) {
        return new FastTagger(Tagger.cellOf(p), p.nA(), p.nX());
    }

    /**
     * The loss L of {@link Tagger#forward} for the batch; afterwards {@link #yHat(int)} holds the
     * predictions until the next call.
     */
    public double forward(CellParameters p, Batch batch) {
        check(p, batch);
        int m = batch.m();
        int T = batch.T();
        prepare(m, T);
        readInputs(batch);
        if (cell == CellKind.RNN) {
            forwardRnn(p, m, T);
        } else {
            forwardGru(p, m, T);
        }
        last = batch;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int[] y = batch.targets()[i];
            for (int t = 0; t < batch.lengths()[i]; t++) {
                loss -= Math.log(yHat[t].unsafe_get(y[t], i));
            }
        }
        return loss / m;
    }

    /**
     * ŷ⟨t⟩ (V, m) of the last {@link #forward}; a live work matrix, valid until the next call. Column i
     * is defined for t &lt; length of sequence i only (the steps the loss reads).
     */
    public DMatrixRMaj yHat(int t) {
        if (last == null || t < 0 || t >= last.T()) {
            throw new IllegalArgumentException("t must be in 0.." + (last == null ? -1 : last.T() - 1)
                    + " (the steps of the last forward pass) but was " + t);
        }
        return yHat[t];
    }

    /**
     * Forward and BPTT: returns L and writes ∂L/∂θ for every parameter into {@code gradients}
     * (overwritten; shaped like {@code p}). {@code p}: not modified.
     */
    public double lossAndGradients(CellParameters p, Batch batch, TaggerGradients gradients) {
        if (gradients == null) {
            throw new IllegalArgumentException("gradients is null");
        }
        check(p, batch);
        for (String k : p.names()) {
            org.rnnworkbench.tensor.Shapes.sameShape("d" + k, gradients.get("d" + k), k, p.get(k));
        }
        double loss = forward(p, batch);
        for (String k : gradients.names()) {
            CommonOps_DDRM.fill(gradients.get(k), 0);
        }
        if (cell == CellKind.RNN) {
            backwardRnn(p, batch, gradients);
        } else {
            backwardGru(p, batch, gradients);
        }
        return loss;
    }

    // ---- RNN: a⟨t⟩ = tanh(Waa·a⟨t−1⟩ + Wax·x⟨t⟩ + ba) ------------------------------------------

    private void forwardRnn(CellParameters p, int m, int T) {
        DMatrixRMaj Waa = p.get("Waa");
        DMatrixRMaj Wax = p.get("Wax");
        DMatrixRMaj ba = p.get("ba");
        for (int t = 0; t < T; t++) {
            int c = active[t];
            DMatrixRMaj next = a[t + 1];
            TaggerKernels.mult(Waa, a[t], next, c);
            addInputColumns(Wax, 0, inputs[t], next, c);
            double[] d = next.data;
            for (int i = 0; i < nA; i++) {
                double b = ba.data[i];
                for (int j = i * m, end = j + c; j < end; j++) {
                    d[j] = Math.tanh(d[j] + b);
                }
            }
            output(p.get("Wya"), p.get("by"), next, yHat[t], c);
        }
    }

    private void backwardRnn(CellParameters p, Batch b, TaggerGradients g) {
        int m = b.m();
        DMatrixRMaj Waa = p.get("Waa");
        DMatrixRMaj Wya = p.get("Wya");
        DMatrixRMaj dWaa = g.get("dWaa");
        DMatrixRMaj dWax = g.get("dWax");
        DMatrixRMaj dba = g.get("dba");
        DMatrixRMaj dtanh = d1;
        daNext.reshape(nA, m);
        CommonOps_DDRM.fill(daNext, 0);
        dtanh.reshape(nA, m);
        for (int t = b.T() - 1; t >= 0; t--) {
            int c = active[t];
            outputGradient(b, t, Wya, a[t + 1], g.get("dWya"), g.get("dby"), c);
            double[] an = a[t + 1].data;
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    dtanh.data[j] = (1 - an[j] * an[j]) * (da.data[j] + daNext.data[j]);
                }
            }
            TaggerKernels.multAddTransB(dtanh, a[t], dWaa, c);
            addRowSums(dtanh, dba, c);
            scatterInputColumns(dtanh, inputs[t], dWax, 0, c);
            TaggerKernels.multTransA(Waa, dtanh, daNext, c, false);
        }
    }

    // ---- GRU: z, r = σ(W·[a; x]), h̃ = tanh(Wh·[r⊙a; x]), a' = (1−z)⊙a + z⊙h̃ --------------------

    private void forwardGru(CellParameters p, int m, int T) {
        DMatrixRMaj Wz = p.get("Wz");
        DMatrixRMaj Wr = p.get("Wr");
        DMatrixRMaj Wh = p.get("Wh");
        CommonOps_DDRM.extract(Wz, 0, nA, 0, nA, WzA, 0, 0);
        CommonOps_DDRM.extract(Wr, 0, nA, 0, nA, WrA, 0, 0);
        CommonOps_DDRM.extract(Wh, 0, nA, 0, nA, WhA, 0, 0);
        for (int t = 0; t < T; t++) {
            int c = active[t];
            DMatrixRMaj aPrev = a[t];
            TaggerKernels.mult(WzA, aPrev, z[t], c);
            addInputColumns(Wz, nA, inputs[t], z[t], c);
            sigmoid(z[t], c);
            TaggerKernels.mult(WrA, aPrev, r[t], c);
            addInputColumns(Wr, nA, inputs[t], r[t], c);
            sigmoid(r[t], c);
            double[] rt = r[t].data;
            double[] ap = aPrev.data;
            double[] rat = ra[t].data;
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    rat[j] = rt[j] * ap[j];
                }
            }
            TaggerKernels.mult(WhA, ra[t], hh[t], c);
            addInputColumns(Wh, nA, inputs[t], hh[t], c);
            double[] h = hh[t].data;
            double[] zt = z[t].data;
            double[] an = a[t + 1].data;
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    h[j] = Math.tanh(h[j]);
                    an[j] = (1 - zt[j]) * ap[j] + zt[j] * h[j];
                }
            }
            output(p.get("Wy"), p.get("by"), a[t + 1], yHat[t], c);
        }
    }

    private void backwardGru(CellParameters p, Batch b, TaggerGradients g) {
        int m = b.m();
        DMatrixRMaj dz = d1;
        DMatrixRMaj dhh = d2;
        DMatrixRMaj dr = d3;
        dz.reshape(nA, m);
        dhh.reshape(nA, m);
        dr.reshape(nA, m);
        dra.reshape(nA, m);
        daNext.reshape(nA, m);
        CommonOps_DDRM.fill(daNext, 0);
        CommonOps_DDRM.fill(dWzA, 0);
        CommonOps_DDRM.fill(dWrA, 0);
        CommonOps_DDRM.fill(dWhA, 0);
        DMatrixRMaj dWz = g.get("dWz");
        DMatrixRMaj dWr = g.get("dWr");
        DMatrixRMaj dWh = g.get("dWh");
        // Going back in time the active columns only grow, so a column's daNext is still the zero of the
        // fill above when it first becomes active: nothing flows back from steps after its end.
        for (int t = b.T() - 1; t >= 0; t--) {
            int c = active[t];
            outputGradient(b, t, p.get("Wy"), a[t + 1], g.get("dWy"), g.get("dby"), c);
            double[] dA = da.data;
            double[] dN = daNext.data;
            double[] ap = a[t].data;
            double[] zt = z[t].data;
            double[] h = hh[t].data;
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    double total = dA[j] + dN[j];
                    dA[j] = total;
                    dz.data[j] = total * (h[j] - ap[j]) * zt[j] * (1 - zt[j]);
                    dhh.data[j] = total * zt[j] * (1 - h[j] * h[j]);
                }
            }
            TaggerKernels.multAddTransB(dhh, ra[t], dWhA, c);
            scatterInputColumns(dhh, inputs[t], dWh, nA, c);
            TaggerKernels.multTransA(WhA, dhh, dra, c, false);
            double[] rt = r[t].data;
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    dr.data[j] = dra.data[j] * ap[j] * rt[j] * (1 - rt[j]);
                }
            }
            TaggerKernels.multAddTransB(dz, a[t], dWzA, c);
            scatterInputColumns(dz, inputs[t], dWz, nA, c);
            TaggerKernels.multAddTransB(dr, a[t], dWrA, c);
            scatterInputColumns(dr, inputs[t], dWr, nA, c);
            // aPrev is reached four ways: the carry (1 − z), the reset product, and both gates.
            TaggerKernels.multTransA(WzA, dz, daNext, c, false);
            TaggerKernels.multTransA(WrA, dr, daNext, c, true);
            for (int i = 0; i < nA; i++) {
                for (int j = i * m, end = j + c; j < end; j++) {
                    dN[j] += dA[j] * (1 - zt[j]) + dra.data[j] * rt[j];
                }
            }
        }
        CommonOps_DDRM.insert(dWzA, dWz, 0, 0);
        CommonOps_DDRM.insert(dWrA, dWr, 0, 0);
        CommonOps_DDRM.insert(dWhA, dWh, 0, 0);
    }

    // ---- shared pieces ----------------------------------------------------------------------------

    /** out (V, m) = softmax(Wy·a + by), column by column, in the first c columns. */
    private static void output(DMatrixRMaj Wy, DMatrixRMaj by, DMatrixRMaj a, DMatrixRMaj out, int c) {
        TaggerKernels.mult(Wy, a, out, c);
        int rows = out.numRows;
        int m = out.numCols;
        double[] o = out.data;
        for (int k = 0; k < rows; k++) {
            double b = by.data[k];
            for (int j = k * m, end = j + c; j < end; j++) {
                o[j] += b;
            }
        }
        for (int i = 0; i < c; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < rows; k++) {
                max = Math.max(max, o[k * m + i]);
            }
            double sum = 0;
            for (int k = 0; k < rows; k++) {
                double e = Math.exp(o[k * m + i] - max);
                o[k * m + i] = e;
                sum += e;
            }
            for (int k = 0; k < rows; k++) {
                o[k * m + i] /= sum;
            }
        }
    }

    /**
     * dy = (ŷ⟨t⟩ − onehot(y⟨t⟩))/m, zero on padded steps; dWy += dy·a⟨t⟩ᵀ, dby += Σ_columns dy, and
     * leaves da = Wyᵀ·dy; all in the first c columns.
     */
    private void outputGradient(Batch b, int t, DMatrixRMaj Wy, DMatrixRMaj at, DMatrixRMaj dWy, DMatrixRMaj dby,
            int c) {
        int m = b.m();
        dy.reshape(V, m);
        double scale = 1.0 / m;
        double[] y = yHat[t].data;
        for (int i = 0; i < c; i++) {
            if (t < b.lengths()[i]) {
                for (int k = 0; k < V; k++) {
                    dy.data[k * m + i] = y[k * m + i];
                }
                dy.data[b.targets()[i][t] * m + i] -= 1;
                for (int k = 0; k < V; k++) {
                    dy.data[k * m + i] *= scale;
                }
            } else {
                for (int k = 0; k < V; k++) {
                    dy.data[k * m + i] = 0;
                }
            }
        }
        TaggerKernels.multAddTransB(dy, at, dWy, c);
        addRowSums(dy, dby, c);
        da.reshape(nA, m);
        TaggerKernels.multTransA(Wy, dy, da, c, false);
    }

    /** out[:, i] += W[:, offset + inputs[i]] for every sequence i &lt; c with an input at this step. */
    private static void addInputColumns(DMatrixRMaj W, int offset, int[] inputs, DMatrixRMaj out, int c) {
        int m = out.numCols;
        int cols = W.numCols;
        for (int i = 0; i < c; i++) {
            int x = inputs[i];
            if (x < 0) {
                continue;
            }
            for (int k = 0, rows = out.numRows; k < rows; k++) {
                out.data[k * m + i] += W.data[k * cols + offset + x];
            }
        }
    }

    /** dW[:, offset + inputs[i]] += d[:, i] for i &lt; c: the product d·xᵀ with one-hot x. */
    private static void scatterInputColumns(DMatrixRMaj d, int[] inputs, DMatrixRMaj dW, int offset, int c) {
        int m = d.numCols;
        int cols = dW.numCols;
        for (int i = 0; i < c; i++) {
            int x = inputs[i];
            if (x < 0) {
                continue;
            }
            for (int k = 0, rows = d.numRows; k < rows; k++) {
                dW.data[k * cols + offset + x] += d.data[k * m + i];
            }
        }
    }

    private static void addRowSums(DMatrixRMaj d, DMatrixRMaj out, int c) {
        int m = d.numCols;
        for (int k = 0; k < d.numRows; k++) {
            double s = 0;
            for (int j = k * m, end = j + c; j < end; j++) {
                s += d.data[j];
            }
            out.data[k] += s;
        }
    }

    /** x = σ(x) in the first c columns. */
    private static void sigmoid(DMatrixRMaj x, int c) {
        double[] d = x.data;
        int m = x.numCols;
        for (int i = 0; i < x.numRows; i++) {
            for (int j = i * m, end = j + c; j < end; j++) {
                d[j] = 1 / (1 + Math.exp(-d[j]));
            }
        }
    }

    /**
     * The input index of every sequence at every step (−1 on padded steps), read from the one-hot x, and
     * the active columns of every step.
     */
    private void readInputs(Batch b) {
        int m = b.m();
        int[] lengths = b.lengths();
        for (int t = 0; t < b.T(); t++) {
            int c = m;
            while (c > 0 && lengths[c - 1] <= t) {
                c--;
            }
            active[t] = c;
        }
        for (int t = 0; t < b.T(); t++) {
            DMatrixRMaj xt = b.x().slice(t);
            int[] row = inputs[t];
            Arrays.fill(row, 0, m, -1);
            for (int k = 0; k < V; k++) {
                for (int i = 0; i < m; i++) {
                    if (xt.data[k * m + i] != 0) {
                        row[i] = k;
                    }
                }
            }
        }
    }

    private void prepare(int m, int T) {
        if (a.length < T + 1) {
            a = grow(a, T + 1);
            yHat = grow(yHat, T);
            if (cell == CellKind.GRU) {
                z = grow(z, T);
                r = grow(r, T);
                hh = grow(hh, T);
                ra = grow(ra, T);
            }
        }
        if (inputs.length < T || (T > 0 && inputs[0].length < m)) {
            inputs = new int[Math.max(T, inputs.length)][Math.max(m, inputs.length == 0 ? 0 : inputs[0].length)];
        }
        if (active.length < T) {
            active = new int[T];
        }
        for (int t = 0; t <= T; t++) {
            a[t].reshape(nA, m);
        }
        CommonOps_DDRM.fill(a[0], 0);
        for (int t = 0; t < T; t++) {
            yHat[t].reshape(V, m);
            if (cell == CellKind.GRU) {
                z[t].reshape(nA, m);
                r[t].reshape(nA, m);
                hh[t].reshape(nA, m);
                ra[t].reshape(nA, m);
            }
        }
    }

    private static DMatrixRMaj[] grow(DMatrixRMaj[] old, int n) {
        DMatrixRMaj[] out = Arrays.copyOf(old, Math.max(n, old.length));
        for (int t = old.length; t < out.length; t++) {
            out[t] = new DMatrixRMaj(1, 1);
        }
        return out;
    }

    private void check(CellParameters p, Batch batch) {
        if (Tagger.cellOf(p) != cell || p.nA() != nA || p.nX() != V || p.nY() != V) {
            throw new IllegalArgumentException("this work space is for a " + cell + " with n_a = " + nA + " and V = " + V
                    + " but the parameters are a " + Tagger.cellOf(p) + " with n_a = " + p.nA() + ", n_x = " + p.nX()
                    + ", n_y = " + p.nY());
        }
        if (batch == null) {
            throw new IllegalArgumentException("batch is null");
        }
        if (batch.x().n() != V) {
            throw new IllegalArgumentException("the batch's x is " + org.rnnworkbench.tensor.Shapes.of(batch.x())
                    + " but the parameters read V = " + V + " characters; x must have " + V + " rows");
        }
    }
}
