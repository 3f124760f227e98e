package org.rnnworkbench.train;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.lm.CharGru;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.GruLmGradients;
import org.rnnworkbench.tensor.Shapes;

/**
 * The GRU language model's training step, {@link CharGru#optimize}, without allocation: the same
 * forward pass, backpropagation through time, clipping and SGD update, on parameters and
 * workspaces held here and sized once for the longest example. The hidden state is carried from
 * one call to the next, as the training loop carries it. The GRU counterpart of {@link FastCharRnn}.
 *
 * <p>Each of {@code Wz, Wr, Wh (n_a, n_a + n_x)} acts on {@code [a; x]} and is kept in two parts:
 * the recurrent columns {@code W[:, :n_a]} and the input columns {@code W[:, n_a:]}, the latter
 * transposed, so that a one-hot input reads one contiguous row and its gradient adds to one row.
 * What makes it fast, for an example of T steps:
 * <ul>
 *   <li>only the recurrent products run step by step: {@code [Wz; Wr]·a⟨t−1⟩} as one product of the
 *       stacked gates, {@code Wh·(r⊙a⟨t−1⟩)} forward; {@code Whᵀ·dh̃} and {@code [Wz; Wr]ᵀ·[dz; dr]}
 *       backward;</li>
 *   <li>{@code Wy·[a⟨1⟩ … a⟨T⟩]}, {@code Wyᵀ·[dy⟨1⟩ … dy⟨T⟩]}, {@code dWy = Σ dy·aᵀ} and the
 *       recurrent gradient sums {@code d[Wz; Wr] = Σ [dz; dr]·a⟨t−1⟩ᵀ}, {@code dWh = Σ dh̃·(r⊙a⟨t−1⟩)ᵀ}
 *       are matrix–matrix products over the stacked time steps ({@link Kernels});</li>
 *   <li>the recurrent parts and Wy are also kept transposed, refreshed after each update, so that
 *       every product runs in the vectorisable axpy form; clipping and the update visit only the
 *       input columns the example used (the others have zero gradient);</li>
 *   <li>the activations over whole vectors ({@link Kernels#tanh}, {@link Kernels#sigmoid}): with the
 *       scalar kernels {@link FastMath#tanh} for h̃ and {@code 1/(1 + exp(−x))} for the gates
 *       ({@link Math#exp} is an intrinsic), the plain cell's formula, so they equal its gates bit for bit;</li>
 *   <li>the norms in one pass over the gradients, then clipping and the update in one more.</li>
 * </ul>
 * Results equal {@link CharGru#optimize}'s to rounding (sums are taken in another order); the
 * tests compare them on random shapes.
 */
public final class FastCharGru implements StepEngine<GruParameters> {
    /** The five gradients, in {@link GruLmGradients#NAMES} order. */
    static final int DWZ = 0;
    static final int DWR = 1;
    static final int DWH = 2;
    static final int DWY = 3;
    static final int DBY = 4;

    private final int nA;
    private final int nX;
    private final int nY;
    private final int maxLength;

    // Parameters. wzr (2n_a, n_a): rows 0..n_a−1 are Wz[:, :n_a], rows n_a..2n_a−1 are Wr[:, :n_a].
    final double[][] wzr;
    final double[][] wzrT;
    final double[][] wh;
    final double[][] whT;
    /** Input columns as rows: wzxT[j] = Wz[:, n_a + j]. */
    final double[][] wzxT;
    final double[][] wrxT;
    final double[][] whxT;
    final double[][] wy;
    final double[][] wyT;
    final double[] by;
    private final double[][] byRow;

    // Gradients of the last step, before clipping, in the same layout.
    final double[][] dWzr;
    final double[][] dWh;
    final double[][] dWzxT;
    final double[][] dWrxT;
    final double[][] dWhxT;
    final double[][] dWy;
    final double[] dby;
    private final double[][] dbyRow;

