package org.rnnworkbench.train;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.tensor.Shapes;

/**
 * The language model's training step, {@link org.rnnworkbench.lm.Optimize#optimize}, without
 * allocation: the same forward pass, backpropagation through time, element-wise clipping and SGD
 * update, on parameters and workspaces held here and sized once for the longest example. The
 * hidden state is carried from one call to the next, as the training loop carries it.
 *
 * <p>What makes it fast, for an example of T steps:
 * <ul>
 *   <li>only {@code Waa·a⟨t−1⟩} (forward) and {@code Waaᵀ·draw⟨t⟩} (backward) run step by step;
 *       {@code Wya·[a⟨1⟩ … a⟨T⟩]}, {@code Wyaᵀ·[dy⟨1⟩ … dy⟨T⟩]} and the gradient sums
 *       {@code dWya = Σ dy·aᵀ}, {@code dWaa = Σ draw·a⟨t−1⟩ᵀ} are matrix–matrix products over the
 *       stacked time steps ({@link Kernels});</li>
 *   <li>one-hot inputs: {@code Wax·x} reads one column of Wax and {@code dWax += draw·xᵀ} touches
 *       one column; Wax is kept transposed so that a column is a contiguous row, and clipping and
 *       the update visit only the columns the example used (the others have zero gradient, and
 *       {@code w − lr·0} is {@code w});</li>
 *   <li>Waa and Wya are also kept transposed, refreshed after each update, so that every product
 *       runs in the vectorisable axpy form;</li>
 *   <li>{@link FastMath#tanh}; clipping, the update and both gradient norms in one pass.</li>
 * </ul>
 * Results equal {@code Optimize.optimize}'s to rounding (sums are taken in another order); the
 * tests compare them on random shapes.
 */
public final class FastCharRnn extends RowLayoutRnn implements StepEngine<RnnParameters> {
    // Workspaces: a[0] is the state carried in, a[t + 1] = a⟨t⟩; y[t] holds z⟨t⟩, then ŷ⟨t⟩, then dy⟨t⟩;
    // d[t] holds Wyaᵀ·dy⟨t⟩, then draw⟨t⟩.
    private final double[][] a;
    private final double[][] y;
    private final double[][] d;
    private final double[] daNext;
    private final double[] zeroInput;
    /** usedStamp[ix] == stamp when input ix occurs in the current example. */
    private final int[] usedStamp;
    private final int[] used;
    private int usedCount;
    private int stamp;

    // Results of the last step.
    private int lastLength;
    private int pendingLength;

    /**
     * Workspaces for examples of up to {@code maxLength} steps, starting from a copy of
     * {@code parameters} (not modified) and the zero hidden state.
     */
    public FastCharRnn(RnnParameters parameters, int maxLength) {
        super(parameters, maxLength);
        a = new double[maxLength + 1][nA];
        y = new double[maxLength][nY];
        d = new double[maxLength][nA];
        daNext = new double[nA];
        zeroInput = new double[nA];
        usedStamp = new int[nX];
        used = new int[maxLength];
    }

    @Override
    boolean hasGradients() {
        return lastLength > 0;
    }

    @Override
    boolean dWaxColumnCurrent(int j) {
        return usedStamp[j] == stamp;
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
     * The Frobenius norms of the last step's gradients in {@link Gradients#NAMES} order, before
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

    /** Total number of gradient entries (the denominator of the clipped share). */
    @Override
    public int gradientSize() {
        return nA * nA + nA * nX + nY * nA + nA + nY;
    }

    /** The number of entries of gradient {@code which} ({@link Gradients#NAMES} order). */
    @Override
    public int entries(int which) {
        return switch (which) {
            case 0 -> nA * nA;
            case 1 -> nA * nX;
            case 2 -> nY * nA;
            case 3 -> nA;
            default -> nY;
        };
    }

    /**
     * One training step on the example {@code (X, Y)} from the carried hidden state: forward,
     * backward, clipping of every gradient entry to {@code [−maxValue, maxValue]} ({@code +∞}: no
     * clipping), and {@code W −= learningRate·dW}. Returns the loss before the update; afterwards the
     * carried state is the example's last hidden state. {@code X[t]} is a character index or
     * {@link CharRnn#NONE} (the zero input); {@code Y[t]} a character index. Like
     * {@link org.rnnworkbench.lm.Optimize#optimize} it applies the step whatever the numbers are;
     * {@link FastTrainer} checks them in between.
     */
    public double optimize(int[] X, int[] Y, double learningRate, double maxValue) {
        checkRates(learningRate, maxValue);
        double loss = lossAndGradients(X, Y);
        measureGradients();
        update(learningRate, maxValue);
        return loss;
    }

    static void checkRates(double learningRate, double maxValue) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        if (!(maxValue > 0)) {
            throw new IllegalArgumentException("maxValue must be positive (+Infinity: no clipping) but was " + maxValue);
        }
    }

    /** The first half of a step: loss and gradients; parameters and carried state unchanged. */
    @Override
    public double lossAndGradients(int[] X, int[] Y) {
        int T = checkExample(X, Y, nX, nY, maxLength);
        double loss = forward(X, Y, T);
        backward(X, T);
        pendingLength = T;
        return loss;
    }

