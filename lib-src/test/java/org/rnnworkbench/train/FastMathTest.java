package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastMathTest {
    /** Ulps between FastMath.tanh and StrictMath.tanh (fdlibm, the JDK's own), worst over many arguments. */
    @Test
    void tanhIsWithinTwoUlpsOfStrictMathEverywhere() {
        SplittableRandom r = new SplittableRandom(5);
        double worst = 0;
        double worstAt = 0;
        double[] scales = {1e-12, 1e-6, 1e-3, 0.05, 0.3, 1.0, 3.0, 10.0, 30.0};
        for (double scale : scales) {
            for (int i = 0; i < 200_000; i++) {
                double x = scale * r.nextGaussian();
                double ulps = Math.abs(FastMath.tanh(x) - StrictMath.tanh(x)) / Math.ulp(StrictMath.tanh(x));
                if (ulps > worst) {
                    worst = ulps;
                    worstAt = x;
                }
            }
        }
        // Around the switch between the two formulas, and around the 1e-9 shortcut.
        for (double centre : new double[] {1.0, 1e-9}) {
            double x = centre;
            for (int i = 0; i < 1000; i++) {
                for (double v : new double[] {x, -x}) {
                    double ulps = Math.abs(FastMath.tanh(v) - StrictMath.tanh(v)) / Math.ulp(StrictMath.tanh(v));
                    if (ulps > worst) {
                        worst = ulps;
                        worstAt = v;
                    }
                }
                x = Math.nextDown(x);
            }
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulps at x = " + worstAt);
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastMath.tanh(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastMath.tanh(-0.0)));
        assertEquals(1.0, FastMath.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastMath.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, FastMath.tanh(40.0));
        assertEquals(-1.0, FastMath.tanh(-710.0));
        assertTrue(Double.isNaN(FastMath.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, FastMath.tanh(Double.MIN_VALUE));
        for (double x = -3; x <= 3; x += 0.001) {
            assertEquals(-FastMath.tanh(x), FastMath.tanh(-x), 0.0, "odd at " + x);
        }
    }
}
