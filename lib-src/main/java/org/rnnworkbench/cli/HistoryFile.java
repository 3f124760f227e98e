package org.rnnworkbench.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.rnnworkbench.io.AtomicWrite;
import org.rnnworkbench.lm.TrainingHistory;

/**
 * The {@code --history} CSV written while the run goes on, one row per iteration, so that memory does
 * not grow with the run: the rows go to a temporary file made as model files' are (same permissions,
 * same stale-file clean-up), which replaces the target atomically at the end. A write error stops the
 * run through {@link StopRequest} (the model is still saved), and is reported once.
 */
final class HistoryFile implements TrainingHistory.Rows, AutoCloseable {
    private final AtomicWrite.Pending pending;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private final StopRequest stop;
    private IOException failure;

    private HistoryFile(AtomicWrite.Pending pending, Writer out, StopRequest stop) {
        this.pending = pending;
        this.out = out;
        this.stop = stop;
    }

    /** Starts the CSV for {@code target} with the header of gradients {@code gradientNames}. */
    static HistoryFile open(Path target, List<String> gradientNames, StopRequest stop) throws IOException {
        AtomicWrite.Pending pending = AtomicWrite.begin(target);
        try {
            Writer w = Files.newBufferedWriter(pending.temp(), StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            HistoryFile h = new HistoryFile(pending, w, stop);
            h.write(TrainingHistory.csvHeader(gradientNames));
            return h;
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
    }

    @Override
    public void row(int iteration, double loss, double smoothedLoss, double[] norms, double[] clippedNorms,
            double clippedFraction) {
        line.setLength(0);
        TrainingHistory.appendCsvRow(line, iteration, loss, smoothedLoss, norms, clippedNorms, 0, norms.length,
                clippedFraction);
        write(line);
    }

    private void write(CharSequence text) {
        if (failure != null) {
            return;
        }
        try {
            out.append(text);
        } catch (IOException e) {
            failure = e;
            stop.request(Main.EXIT_ERROR, null);
        }
    }

    /** The write error that stopped the history, or null. */
    IOException failure() {
        return failure;
    }

    /** Closes the CSV and puts it in place; throws the first write error, if any (the temporary file is removed). */
    void commit() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            pending.close();
            throw failure;
        }
        pending.commit();
    }

    /** Removes the temporary file unless {@link #commit()} put it in place. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is being discarded
        }
        pending.close();
    }
}
