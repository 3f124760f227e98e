package org.rnnworkbench.grading;

import java.util.Locale;

/**
 * The comparison {@link Check} and {@link Answer} share: numbers agree when
 * {@code |got − expected| ≤ tol·max(1, |expected|)}, NaN only with NaN, an infinity only with itself.
 * It depends on nothing but the JDK, so the student edition of the library carries it with {@link Answer}.
 */
final class Compare {
    private Compare() {}

    /** Names the position of entry {@code index} of a flat array, e.g. "[4][1]". */
    interface Position {
        String of(int index);
    }

    /** True when {@code actual} agrees with {@code expected} to {@code tol}. */
    static boolean agrees(double actual, double expected, double tol) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        // Written so that NaN or an infinite actual value fails.
        return Math.abs(actual - expected) <= tol * Math.max(1.0, Math.abs(expected));
    }

    /** Throws an AssertionError naming the first and the worst entry off, unless every entry agrees. */
    static void values(String what, double[] actual, double[] expected, double tol, Position position) {
        int n = expected.length;
        int wrong = 0;
        int first = -1;
        int worst = -1;
        double worstRank = -1;
        for (int i = 0; i < n; i++) {
            if (!agrees(actual[i], expected[i], tol)) {
                wrong++;
                if (first < 0) {
                    first = i;
                }
                // A NaN ranks above every number: it is the worst a result can be.
                double d = Math.abs(actual[i] - expected[i]);
                double rank = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                if (rank > worstRank) {
                    worst = i;
                    worstRank = rank;
                }
            }
        }
        if (wrong == 0) {
            return;
        }
        StringBuilder s = new StringBuilder(what).append(" is wrong at ").append(position.of(first))
                .append(": expected ").append(expected[first]).append(", got ").append(actual[first])
                .append(" (difference ").append(num(Math.abs(actual[first] - expected[first])))
                .append(", tolerance ").append(num(tol)).append(")");
        if (wrong > 1) {
            s.append("; ").append(wrong).append(" of ").append(n).append(" entries are off, the largest by ")
                    .append(num(Math.abs(actual[worst] - expected[worst]))).append(" at ").append(position.of(worst));
        }
        throw new AssertionError(s.toString());
    }

    /** A difference or tolerance as the messages print it: 1.00e-07. */
    static String num(double x) {
        return String.format(Locale.ROOT, "%.2e", x);
    }
}
