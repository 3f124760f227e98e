package org.rnnworkbench.plot;

/**
 * Centred moving averages for noisy per-iteration series, so a figure can draw the trend bold over the
 * raw values drawn faint. Values that are NaN (or, for the geometric mean, not positive) are skipped,
 * and each point averages what its window holds; a window with nothing to average gives NaN.
 */
public final class Smooth {
    private Smooth() {}

    /** out[i] = mean of y[i−half … i+half] (clipped to the array), half = window / 2; window ≥ 1 and odd. */
    public static double[] movingAverage(double[] y, int window) {
        return average(y, window, false);
    }

    /**
     * out[i] = geometric mean of the positive y[i−half … i+half]: the average a log axis shows as the
     * middle of the band, where an arithmetic mean would sit on the spikes.
     */
    public static double[] geometricMovingAverage(double[] y, int window) {
        return average(y, window, true);
    }

    /** An odd window of about {@code fraction} of {@code n} points, at least 1. */
    public static int window(int n, double fraction) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 but was " + n);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1] but was " + fraction);
        }
        int w = (int) Math.round(n * fraction);
        return Math.max(1, w % 2 == 0 ? w + 1 : w);
    }

    private static double[] average(double[] y, int window, boolean geometric) {
        if (y == null) {
            throw new IllegalArgumentException("y is null");
        }
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("window must be an odd number >= 1 but was " + window);
        }
        int n = y.length;
        // Prefix sums of the usable values and of how many there are, so each window costs O(1).
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            double v = y[i];
            boolean ok = geometric ? v > 0 && Double.isFinite(v) : Double.isFinite(v);
            sum[i + 1] = sum[i] + (ok ? (geometric ? Math.log(v) : v) : 0);
            count[i + 1] = count[i] + (ok ? 1 : 0);
        }
        int half = window / 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n, i + half + 1);
            int c = count[hi] - count[lo];
            double mean = c == 0 ? Double.NaN : (sum[hi] - sum[lo]) / c;
            out[i] = geometric ? Math.exp(mean) : mean;
        }
        return out;
    }
}
