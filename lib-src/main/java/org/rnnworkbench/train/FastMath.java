package org.rnnworkbench.train;

/**
 * A hyperbolic tangent that is about three times as fast as {@link Math#tanh} on JDK 17 (which is
 * not an intrinsic there) and as accurate: within a few units in the last place of
 * {@link StrictMath#tanh} over the whole line (the test measures it).
 *
 * <ul>
 *   <li>{@code |x| < 1}: Lambert's continued fraction {@code tanh x = x / (1 + x²/(3 + x²/(5 + …)))},
 *       cut after the term {@code 2·DEPTH + 1}, as one rational function {@code x·P(x²)/Q(x²)}, evaluated
 *       as {@code x − x·x²·D(x²)/Q(x²)} with {@code D = (Q − P)/x²}. Its coefficients are integers, computed here from the recurrence of the convergents, not typed
 *       in. At depth 9 the truncation error is below 1e-19 relative on [−1, 1], so only the
 *       rounding of a dozen operations with positive terms remains.</li>
 *   <li>{@code |x| ≥ 1}: {@code (1 − e)/(1 + e)} with {@code e = exp(−2|x|) ≤ 0.14}, where no
 *       cancellation can occur ({@link Math#exp} is an intrinsic).</li>
 * </ul>
 */
public final class FastMath {
    private FastMath() {}

    /** Depth of the continued fraction. */
    static final int DEPTH = 9;

    /** Coefficients of D = (Q − P)/y and of Q, polynomials in y = x², constant term first. */
    private static final double[] D;
    private static final double[] Q;

    static {
        // K = b0 + y/(b1 + y/(b2 + ...)) with b_k = 2k + 1 has convergents A_k / B_k with
        // A_k = b_k·A_{k−1} + y·A_{k−2} (the same for B), A_{−1} = 1, A_0 = 1, B_{−1} = 0, B_0 = 1.
        // tanh x = x / K = x·B_n(y) / A_n(y); all coefficients are integers below 2^53.
        long[] aPrev = {1};
        long[] a = {1};
        long[] bPrev = {0};
        long[] b = {1};
        for (int k = 1; k <= DEPTH; k++) {
            long[] aNext = step(2L * k + 1, a, aPrev);
            long[] bNext = step(2L * k + 1, b, bPrev);
            aPrev = a;
            a = aNext;
            bPrev = b;
            b = bNext;
        }
        // P and Q share their constant term (1·3·5·…), so Q − P = y·D(y) and
        // tanh x = x − x·y·D(y)/Q(y): the rounding of the quotient is damped by y/3 relative to x.
        long[] d = new long[a.length - 1];
        for (int i = 1; i < a.length; i++) {
            d[i - 1] = a[i] - (i < b.length ? b[i] : 0);
        }
        if (a[0] != b[0]) {
            throw new AssertionError("P and Q differ in their constant terms");
        }
        D = toDouble(d);
        Q = toDouble(a);
    }

    private static long[] step(long bk, long[] prev, long[] prev2) {
        long[] next = new long[Math.max(prev.length, prev2.length + 1)];
        for (int i = 0; i < prev.length; i++) {
            next[i] += Math.multiplyExact(bk, prev[i]);
        }
        for (int i = 0; i < prev2.length; i++) {
            next[i + 1] = Math.addExact(next[i + 1], prev2[i]);
        }
        return next;
    }

    private static double[] toDouble(long[] c) {
        double[] d = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            if (Math.abs(c[i]) > (1L << 53)) {
                throw new AssertionError("coefficient " + c[i] + " is not exact in a double");
            }
            d[i] = c[i];
        }
        return d;
    }

    /** tanh(x); NaN for NaN, ±1 for ±∞, and the sign of zero kept. */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax < 1e-9) {
            // tanh x = x − x³/3 + …, and x³/3 is below half an ulp of x here (keeps −0.0 too).
            return x;
        }
        if (ax < 1.0) {
            double y = x * x;
            double d = D[D.length - 1];
            for (int i = D.length - 2; i >= 0; i--) {
                d = d * y + D[i];
            }
            double q = Q[Q.length - 1];
            for (int i = Q.length - 2; i >= 0; i--) {
                q = q * y + Q[i];
            }
            return x - x * y * d / q;
        }
        double e = Math.exp(-2.0 * ax);
        return Math.copySign((1.0 - e) / (1.0 + e), x);
    }
}
