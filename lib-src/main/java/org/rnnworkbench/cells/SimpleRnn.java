package org.rnnworkbench.cells;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Spectral;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The textbook RNN without biases, with a selectable activation σ and a squared-error loss:
 * <pre>
 *   z⟨t⟩ = Wh·h⟨t−1⟩ + Wx·x⟨t⟩
 *   h⟨t⟩ = σ(z⟨t⟩)
 *   ŷ⟨t⟩ = Wy·h⟨t⟩
 *   L    = Σ_t Σ (ŷ⟨t⟩ − y⟨t⟩)²
 * </pre>
 * With 1×1 matrices and σ = identity it is the scalar RNN of the classic BPTT exercise; with an
 * (n_h, n_h) Wh it is the vanilla RNN of the vanishing/exploding gradient experiments. Sequences are
 * (n, m, T) tensors as everywhere in the library; slice t holds step t + 1.
 */
public final class SimpleRnn {
    private SimpleRnn() {}

    /** Wh (n_h, n_h), Wx (n_h, n_x), Wy (n_y, n_h). */
    public record Parameters(DMatrixRMaj Wh, DMatrixRMaj Wx, DMatrixRMaj Wy) {
        public Parameters {
            Shapes.notNull("Wh", Wh);
            Shapes.notNull("Wx", Wx);
            Shapes.notNull("Wy", Wy);
            if (Wh.numRows != Wh.numCols) {
                throw new IllegalArgumentException("Wh is " + Shapes.of(Wh) + " but must be square");
            }
            Shapes.sameRows("Wx", Wx, "Wh", Wh);
            if (Wy.numCols != Wh.numRows) {
                throw new IllegalArgumentException("Wy is " + Shapes.of(Wy) + " but Wh is " + Shapes.of(Wh)
                        + "; Wy must have " + Wh.numRows + " columns");
            }
        }

        /** 1×1 parameters of the scalar exercise. */
        public static Parameters scalar(double Wh, double Wx, double Wy) {
            return new Parameters(new DMatrixRMaj(1, 1, true, Wh), new DMatrixRMaj(1, 1, true, Wx),
                    new DMatrixRMaj(1, 1, true, Wy));
        }

        /** n_h, the hidden size. */
        public int nH() {
            return Wh.numRows;
        }
    }

    /** What the forward pass computed: z, h, ŷ per step, and its inputs (the backward pass needs them). */
    public record Forward(Tensor3 z, Tensor3 h, Tensor3 yHat, Tensor3 x, DMatrixRMaj h0, Parameters parameters,
            Activation activation) {}

    /**
     * Gradients of L: dWh, dWx, dWy like the parameters, dh0 (n_h, m) = ∂L/∂h⟨0⟩, dh (n_h, m, T) the
     * total ∂L/∂h⟨t⟩ (from the step's own output and from every later step), dx (n_x, m, T).
     */
    public record Gradients(DMatrixRMaj dWh, DMatrixRMaj dWx, DMatrixRMaj dWy, DMatrixRMaj dh0, Tensor3 dh,
            Tensor3 dx) {

        /** ‖∂L/∂h⟨t⟩‖ (Frobenius norm over units and examples) for t = 1..T, in a double[T]. */
        public double[] dhNorms() {
            double[] norms = new double[dh.T()];
            for (int t = 0; t < norms.length; t++) {
                norms[t] = NormOps_DDRM.normF(dh.slice(t));
            }
            return norms;
        }
    }

    /** h, ŷ over the sequence x (n_x, m, T) from h0 (n_h, m). */
    public static Forward forward(Tensor3 x, DMatrixRMaj h0, Parameters p, Activation activation) {
        Checks.notNull("parameters", p);
        Checks.notNull("activation", activation);
        Shapes.notNull("x", x);
        Shapes.multipliable("Wx", p.Wx(), "x", x);
        Shapes.require("h0", h0, p.nH(), x.m());

        int nH = p.nH();
        int m = x.m();
        int T = x.T();
        Tensor3 z = new Tensor3(nH, m, T);
        Tensor3 h = new Tensor3(nH, m, T);
        Tensor3 yHat = new Tensor3(p.Wy().numRows, m, T);
        DMatrixRMaj hPrev = h0;
        DMatrixRMaj wxx = new DMatrixRMaj(nH, m);
        for (int t = 0; t < T; t++) {
            DMatrixRMaj zt = z.slice(t);
            CommonOps_DDRM.mult(p.Wh(), hPrev, zt);
            CommonOps_DDRM.mult(p.Wx(), x.slice(t), wxx);
            CommonOps_DDRM.addEquals(zt, wxx);
            DMatrixRMaj ht = h.slice(t);
            for (int i = 0; i < zt.data.length; i++) {
                ht.data[i] = activation.apply(zt.data[i]);
            }
            CommonOps_DDRM.mult(p.Wy(), ht, yHat.slice(t));
            hPrev = ht;
        }
        return new Forward(z, h, yHat, x, h0, p, activation);
    }

    /** L = Σ (ŷ − y)² over all outputs, examples and steps; y (n_y, m, T) like ŷ. */
    public static double loss(Forward f, Tensor3 y) {
        checkTargets(f, y);
        double sum = 0;
        for (int t = 0; t < y.T(); t++) {
            DMatrixRMaj yt = y.slice(t);
            DMatrixRMaj yHatt = f.yHat().slice(t);
            for (int i = 0; i < yt.data.length; i++) {
                double d = yHatt.data[i] - yt.data[i];
                sum += d * d;
            }
        }
        return sum;
    }

