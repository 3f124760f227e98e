package org.rnnworkbench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnnworkbench.lm.Gradients;

/**
 * Clipping, the SGD update and the bookkeeping the training history needs, in two passes over each
 * gradient so that a training loop can look at the gradients between them:
 * <ol>
 *   <li>{@link #measure}: the Frobenius norm before clipping (which is finite exactly when every
 *       entry is, short of overflow), read-only;</li>
 *   <li>{@link #update}: {@code w −= lr·clip(g)} with {@code clip} the assignment's element-wise
 *       {@code np.clip(g, −c, c)}, and whether anything was clipped; only then a third, rare pass
 *       counts the clipped entries and takes the norm after clipping.</li>
 * </ol>
 * The gradient itself is left unclipped. Clipping by the global norm needs no pass of its own: it
 * is the unclipped update with a smaller learning rate, {@code w −= (lr·s)·g} with the factor
 * {@code s} of {@link #globalNormScale}.
 */
final class ClipUpdate {
    private final double[] excess;
    /** rowSq[which][r]: Σ g² of row r of gradient {@code which}, from {@link #measure}. */
    private final double[][] rowSq;
    private final double[] normsBefore = new double[Gradients.NAMES.size()];
    private final double[] normsAfter = new double[Gradients.NAMES.size()];
    private int clipped;

    /** Scratch for gradients of up to {@code maxRows} rows of up to {@code maxCols} entries. */
    ClipUpdate(int maxRows, int maxCols) {
        excess = new double[maxCols];
        rowSq = new double[Gradients.NAMES.size()][maxRows];
    }

    /** Starts the update half of a step: the clipped count goes back to zero. */
    void start() {
        clipped = 0;
    }

    /** Entries clipped since {@link #start()}. */
    int clipped() {
        return clipped;
    }

    /** The norm of gradient {@code which} ({@link Gradients#NAMES} order) before clipping. */
    double normBefore(int which) {
        return normsBefore[which];
    }

    /** Copies the five norms (before or after clipping) into {@code out[offset..offset+5)}. */
    void copyNorms(boolean after, double[] out, int offset) {
        double[] from = after ? normsAfter : normsBefore;
        if (out == null || offset < 0 || offset + from.length > out.length) {
            throw new IllegalArgumentException("out must hold " + from.length + " values from offset " + offset
                    + " but has length " + (out == null ? "null" : out.length));
        }
        System.arraycopy(from, 0, out, offset, from.length);
    }

    /**
     * The norm of gradient {@code which} before clipping, over rows {@code rowIndex[r]} (all
     * {@code rows} rows when null) of {@code g}, {@code cols} entries each; also kept for
     * {@link #copyNorms}, with the norm of each row for {@link #update}. Not finite when some entry
     * is not (or the squares overflow).
     */
    double measure(int which, double[][] g, int[] rowIndex, int rows, int cols) {
        double[] sq = rowSq[which];
        double s = 0;
        for (int r = 0; r < rows; r++) {
            sq[r] = Kernels.sumOfSquares(cols, g[rowIndex == null ? r : rowIndex[r]]);
            s += sq[r];
        }
        normsBefore[which] = Math.sqrt(s);
        return normsBefore[which];
    }

    /**
     * {@code w −= lr·clip(g, c)} on the same rows ({@code c = +∞}: no clipping), after
     * {@link #measure} of the same gradient. The vector loop records an "excess" that is zero
     * exactly when no entry lies outside the bound; only otherwise does a second pass count the
     * clipped entries and take the norm after clipping.
     */
    void update(int which, double[][] g, double[][] w, int[] rowIndex, int rows, int cols, double lr, double c) {
        if (c == Double.POSITIVE_INFINITY) {
            for (int r = 0; r < rows; r++) {
                int row = rowIndex == null ? r : rowIndex[r];
                Kernels.addRow(cols, -lr, g[row], w[row]);
            }
            normsAfter[which] = normsBefore[which];
            return;
        }
        for (int j = 0; j < cols; j++) {
            excess[j] = 0.0;
        }
        // A row whose norm is below the bound holds no entry beyond it (max g² ≤ Σ g²): its update
        // needs no clipping. The margin covers the rounding of the sum.
        double unclippedBelow = c * c * (1 - 1e-12);
        double[] sq = rowSq[which];
        for (int r = 0; r < rows; r++) {
            int row = rowIndex == null ? r : rowIndex[r];
            if (sq[r] <= unclippedBelow) {
                Kernels.addRow(cols, -lr, g[row], w[row]);
            } else {
                clipUpdateRow(cols, g[row], w[row], lr, c, excess);
            }
        }
        double e = 0;
        for (int j = 0; j < cols; j++) {
            e += excess[j];
        }
        if (e == 0) {
            normsAfter[which] = normsBefore[which];
            return;
        }
        double sc = 0;
        for (int r = 0; r < rows; r++) {
            double[] gr = g[rowIndex == null ? r : rowIndex[r]];
            for (int j = 0; j < cols; j++) {
                double v = gr[j];
                if (v > c || v < -c) {
                    clipped++;
                }
                double vc = clamp(v, c);
                sc += vc * vc;
            }
        }
        normsAfter[which] = Math.sqrt(sc);
    }

