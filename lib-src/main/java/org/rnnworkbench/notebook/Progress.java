package org.rnnworkbench.notebook;

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
 */
public final class Progress {
    /** Default minimum time between two lines sent to the sink. */
    public static final long DEFAULT_INTERVAL_MILLIS = 250;

    private final ProgressSink sink;
    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastSentNanos;
    private boolean sentAny;

    private Progress(ProgressSink sink, long total, long intervalMillis, LongSupplier nanoClock) {
        this.sink = sink;
        this.total = total;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
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
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? iteration / seconds : Double.NaN;
        double left = total > 0 && rate > 0 ? (total - iteration) / rate : Double.NaN;
        send(line(iteration, total, loss, rate, left), now);
        return true;
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
