package org.rnnworkbench.train;

/**
 * {@link ClipUpdate}'s two passes (measure, then clip and update) for gradients stored in several
 * blocks of rows each, as {@link FastCharGru} keeps them: {@code dWz} is its recurrent part (rows of
 * a stacked matrix) and its input part (the used columns, kept as rows), and each gradient's norm
 * is the root of the squares of all its blocks. A block is a run of rows {@code first..first+rows}
 * of a {@code double[][]}, or the rows listed in {@code rowIndex}.
 *
 * <p>The per-row kernels are {@link ClipUpdate}'s; as there, the gradient itself is left unclipped,
 * and the clipped entries are counted (with the norm after clipping) only when a row's excess says
 * something was clipped.
 */
final class BlockClipUpdate {
    private final double[] excess;
    /** rowSq[block][r]: Σ g² of row r of the block, from {@link #measure}. */
    private final double[][] rowSq;
    private final double[] sqBefore;
    private final double[] sqAfter;
    private int clipped;

    /** Scratch for {@code gradients} gradients in {@code blocks} blocks of up to {@code maxRows} rows of up to {@code maxCols} entries. */
    BlockClipUpdate(int gradients, int blocks, int maxRows, int maxCols) {
        excess = new double[maxCols];
        rowSq = new double[blocks][maxRows];
        sqBefore = new double[gradients];
        sqAfter = new double[gradients];
    }

    /** Starts the measuring half of a step: every gradient's sum of squares goes back to zero. */
    void startMeasure() {
        for (int k = 0; k < sqBefore.length; k++) {
            sqBefore[k] = 0.0;
        }
    }

    /**
     * Adds the squares of one block of gradient {@code which} to its sum, keeping each row's for
     * {@link #update}. Rows {@code rowIndex[r]} ({@code first + r} when null), {@code r < rows}.
     */
    void measure(int block, int which, double[][] g, int first, int[] rowIndex, int rows, int cols) {
        double[] sq = rowSq[block];
        double s = 0;
        for (int r = 0; r < rows; r++) {
            sq[r] = Kernels.sumOfSquares(cols, g[rowIndex == null ? first + r : rowIndex[r]]);
            s += sq[r];
        }
        sqBefore[which] += s;
    }

    /** The norm of gradient {@code which} before clipping: not finite when an entry is not (or the squares overflow). */
    double normBefore(int which) {
        return Math.sqrt(sqBefore[which]);
    }

    /** The sum of the squares of every gradient before clipping. */
    double sumOfSquaresBefore() {
        double s = 0;
        for (double v : sqBefore) {
            s += v;
        }
        return s;
    }

    /** Copies every gradient's norm (before or after clipping) into {@code out[offset..)}, as {@link ClipUpdate#copyNorms} does. */
    void copyNorms(boolean after, double[] out, int offset) {
        double[] sq = after ? sqAfter : sqBefore;
        if (out == null || offset < 0 || offset + sq.length > out.length) {
            throw new IllegalArgumentException("out must hold " + sq.length + " values from offset " + offset
                    + " but has length " + (out == null ? "null" : out.length));
        }
        for (int k = 0; k < sq.length; k++) {
            out[offset + k] = Math.sqrt(sq[k]);
        }
    }

    /** Starts the update half: clipped count and the sums after clipping back to zero. */
    void startUpdate() {
        clipped = 0;
        for (int k = 0; k < sqAfter.length; k++) {
            sqAfter[k] = 0.0;
        }
    }

    /** Entries clipped since {@link #startUpdate()}. */
    int clipped() {
        return clipped;
    }

    /**
     * {@code w −= lr·clip(g, c)} on the rows of one block ({@code c = +∞}: no clipping), after
     * {@link #measure} of the same block; adds the block's squares after clipping to gradient
     * {@code which}'s.
     */
    void update(int block, int which, double[][] g, double[][] w, int first, int[] rowIndex, int rows, int cols,
            double lr, double c) {
        double[] sq = rowSq[block];
        double blockSq = 0;
        for (int r = 0; r < rows; r++) {
            blockSq += sq[r];
        }
        if (c == Double.POSITIVE_INFINITY) {
            for (int r = 0; r < rows; r++) {
                int row = rowIndex == null ? first + r : rowIndex[r];
                Kernels.addRow(cols, -lr, g[row], w[row]);
            }
            sqAfter[which] += blockSq;
            return;
        }
        for (int j = 0; j < cols; j++) {
            excess[j] = 0.0;
        }
        // A row whose squares sum below c² holds no entry beyond c; the margin covers rounding.
        double unclippedBelow = c * c * (1 - 1e-12);
        for (int r = 0; r < rows; r++) {
            int row = rowIndex == null ? first + r : rowIndex[r];
            if (sq[r] <= unclippedBelow) {
                Kernels.addRow(cols, -lr, g[row], w[row]);
            } else {
                ClipUpdate.clipUpdateRow(cols, g[row], w[row], lr, c, excess);
            }
        }
        double e = 0;
        for (int j = 0; j < cols; j++) {
            e += excess[j];
        }
        if (e == 0) {
            sqAfter[which] += blockSq;
            return;
        }
        double sc = 0;
        for (int r = 0; r < rows; r++) {
            double[] gr = g[rowIndex == null ? first + r : rowIndex[r]];
            for (int j = 0; j < cols; j++) {
                double v = gr[j];
                if (v > c || v < -c) {
                    clipped++;
                }
                double vc = ClipUpdate.clamp(v, c);
                sc += vc * vc;
            }
        }
        sqAfter[which] += sc;
    }
}
