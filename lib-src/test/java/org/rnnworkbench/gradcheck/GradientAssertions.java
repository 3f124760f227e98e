package org.rnnworkbench.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pass rule of the tests: every variable's relative error is below 1e-7. */
final class GradientAssertions {
    private GradientAssertions() {}

    static final double RELATIVE = 1e-7;

    /** Fails unless every entry of the check passes. */
    static void assertAgree(String label, GradientCheck.Result r) {
        for (GradientCheck.Entry e : r.entries()) {
            assertTrue(e.relativeError() < RELATIVE, () -> label + " " + e + "\n" + r);
            assertTrue(e.passed(), () -> label + " " + e + "\n" + r);
        }
    }
}
