package org.rnnworkbench.train;

import org.rnnworkbench.lm.Gradients;

/**
 * Clipping, the SGD update and the bookkeeping the training history needs, in one pass over each
 * gradient: {@code w −= lr·clip(g)} with {@code clip} the assignment's element-wise
 * {@code np.clip(g, −c, c)}, the Frobenius norm of each gradient before and after clipping, and the
 * number of entries clipped. The gradient itself is left unclipped, so the exact count and the
 * norm after clipping can be taken in a second pass when (and only when) something was clipped.
 */
final class ClipUpdate {
    private final double[] excess;
    private final double[] normsBefore = new double[Gradients.NAMES.size()];
    private final double[] normsAfter = new double[Gradients.NAMES.size()];
    private int clipped;

    /** Scratch for rows of up to {@code maxCols} entries. */
    ClipUpdate(int maxCols) {
        excess = new double[maxCols];
    }

    /** Starts a new step: the clipped count goes back to zero. */
    void start() {
        clipped = 0;
    }

    /** Entries clipped since {@link #start()}. */
    int clipped() {
        return clipped;
    }

    /** Norms of gradient {@code which} ({@link Gradients#NAMES} order) before clipping. */
    double normBefore(int which) {
        return normsBefore[which];
    }

    /** Norms of gradient {@code which} after clipping. */
    double normAfter(int which) {
        return normsAfter[which];
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
     * Clips gradient {@code which} and updates its parameter, on rows {@code rowIndex[r]} (all
     * {@code rows} rows when null) of {@code g} and {@code w}, {@code cols} entries each. The vector
     * loop records an "excess" that is zero exactly when no entry lies outside the bound; only
     * otherwise does a second pass count the clipped entries and take the norm after clipping.
     */
    void apply(int which, double[][] g, double[][] w, int[] rowIndex, int rows, int cols, double lr, double c) {
        for (int j = 0; j < cols; j++) {
            excess[j] = 0.0;
        }
        double s = 0;
        for (int r = 0; r < rows; r++) {
            int row = rowIndex == null ? r : rowIndex[r];
            s += clipUpdateRow(cols, g[row], w[row], lr, c, excess);
        }
        double e = 0;
        for (int j = 0; j < cols; j++) {
            e += excess[j];
        }
        normsBefore[which] = Math.sqrt(s);
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
     * w −= lr·clamp(g) for one row, excess += d + |d| per column with d = |g| − c, and returns
     * Σ g². The excess stays exactly zero unless some |g| > c (NaN for a NaN), which tells whether
     * anything was clipped without a comparison in the vector loop. The sum of squares is a
     * reduction, which C2 does not vectorise: eight independent sums keep the multipliers busy.
     */
    static double clipUpdateRow(int n, double[] g, double[] w, double lr, double c, double[] excess) {
        double lo = -c;
        for (int j = 0; j < n; j++) {
            double v = g[j];
            double d = Math.abs(v) - c;
            excess[j] += d + Math.abs(d);
            w[j] -= lr * Math.max(lo, Math.min(c, v));
        }
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

    /** np.clip for one value: NaN stays NaN. */
    static double clamp(double v, double c) {
        return Math.max(-c, Math.min(c, v));
    }
}
