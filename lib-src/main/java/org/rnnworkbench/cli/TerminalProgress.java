package org.rnnworkbench.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training progress bar on a terminal's stderr (iterations, rate, time left, smoothed loss),
 * redrawn in place by the progressbar library's own thread. The log goes to stdout on the same
 * screen, so each piece of log first wipes the bar's line; both sides hold one lock so a redraw
 * never lands in the middle of a log line. Only created when a terminal is attached: nothing of it
 * is written to a file or a pipe.
 */
final class TerminalProgress implements AutoCloseable {
    /** How often the library redraws the bar. */
    private static final int REDRAW_MILLIS = 200;
    /** The loss shown beside the bar is refreshed this often (formatting it costs more than an iteration's check). */
    private static final int LOSS_EVERY = 100;

    private final Object lock = new Object();
    private final PrintStream terminal;
    private final ProgressBar bar;
    private int drawnLength;

    /**
     * A bar over iterations {@code start..total} on {@code terminal}; {@code width} the most
     * characters a line may take, or 0 to ask the terminal; block characters when {@code unicode},
     * else ASCII. No colours: escape codes would count as characters when the line is wiped.
     */
    TerminalProgress(PrintStream terminal, long start, long total, int width, boolean unicode) {
        this.terminal = terminal;
        ConsoleProgressBarConsumer consumer = width > 0 ? new LockedConsumer(terminal, width)
                : new LockedConsumer(terminal);
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(total)
                .startsFrom(start, Duration.ZERO)
                .setStyle(unicode ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUnit(" it", 1)
                .showSpeed(new DecimalFormat("0"))
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(consumer)
                .clearDisplayOnFinish()
                .build();
    }

    /** After {@code done} iterations in all, with smoothed loss {@code loss}. */
    void update(long done, double loss) {
        if (done % LOSS_EVERY == 0 || done == bar.getMax()) {
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
        }
        bar.stepTo(done);
    }

    /** {@code log}, wiping the bar's line before each piece so the text starts at the left margin. */
    Consumer<String> around(Consumer<String> log) {
        return s -> {
            synchronized (lock) {
                wipe();
                log.accept(s);
            }
        };
    }

    /** Stops the redraws and removes the bar from the screen. */
    @Override
    public void close() {
        bar.close();
    }

    private void wipe() {
        if (drawnLength > 0) {
            terminal.print("\r" + " ".repeat(drawnLength) + "\r");
            terminal.flush();
            drawnLength = 0;
        }
    }

    /** Draws at the start of the line under the lock and remembers how much to wipe. */
    private final class LockedConsumer extends ConsoleProgressBarConsumer {
        LockedConsumer(PrintStream out) {
            super(out);
        }

        LockedConsumer(PrintStream out, int width) {
            super(out, width);
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                String line = rendered.length() > getMaxRenderedLength()
                        ? rendered.substring(0, getMaxRenderedLength()) : rendered;
                // Overwrites the old bar; spaces cover what a shorter line leaves of it.
                terminal.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
                terminal.flush();
                drawnLength = line.length();
            }
        }

        @Override
        public void clear() {
            synchronized (lock) {
                wipe();
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                wipe();
            }
        }
    }
}
