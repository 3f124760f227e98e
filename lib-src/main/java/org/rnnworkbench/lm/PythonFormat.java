package org.rnnworkbench.lm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting that prints what Python prints, so logs can be compared character for
 * character. Java's {@code String.format("%.6f")} rounds the shortest decimal form half-up and
 * follows the default locale; Python rounds the exact binary value half-to-even and always uses
 * {@code '.'}. The two differ on ties such as 0.0000005 written in binary just below or above.
 */
public final class PythonFormat {
    private PythonFormat() {}

    /** Python's {@code '%.<decimals>f' % x}: exact value rounded half-to-even; {@code nan}, {@code inf}, {@code -inf}; keeps the sign of −0. */
    public static String percentF(double x, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0 but was " + decimals);
        }
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Python's {@code '%f' % x} (six decimals). */
    public static String percentF(double x) {
        return percentF(x, 6);
    }
}
