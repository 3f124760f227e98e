package org.rnnworkbench.train;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.lm.CharLstm;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.LstmLmGradients;
import org.rnnworkbench.tensor.Shapes;

/**
 * The LSTM language model's training step, {@link CharLstm#optimize}, without allocation: the same
 * forward pass, backpropagation through time, clipping and SGD update, on parameters and workspaces
 * held here and sized once for the longest example. The hidden state and the memory cell are carried
 * from one call to the next, as the training loop carries them. The LSTM counterpart of
 * {@link FastCharGru}.
 *
 * <p>Each gate matrix {@code Wf, Wi, Wc, Wo (n_a, n_a + n_x)} acts on {@code [a; x]}. The recurrent
 * columns of the four are stacked into one {@code (4n_a, n_a)} matrix, so a step needs one
 * matrix–vector product forward ({@code [Wf; Wi; Wc; Wo]·a⟨t−1⟩}) and one backward
 * ({@code [Wf; Wi; Wc; Wo]ᵀ·[df; di; dc̃; do]}); the input columns are kept transposed, one row per
 * character, so a one-hot input reads one row per gate and its gradient adds to one row. As in the GRU
 * loop, {@code Wy·[a⟨1⟩ … a⟨T⟩]}, {@code Wyᵀ·[dy⟨1⟩ … dy⟨T⟩]}, {@code dWy} and the recurrent gradient
 * {@code Σ_t [df; di; dc̃; do]⟨t⟩·a⟨t−1⟩ᵀ} are products over the stacked time steps, and the
 * activations run over whole vectors ({@link Kernels#sigmoid}, {@link Kernels#tanh}).
 * Results equal {@link CharLstm#optimize}'s to rounding (sums are taken in another order); the tests
 * compare them on random shapes.
 */
public final class FastCharLstm implements StepEngine<LstmParameters> {
    /** Gradients in {@link LstmLmGradients#NAMES} order: dW and db of gate g are 2g and 2g + 1. */
    static final int DWY = 8;
    static final int DBY = 9;
    private static final int GRADIENTS = 10;

    private final int nA;
    private final int nX;
    private final int nY;
    private final int maxLength;

    // Parameters. wr (4n_a, n_a): rows g·n_a .. (g+1)·n_a − 1 are W_g[:, :n_a], gates f, i, c, o.
    final double[][] wr;
    final double[][] wrT;
    /** Input columns as rows: wxT[g][j] = W_g[:, n_a + j]. */
    final double[][][] wxT;
    /** b[g] = b_g. */
    final double[][] b;
    final double[][] wy;
    final double[][] wyT;
    final double[] by;
    private final double[][] byRow;

    // Gradients of the last step, before clipping, in the same layout.
    final double[][] dWr;
    final double[][][] dWxT;
    final double[][] db;
    final double[][] dWy;
    final double[] dby;
    private final double[][] dbyRow;

