package org.rnnworkbench.notebook;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one progress line a long run shows, and a throttle that sends it to a {@link ProgressSink} at most
 * every few hundred milliseconds, so a run of 100,000 iterations updates one line instead of printing
 * thousands.
 *
 * <p>Call order: create it right before the loop ({@link #to(ProgressSink, long)} starts the clock), call
 * {@link #update(long, double)} after each iteration with the number of iterations done so far, and
 * {@link #finish(long, double)} once at the end, which always sends the final line.
 *
 * <p>The rate and the time left come from the last {@value #WINDOW_SECONDS} seconds, not from the
 * start: the first iterations run before the JIT has compiled the loop and are many times slower, so an
 * estimate from them would announce hours for a run of seconds. The time left is shown only once the rate
 * has settled: the window spans at least {@value #MIN_SPAN_SECONDS} s and the rates of its older and newer
 * halves agree within {@value #SETTLED_PERCENT}%; until then the line says "estimating time left".
 */
public final class Progress {
    /** Default minimum time between two lines sent to the sink. */
    public static final long DEFAULT_INTERVAL_MILLIS = 250;
    /** How far back the rate is measured, in seconds. */
    public static final int WINDOW_SECONDS = 5;
    /** The shortest window that gives a time left, in seconds. */
    public static final int MIN_SPAN_SECONDS = 1;
    /** How closely the two halves of the window must agree (percent) before a time left is shown. */
    public static final int SETTLED_PERCENT = 20;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;
    private static final long MIN_SPAN_NANOS = MIN_SPAN_SECONDS * 1_000_000_000L;

    private final ProgressSink sink;
    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastSentNanos;
    private boolean sentAny;
    /** (time, iterations done) at each update, oldest first, trimmed to the window. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private boolean settled;

    private Progress(ProgressSink sink, long total, long intervalMillis, LongSupplier nanoClock) {
        this.sink = sink;
        this.total = total;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        samples.add(new long[] {startNanos, 0});
    }

    /** A throttle over {@code total} iterations that sends at most one line every 250 ms. */
    public static Progress to(ProgressSink sink, long total) {
        return to(sink, total, DEFAULT_INTERVAL_MILLIS, System::nanoTime);
    }

    /** A throttle with its own interval and clock (nanoseconds, like {@link System#nanoTime()}). */
    public static Progress to(ProgressSink sink, long total, long intervalMillis, LongSupplier nanoClock) {
        if (sink == null) {
            throw new IllegalArgumentException("sink is null");
        }
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0 (0 when unknown) but was " + total);
        }
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("intervalMillis must be >= 0 but was " + intervalMillis);
        }
        if (nanoClock == null) {
            throw new IllegalArgumentException("nanoClock is null");
        }
        return new Progress(sink, total, intervalMillis, nanoClock);
    }

    /**
     * Reports that {@code iteration} iterations are done with loss {@code loss}; sends a line if none was
     * sent yet or the interval has passed. Returns whether a line was sent.
     */
    public boolean update(long iteration, double loss) {
        long now = nanoClock.getAsLong();
        if (sentAny && now - lastSentNanos < intervalNanos) {
            return false;
        }
        record(now, iteration);
        double rate = windowRate();
        String line;
        if (total > 0 && isSettled()) {
            double left = rate > 0 ? (total - iteration) / rate : Double.NaN;
            line = line(iteration, total, loss, rate, left);
        } else {
            line = line(iteration, total, loss, rate, Double.NaN);
            if (total > 0 && iteration < total) {
                line += " · estimating time left";
            }
        }
        send(line, now);
        return true;
    }

    private void record(long now, long iteration) {
        samples.addLast(new long[] {now, iteration});
        // Keep one sample at or before the window's start, so the window always spans it.
        while (samples.size() > 2) {
            long[] second = samples.stream().skip(1).findFirst().orElseThrow();
            if (now - second[0] < WINDOW_NANOS) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Iterations per second over the window (NaN before any time has passed). */
    private double windowRate() {
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long span = last[0] - first[0];
        return span > 0 ? (last[1] - first[1]) * 1e9 / span : Double.NaN;
    }

    /** Once true, stays true: a line that drops its estimate again would confuse more than it tells. */
    private boolean isSettled() {
        if (settled) {
            return true;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        if (last[0] - first[0] < MIN_SPAN_NANOS) {
            return false;
        }
        long mid = first[0] + (last[0] - first[0]) / 2;
        long[] middle = first;
        for (long[] s : samples) {
            if (s[0] <= mid) {
                middle = s;
            }
        }
        if (middle == first || middle == last) {
            return false;
        }
        double older = (middle[1] - first[1]) / (double) (middle[0] - first[0]);
        double newer = (last[1] - middle[1]) / (double) (last[0] - middle[0]);
        if (older > 0 && newer > 0 && Math.abs(newer - older) <= SETTLED_PERCENT / 100.0 * Math.max(older, newer)) {
            settled = true;
        }
        return settled;
    }

    /** Sends the final line, "… · done in 2.4 s", whatever the throttle says. */
    public void finish(long iteration, double loss) {
        long now = nanoClock.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? iteration / seconds : Double.NaN;
        send(doneLine(iteration, total, loss, rate, seconds), now);
    }

    private void send(String line, long now) {
        sentAny = true;
        lastSentNanos = now;
        sink.accept(line);
    }

    /**
     * "iteration 12,000 / 100,000 · loss 23.456 · 41,230 it/s · 2.1 s left". A {@code total} of 0 leaves
     * out "/ total"; a NaN rate or time left leaves out that part (not known yet).
     */
    public static String line(long iteration, long total, double loss, double itPerSecond, double secondsLeft) {
        StringBuilder sb = head(iteration, total, loss, itPerSecond);
        if (Double.isFinite(secondsLeft) && secondsLeft >= 0) {
            sb.append(" · ").append(duration(secondsLeft)).append(" left");
        }
        return sb.toString();
    }

    /** "iteration 100,000 / 100,000 · loss 23.456 · 41,230 it/s · done in 2.4 s". */
    public static String doneLine(long iteration, long total, double loss, double itPerSecond, double seconds) {
        StringBuilder sb = head(iteration, total, loss, itPerSecond);
        if (Double.isFinite(seconds) && seconds >= 0) {
            sb.append(" · done in ").append(duration(seconds));
        }
        return sb.toString();
    }

    /** "2.1 s", "3 min 05 s", "1 h 02 min". */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("seconds must be a finite number >= 0 but was " + seconds);
        }
        if (seconds < 59.95) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        long m = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60);
    }

    private static StringBuilder head(long iteration, long total, double loss, double itPerSecond) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0 but was " + iteration);
        }
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0 (0 when unknown) but was " + total);
        }
        if (total > 0 && iteration > total) {
            throw new IllegalArgumentException("iteration " + iteration + " is past total " + total);
        }
        StringBuilder sb = new StringBuilder("iteration ").append(String.format(Locale.US, "%,d", iteration));
        if (total > 0) {
            sb.append(" / ").append(String.format(Locale.US, "%,d", total));
        }
        sb.append(" · loss ").append(Double.isFinite(loss)
                ? String.format(Locale.US, "%,.3f", loss) : Double.toString(loss));
        if (Double.isFinite(itPerSecond) && itPerSecond > 0) {
            sb.append(" · ").append(itPerSecond >= 100
                    ? String.format(Locale.US, "%,.0f", itPerSecond)
                    : String.format(Locale.US, "%.1f", itPerSecond)).append(" it/s");
        }
        return sb;
    }
}