    // Workspaces: a[0] is the state carried in, a[t + 1] = a⟨t⟩. gates[t] holds [z; r] pre-activations,
    // then [z; r], then [dz; dr]; h[t] holds h̃⟨t⟩, then dh̃ (gradient of the pre-activation);
    // ra[t] = r⟨t⟩ ⊙ a⟨t−1⟩; y[t] holds the logits, then ŷ⟨t⟩, then dy⟨t⟩; d[t] holds Wyᵀ·dy⟨t⟩, then
    // the part of daPrev that needs no product.
    private final double[][] a;
    private final double[][] gates;
    private final double[][] h;
    private final double[][] ra;
    private final double[][] y;
    private final double[][] d;
    private final double[] daNext;
    private final double[] dra;
    private final double[] zeroInput;
    /** usedStamp[ix] == stamp when input ix occurs in the current example. */
    private final int[] usedStamp;
    private final int[] used;
    private int usedCount;
    private int stamp;

    private final BlockClipUpdate clip;
    private int pendingLength;
    private int lastLength;
    /** The clipping bound the last step applied ({@code +∞}: none). */
    private double lastMaxValue = Double.NaN;

    /**
     * Workspaces for examples of up to {@code maxLength} steps, starting from a copy of
     * {@code parameters} (not modified) and the zero hidden state.
     */
    public FastCharGru(GruParameters parameters, int maxLength) {
        Objects.requireNonNull(parameters, "parameters");
        Shapes.positive("maxLength", maxLength);
        nA = parameters.nA();
        nX = parameters.nX();
        nY = parameters.nY();
        this.maxLength = maxLength;
        wzr = new double[2 * nA][nA];
        wzrT = new double[nA][2 * nA];
        wh = new double[nA][nA];
        whT = new double[nA][nA];
        wzxT = new double[nX][nA];
        wrxT = new double[nX][nA];
        whxT = new double[nX][nA];
        wy = new double[nY][nA];
        wyT = new double[nA][nY];
        by = new double[nY];
        byRow = new double[][] {by};
        dWzr = new double[2 * nA][nA];
        dWh = new double[nA][nA];
        dWzxT = new double[nX][nA];
        dWrxT = new double[nX][nA];
        dWhxT = new double[nX][nA];
        dWy = new double[nY][nA];
        dby = new double[nY];
        dbyRow = new double[][] {dby};
        a = new double[maxLength + 1][nA];
        gates = new double[maxLength][2 * nA];
        h = new double[maxLength][nA];
        ra = new double[maxLength][nA];
        y = new double[maxLength][nY];
        d = new double[maxLength][nA];
        daNext = new double[nA];
        dra = new double[nA];
        zeroInput = new double[2 * nA];
        usedStamp = new int[nX];
        used = new int[maxLength];
        clip = new BlockClipUpdate(5, 8, Math.max(Math.max(nA, nY), maxLength), Math.max(nA, nY));
        setParameters(parameters);
    }

    /** Hidden size n_a. */
    public int nA() {
        return nA;
    }

    /** Input size n_x (the vocabulary size). */
    public int nX() {
        return nX;
    }

    /** Output size n_y (the vocabulary size). */
    public int nY() {
        return nY;
    }

    /** The longest sequence a step accepts. */
    public int maxLength() {
        return maxLength;
    }

