package org.rnnworkbench.lm;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a training run recorded: per iteration the loss, the smoothed loss, the Frobenius norm of
 * each gradient before and after clipping and the share of clipped entries (with
 * {@link ClipRule#GLOBAL_NORM}, which scales every entry, 1 when the gradients were scaled down and
 * 0 otherwise, so it flags the clipped iterations); per checkpoint the
 * sampled names. Values live in primitive arrays sized once, so recording costs no allocation
 * per iteration. Gradient columns follow the cell's gradient names ({@link #gradientNames()}):
 * {@link Gradients#NAMES} for the RNN, {@link GruLmGradients#NAMES} for the GRU,
 * {@link LstmLmGradients#NAMES} for the LSTM.
 */
public final class TrainingHistory {
    /** The columns of {@link #toTable()} for the RNN, in order ({@link #columns()} for any cell). */
    public static final List<String> COLUMNS = columns(Gradients.NAMES);

    /** How many of the most recent checkpoints a {@linkplain #streamed streamed} history keeps. */
    public static final int STREAMED_CHECKPOINTS = 16;

    /**
     * Receives each row of a {@linkplain #streamed streamed} history as it is recorded. The arrays hold the
     * gradient norms before and after clipping in {@link #gradientNames()} order and are valid during the
     * call only.
     */
    @FunctionalInterface
    public interface Rows {
        /** One iteration's row, the values of {@link #columns()} in order. */
        void row(int iteration, double loss, double smoothedLoss, double[] norms, double[] clippedNorms,
                double clippedFraction);
    }

    /** The columns of {@link #samplesTable()}, in order. */
    public static final List<String> SAMPLE_COLUMNS = List.of("iteration", "sample_index", "sample");


    /**
     * The names sampled at one checkpoint.
     *
     * @param iteration the iteration after whose update the names were sampled
     * @param smoothedLoss the smoothed loss printed with them
     * @param indices the sampled indices of each name, ending with the newline index
     * @param samples each name as printed (first letter uppercased), without its final newline
     */
    public record Checkpoint(int iteration, double smoothedLoss, List<int[]> indices, List<String> samples) {
        /** Copies the lists. */
        public Checkpoint {
            indices = List.copyOf(indices);
            samples = List.copyOf(samples);
            if (indices.size() != samples.size()) {
                throw new IllegalArgumentException(indices.size() + " index lists but " + samples.size() + " samples");
            }
        }
    }

    private final List<String> gradientNames;
    private final int G;
    private final int[] iteration;
    private final double[] loss;
    private final double[] smoothedLoss;
    private final double[] norms;
    private final double[] clippedNorms;
    private final double[] clippedFraction;
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    /** Where a streamed history sends its rows; null when rows are kept in the arrays above. */
    private final Rows rows;
    private final double[] rowNorms;
    private final double[] rowClippedNorms;
    private long recorded;
    private int size;

    /** An empty history of the RNN with room for {@code capacity} iterations. */
    public TrainingHistory(int capacity) {
        this(capacity, Gradients.NAMES);
    }

    /** An empty history with room for {@code capacity} iterations, its gradient columns named {@code gradientNames}. */
    public TrainingHistory(int capacity, List<String> gradientNames) {
        this(capacity, gradientNames, null);
    }

    /**
     * A history that keeps no rows: each goes to {@code rows} as it is recorded, and only the last
     * {@link #STREAMED_CHECKPOINTS} checkpoints are kept, so its memory does not grow with the run.
     * {@link #size()} stays 0; {@link #recorded()} counts the rows handed out.
     */
    public static TrainingHistory streamed(List<String> gradientNames, Rows rows) {
        return new TrainingHistory(0, gradientNames, Objects.requireNonNull(rows, "rows"));
    }

    private TrainingHistory(int capacity, List<String> gradientNames, Rows rows) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 but was " + capacity);
        }
        Objects.requireNonNull(gradientNames, "gradientNames");
        if (gradientNames.isEmpty()) {
            throw new IllegalArgumentException("gradientNames is empty");
        }
        this.gradientNames = List.copyOf(gradientNames);
        G = this.gradientNames.size();
        iteration = new int[capacity];
        loss = new double[capacity];
        smoothedLoss = new double[capacity];
        norms = new double[capacity * G];
        clippedNorms = new double[capacity * G];
        clippedFraction = new double[capacity];
        this.rows = rows;
        rowNorms = new double[G];
        rowClippedNorms = new double[G];
    }

    /** True when rows go to a sink instead of being kept ({@link #streamed}). */
    public boolean isStreamed() {
        return rows != null;
    }

    /** Number of rows recorded so far, kept or streamed. */
    public long recorded() {
        return recorded;
    }

    /** The table columns for gradients named {@code gradientNames}: iteration, losses, norms, clipped norms, clipped share. */
    public static List<String> columns(List<String> gradientNames) {
        List<String> c = new ArrayList<>(List.of("iteration", "loss", "smoothed_loss"));
        for (String g : gradientNames) {
            c.add("norm_" + g);
        }
        for (String g : gradientNames) {
            c.add("clipped_norm_" + g);
        }
        c.add("clipped_fraction");
        return List.copyOf(c);
    }

    /** The columns of {@link #toTable()} and {@link #writeCsv}, in order. */
    public List<String> columns() {
        return columns(gradientNames);
    }

    /** The names of the gradient columns. */
    public List<String> gradientNames() {
        return gradientNames;
    }

    /** Records the gradient norms before clipping for the row about to be added by {@link #add}. */
    public void recordNormsBeforeClip(LmGradients unclipped) {
        checkRoom();
        checkNames(unclipped);
        if (rows != null) {
            unclipped.norms(rowNorms, 0);
            return;
        }
        unclipped.norms(norms, size * G);
    }

    /**
     * Adds one iteration. {@code clipped} are the gradients after clipping and {@code clippedEntries}
     * the number of entries clipping changed; call {@link #recordNormsBeforeClip} first for this row.
     */
    public void add(int iter, double currentLoss, double smoothed, LmGradients clipped, int clippedEntries) {
        checkRoom();
        Objects.requireNonNull(clipped, "clipped");
        checkNames(clipped);
        if (rows != null) {
            clipped.norms(rowClippedNorms, 0);
            recorded++;
            rows.row(iter, currentLoss, smoothed, rowNorms, rowClippedNorms,
                    (double) clippedEntries / clipped.numElements());
            return;
        }
        iteration[size] = iter;
        loss[size] = currentLoss;
        smoothedLoss[size] = smoothed;
        clipped.norms(clippedNorms, size * G);
        clippedFraction[size] = (double) clippedEntries / clipped.numElements();
        size++;
        recorded++;
    }

    /**
     * Adds one iteration from norms already taken, for a trainer that computes them while it clips:
     * {@code norms} and {@code clippedNorms} hold the Frobenius norms before and after clipping in
     * {@link Gradients#NAMES} order (copied, not kept), and {@code clippedEntries} of
     * {@code totalEntries} gradient entries were clipped. Allocates nothing.
     */
    public void add(int iter, double currentLoss, double smoothed, double[] norms, double[] clippedNorms,
            int clippedEntries, int totalEntries) {
        checkRoom();
        if (norms == null || norms.length != G || clippedNorms == null || clippedNorms.length != G) {
            throw new IllegalArgumentException("norms and clippedNorms must hold " + G + " values each");
        }
        if (totalEntries <= 0 || clippedEntries < 0 || clippedEntries > totalEntries) {
            throw new IllegalArgumentException(clippedEntries + " clipped of " + totalEntries
                    + " entries; need 0 <= clipped <= total and total > 0");
        }
        if (rows != null) {
            recorded++;
            rows.row(iter, currentLoss, smoothed, norms, clippedNorms, (double) clippedEntries / totalEntries);
            return;
        }
        iteration[size] = iter;
        loss[size] = currentLoss;
        smoothedLoss[size] = smoothed;
        System.arraycopy(norms, 0, this.norms, size * G, G);
        System.arraycopy(clippedNorms, 0, this.clippedNorms, size * G, G);
        clippedFraction[size] = (double) clippedEntries / totalEntries;
        size++;
        recorded++;
    }

    /** Adds the names sampled at a checkpoint. */
    public void addCheckpoint(Checkpoint checkpoint) {
        checkpoints.add(Objects.requireNonNull(checkpoint, "checkpoint"));
        if (rows != null && checkpoints.size() > STREAMED_CHECKPOINTS) {
            checkpoints.remove(0);
        }
    }

    private void checkNames(LmGradients g) {
        if (!g.names().equals(gradientNames)) {
            throw new IllegalArgumentException("gradients named " + g.names() + " do not fit a history of "
                    + gradientNames);
        }
    }

    private void checkRoom() {
        if (rows == null && size == iteration.length) {
            throw new IllegalStateException("the history is full (" + size + " iterations)");
        }
    }

    /** Number of iterations recorded. */
    public int size() {
        return size;
    }

    /** The iteration number of row {@code i}. */
    public int iteration(int i) {
        return iteration[checkRow(i)];
    }

    /** The loss of the example seen at row {@code i} (before that iteration's update). */
    public double loss(int i) {
        return loss[checkRow(i)];
    }

    /** The smoothed loss after row {@code i}. */
    public double smoothedLoss(int i) {
        return smoothedLoss[checkRow(i)];
    }

    /** The Frobenius norm of gradient {@code name} ({@link #gradientNames()}) at row {@code i}, before clipping. */
    public double norm(int i, String name) {
        return norms[checkRow(i) * G + gradientColumn(name)];
    }

    /** The Frobenius norm of gradient {@code name} at row {@code i}, after clipping. */
    public double clippedNorm(int i, String name) {
        return clippedNorms[checkRow(i) * G + gradientColumn(name)];
    }

    /** The share of gradient entries that clipping changed at row {@code i}, in [0, 1] (global norm: 1 or 0). */
    public double clippedFraction(int i) {
        return clippedFraction[checkRow(i)];
    }

    /** The per-iteration losses, a copy. */
    public double[] losses() {
        return Arrays.copyOf(loss, size);
    }

    /** The smoothed losses, a copy. */
    public double[] smoothedLosses() {
        return Arrays.copyOf(smoothedLoss, size);
    }

    /** The checkpoints in order (unmodifiable). */
    public List<Checkpoint> checkpoints() {
        return Collections.unmodifiableList(checkpoints);
    }

    /** One row per iteration, with the columns {@link #columns()}. */
    public Table toTable() {
        Table t = Table.create("training history");
        t.addColumns(IntColumn.create("iteration", Arrays.copyOf(iteration, size)),
                DoubleColumn.create("loss", losses()), DoubleColumn.create("smoothed_loss", smoothedLosses()));
        for (int k = 0; k < G; k++) {
            t.addColumns(DoubleColumn.create("norm_" + gradientNames.get(k), column(norms, k)));
        }
        for (int k = 0; k < G; k++) {
            t.addColumns(DoubleColumn.create("clipped_norm_" + gradientNames.get(k), column(clippedNorms, k)));
        }
        t.addColumns(DoubleColumn.create("clipped_fraction", Arrays.copyOf(clippedFraction, size)));
        return t;
    }

    /** One row per sampled name, with the columns {@link #SAMPLE_COLUMNS}. */
    public Table samplesTable() {
        IntColumn iter = IntColumn.create("iteration");
        IntColumn index = IntColumn.create("sample_index");
        StringColumn sample = StringColumn.create("sample");
        for (Checkpoint c : checkpoints) {
            for (int s = 0; s < c.samples().size(); s++) {
                iter.append(c.iteration());
                index.append(s);
                sample.append(c.samples().get(s));
            }
        }
        return Table.create("samples", iter, index, sample);
    }

    /** Writes {@link #toTable()} as CSV (header, then one line per iteration; doubles round-trip exactly), atomically. */
    public void writeCsv(Path path) throws IOException {
        writeAtomically(path, w -> {
            w.write(csvHeader(gradientNames));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < size; i++) {
                line.setLength(0);
                appendCsvRow(line, iteration[i], loss[i], smoothedLoss[i], norms, clippedNorms, i * G, G,
                        clippedFraction[i]);
                w.append(line);
            }
        });
    }

    /** The header line of {@link #writeCsv} for gradients named {@code gradientNames}, with its newline. */
    public static String csvHeader(List<String> gradientNames) {
        return String.join(",", columns(gradientNames)) + "\n";
    }

    /**
     * Appends one line of {@link #writeCsv} (with its newline) to {@code line}: the norms are
     * {@code norms[offset .. offset+g)} and {@code clippedNorms[offset .. offset+g)}; doubles round-trip exactly.
     */
    public static void appendCsvRow(StringBuilder line, int iteration, double loss, double smoothedLoss,
            double[] norms, double[] clippedNorms, int offset, int g, double clippedFraction) {
        line.append(iteration).append(',').append(loss).append(',').append(smoothedLoss);
        for (int k = 0; k < g; k++) {
            line.append(',').append(norms[offset + k]);
        }
        for (int k = 0; k < g; k++) {
            line.append(',').append(clippedNorms[offset + k]);
        }
        line.append(',').append(clippedFraction).append('\n');
    }

    /** Writes {@link #samplesTable()} as CSV (samples quoted when needed, RFC 4180), atomically. */
    public void writeSamplesCsv(Path path) throws IOException {
        writeAtomically(path, w -> {
            w.write(String.join(",", SAMPLE_COLUMNS));
            w.write('\n');
            for (Checkpoint c : checkpoints) {
                for (int s = 0; s < c.samples().size(); s++) {
                    w.write(c.iteration() + "," + s + "," + csvField(c.samples().get(s)) + "\n");
                }
            }
        });
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private interface WriterBody {
        void write(Writer w) throws IOException;
    }

    private static void writeAtomically(Path path, WriterBody body) throws IOException {
        Objects.requireNonNull(path, "path");
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private double[] column(double[] packed, int k) {
        double[] c = new double[size];
        for (int i = 0; i < size; i++) {
            c[i] = packed[i * G + k];
        }
        return c;
    }

    private int checkRow(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("row " + i + " of a history with " + size + " iterations");
        }
        return i;
    }

    private int gradientColumn(String name) {
        int k = gradientNames.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no gradient called '" + name + "'; the names are " + gradientNames);
        }
        return k;
    }
}
