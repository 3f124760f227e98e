package org.rnnworkbench.plot;

import java.util.Arrays;

/**
 * Fewer points for long series, so a 100,000-iteration history does not put 100,000 numbers per curve into
 * a notebook. Both methods keep the first and the last point and return {@code {x, y}}; a series that
 * already fits is returned as copies.
 */
public final class Decimate {
    private Decimate() {}

    /**
     * At most {@code maxPoints} points, keeping in each of {@code maxPoints / 2} consecutive buckets the
     * lowest and the highest y (in x order): a noisy curve keeps its envelope, spikes included.
     */
    public static double[][] minMax(double[] x, double[] y, int maxPoints) {
        check(x, y, maxPoints, 4);
        int n = x.length;
        if (n <= maxPoints) {
            return new double[][] {x.clone(), y.clone()};
        }
        // The first and last points are kept on their own; the rest is split into buckets of two points each.
        int buckets = (maxPoints - 2) / 2;
        double[] ox = new double[2 + 2 * buckets];
        double[] oy = new double[ox.length];
        int k = 0;
        ox[k] = x[0];
        oy[k++] = y[0];
        int inner = n - 2;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * inner / buckets);
            int to = 1 + (int) ((long) (b + 1) * inner / buckets);
            int lo = from;
            int hi = from;
            for (int i = from + 1; i < to; i++) {
                // NaN compares false both ways; keep it visible as the bucket's low point.
                if (y[i] < y[lo] || Double.isNaN(y[i])) {
                    lo = i;
                }
                if (y[i] > y[hi]) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            ox[k] = x[first];
            oy[k++] = y[first];
            if (second != first) {
                ox[k] = x[second];
                oy[k++] = y[second];
            }
        }
        ox[k] = x[n - 1];
        oy[k++] = y[n - 1];
        return new double[][] {Arrays.copyOf(ox, k), Arrays.copyOf(oy, k)};
    }

    /** At most {@code maxPoints} evenly spaced points: right for smooth curves. */
    public static double[][] evenly(double[] x, double[] y, int maxPoints) {
        check(x, y, maxPoints, 2);
        int n = x.length;
        if (n <= maxPoints) {
            return new double[][] {x.clone(), y.clone()};
        }
        double[] ox = new double[maxPoints];
        double[] oy = new double[maxPoints];
        for (int k = 0; k < maxPoints; k++) {
            int i = (int) Math.round((double) k * (n - 1) / (maxPoints - 1));
            ox[k] = x[i];
            oy[k] = y[i];
        }
        return new double[][] {ox, oy};
    }

    private static void check(double[] x, double[] y, int maxPoints, int least) {
        Charts.sameLength("decimated", x, y);
        if (maxPoints < least) {
            throw new IllegalArgumentException("maxPoints must be at least " + least + " but was " + maxPoints);
        }
    }
}