    /** The norms of the pending gradients before clipping; true when all five are finite. */
    @Override
    public boolean measureGradients() {
        boolean finite = true;
        finite &= Double.isFinite(clip.measure(0, dWaa, null, nA, nA));
        finite &= Double.isFinite(clip.measure(1, dWaxT, used, usedCount, nA));
        finite &= Double.isFinite(clip.measure(2, dWya, null, nY, nA));
        finite &= Double.isFinite(clip.measure(3, dbRow, null, 1, nA));
        finite &= Double.isFinite(clip.measure(4, dbyRow, null, 1, nY));
        return finite;
    }

    /**
     * The second half: clip, update, carry the hidden state on. {@link #lossAndGradients} and
     * {@link #measureGradients} must come first.
     */
    @Override
    public void update(double lr, double c) {
        clip.start();
        clip.update(0, dWaa, waa, null, nA, nA, lr, c);
        clip.update(1, dWaxT, waxT, used, usedCount, nA, lr, c);
        clip.update(2, dWya, wya, null, nY, nA, lr, c);
        clip.update(3, dbRow, bRow, null, 1, nA, lr, c);
        clip.update(4, dbyRow, byRow, null, 1, nY, lr, c);
        refreshTransposes();
        System.arraycopy(a[pendingLength], 0, a[0], 0, nA);
        lastLength = pendingLength;
        lastMaxValue = c;
    }

    /** Waaᵀ and Wyaᵀ copied again from the updated Waa and Wya. */
    void refreshTransposes() {
        Kernels.transpose(nA, nA, waa, waaT);
        Kernels.transpose(nY, nA, wya, wyaT);
    }

