package org.rnnworkbench.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pass rule of the tests: every variable's relative error is below 1e-7, except a gradient too
 * small for the central difference to resolve. Rounding in the forward pass leaves roughly
 * 1e-16·Σ|terms|/ε ≈ 1e-11..1e-10 of noise in each numerical derivative (ε = 1e-5), so when a
 * gradient's norm is below 1e-3 (a saturated gate, or a sum that cancels) its relative error measures
 * that noise; such a gradient must instead agree entry by entry to 1e-9, as numpy's allclose does
 * with an absolute tolerance.
 */
final class GradientAssertions {
    private GradientAssertions() {}

    static final double RELATIVE = 1e-7;
    static final double ABSOLUTE = 1e-9;
    static final double SMALL_NORM = 1e-3;

    /** True when the entry is only accepted through the absolute rule. */
    static boolean belowNoise(GradientCheck.Entry e) {
        return !(e.relativeError() < RELATIVE) && e.gradientNorm() < SMALL_NORM && e.maxAbsDiff() < ABSOLUTE;
    }

    /** Fails unless every entry passes by the rule above; returns how many needed the absolute rule. */
    static int assertAgree(String label, GradientCheck.Result r) {
        int below = 0;
        for (GradientCheck.Entry e : r.entries()) {
            if (belowNoise(e)) {
                below++;
            } else {
                assertTrue(e.relativeError() < RELATIVE, () -> label + " " + e + "\n" + r);
                assertTrue(e.passed(), () -> label + " " + e + "\n" + r);
            }
        }
        return below;
    }
}