    // Workspaces: a[0], c[0] are the states carried in, a[t + 1] = a⟨t⟩, c[t + 1] = c⟨t⟩. gates[t]
    // holds the pre-activations, then [f; i; c̃; o], then [df; di; dc̃; do] (gradients of the
    // pre-activations); tc[t] = tanh(c⟨t⟩); y[t] holds the logits, then ŷ⟨t⟩, then dy⟨t⟩; d[t] holds
    // Wyᵀ·dy⟨t⟩.
    private final double[][] a;
    private final double[][] c;
    private final double[][] gates;
    private final double[][] tc;
    private final double[][] y;
    private final double[][] d;
    private final double[] daNext;
    private final double[] dcNext;
    private final double[] zeroInput;
    private final double[][] zeroInputs;
    private final double[][] inputRows = new double[4][];
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
     * {@code parameters} (not modified), the zero hidden state and the zero memory cell.
     */
    public FastCharLstm(LstmParameters parameters, int maxLength) {
        Objects.requireNonNull(parameters, "parameters");
        Shapes.positive("maxLength", maxLength);
        nA = parameters.nA();
        nX = parameters.nX();
        nY = parameters.nY();
        this.maxLength = maxLength;
        wr = new double[4 * nA][nA];
        wrT = new double[nA][4 * nA];
        wxT = new double[4][nX][nA];
        b = new double[4][nA];
        wy = new double[nY][nA];
        wyT = new double[nA][nY];
        by = new double[nY];
        byRow = new double[][] {by};
        dWr = new double[4 * nA][nA];
        dWxT = new double[4][nX][nA];
        db = new double[4][nA];
        dWy = new double[nY][nA];
        dby = new double[nY];
        dbyRow = new double[][] {dby};
        a = new double[maxLength + 1][nA];
        c = new double[maxLength + 1][nA];
        gates = new double[maxLength][4 * nA];
        tc = new double[maxLength][nA];
        y = new double[maxLength][nY];
        d = new double[maxLength][nA];
        daNext = new double[nA];
        dcNext = new double[nA];
        zeroInput = new double[nA];
        zeroInputs = new double[][] {zeroInput, zeroInput, zeroInput, zeroInput};
        usedStamp = new int[nX];
        used = new int[maxLength];
        clip = new BlockClipUpdate(GRADIENTS, 14, Math.max(Math.max(nA, nY), maxLength), Math.max(nA, nY));
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

    private static DMatrixRMaj gateMatrix(LstmParameters p, int g) {
        return switch (g) {
            case 0 -> p.Wf();
            case 1 -> p.Wi();
            case 2 -> p.Wc();
            default -> p.Wo();
        };
    }

    private static DMatrixRMaj gateBias(LstmParameters p, int g) {
        return switch (g) {
            case 0 -> p.bf();
            case 1 -> p.bi();
            case 2 -> p.bc();
            default -> p.bo();
        };
    }

    /** Replaces the parameters with a copy of {@code p} (not modified); shapes must match. */
    public void setParameters(LstmParameters p) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("Wf", p.Wf(), nA, nA + nX);
        Shapes.require("Wy", p.Wy(), nY, nA);
        for (int g = 0; g < 4; g++) {
            DMatrixRMaj w = gateMatrix(p, g);
            for (int i = 0; i < nA; i++) {
                for (int j = 0; j < nA; j++) {
                    wr[g * nA + i][j] = w.unsafe_get(i, j);
                }
                for (int j = 0; j < nX; j++) {
                    wxT[g][j][i] = w.unsafe_get(i, nA + j);
                }
                b[g][i] = gateBias(p, g).data[i];
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
    public void copyParameters(LstmParameters out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.Wf", out.Wf(), nA, nA + nX);
        Shapes.require("out.Wy", out.Wy(), nY, nA);
        for (int g = 0; g < 4; g++) {
            DMatrixRMaj w = gateMatrix(out, g);
            for (int i = 0; i < nA; i++) {
                for (int j = 0; j < nA; j++) {
                    w.unsafe_set(i, j, wr[g * nA + i][j]);
                }
                for (int j = 0; j < nX; j++) {
                    w.unsafe_set(i, nA + j, wxT[g][j][i]);
                }
                gateBias(out, g).data[i] = b[g][i];
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
    public LstmParameters parameters() {
        LstmParameters p = LstmParameters.zeros(nA, nX, nY);
        copyParameters(p);
        return p;
    }

    /**
     * Writes the gradients of the last step into {@code out} (modified), clipped to the bound that
     * step applied ({@code +∞} after a step without clipping).
     */
    public void copyGradients(LstmLmGradients out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.dWf", out.dWf(), nA, nA + nX);
        Shapes.require("out.dWy", out.dWy(), nY, nA);
        if (lastLength == 0) {
            throw new IllegalStateException("no step has been taken yet");
        }
        for (int which = 0; which < GRADIENTS; which++) {
            DMatrixRMaj m = out.get(LstmLmGradients.NAMES.get(which));
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

    /** Writes the hidden state that the next step starts from into {@code out} (n_a, 1). */
    @Override
    public void hiddenState(DMatrixRMaj out) {
        Shapes.require("out", out, nA, 1);
        System.arraycopy(a[0], 0, out.data, 0, nA);
    }

    /** Sets the memory cell carried into the next step, cPrev (n_a, 1) (not modified). */
    @Override
    public void setMemoryCell(DMatrixRMaj cPrev) {
        Shapes.require("cPrev", cPrev, nA, 1);
        System.arraycopy(cPrev.data, 0, c[0], 0, nA);
    }

    /** Writes the memory cell that the next step starts from into {@code out} (n_a, 1). */
    @Override
    public void memoryCell(DMatrixRMaj out) {
        Shapes.require("out", out, nA, 1);
        System.arraycopy(c[0], 0, out.data, 0, nA);
    }

    /** The ten gradient norms of the last step before clipping, in {@link LstmLmGradients#NAMES} order, into {@code out[offset..offset+10)}. */
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
        int s = 0;
        for (int k = 0; k < GRADIENTS; k++) {
            s += entries(k);
        }
        return s;
    }

    /** The number of entries of gradient {@code which}. */
    @Override
    public int entries(int which) {
        if (which == DWY) {
            return nY * nA;
        }
        if (which == DBY) {
            return nY;
        }
        return which % 2 == 0 ? nA * (nA + nX) : nA;
    }

    /**
     * One training step on the example {@code (X, Y)} from the carried state: forward, backward,
     * clipping of every gradient entry to {@code [−maxValue, maxValue]} ({@code +∞}: no clipping), and
     * {@code W −= learningRate·dW}. Returns the loss before the update; afterwards the carried state
     * is the example's last hidden state and memory cell. {@code X[t]} is a character index or
     * {@link CharRnn#NONE} (the zero input); {@code Y[t]} a character index.
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

    /** The norms of the pending gradients before clipping; true when all ten are finite. */
    @Override
    public boolean measureGradients() {
        clip.startMeasure();
        for (int g = 0; g < 4; g++) {
            clip.measure(3 * g, 2 * g, dWr, g * nA, null, nA, nA);
            clip.measure(3 * g + 1, 2 * g, dWxT[g], 0, used, usedCount, nA);
            clip.measure(3 * g + 2, 2 * g + 1, db, g, null, 1, nA);
        }
        clip.measure(12, DWY, dWy, 0, null, nY, nA);
        clip.measure(13, DBY, dbyRow, 0, null, 1, nY);
        return Double.isFinite(clip.sumOfSquaresBefore());
    }

    /**
     * The second half: clip to {@code c}, {@code W −= lr·clip(dW)}, carry the states on.
     * {@link #lossAndGradients} and {@link #measureGradients} must come first.
     */
    @Override
    public void update(double lr, double cBound) {
        clip.startUpdate();
        for (int g = 0; g < 4; g++) {
            clip.update(3 * g, 2 * g, dWr, wr, g * nA, null, nA, nA, lr, cBound);
            clip.update(3 * g + 1, 2 * g, dWxT[g], wxT[g], 0, used, usedCount, nA, lr, cBound);
            clip.update(3 * g + 2, 2 * g + 1, db, b, g, null, 1, nA, lr, cBound);
        }
        clip.update(12, DWY, dWy, wy, 0, null, nY, nA, lr, cBound);
        clip.update(13, DBY, dbyRow, byRow, 0, null, 1, nY, lr, cBound);
        refreshTransposes();
        System.arraycopy(a[pendingLength], 0, a[0], 0, nA);
        System.arraycopy(c[pendingLength], 0, c[0], 0, nA);
        lastLength = pendingLength;
        lastMaxValue = cBound;
    }

    private void refreshTransposes() {
        Kernels.transpose(4 * nA, nA, wr, wrT);
        Kernels.transpose(nY, nA, wy, wyT);
    }

    /** The norm before clipping of gradient {@code which} of the pending step. */
    @Override
    public double gradientNorm(int which) {
        return clip.normBefore(which);
    }

    /**
     * The factor {@code s = min(1, maxNorm/‖g‖)} of global-norm clipping for the pending gradients,
     * {@code ‖g‖} the norm of all ten together; when the squares overflow with every entry finite,
     * taken on the entries divided by the largest magnitude. 1 when there is nothing to scale.
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
        for (int which = 0; which < GRADIENTS; which++) {
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
        for (int which = 0; which < GRADIENTS; which++) {
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
     * After {@link #measureGradients}: the first gradient entry (in {@link LstmLmGradients#NAMES}
     * order, each matrix in row-major order) that is not finite once clipped to {@code c}, as
     * {@code {which, value}}, or null.
     */
    @Override
    public double[] firstNonFiniteGradient(double cBound) {
        for (int which = 0; which < GRADIENTS; which++) {
            if (Double.isFinite(clip.normBefore(which))) {
                continue;
            }
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    double v = ClipUpdate.clamp(gradientEntry(which, i, j), cBound);
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
        for (int which = 0; which < GRADIENTS; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    max = Math.max(max, Math.abs(parameterEntry(which, i, j)));
                }
            }
        }
        return max;
    }

    /**
     * The first parameter entry (in {@link LstmParameters#NAMES} order, row-major) whose update
     * {@code w + (−lr)·clip(dw, c)} is not finite, as {@code {which, value}}, or null.
     */
    @Override
    public double[] firstOverflowingUpdate(double lr, double cBound) {
        for (int which = 0; which < GRADIENTS; which++) {
            for (int i = 0, rows = rows(which); i < rows; i++) {
                for (int j = 0, cols = cols(which); j < cols; j++) {
                    double updated = parameterEntry(which, i, j)
                            + -lr * ClipUpdate.clamp(gradientEntry(which, i, j), cBound);
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
        return which == DWY ? nA : which % 2 == 0 && which < DWY ? nA + nX : 1;
    }

    /** Entry (i, j) of gradient {@code which} as the plain layout has it; unused input columns are zero. */
    private double gradientEntry(int which, int i, int j) {
        if (which == DWY) {
            return dWy[i][j];
        }
        if (which == DBY) {
            return dby[i];
        }
        int g = which / 2;
        if (which % 2 == 1) {
            return db[g][i];
        }
        return j < nA ? dWr[g * nA + i][j] : current(j - nA) ? dWxT[g][j - nA][i] : 0.0;
    }

    private double parameterEntry(int which, int i, int j) {
        if (which == DWY) {
            return wy[i][j];
        }
        if (which == DBY) {
            return by[i];
        }
        int g = which / 2;
        if (which % 2 == 1) {
            return b[g][i];
        }
        return j < nA ? wr[g * nA + i][j] : wxT[g][j - nA][i];
    }

    /** False when input column {@code ix}'s gradient rows hold stale values from an earlier step (it is then zero). */
    private boolean current(int ix) {
        return usedStamp[ix] == stamp;
    }

    /** Fills a[1..T], c[1..T], gates, tc for t < T and y (with dy); returns the loss. */
    private double forward(int[] X, int[] Y, int T) {
        double[] bf = b[0];
        double[] bi = b[1];
        double[] bc = b[2];
        double[] bo = b[3];
        for (int t = 0; t < T; t++) {
            double[] ap = a[t];
            double[] cp = c[t];
            double[] g = gates[t];
            double[] an = a[t + 1];
            double[] cn = c[t + 1];
            double[] tct = tc[t];
            int ix = X[t];
            double[][] x = inputRows;
            if (ix == CharRnn.NONE) {
                x = zeroInputs;
            } else {
                for (int k = 0; k < 4; k++) {
                    x[k] = wxT[k][ix];
                }
            }
            Kernels.vecMat(4 * nA, nA, ap, wrT, 0, g);
            double[] xf = x[0];
            double[] xi = x[1];
            double[] xc = x[2];
            double[] xo = x[3];
            for (int i = 0; i < nA; i++) {
                g[i] = g[i] + xf[i] + bf[i];
                g[nA + i] = g[nA + i] + xi[i] + bi[i];
                g[2 * nA + i] = g[2 * nA + i] + xc[i] + bc[i];
                g[3 * nA + i] = g[3 * nA + i] + xo[i] + bo[i];
            }
            Kernels.sigmoid(2 * nA, g, 0);
            Kernels.tanh(nA, g, 2 * nA);
            Kernels.sigmoid(nA, g, 3 * nA);
            for (int i = 0; i < nA; i++) {
                double cNext = g[i] * cp[i] + g[nA + i] * g[2 * nA + i];
                cn[i] = cNext;
                tct[i] = cNext;
            }
            Kernels.tanh(nA, tct, 0);
            for (int i = 0; i < nA; i++) {
                an[i] = g[3 * nA + i] * tct[i];
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
        for (int g = 0; g < 4; g++) {
            double[] dbg = db[g];
            for (int i = 0; i < nA; i++) {
                dbg[i] = 0.0;
            }
        }
        for (int i = 0; i < nA; i++) {
            daNext[i] = 0.0;
            dcNext[i] = 0.0;
        }
        stamp++;
        usedCount = 0;
        for (int t = T - 1; t >= 0; t--) {
            double[] cp = c[t];
            double[] g = gates[t];
            double[] tct = tc[t];
            double[] dt = d[t];
            for (int i = 0; i < nA; i++) {
                double da = dt[i] + daNext[i];
                double f = g[i];
                double in = g[nA + i];
                double cc = g[2 * nA + i];
                double o = g[3 * nA + i];
                double t2 = tct[i];
                // c⟨t⟩ reaches the loss directly (dcNext) and through a⟨t⟩ = o ⊙ tanh(c⟨t⟩).
                double dc = dcNext[i] + o * (1 - t2 * t2) * da;
                g[i] = dc * cp[i] * (f * (1 - f));
                g[nA + i] = dc * cc * (in * (1 - in));
                g[2 * nA + i] = dc * in * (1 - cc * cc);
                g[3 * nA + i] = da * t2 * (o * (1 - o));
                dcNext[i] = dc * f;
            }
            if (t > 0) {
                Kernels.vecMat(nA, 4 * nA, g, wr, 0, daNext);
            }
            Kernels.addRow(nY, 1.0, y[t], dby);
            for (int k = 0; k < 4; k++) {
                addRowFrom(nA, g, k * nA, db[k]);
            }
            int ix = X[t];
            if (ix != CharRnn.NONE) {
                if (usedStamp[ix] != stamp) {
                    usedStamp[ix] = stamp;
                    used[usedCount++] = ix;
                    for (int k = 0; k < 4; k++) {
                        System.arraycopy(g, k * nA, dWxT[k][ix], 0, nA);
                    }
                } else {
                    for (int k = 0; k < 4; k++) {
                        addRowFrom(nA, g, k * nA, dWxT[k][ix]);
                    }
                }
            }
        }
        Kernels.gemmTransA(4 * nA, nA, T, gates, 0, a, 0, dWr, 0, false);
    }

    /** c[0..n) += b[offset..offset+n). */
    private static void addRowFrom(int n, double[] src, int offset, double[] dst) {
        for (int j = 0; j < n; j++) {
            dst[j] += src[offset + j];
        }
    }
}
