package org.rnnworkbench.random;

/**
 * The natural logarithm rounded to the nearest double, the same on every JVM.
 *
 * <p>Why not {@link Math#log}: NumPy's polar method calls the C library's {@code log}, and neither
 * {@code Math.log} (platform intrinsics, within 1 ulp) nor {@code StrictMath.log} (fdlibm, about 7% of
 * arguments one ulp away from glibc) is defined to give the same bits. The correctly rounded value is
 * the one reproducible target: glibc's {@code log} (error below 0.52 ulp) agrees with it on about
 * 99.92% of arguments, and the golden fixtures record the rare arguments where it does not.
 *
 * <p>Method: {@code x = 2^k·m} with {@code m} in [√½, √2], {@code c = i/64} the table point nearest
 * {@code m}, then {@code log x = k·ln2 + log c + 2·atanh(t)} with {@code t = (m−c)/(m+c)},
 * {@code |t| < 2^-7.5}. Everything is carried in double-double arithmetic (about 100 bits), so the
 * final rounding is wrong only if log x lies within about 2^-100 (relative) of a midpoint between two
 * doubles. The table and ln2 are computed once, from the same series, at class initialisation.
 */
final class CorrectlyRoundedLog {
    private CorrectlyRoundedLog() {}

    private static final int I_MIN = 45; // round(64·√½)
    private static final int I_MAX = 91; // round(64·√2)
    private static final double SQRT2 = 1.4142135623730951;
    private static final double[] LOG_C_HI = new double[I_MAX + 1];
    private static final double[] LOG_C_LO = new double[I_MAX + 1];
    private static final double LN2_HI;
    private static final double LN2_LO;
    // 1/3, 1/5 and 1/7 as double-double constants for the first, precision-critical series terms.
    private static final double THIRD_HI = 1.0 / 3;
    private static final double THIRD_LO = Math.fma(-THIRD_HI, 3, 1) / 3;
    private static final double FIFTH_HI = 1.0 / 5;
    private static final double FIFTH_LO = Math.fma(-FIFTH_HI, 5, 1) / 5;

    static {
        double[] ln2 = logOfRatio(1, 3); // log 2 = 2·atanh(1/3)
        LN2_HI = ln2[0];
        LN2_LO = ln2[1];
        for (int i = I_MIN; i <= I_MAX; i++) {
            double[] v = logOfRatio(i - 64, i + 64); // log(i/64) = 2·atanh((i−64)/(i+64))
            LOG_C_HI[i] = v[0];
            LOG_C_LO[i] = v[1];
        }
    }

