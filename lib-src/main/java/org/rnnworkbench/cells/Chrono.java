package org.rnnworkbench.cells;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * State-keeping ("chrono") gate biases, after Tallec and Ollivier (2018), "Can recurrent neural
 * networks warp time?": a gate that decides how much of the old state survives a step is biased so
 * that, at initialisation, the state is kept for a number of steps drawn between 1 and {@code tMax}.
 * A per-unit value {@code log u}, {@code u ~ U[1, tMax − 1]}, makes σ(log u) = u / (1 + u), so the
 * state decays like (u / (1 + u))ᵗ, a time scale of about u steps.
 *
 * <p>LSTM: the forget gate keeps the memory cell, {@code bf = log u}, and the input gate gets
 * {@code bi = −bf}. GRU: in this library's convention {@code a' = (1 − z)⊙a + z⊙ã} the update gate
 * z lets the candidate in, so keeping the state means z near 0: {@code bz = −log u}. The Part A GRU
 * has no gate biases, so the bias is given as a weight on one extra, constant input of 1
 * ({@link #gruWithUpdateBias}, {@link #withConstantInput}): a bias is exactly that.
 */
public final class Chrono {
    private Chrono() {}

    /** log u (n_a, 1), u drawn uniformly from [1, tMax − 1] with {@code rng} (tMax > 2). */
    public static DMatrixRMaj logTimeScales(int nA, double tMax, NumpyRandom rng) {
        Shapes.positive("nA", nA);
        Objects.requireNonNull(rng, "rng");
        if (!(tMax > 2) || Double.isInfinite(tMax)) {
            throw new IllegalArgumentException("tMax must be a finite number above 2 but was " + tMax);
        }
        DMatrixRMaj b = new DMatrixRMaj(nA, 1);
        for (int i = 0; i < nA; i++) {
            b.data[i] = Math.log(1 + (tMax - 2) * rng.rand());
        }
        return b;
    }

    /** A copy of {@code p} with {@code bf = logTimeScales} and {@code bi = −bf} (the other parameters copied unchanged). */
    public static LstmParameters lstm(LstmParameters p, double tMax, NumpyRandom rng) {
        Objects.requireNonNull(p, "parameters");
        LstmParameters out = p.copy();
        DMatrixRMaj bf = logTimeScales(p.nA(), tMax, rng);
        out.bf().setTo(bf);
        CommonOps_DDRM.scale(-1, bf, out.bi());
        return out;
    }

    /**
     * A GRU reading one more input, a constant 1 as the last input row, whose weight in {@code Wz} is
     * {@code bz} (n_a, 1) and in {@code Wr}, {@code Wh} zero: the GRU of {@code p} with an update-gate
     * bias. Feed it {@link #withConstantInput} of the original input.
     */
    public static GruParameters gruWithUpdateBias(GruParameters p, DMatrixRMaj bz) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("bz", bz, p.nA(), 1);
        return new GruParameters(extraColumn(p.Wz(), bz), extraColumn(p.Wr(), null), extraColumn(p.Wh(), null),
                p.Wy().copy(), p.by().copy());
    }

    /** The update-gate bias that keeps the state: {@code −logTimeScales(nA, tMax, rng)}. */
    public static DMatrixRMaj gruUpdateBias(int nA, double tMax, NumpyRandom rng) {
        DMatrixRMaj b = logTimeScales(nA, tMax, rng);
        CommonOps_DDRM.scale(-1, b);
        return b;
    }

    /** x (n_x, m, T) with one more feature row, equal to 1 at every example and step: (n_x + 1, m, T). */
    public static Tensor3 withConstantInput(Tensor3 x) {
        Objects.requireNonNull(x, "x");
        Tensor3 out = new Tensor3(x.n() + 1, x.m(), x.T());
        for (int t = 0; t < x.T(); t++) {
            DMatrixRMaj s = out.slice(t);
            CommonOps_DDRM.insert(x.slice(t), s, 0, 0);
            for (int j = 0; j < x.m(); j++) {
                s.set(x.n(), j, 1);
            }
        }
        return out;
    }

    private static DMatrixRMaj extraColumn(DMatrixRMaj w, DMatrixRMaj column) {
        DMatrixRMaj out = new DMatrixRMaj(w.numRows, w.numCols + 1);
        CommonOps_DDRM.insert(w, out, 0, 0);
        if (column != null) {
            CommonOps_DDRM.insert(column, out, 0, w.numCols);
        }
        return out;
    }
}