    /** BPTT for the squared-error loss against y (n_y, m, T): ∂L/∂ŷ⟨t⟩ = 2·(ŷ⟨t⟩ − y⟨t⟩). */
    public static Gradients backward(Forward f, Tensor3 y) {
        checkTargets(f, y);
        Tensor3 dyHat = new Tensor3(y.n(), y.m(), y.T());
        for (int t = 0; t < y.T(); t++) {
            CommonOps_DDRM.subtract(f.yHat().slice(t), y.slice(t), dyHat.slice(t));
            CommonOps_DDRM.scale(2, dyHat.slice(t));
        }
        return backward(f, dyHat, null);
    }

    /**
     * BPTT for a loss that reads the hidden states only, given dhOutside (n_h, m, T) = its gradient with
     * respect to each h⟨t⟩ (e.g. zero except at the last step); ŷ and Wy play no part (dWy = 0).
     */
    public static Gradients backwardFromHidden(Forward f, Tensor3 dhOutside) {
        Checks.notNull("forward", f);
        Shapes.notNull("dhOutside", dhOutside);
        if (!java.util.Arrays.equals(dhOutside.shape(), f.h().shape())) {
            throw new IllegalArgumentException("dhOutside is " + Shapes.of(dhOutside) + " but h is "
                    + Shapes.of(f.h()) + "; they must match");
        }
        return backward(f, null, dhOutside);
    }

    private static Gradients backward(Forward f, Tensor3 dyHat, Tensor3 dhOutside) {
        Parameters p = f.parameters();
        int nH = p.nH();
        int m = f.x().m();
        int T = f.x().T();
        DMatrixRMaj dWh = new DMatrixRMaj(nH, nH);
        DMatrixRMaj dWx = new DMatrixRMaj(nH, p.Wx().numCols);
        DMatrixRMaj dWy = new DMatrixRMaj(p.Wy().numRows, nH);
        Tensor3 dh = new Tensor3(nH, m, T);
        Tensor3 dx = new Tensor3(p.Wx().numCols, m, T);
        DMatrixRMaj fromLater = new DMatrixRMaj(nH, m);   // Whᵀ·dz⟨t+1⟩, zero after the last step
        DMatrixRMaj dz = new DMatrixRMaj(nH, m);
        DMatrixRMaj tmp = new DMatrixRMaj(1, 1);
        for (int t = T - 1; t >= 0; t--) {
            DMatrixRMaj ht = f.h().slice(t);
            DMatrixRMaj dht = dh.slice(t);
            dht.setTo(fromLater);
            if (dyHat != null) {
                // ŷ⟨t⟩ = Wy·h⟨t⟩: dWy += dŷ·hᵀ, and h⟨t⟩ receives Wyᵀ·dŷ.
                CommonOps_DDRM.multAddTransB(dyHat.slice(t), ht, dWy);
                CommonOps_DDRM.multAddTransA(p.Wy(), dyHat.slice(t), dht);
            }
            if (dhOutside != null) {
                CommonOps_DDRM.addEquals(dht, dhOutside.slice(t));
            }
            DMatrixRMaj zt = f.z().slice(t);
            for (int i = 0; i < dz.data.length; i++) {
                dz.data[i] = f.activation().derivative(zt.data[i]) * dht.data[i];
            }
            DMatrixRMaj hPrev = t == 0 ? f.h0() : f.h().slice(t - 1);
            CommonOps_DDRM.multAddTransB(dz, hPrev, dWh);
            CommonOps_DDRM.multAddTransB(dz, f.x().slice(t), dWx);
            CommonOps_DDRM.multTransA(p.Wx(), dz, dx.slice(t));
            tmp.reshape(nH, m);
            CommonOps_DDRM.multTransA(p.Wh(), dz, tmp);
            fromLater.setTo(tmp);
        }
        return new Gradients(dWh, dWx, dWy, fromLater.copy(), dh, dx);
    }

    /**
     * The upper bound on ‖∂L/∂h⟨t⟩‖, t = 1..T, when the gradient enters at the last step only as
     * dhLast (n_h, m): ‖dhLast‖ · ‖Wh‖₂^(T−t) · ∏_{k=t}^{T−1} max|σ′(z⟨k+1⟩)|. One step back multiplies
     * by Whᵀ·diag(σ′(z⟨k+1⟩)), whose spectral norm is at most ‖Wh‖₂ · max|σ′|; the maximum is taken
     * over all units and examples, so the bound also holds for the Frobenius norm over a batch.
     */
    public static double[] gradientBound(Forward f, DMatrixRMaj dhLast) {
        Checks.notNull("forward", f);
        Shapes.sameShape("dhLast", dhLast, "h0", f.h0());
        int T = f.x().T();
        double whNorm = Spectral.norm(f.parameters().Wh());
        double[] bound = new double[T];
        bound[T - 1] = NormOps_DDRM.normF(dhLast);
        for (int t = T - 2; t >= 0; t--) {
            DMatrixRMaj zNext = f.z().slice(t + 1);
            double maxSlope = 0;
            for (double v : zNext.data) {
                maxSlope = Math.max(maxSlope, Math.abs(f.activation().derivative(v)));
            }
            bound[t] = bound[t + 1] * whNorm * maxSlope;
        }
        return bound;
    }

    private static void checkTargets(Forward f, Tensor3 y) {
        Checks.notNull("forward", f);
        Shapes.notNull("y", y);
        if (!java.util.Arrays.equals(y.shape(), f.yHat().shape())) {
            throw new IllegalArgumentException("y is " + Shapes.of(y) + " but yHat is " + Shapes.of(f.yHat())
                    + "; they must match");
        }
    }
}