    /** log(x) correctly rounded; −∞ for ±0, NaN for negative or NaN, +∞ for +∞. */
    static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            return x == 0 ? Double.NEGATIVE_INFINITY : (x > 0 ? x : Double.NaN);
        }
        long bits = Double.doubleToRawLongBits(x);
        int k = 0;
        if (bits < 0x0010000000000000L) { // subnormal: scale into the normal range first
            bits = Double.doubleToRawLongBits(x * 0x1p54);
            k = -54;
        }
        k += (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }
        int i = (int) (m * 64 + 0.5);
        double c = i * 0x1p-6;
        double d = m - c; // exact: c/2 <= m <= 2c

        // s = m + c exactly as sh + sl, then t = d / s as th + tl.
        double sh = m + c;
        double bb = sh - m;
        double sl = (m - (sh - bb)) + (c - bb);
        double th = d / sh;
        double tl = (Math.fma(-th, sh, d) - th * sl) / sh;

        // atanh(t) = t·(1 + Z), Z = t²·(1/3 + t²·(1/5 + t²·(1/7 + t²/9 + ...))).
        // Term j is t^(2j) smaller than the first, so only the first three need double-double.
        double t2h = th * th;
        double t2l = Math.fma(th, th, -t2h) + 2 * th * tl;
        double tail = t2h * (1.0 / 7 + t2h * (1.0 / 9 + t2h * (1.0 / 11 + t2h * (1.0 / 13 + t2h * (1.0 / 15)))));
        // y = 1/5 + tail, kept as the unnormalised pair (FIFTH_HI, FIFTH_LO + tail)
        double yh = FIFTH_HI;
        double yl = FIFTH_LO + tail;
        // p = t²·y
        double ph = t2h * yh;
        double pl = Math.fma(t2h, yh, -ph) + (t2h * yl + t2l * yh);
        // x3 = 1/3 + p
        double xh = THIRD_HI + ph;
        double xl = twoSumErr(THIRD_HI, ph, xh) + (THIRD_LO + pl);
        // z = t²·x3
        double zh = t2h * xh;
        double zl = Math.fma(t2h, xh, -zh) + (t2h * xl + t2l * xh);
        // q = t·z
        double qh = th * zh;
        double ql = Math.fma(th, zh, -qh) + (th * zl + tl * zh);
        // a = t + q = atanh(t); the series value is 2a (exact scaling)
        double ah = th + qh;
        double al = twoSumErr(th, qh, ah) + (tl + ql);
        double fh = ah + al;
        double fl = al - (fh - ah);
        fh *= 2;
        fl *= 2;

        // k·ln2 as a double-double
        double kd = k;
        double kh = kd * LN2_HI;
        double kl = Math.fma(kd, LN2_HI, -kh) + kd * LN2_LO;

        // total = (k·ln2 + log c) + 2·atanh(t), each addition error-free in its leading part
        double uh = kh + LOG_C_HI[i];
        double ul = twoSumErr(kh, LOG_C_HI[i], uh) + (kl + LOG_C_LO[i]);
        double u2 = uh + ul;
        ul = ul - (u2 - uh);
        uh = u2;
        double vh = uh + fh;
        double vl = twoSumErr(uh, fh, vh) + (ul + fl);
        return vh + vl;
    }

    /** The rounding error of {@code s = fl(a + b)}: {@code a + b − s}, exactly (Knuth's two-sum). */
    private static double twoSumErr(double a, double b, double s) {
        double bv = s - a;
        return (a - (s - bv)) + (b - bv);
    }

    /**
     * log((1 + r)/(1 − r)) = 2·atanh(r) with r = num/den (num and den exact small integers), as a
     * double-double {hi, lo}. Used only to build the table, so it favours clarity over speed.
     */
    private static double[] logOfRatio(double num, double den) {
        if (num == 0) {
            return new double[] {0, 0};
        }
        double[] r = {num / den, 0};
        r[1] = Math.fma(-r[0], den, num) / den;
        double[] r2 = mul(r, r);
        double[] power = r.clone();
        double[] sum = r.clone();
        for (int j = 1; j < 200; j++) {
            power = mul(power, r2);
            double[] term = div(power, 2 * j + 1);
            sum = add(sum, term);
            if (Math.abs(term[0]) < 0x1p-115 * Math.abs(sum[0])) {
                break;
            }
        }
        return new double[] {2 * sum[0], 2 * sum[1]};
    }

    private static double[] add(double[] a, double[] b) {
        double s = a[0] + b[0];
        double e = twoSumErr(a[0], b[0], s);
        double t = a[1] + b[1];
        double f = twoSumErr(a[1], b[1], t);
        e += t;
        double s2 = s + e;
        e = e - (s2 - s);
        e += f;
        double s3 = s2 + e;
        return new double[] {s3, e - (s3 - s2)};
    }

    private static double[] mul(double[] a, double[] b) {
        double p = a[0] * b[0];
        double e = Math.fma(a[0], b[0], -p) + (a[0] * b[1] + a[1] * b[0]);
        double s = p + e;
        return new double[] {s, e - (s - p)};
    }

    private static double[] div(double[] a, double b) {
        double q = a[0] / b;
        double r = Math.fma(-q, b, a[0]) + a[1];
        double ql = r / b;
        double s = q + ql;
        return new double[] {s, ql - (s - q)};
    }
}
