package org.rnnworkbench.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.notebook.PlotlyJson;

class SpreadTest {
    @Test
    void medianAndRange() {
        assertEquals(2, Spread.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Spread.median(new double[] {4, 1, 2, 3}));
        assertEquals("2.00 (1.00–3.00)", Spread.text(new double[] {3, 1, 2}, 2));
        assertEquals("-0.01 (-0.02 to 0.01)", Spread.text(new double[] {0.01, -0.02, -0.01}, 2));
        assertThrows(IllegalArgumentException.class, () -> Spread.median(new double[0]));
    }

    @Test
    void separatedOnlyWhenTheRangesDoNotMeet() {
        assertTrue(Spread.separated(new double[] {1, 2}, new double[] {3, 4}));
        assertFalse(Spread.separated(new double[] {1, 3.5}, new double[] {3, 4}));
    }

    @Test
    void permutationPOfThreeAgainstThreeFullySeparatedIsOneTenth() {
        // Of the 20 ways to pick 3 of 6, only the observed split and its mirror are as extreme.
        assertEquals(0.1, Spread.permutationP(new double[] {1, 2, 3}, new double[] {10, 11, 12}), 1e-15);
        assertEquals(2.0 / 252, Spread.permutationP(new double[] {1, 2, 3, 4, 5}, new double[] {10, 11, 12, 13, 14}),
                1e-15);
        assertEquals(1.0, Spread.permutationP(new double[] {1, 2}, new double[] {1, 2}), 1e-15);
    }

    @Test
    void figuresCarryTheirTitleAndOneTracePerPart() {
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("a", new double[] {1, 2, 3});
        groups.put("b", new double[] {2, 3, 4});
        Map<String, Object> dots = PlotlyJson.toMap(Spread.dots("Loss by seed", "nats", groups, "baseline", 2.5));
        assertEquals("Loss by seed", PlotlyJson.title(dots));
        assertEquals(3, ((List<?>) dots.get("data")).size());
        Map<String, double[][]> runs = Map.of("rnn", new double[][] {{1, 2}, {3, 0}});
        Map<String, Object> bands = PlotlyJson.toMap(Spread.bands("Curves", "x", "y", new double[] {0, 1}, runs,
                Map.of("rnn", "#1f77b4")));
        assertEquals(3, ((List<?>) bands.get("data")).size());
        Map<String, Object> withReference = PlotlyJson.toMap(Spread.bands("Curves", "x", "y", new double[] {0, 1}, runs,
                Map.of("rnn", "#1f77b4"), "n-gram", 1.5));
        assertEquals(4, ((List<?>) withReference.get("data")).size());
        assertThrows(IllegalArgumentException.class, () -> Spread.bands("Curves", "x", "y", new double[] {0, 1, 2}, runs,
                Map.of("rnn", "#1f77b4")));
    }
}
