package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateDecayTest {
    @Test
    void noneKeepsTheBaseRate() {
        for (long u : new long[] {0, 1, 499, 999}) {
            assertEquals(0.01, LearningRateDecay.NONE.rate(0.01, u, 1000), 0);
        }
    }

    @Test
    void linearGoesFromTheBaseRateDownToOneStepAboveZero() {
        LearningRateDecay d = LearningRateDecay.LINEAR;
        assertEquals(0.2, d.rate(0.2, 0, 4), 0);
        assertEquals(0.15, d.rate(0.2, 1, 4), 1e-16);
        assertEquals(0.1, d.rate(0.2, 2, 4), 1e-16);
        assertEquals(0.05, d.rate(0.2, 3, 4), 1e-16);
    }

    @Test
    void cosineIsHalfWayAtTheMiddleAndDecreasing() {
        LearningRateDecay d = LearningRateDecay.COSINE;
        assertEquals(1.0, d.rate(1.0, 0, 100), 0);
        assertEquals(0.5, d.rate(1.0, 50, 100), 1e-15);
        double last = Double.POSITIVE_INFINITY;
        for (int u = 0; u < 100; u++) {
            double r = d.rate(1.0, u, 100);
            assertTrue(r < last && r > 0, "update " + u);
            last = r;
        }
        // Slow at both ends: the first and last steps change the rate less than a middle one.
        double first = 1.0 - d.rate(1.0, 1, 100);
        double middle = d.rate(1.0, 50, 100) - d.rate(1.0, 51, 100);
        assertTrue(first < middle / 10);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateDecay.LINEAR.rate(0.1, 5, 5));
        assertTrue(e.getMessage().contains("update must be in [0, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningRateDecay.NONE.rate(0.1, 0, 0));
        assertTrue(e.getMessage().contains("updates must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningRateDecay.of("exponential"));
        assertTrue(e.getMessage().contains("none, linear, cosine") && e.getMessage().contains("'exponential'"),
                e.getMessage());
        assertEquals(LearningRateDecay.COSINE, LearningRateDecay.of("cosine"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().decay(null).build());
        assertTrue(e.getMessage().startsWith("decay is null"), e.getMessage());
    }
}
