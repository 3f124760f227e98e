package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void lineReadsLikeTheExample() {
        assertEquals("iteration 12,000 / 100,000 · loss 23.456 · 41,230 it/s · 2.1 s left",
                Progress.line(12_000, 100_000, 23.456, 41_230.4, 2.1));
        assertEquals("iteration 0 / 100 · loss 3.000", Progress.line(0, 100, 3, Double.NaN, Double.NaN));
        assertEquals("iteration 7 · loss NaN · 2.5 it/s", Progress.line(7, 0, Double.NaN, 2.5, Double.NaN));
        assertEquals("iteration 1,000 / 1,000 · loss 1,234.568 · 500 it/s · done in 2.0 s",
                Progress.doneLine(1000, 1000, 1234.5678, 500, 2));
    }

    @Test
    void durationsSwitchUnits() {
        assertEquals("0.0 s", Progress.duration(0));
        assertEquals("59.9 s", Progress.duration(59.94));
        assertEquals("1 min 00 s", Progress.duration(59.96));
        assertEquals("3 min 05 s", Progress.duration(185.2));
        assertEquals("1 h 00 min", Progress.duration(3599.6));
        assertEquals("2 h 03 min", Progress.duration(2 * 3600 + 3 * 60 + 10));
        assertThrows(IllegalArgumentException.class, () -> Progress.duration(-1));
        assertThrows(IllegalArgumentException.class, () -> Progress.duration(Double.NaN));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Progress.line(-1, 10, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Progress.line(11, 10, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Progress.line(1, -10, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Progress.to(null, 10));
        assertThrows(IllegalArgumentException.class, () -> Progress.to(l -> { }, 10, -1, System::nanoTime));
    }

    @Test
    void throttleSendsTheFirstLineThenAtMostOnePerInterval() {
        long[] now = {1_000_000_000L};
        List<String> lines = new ArrayList<>();
        Progress p = Progress.to(lines::add, 1000, 250, () -> now[0]);
        assertTrue(p.update(0, 5.0));
        assertEquals("iteration 0 / 1,000 · loss 5.000", lines.get(0));
        now[0] += 100_000_000L; // 0.1 s
        assertFalse(p.update(10, 4.0));
        now[0] += 150_000_000L; // 0.25 s since the first line
        assertTrue(p.update(25, 4.0));
        // 25 iterations in 0.25 s: 100 it/s, 975 left.
        assertEquals("iteration 25 / 1,000 · loss 4.000 · 100 it/s · 9.8 s left", lines.get(1));
        now[0] += 10_000_000L;
        assertFalse(p.update(26, 4.0));
        now[0] = 1_000_000_000L + 10_000_000_000L;
        p.finish(1000, 2.0);
        assertEquals("iteration 1,000 / 1,000 · loss 2.000 · 100 it/s · done in 10.0 s", lines.get(2));
        assertEquals(3, lines.size());
    }
}