    /**
     * w −= lr·clamp(g) for one row, and excess += d + |d| per column with d = |g| − c: the excess
     * stays exactly zero unless some |g| > c (NaN for a NaN), which tells whether anything was
     * clipped without a comparison in the vector loop.
     */
    static void clipUpdateRow(int n, double[] g, double[] w, double lr, double c, double[] excess) {
        double lo = -c;
        for (int j = 0; j < n; j++) {
            double v = g[j];
            double d = Math.abs(v) - c;
            excess[j] += d + Math.abs(d);
            w[j] -= lr * Math.max(lo, Math.min(c, v));
        }
    }

    /** Σ g² over one row. A reduction, which C2 does not vectorise: eight independent sums keep the multipliers busy. */
    static double scalarSumOfSquares(int n, double[] g) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            s0 = Math.fma(g[j], g[j], s0);
            s1 = Math.fma(g[j + 1], g[j + 1], s1);
            s2 = Math.fma(g[j + 2], g[j + 2], s2);
            s3 = Math.fma(g[j + 3], g[j + 3], s3);
            s4 = Math.fma(g[j + 4], g[j + 4], s4);
            s5 = Math.fma(g[j + 5], g[j + 5], s5);
            s6 = Math.fma(g[j + 6], g[j + 6], s6);
            s7 = Math.fma(g[j + 7], g[j + 7], s7);
        }
        for (; j < n; j++) {
            s0 = Math.fma(g[j], g[j], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The factor {@code s = min(1, maxNorm/‖g‖)} of global-norm clipping for the pending gradients of
     * {@code rnn}, {@code ‖g‖ = sqrt(Σ‖g_k‖²)} from the five norms {@link #measure} took; when their
     * squares overflowed with every entry finite, from the entries divided by their largest magnitude.
     * 1 when there is nothing to scale: {@code maxNorm} {@code +∞}, or a NaN or infinite entry (the
     * divergence check stops on it).
     */
    static double globalNormScale(RowLayoutRnn rnn, double maxNorm) {
        if (maxNorm == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        double[] n = rnn.clip.normsBefore;
        double s = 0;
        for (double v : n) {
            s += v * v;
        }
        double norm = Math.sqrt(s);
        if (!(norm > maxNorm)) {
            return 1.0;
        }
        if (norm < Double.POSITIVE_INFINITY) {
            return maxNorm / norm;
        }
        double m = 0;
        for (double[] row : pendingRows(rnn)) {
            for (int j = 0; j < row.length; j++) {
                m = Math.max(m, Math.abs(row[j]));
            }
        }
        if (!(m < Double.POSITIVE_INFINITY)) {
            return 1.0;
        }
        double ss = 0;
        for (double[] row : pendingRows(rnn)) {
            for (int j = 0; j < row.length; j++) {
                double v = row[j] / m;
                ss += v * v;
            }
        }
        return maxNorm / m / Math.sqrt(ss);
    }

    /** Every row of the pending gradients, dWax's current columns only; allocates (a rare path). */
    private static List<double[]> pendingRows(RowLayoutRnn rnn) {
        List<double[]> rows = new ArrayList<>(Arrays.asList(rnn.dWaa));
        for (int j = 0; j < rnn.nX; j++) {
            if (rnn.dWaxColumnCurrent(j)) {
                rows.add(rnn.dWaxT[j]);
            }
        }
        rows.addAll(Arrays.asList(rnn.dWya));
        rows.add(rnn.db);
        rows.add(rnn.dby);
        return rows;
    }

    /** np.clip for one value ({@code c = +∞}: the value itself); NaN stays NaN. */
    static double clamp(double v, double c) {
        return Math.max(-c, Math.min(c, v));
    }
}
