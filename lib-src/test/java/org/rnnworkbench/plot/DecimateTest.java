package org.rnnworkbench.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DecimateTest {
    @Property
    void minMaxKeepsEndsExtremesAndOrder(@ForAll @IntRange(min = 1, max = 3000) int n,
            @ForAll @IntRange(min = 4, max = 500) int maxPoints, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5;
            y[i] = r.nextGaussian();
        }
        double[][] d = Decimate.minMax(x, y, maxPoints);
        if (n <= maxPoints) {
            assertEquals(n, d[0].length);
        } else {
            assertTrue(d[0].length <= maxPoints, d[0].length + " points");
        }
        assertEquals(d[0].length, d[1].length);
        assertEquals(x[0], d[0][0]);
        assertEquals(x[n - 1], d[0][d[0].length - 1]);
        for (int i = 1; i < d[0].length; i++) {
            assertTrue(d[0][i] > d[0][i - 1], "x strictly increasing");
        }
        assertEquals(Arrays.stream(y).min().getAsDouble(), Arrays.stream(d[1]).min().getAsDouble());
        assertEquals(Arrays.stream(y).max().getAsDouble(), Arrays.stream(d[1]).max().getAsDouble());
        for (int i = 0; i < d[0].length; i++) {
            assertEquals(y[(int) (d[0][i] * 2)], d[1][i], "points are original points");
        }
    }

    @Test
    void evenlyKeepsEndsAndSpacing() {
        double[] x = new double[101];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        double[][] d = Decimate.evenly(x, x, 11);
        assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, d[0]);
        assertArrayEquals(d[0], d[1]);
        double[][] small = Decimate.evenly(new double[] {1, 2}, new double[] {3, 4}, 5);
        assertArrayEquals(new double[] {1, 2}, small[0]);
        assertThrows(IllegalArgumentException.class, () -> Decimate.evenly(x, x, 1));
        assertThrows(IllegalArgumentException.class, () -> Decimate.minMax(x, new double[3], 10));
    }
}
