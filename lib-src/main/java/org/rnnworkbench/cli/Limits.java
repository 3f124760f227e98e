package org.rnnworkbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.lm.CellKind;

/**
 * The sizes the command line accepts, checked before anything of that size is allocated, so that a
 * value too large for the machine is a one-line error instead of an {@link OutOfMemoryError}. The
 * limits follow the Java heap ({@code -Xmx}): {@link Runtime#maxMemory()}.
 */
final class Limits {
    private Limits() {}

    /** The largest training file read, whatever the heap: 64 MiB (the element list is 1 KB). */
    static final long MAX_DATA_BYTES = 64L << 20;
    /**
     * Heap bytes per byte of training data: the bytes, the decoded and lowercased text (UTF-16), the
     * examples and their encoded inputs and targets, with room to spare.
     */
    static final long HEAP_PER_DATA_BYTE = 24;
    /** The most names sampled at each log point: each is kept while the log is written. */
    static final int MAX_SAMPLES = 10_000;
    /**
     * Heap bytes per parameter while training: the parameters, their gradients, the fast loop's
     * workspace copy, the snapshot written to a checkpoint and its encoded file bytes, 8 bytes each.
     */
    static final long HEAP_BYTES_PER_PARAMETER = 6 * 8;

    /** The largest training file this JVM reads: {@link #MAX_DATA_BYTES} or 1/{@link #HEAP_PER_DATA_BYTE} of the heap. */
    static long maxDataBytes() {
        return Math.min(MAX_DATA_BYTES, Runtime.getRuntime().maxMemory() / HEAP_PER_DATA_BYTE);
    }

    /**
     * The bytes of a training file, refused in one line when it is not a regular file (a device, a FIFO,
     * a folder) or holds more than {@link #maxDataBytes()}; never reads more than that.
     */
    static byte[] readData(Path given, Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError("data file " + given + " is a folder, not a text file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError("data file " + given + " is not a regular file (a device, a pipe or a socket); "
                    + "give a text file");
        }
        long limit = maxDataBytes();
        try {
            long size = Files.size(file);
            if (size > limit) {
                throw new UserError(tooLarge(given, size, limit));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The file may grow after its size was read: never read past the limit.
                byte[] bytes = in.readNBytes((int) limit + 1);
                if (bytes.length > limit) {
                    throw new UserError(tooLarge(given, Files.size(file), limit));
                }
                return bytes;
            }
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read data file " + given + ": permission denied", e);
        } catch (IOException e) {
            throw new UserError("cannot read data file " + given + ": " + e.getMessage(), e);
        }
    }

    private static String tooLarge(Path given, long size, long limit) {
        return "data file " + given + " holds " + size(size) + ", more than the " + size(limit)
                + " a training file may hold (at most " + size(MAX_DATA_BYTES) + ", and 1/" + HEAP_PER_DATA_BYTE
                + " of the Java heap; see -Xmx)";
    }

    /** The parameters of a {@code cell} language model with {@code nA} hidden units over {@code v} characters. */
    static long parameters(CellKind cell, long nA, long v) {
        long gates = switch (cell) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
        // The RNN's Wax (n_a, V) and Waa (n_a, n_a) hold what a gate's (n_a, n_a + V) matrix holds.
        return gates * nA * (nA + v) + gates * nA + v * nA + v;
    }

    /**
     * Refuses (as a usage error of {@code option}) a model of {@code nA} hidden units over {@code v}
     * characters whose training would not fit the heap, or whose largest matrix a model file could not
     * hold ({@link ModelFile#maxArrayBytes()}). Called with {@code v = 1} before the data is read, and
     * again with the vocabulary's size.
     */
    static String modelTooLarge(String option, CellKind cell, int nA, int v) {
        long largest = (long) nA * (nA + v);
        long arrayLimit = ModelFile.maxArrayBytes() / 8;
        if (largest > arrayLimit) {
            return option + " " + nA + " is too large: the " + cell.id() + "'s largest matrix would hold " + largest
                    + " numbers, more than the " + arrayLimit + " a model file may hold here (see -Xmx)";
        }
        long need = parameters(cell, nA, v) * HEAP_BYTES_PER_PARAMETER;
        long have = Runtime.getRuntime().maxMemory();
        if (need > have) {
            return option + " " + nA + " is too large: training " + article(cell) + " of " + nA + " hidden units over "
                    + v + (v == 1 ? " character" : " characters") + " needs about " + size(need) + ", more than the "
                    + size(have) + " this Java may use (raise -Xmx or lower " + option + ")";
        }
        return null;
    }

    /** The message refusing {@code --samples n}, or null when it is within {@link #MAX_SAMPLES}. */
    static String samplesTooMany(String option, long n) {
        return n > MAX_SAMPLES ? option + " must be at most " + MAX_SAMPLES + " but was " + n : null;
    }

    private static String article(CellKind cell) {
        return (cell == CellKind.GRU ? "a " : "an ") + cell.name();
    }

    /** A byte count as people read it: 1.5 GiB, 12.0 MiB, 812 bytes. */
    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        }
        return bytes + " bytes";
    }
}