    /**
     * After {@link #measureGradients}: the first gradient entry (in {@link Gradients#NAMES} order,
     * each matrix in row-major order) that is not finite once clipped to {@code c}, as
     * {@code {which, value}}, or null. With clipping on, ±∞ clips to ±c; NaN stays.
     */
    @Override
    public double[] firstNonFiniteGradient(double c) {
        for (int which = 0; which < 5; which++) {
            if (Double.isFinite(clip.normBefore(which))) {
                continue;
            }
            int rows = which == 0 ? nA : which == 1 ? nA : which == 2 ? nY : 1;
            int cols = which == 0 ? nA : which == 1 ? nX : which == 2 ? nA : which == 3 ? nA : nY;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = ClipUpdate.clamp(gradientEntry(which, i, j), c);
                    if (!Double.isFinite(v)) {
                        return new double[] {which, v};
                    }
                }
            }
        }
        return null;
    }

    /**
     * The largest magnitude of any parameter, for the divergence guard's bound on what an update can
     * reach.
     */
    @Override
    public double maxAbsParameter() {
        double max = 0;
        max = Math.max(max, maxAbs(waa, nA, nA));
        max = Math.max(max, maxAbs(waxT, nX, nA));
        max = Math.max(max, maxAbs(wya, nY, nA));
        max = Math.max(max, maxAbs(bRow, 1, nA));
        return Math.max(max, maxAbs(byRow, 1, nY));
    }

    /**
     * The first parameter entry (in {@link Gradients#NAMES} order, row-major) whose update
     * {@code w + (−lr)·clip(dw, c)} is not finite, as {@code {which, value}}, or null.
     */
    @Override
    public double[] firstOverflowingUpdate(double lr, double c) {
        for (int which = 0; which < 5; which++) {
            int rows = which == 0 ? nA : which == 1 ? nA : which == 2 ? nY : 1;
            int cols = which == 0 ? nA : which == 1 ? nX : which == 2 ? nA : which == 3 ? nA : nY;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double updated = parameterEntry(which, i, j) + -lr * ClipUpdate.clamp(gradientEntry(which, i, j), c);
                    if (!Double.isFinite(updated)) {
                        return new double[] {which, updated};
                    }
                }
            }
        }
        return null;
    }

    /** The norm before clipping of gradient {@code which} of the pending step. */
    @Override
    public double gradientNorm(int which) {
        return clip.normBefore(which);
    }

    /** The factor {@code min(1, maxNorm/‖g‖)} of global-norm clipping, {@link ClipUpdate#globalNormScale}. */
    @Override
    public double globalNormScale(double maxNorm) {
        return ClipUpdate.globalNormScale(this, maxNorm);
    }

    /** Entry (i, j) of gradient {@code which} as the plain layout has it (dWax is n_a × n_x; db, dby are columns read as a row). */
    private double gradientEntry(int which, int i, int j) {
        switch (which) {
            case 0:
                return dWaa[i][j];
            case 1:
                return usedStamp[j] == stamp ? dWaxT[j][i] : 0.0;
            case 2:
                return dWya[i][j];
            case 3:
                return db[j];
            default:
                return dby[j];
        }
    }

    private double parameterEntry(int which, int i, int j) {
        switch (which) {
            case 0:
                return waa[i][j];
            case 1:
                return waxT[j][i];
            case 2:
                return wya[i][j];
            case 3:
                return b[j];
            default:
                return by[j];
        }
    }

    private static double maxAbs(double[][] m, int rows, int cols) {
        double max = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, Math.abs(m[i][j]));
            }
        }
        return max;
    }

    /**
     * Checks one example against a workspace's sizes (shared with {@link FastCharGru}); returns its
     * number of steps T.
     */
    static int checkExample(int[] X, int[] Y, int nX, int nY, int maxLength) {
        if (X == null || Y == null) {
            throw new IllegalArgumentException((X == null ? "X" : "Y") + " is null");
        }
        if (X.length != Y.length) {
            throw new IllegalArgumentException("X has " + X.length + " entries but Y has " + Y.length
                    + "; they must have the same length");
        }
        int T = X.length;
        if (T == 0 || T > maxLength) {
            throw new IllegalArgumentException("the example has " + T + " steps; this workspace takes 1 to "
                    + maxLength);
        }
        for (int t = 0; t < T; t++) {
            if (X[t] != CharRnn.NONE && (X[t] < 0 || X[t] >= nX)) {
                throw new IllegalArgumentException("X[" + t + "] = " + X[t] + " is neither NONE (" + CharRnn.NONE
                        + ") nor an index below n_x = " + nX);
            }
            if (Y[t] < 0 || Y[t] >= nY) {
                throw new IllegalArgumentException("Y[" + t + "] = " + Y[t] + " is outside the output size n_y = " + nY);
            }
        }
        return T;
    }

    /** Fills a[1..T] and y[0..T) (with dy), returns the loss. */
    private double forward(int[] X, int[] Y, int T) {
        recurrence(X, T);
        return outputs(Y, T);
    }

    // The phases of a step are package-private so that a benchmark times each of them (IterationBenchmark).

    /** The forward recurrence: a⟨t⟩ = tanh(Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + b) into a[1..T], step by step. */
    void recurrence(int[] X, int T) {
        for (int t = 0; t < T; t++) {
            double[] z = a[t + 1];
            Kernels.vecMat(nA, nA, a[t], waaT, 0, z);
            double[] wx = X[t] == CharRnn.NONE ? zeroInput : waxT[X[t]];
            for (int i = 0; i < nA; i++) {
                // NumPy adds (Wax·x + Waa·aPrev) + b in that order.
                z[i] = (wx[i] + z[i]) + b[i];
            }
            Kernels.tanh(nA, z, 0);
        }
    }

    /** The output layer: y[t] = Wya·a⟨t⟩ for all t in one product, then softmax and dy in place; returns the loss. */
    double outputs(int[] Y, int T) {
        Kernels.gemm(T, nY, nA, a, 1, wyaT, 0, y, 0, false);
        double loss = 0;
        for (int t = 0; t < T; t++) {
            loss -= Kernels.softmaxOutput(nY, y[t], by, Y[t]);
        }
        return loss;
    }

    /** Gradients from y (= dy) and a; d is the workspace for Wyaᵀ·dy and draw. */
    private void backward(int[] X, int T) {
        outputGradients(T);
        backwardRecurrence(X, T);
        recurrentGradient(T);
    }

    /** dWya = Σ dy⟨t⟩·a⟨t⟩ᵀ and d[t] = Wyaᵀ·dy⟨t⟩, each one product over the T steps. */
    void outputGradients(int T) {
        Kernels.gemmTransA(nY, nA, T, y, 0, a, 1, dWya, 0, false);
        Kernels.gemm(T, nA, nY, y, 0, wya, 0, d, 0, false);
    }

    /** Backpropagation through time: draw⟨t⟩ into d[t] step by step, with db, dby and dWax's used columns. */
    void backwardRecurrence(int[] X, int T) {
        for (int k = 0; k < nY; k++) {
            dby[k] = 0.0;
        }
        for (int i = 0; i < nA; i++) {
            db[i] = 0.0;
            daNext[i] = 0.0;
        }
        stamp++;
        usedCount = 0;
        for (int t = T - 1; t >= 0; t--) {
            double[] dt = d[t];
            double[] at = a[t + 1];
            for (int i = 0; i < nA; i++) {
                dt[i] = (1 - at[i] * at[i]) * (dt[i] + daNext[i]);
            }
            if (t > 0) {
                Kernels.vecMat(nA, nA, dt, waa, 0, daNext);
            }
            Kernels.addRow(nY, 1.0, y[t], dby);
            Kernels.addRow(nA, 1.0, dt, db);
            int ix = X[t];
            if (ix != CharRnn.NONE) {
                if (usedStamp[ix] != stamp) {
                    usedStamp[ix] = stamp;
                    used[usedCount++] = ix;
                    System.arraycopy(dt, 0, dWaxT[ix], 0, nA);
                } else {
                    Kernels.addRow(nA, 1.0, dt, dWaxT[ix]);
                }
            }
        }
    }

    /** dWaa = Σ draw⟨t⟩·a⟨t−1⟩ᵀ, one product over the T steps. */
    void recurrentGradient(int T) {
        Kernels.gemmTransA(nA, nA, T, d, 0, a, 0, dWaa, 0, false);
    }

}