    /** Replaces the parameters with a copy of {@code p} (not modified); shapes must match. */
    public void setParameters(GruParameters p) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("Wz", p.Wz(), nA, nA + nX);
        Shapes.require("Wy", p.Wy(), nY, nA);
        for (int i = 0; i < nA; i++) {
            for (int j = 0; j < nA; j++) {
                wzr[i][j] = p.Wz().unsafe_get(i, j);
                wzr[nA + i][j] = p.Wr().unsafe_get(i, j);
                wh[i][j] = p.Wh().unsafe_get(i, j);
            }
            for (int j = 0; j < nX; j++) {
                wzxT[j][i] = p.Wz().unsafe_get(i, nA + j);
                wrxT[j][i] = p.Wr().unsafe_get(i, nA + j);
                whxT[j][i] = p.Wh().unsafe_get(i, nA + j);
            }
        }
        for (int k = 0; k < nY; k++) {
            for (int j = 0; j < nA; j++) {
                wy[k][j] = p.Wy().unsafe_get(k, j);
            }
            by[k] = p.by().data[k];
        }
        refreshTransposes();
    }

    /** Writes the current parameters into {@code out} (modified; shapes must match). */
    @Override
    public void copyParameters(GruParameters out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.Wz", out.Wz(), nA, nA + nX);
        Shapes.require("out.Wy", out.Wy(), nY, nA);
        for (int i = 0; i < nA; i++) {
            for (int j = 0; j < nA; j++) {
                out.Wz().unsafe_set(i, j, wzr[i][j]);
                out.Wr().unsafe_set(i, j, wzr[nA + i][j]);
                out.Wh().unsafe_set(i, j, wh[i][j]);
            }
            for (int j = 0; j < nX; j++) {
                out.Wz().unsafe_set(i, nA + j, wzxT[j][i]);
                out.Wr().unsafe_set(i, nA + j, wrxT[j][i]);
                out.Wh().unsafe_set(i, nA + j, whxT[j][i]);
            }
        }
        for (int k = 0; k < nY; k++) {
            for (int j = 0; j < nA; j++) {
                out.Wy().unsafe_set(k, j, wy[k][j]);
            }
            out.by().data[k] = by[k];
        }
    }

    /** A copy of the current parameters. */
    public GruParameters parameters() {
        GruParameters p = GruParameters.zeros(nA, nX, nY);
        copyParameters(p);
        return p;
    }

    /**
     * Writes the gradients of the last step into {@code out} (modified), clipped to the bound that
     * step applied ({@code +∞} after a step without clipping).
     */
    public void copyGradients(GruLmGradients out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.dWz", out.dWz(), nA, nA + nX);
        Shapes.require("out.dWy", out.dWy(), nY, nA);
        if (lastLength == 0) {
            throw new IllegalStateException("no step has been taken yet");
        }
        for (int which = 0; which < 5; which++) {
            DMatrixRMaj m = out.get(GruLmGradients.NAMES.get(which));
            int cols = m.numCols;
            for (int i = 0; i < m.numRows; i++) {
                for (int j = 0; j < cols; j++) {
                    m.data[i * cols + j] = ClipUpdate.clamp(gradientEntry(which, i, j), lastMaxValue);
                }
            }
        }
    }

    /** Sets the hidden state carried into the next step, aPrev (n_a, 1) (not modified). */
    @Override
    public void setHiddenState(DMatrixRMaj aPrev) {
        Shapes.require("aPrev", aPrev, nA, 1);
        System.arraycopy(aPrev.data, 0, a[0], 0, nA);
    }

    /** Writes the hidden state that the next step starts from (after a step: its last state) into {@code out} (n_a, 1). */
    @Override
    public void hiddenState(DMatrixRMaj out) {
        Shapes.require("out", out, nA, 1);
        System.arraycopy(a[0], 0, out.data, 0, nA);
    }

    /**
     * The Frobenius norms of the last step's gradients in {@link GruLmGradients#NAMES} order, before
     * clipping, written into {@code out[offset..offset+5)}.
     */
    @Override
    public void normsBeforeClip(double[] out, int offset) {
        clip.copyNorms(false, out, offset);
    }

    /** The same norms after clipping. */
    @Override
    public void normsAfterClip(double[] out, int offset) {
        clip.copyNorms(true, out, offset);
    }

    /** How many gradient entries the last step clipped. */
    @Override
    public int clippedCount() {
        return clip.clipped();
    }

    /** Total number of gradient entries (the denominator of the clipped share). */
    @Override
    public int gradientSize() {
        return 3 * entries(DWZ) + entries(DWY) + entries(DBY);
    }

    /** The number of entries of gradient {@code which}. */
    @Override
    public int entries(int which) {
        return switch (which) {
            case DWZ, DWR, DWH -> nA * (nA + nX);
            case DWY -> nY * nA;
            default -> nY;
        };
    }

    /**
     * One training step on the example {@code (X, Y)} from the carried hidden state: forward,
     * backward, clipping of every gradient entry to {@code [−maxValue, maxValue]} ({@code +∞}: no
     * clipping), and {@code W −= learningRate·dW}. Returns the loss before the update; afterwards the
     * carried state is the example's last hidden state. {@code X[t]} is a character index or
     * {@link CharRnn#NONE} (the zero input); {@code Y[t]} a character index. Like
     * {@link CharGru#optimize} it applies the step whatever the numbers are; {@link FastGruTrainer}
     * checks them in between.
     */
    public double optimize(int[] X, int[] Y, double learningRate, double maxValue) {
        FastCharRnn.checkRates(learningRate, maxValue);
        double loss = lossAndGradients(X, Y);
        measureGradients();
        update(learningRate, maxValue);
        return loss;
    }

    /** The first half of a step: loss and gradients; parameters and carried state unchanged. */
    @Override
    public double lossAndGradients(int[] X, int[] Y) {
        int T = FastCharRnn.checkExample(X, Y, nX, nY, maxLength);
        double loss = forward(X, Y, T);
        backward(X, T);
        pendingLength = T;
        return loss;
    }

    /** The norms of the pending gradients before clipping; true when all five are finite. */
    @Override
    public boolean measureGradients() {
        clip.startMeasure();
        clip.measure(0, DWZ, dWzr, 0, null, nA, nA);
        clip.measure(1, DWZ, dWzxT, 0, used, usedCount, nA);
        clip.measure(2, DWR, dWzr, nA, null, nA, nA);
        clip.measure(3, DWR, dWrxT, 0, used, usedCount, nA);
        clip.measure(4, DWH, dWh, 0, null, nA, nA);
        clip.measure(5, DWH, dWhxT, 0, used, usedCount, nA);
        clip.measure(6, DWY, dWy, 0, null, nY, nA);
        clip.measure(7, DBY, dbyRow, 0, null, 1, nY);
        return Double.isFinite(clip.sumOfSquaresBefore());
    }

    /**
     * The second half: clip to {@code c}, {@code W −= lr·clip(dW)}, carry the hidden state on.
     * {@link #lossAndGradients} and {@link #measureGradients} must come first.
     */
    @Override
    public void update(double lr, double c) {
        clip.startUpdate();
        clip.update(0, DWZ, dWzr, wzr, 0, null, nA, nA, lr, c);
        clip.update(1, DWZ, dWzxT, wzxT, 0, used, usedCount, nA, lr, c);
        clip.update(2, DWR, dWzr, wzr, nA, null, nA, nA, lr, c);
        clip.update(3, DWR, dWrxT, wrxT, 0, used, usedCount, nA, lr, c);
        clip.update(4, DWH, dWh, wh, 0, null, nA, nA, lr, c);
        clip.update(5, DWH, dWhxT, whxT, 0, used, usedCount, nA, lr, c);
        clip.update(6, DWY, dWy, wy, 0, null, nY, nA, lr, c);
        clip.update(7, DBY, dbyRow, byRow, 0, null, 1, nY, lr, c);
        refreshTransposes();
        System.arraycopy(a[pendingLength], 0, a[0], 0, nA);
        lastLength = pendingLength;
        lastMaxValue = c;
    }

    private void refreshTransposes() {
        Kernels.transpose(2 * nA, nA, wzr, wzrT);
        Kernels.transpose(nA, nA, wh, whT);
        Kernels.transpose(nY, nA, wy, wyT);
    }

    /** The norm before clipping of gradient {@code which} of the pending step. */
    @Override
    public double gradientNorm(int which) {
        return clip.normBefore(which);
    }

    /**
     * The factor {@code s = min(1, maxNorm/‖g‖)} of global-norm clipping for the pending gradients,
     * {@code ‖g‖} the norm of all five together (as {@link org.rnnworkbench.lm.Clip#globalNorm}); when
     * the squares overflow with every entry finite, taken on the entries divided by the largest
     * magnitude. 1 when there is nothing to scale: {@code maxNorm} {@code +∞}, or a NaN or infinite
     * entry (the divergence check stops on it).
     */
    @Override
    public double globalNormScale(double maxNorm) {
        if (maxNorm == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        double norm = Math.sqrt(clip.sumOfSquaresBefore());
        if (!(norm > maxNorm)) {
            return 1.0;
        }
        if (norm < Double.POSITIVE_INFINITY) {
            return maxNorm / norm;
        }
        double m = 0;
        for (int which = 0; which < 5; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    m = Math.max(m, Math.abs(gradientEntry(which, i, j)));
                }
            }
        }
        if (!(m < Double.POSITIVE_INFINITY)) {
            return 1.0;
        }
        double ss = 0;
        for (int which = 0; which < 5; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    double v = gradientEntry(which, i, j) / m;
                    ss += v * v;
                }
            }
        }
        return maxNorm / m / Math.sqrt(ss);
    }

    /**
     * After {@link #measureGradients}: the first gradient entry (in {@link GruLmGradients#NAMES}
     * order, each matrix in row-major order) that is not finite once clipped to {@code c}, as
     * {@code {which, value}}, or null. With clipping on, ±∞ clips to ±c; NaN stays.
     */
    @Override
    public double[] firstNonFiniteGradient(double c) {
        for (int which = 0; which < 5; which++) {
            if (Double.isFinite(clip.normBefore(which))) {
                continue;
            }
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    double v = ClipUpdate.clamp(gradientEntry(which, i, j), c);
                    if (!Double.isFinite(v)) {
                        return new double[] {which, v};
                    }
                }
            }
        }
        return null;
    }

    /** The largest magnitude of any parameter, for the divergence guard's bound on what an update can reach. */
    @Override
    public double maxAbsParameter() {
        double max = 0;
        for (int which = 0; which < 5; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    max = Math.max(max, Math.abs(parameterEntry(which, i, j)));
                }
            }
        }
        return max;
    }

    /**
     * The first parameter entry (in {@link GruParameters#NAMES} order, row-major) whose update
     * {@code w + (−lr)·clip(dw, c)} is not finite, as {@code {which, value}}, or null.
     */
    @Override
    public double[] firstOverflowingUpdate(double lr, double c) {
        for (int which = 0; which < 5; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    double updated = parameterEntry(which, i, j) + -lr * ClipUpdate.clamp(gradientEntry(which, i, j), c);
                    if (!Double.isFinite(updated)) {
                        return new double[] {which, updated};
                    }
                }
            }
        }
        return null;
    }

    /** Rows of gradient {@code which} in the plain layout. */
    private int rows(int which) {
        return which == DWY || which == DBY ? nY : nA;
    }

    private int cols(int which) {
        return which == DWY ? nA : which == DBY ? 1 : nA + nX;
    }

    /** Entry (i, j) of gradient {@code which} as the plain layout has it; unused input columns are zero. */
    private double gradientEntry(int which, int i, int j) {
        switch (which) {
            case DWZ:
                return j < nA ? dWzr[i][j] : current(j - nA) ? dWzxT[j - nA][i] : 0.0;
            case DWR:
                return j < nA ? dWzr[nA + i][j] : current(j - nA) ? dWrxT[j - nA][i] : 0.0;
            case DWH:
                return j < nA ? dWh[i][j] : current(j - nA) ? dWhxT[j - nA][i] : 0.0;
            case DWY:
                return dWy[i][j];
            default:
                return dby[i];
        }
    }

    private double parameterEntry(int which, int i, int j) {
        switch (which) {
            case DWZ:
                return j < nA ? wzr[i][j] : wzxT[j - nA][i];
            case DWR:
                return j < nA ? wzr[nA + i][j] : wrxT[j - nA][i];
            case DWH:
                return j < nA ? wh[i][j] : whxT[j - nA][i];
            case DWY:
                return wy[i][j];
            default:
                return by[i];
        }
    }

    /** False when input column {@code ix}'s gradient rows hold stale values from an earlier step (it is then zero). */
    private boolean current(int ix) {
        return usedStamp[ix] == stamp;
    }


    /** The gate function, the plain cell's formula: σ(x) = 1/(1 + e^−x). */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Fills a[1..T], gates, ra and h for t < T and y (with dy); returns the loss. */
    private double forward(int[] X, int[] Y, int T) {
        for (int t = 0; t < T; t++) {
            double[] ap = a[t];
            double[] g = gates[t];
            double[] rat = ra[t];
            double[] ht = h[t];
            double[] an = a[t + 1];
            int ix = X[t];
            Kernels.vecMat(2 * nA, nA, ap, wzrT, 0, g);
            double[] zx = ix == CharRnn.NONE ? zeroInput : wzxT[ix];
            double[] rx = ix == CharRnn.NONE ? zeroInput : wrxT[ix];
            double[] hx = ix == CharRnn.NONE ? zeroInput : whxT[ix];
            for (int i = 0; i < nA; i++) {
                g[i] += zx[i];
                g[nA + i] += rx[i];
            }
            Kernels.sigmoid(2 * nA, g, 0);
            for (int i = 0; i < nA; i++) {
                rat[i] = g[nA + i] * ap[i];
            }
            Kernels.vecMat(nA, nA, rat, whT, 0, ht);
            for (int i = 0; i < nA; i++) {
                ht[i] += hx[i];
            }
            Kernels.tanh(nA, ht, 0);
            for (int i = 0; i < nA; i++) {
                double z = g[i];
                an[i] = (1 - z) * ap[i] + z * ht[i];
            }
        }
        Kernels.gemm(T, nY, nA, a, 1, wyT, 0, y, 0, false);
        double loss = 0;
        for (int t = 0; t < T; t++) {
            loss -= Kernels.softmaxOutput(nY, y[t], by, Y[t]);
        }
        return loss;
    }

    /** Gradients from y (= dy) and the forward workspaces. */
    private void backward(int[] X, int T) {
        Kernels.gemmTransA(nY, nA, T, y, 0, a, 1, dWy, 0, false);
        Kernels.gemm(T, nA, nY, y, 0, wy, 0, d, 0, false);
        for (int k = 0; k < nY; k++) {
            dby[k] = 0.0;
        }
        for (int i = 0; i < nA; i++) {
            daNext[i] = 0.0;
        }
        stamp++;
        usedCount = 0;
        for (int t = T - 1; t >= 0; t--) {
            double[] ap = a[t];
            double[] g = gates[t];
            double[] ht = h[t];
            double[] dt = d[t];
            for (int i = 0; i < nA; i++) {
                double da = dt[i] + daNext[i];
                double z = g[i];
                double hh = ht[i];
                // aNext = (1 − z)⊙aPrev + z⊙h̃: the carry, the update gate and the candidate.
                dt[i] = da * (1 - z);
                g[i] = da * (hh - ap[i]) * (z * (1 - z));
                ht[i] = da * z * (1 - hh * hh);
            }
            Kernels.vecMat(nA, nA, ht, wh, 0, dra);
            for (int i = 0; i < nA; i++) {
                double r = g[nA + i];
                g[nA + i] = dra[i] * ap[i] * (r * (1 - r));
                dt[i] += dra[i] * r;
            }
            if (t > 0) {
                // aPrev is reached four ways: the carry and the reset product (in dt), and both gates.
                Kernels.vecMat(nA, 2 * nA, g, wzr, 0, daNext);
                for (int i = 0; i < nA; i++) {
                    daNext[i] = dt[i] + daNext[i];
                }
            }
            Kernels.addRow(nY, 1.0, y[t], dby);
            int ix = X[t];
            if (ix != CharRnn.NONE) {
                if (usedStamp[ix] != stamp) {
                    usedStamp[ix] = stamp;
                    used[usedCount++] = ix;
                    System.arraycopy(g, 0, dWzxT[ix], 0, nA);
                    System.arraycopy(g, nA, dWrxT[ix], 0, nA);
                    System.arraycopy(ht, 0, dWhxT[ix], 0, nA);
                } else {
                    addRowFrom(nA, g, nA, dWrxT[ix]);
                    Kernels.addRow(nA, 1.0, g, dWzxT[ix]);
                    Kernels.addRow(nA, 1.0, ht, dWhxT[ix]);
                }
            }
        }
        Kernels.gemmTransA(2 * nA, nA, T, gates, 0, a, 0, dWzr, 0, false);
        Kernels.gemmTransA(nA, nA, T, h, 0, ra, 0, dWh, 0, false);
    }

    /** c[0..n) += b[offset..offset+n). */
    private static void addRowFrom(int n, double[] b, int offset, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += b[offset + j];
        }
    }
}
