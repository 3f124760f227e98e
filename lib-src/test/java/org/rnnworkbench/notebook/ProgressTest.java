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
        assertEquals("iteration 0 / 1,000 · loss 5.000 · estimating time left", lines.get(0));
        now[0] += 100_000_000L; // 0.1 s
        assertFalse(p.update(10, 4.0));
        now[0] += 150_000_000L; // 0.25 s since the first line
        assertTrue(p.update(25, 4.0));
        // 25 iterations in 0.25 s: 100 it/s, but a quarter of a second says nothing about the time left.
        assertEquals("iteration 25 / 1,000 · loss 4.000 · 100 it/s · estimating time left", lines.get(1));
        now[0] += 10_000_000L;
        assertFalse(p.update(26, 4.0));
        now[0] = 1_000_000_000L + 10_000_000_000L;
        p.finish(1000, 2.0);
        assertEquals("iteration 1,000 / 1,000 · loss 2.000 · 100 it/s · done in 10.0 s", lines.get(2));
        assertEquals(3, lines.size());
    }

    /**
     * A fake run whose rate climbs linearly from {@code slowRate} to {@code fastRate} it/s over the first
     * {@code slowSeconds} (the JIT compiling the loop), then stays at {@code fastRate}.
     */
    private static List<String> warmUpRun(long total, double slowSeconds, double slowRate, double fastRate, double seconds) {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        Progress p = Progress.to(lines::add, total, 250, () -> now[0]);
        for (long ms = 0; ms <= seconds * 1000; ms += 50) {
            now[0] = ms * 1_000_000L;
            double t = ms / 1000.0;
            double rampEnd = slowSeconds * (slowRate + fastRate) / 2;
            double done = t <= slowSeconds
                    ? t * slowRate + (fastRate - slowRate) * t * t / (2 * slowSeconds)
                    : rampEnd + (t - slowSeconds) * fastRate;
            p.update(Math.min(total, (long) done), 3.0);
        }
        return lines;
    }

    @Test
    void timeLeftWaitsForTheRateToSettleAndComesFromRecentIterations() {
        // 2 s climbing from 100 to 10,000 it/s while the JIT compiles: 1,000,000 iterations take about 101 s.
        List<String> lines = warmUpRun(1_000_000, 2, 100, 10_000, 12);
        for (String line : lines.subList(0, 13)) {
            // Up to 3 s the rate is still climbing: an estimate from it would say hours.
            assertTrue(line.endsWith("estimating time left"), line);
        }
        String last = lines.get(lines.size() - 1);
        assertFalse(last.contains("estimating"), last);
        // At 12 s: 110,100 done, 889,900 left at 10,000 it/s over the last window (the warm-up is out of it).
        assertEquals("iteration 110,100 / 1,000,000 · loss 3.000 · 10,000 it/s · 1 min 29 s left", last);
        for (String line : lines) {
            assertFalse(line.contains(" h "), "no estimate in hours for a run of under two minutes: " + line);
        }
    }

    @Test
    void aSteadyRateGivesTheTimeLeftAfterTheMinimumSpan() {
        List<String> lines = warmUpRun(100_000, 0, 0, 1_000, 3);
        // Lines at 0, 0.25, …: the window reaches 1 s at the fifth line.
        assertTrue(lines.get(3).endsWith("estimating time left"), lines.get(3));
        assertEquals("iteration 1,000 / 100,000 · loss 3.000 · 1,000 it/s · 1 min 39 s left", lines.get(4));
        assertEquals("iteration 3,000 / 100,000 · loss 3.000 · 1,000 it/s · 1 min 37 s left", lines.get(lines.size() - 1));
    }
}
