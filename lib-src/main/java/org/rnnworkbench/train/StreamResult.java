package org.rnnworkbench.train;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.TruncatedBptt;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.tensor.Shapes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link StreamTrainer#train} returns. The loss history has one entry per sequence of L
 * characters: the mean of −log ŷ⟨t⟩[y⟨t⟩] over the sequence's characters, each measured by its window
 * just before that window's update. Per character, and over the same characters for every k, so runs
 * with different truncations compare directly.
 *
 * @param options the settings of the run
 * @param vocabulary the characters the parameters are indexed by
 * @param parameters the trained parameters
 * @param aLast the hidden state after the last step (n_a, 1)
 * @param lossPerCharacter per sequence, its mean loss per character (nats)
 * @param smoothedLoss per sequence, the loss per character smoothed over about 10,000 characters:
 *     {@code s ← βᴸ·s + (1 − βᴸ)·loss} with β = {@link #SMOOTHING} per character, from {@code s = log V}
 * @param seconds wall time of the training loop
 * @param cpuSeconds CPU time the training thread spent in the loop (NaN: the JVM cannot tell); unlike the
 *     wall time it does not grow when other work shares the cores
 * @param allocatedBytes bytes the training thread allocated during the loop ({@code −1}: the JVM cannot tell)
 */
public record StreamResult(StreamOptions options, Vocabulary vocabulary, RnnParameters parameters, DMatrixRMaj aLast,
        double[] lossPerCharacter, double[] smoothedLoss, double seconds, double cpuSeconds, long allocatedBytes) {

    /** The smoothing factor per character of {@link #smoothedLoss}. */
    public static final double SMOOTHING = 0.9999;

    /** Checks the sizes and copies the arrays. */
    public StreamResult {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(parameters, "parameters");
        Shapes.require("aLast", aLast, parameters.nA(), 1);
        Objects.requireNonNull(lossPerCharacter, "lossPerCharacter");
        Objects.requireNonNull(smoothedLoss, "smoothedLoss");
        if (lossPerCharacter.length != options.sequences() || smoothedLoss.length != options.sequences()) {
            throw new IllegalArgumentException("lossPerCharacter has " + lossPerCharacter.length + " and smoothedLoss "
                    + smoothedLoss.length + " entries but options.sequences() is " + options.sequences());
        }
        lossPerCharacter = lossPerCharacter.clone();
        smoothedLoss = smoothedLoss.clone();
    }

    /** The final smoothed loss per character. */
    public double loss() {
        return smoothedLoss[smoothedLoss.length - 1];
    }

    /** The mean loss per character over the last {@code sequences} sequences. */
    public double meanLoss(int sequences) {
        if (sequences <= 0 || sequences > lossPerCharacter.length) {
            throw new IllegalArgumentException("sequences must be in [1, " + lossPerCharacter.length + "] but was "
                    + sequences);
        }
        double s = 0;
        for (int i = lossPerCharacter.length - sequences; i < lossPerCharacter.length; i++) {
            s += lossPerCharacter[i];
        }
        return s / sequences;
    }

    /** Characters trained on. */
    public long characters() {
        return options.characters();
    }

    /** Parameter updates made. */
    public long updates() {
        return options.updates();
    }

    /** Bytes of the activations one window's backward pass keeps ({@link org.rnnworkbench.lm.Truncation#activationCacheBytes}). */
    public long activationCacheBytes() {
        return options.truncation().activationCacheBytes(parameters.nA(), vocabulary.size());
    }

    /** Bytes allocated per update during the loop (NaN when the JVM cannot tell). */
    public double allocatedBytesPerUpdate() {
        return allocatedBytes < 0 ? Double.NaN : (double) allocatedBytes / updates();
    }

    /** One row per sequence: sequence, characters (trained on after it), loss_per_char, smoothed_loss_per_char. */
    public Table historyTable() {
        int n = lossPerCharacter.length;
        IntColumn sequence = IntColumn.create("sequence");
        LongColumn characters = LongColumn.create("characters");
        DoubleColumn loss = DoubleColumn.create("loss_per_char", lossPerCharacter);
        DoubleColumn smoothed = DoubleColumn.create("smoothed_loss_per_char", smoothedLoss);
        long length = options.truncation().sequenceLength();
        for (int i = 0; i < n; i++) {
            sequence.append(i);
            characters.append((i + 1) * length);
        }
        return Table.create("stream history " + options.truncation(), sequence, characters, loss, smoothed);
    }

    /**
     * The loss curve in at most {@code maxPoints} points, {@code {characters, loss per character}}: each
     * point is the mean over a block of consecutive sequences, placed at the characters trained on at the
     * block's end.
     */
    public double[][] curve(int maxPoints) {
        Shapes.positive("maxPoints", maxPoints);
        int n = lossPerCharacter.length;
        int block = (n + maxPoints - 1) / maxPoints;
        int points = (n + block - 1) / block;
        double[] x = new double[points];
        double[] y = new double[points];
        long length = options.truncation().sequenceLength();
        for (int p = 0; p < points; p++) {
            int from = p * block;
            int to = Math.min(n, from + block);
            double s = 0;
            for (int i = from; i < to; i++) {
                s += lossPerCharacter[i];
            }
            x[p] = (double) to * length;
            y[p] = s / (to - from);
        }
        return new double[][] {x, y};
    }

    /**
     * A line written by the trained model from the zero state after a newline
     * ({@link TruncatedBptt#sampleLine}, at most {@code maxLength} characters).
     */
    public String sampleLine(long seed, int maxLength) {
        return TruncatedBptt.sampleLine(parameters, vocabulary, new DMatrixRMaj(parameters.nA(), 1), seed, maxLength);
    }
}
