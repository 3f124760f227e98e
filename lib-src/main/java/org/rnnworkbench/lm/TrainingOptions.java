package org.rnnworkbench.lm;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.rnnworkbench.random.NumpyRandom;

/**
 * Settings of {@link Trainer#model}. The defaults are the assignment's {@code model(...)}
 * defaults: 35,000 iterations, 50 hidden units, 7 names per checkpoint, a checkpoint every 2,000
 * iterations, learning rate 0.01, every gradient entry clipped to [−5, 5], parameters drawn after
 * {@code np.random.seed(1)}, no log.
 *
 * @param iterations number of SGD steps (one example each)
 * @param nA hidden size n_a
 * @param samplesPerCheckpoint names sampled at each checkpoint (the assignment's {@code dino_names}); it is
 *     also the length the initial smoothed loss {@code −log(1/V)·n} assumes, as in the original code
 * @param sampleEvery checkpoint period: log and samples at every iteration {@code j} with {@code j % sampleEvery == 0}
 * @param learningRate SGD step size
 * @param clipValue the clipping bound of {@code clipRule}: the largest gradient entry magnitude
 *     ({@link ClipRule#ELEMENT_WISE}) or the largest global gradient norm ({@link ClipRule#GLOBAL_NORM});
 *     {@code +∞} turns clipping off
 * @param clipRule how the gradients are clipped: every entry to {@code [−clipValue, clipValue]} (the
 *     assignment's), or all of them scaled together to a global norm of at most {@code clipValue}
 * @param initSeed the seed of {@code np.random.seed} before the parameters are drawn (the assignment's 1)
 * @param log receives the printed text, one {@code print} call of the original at a time (may be null)
 * @param progress called after every iteration (may be null); keep it cheap
 * @param snapshotEvery period of {@code snapshot} calls in iterations; 0 for none
 * @param snapshot called with the training state after every iteration {@code j} with
 *     {@code (j + 1) % snapshotEvery == 0}, e.g. to write a checkpoint file (may be null); the state holds
 *     the live parameters, valid during the call only ({@link TrainingState#copy()} keeps them)
 * @param cell the recurrent cell: {@link CellKind#RNN} (the assignment's), {@link CellKind#GRU} or {@link CellKind#LSTM}
 * @param historyRows null (the default) to keep every iteration's row in the result's {@link TrainingHistory};
 *     otherwise each row goes to this sink as it is recorded and the run keeps memory that does not grow with
 *     the number of iterations: the history holds no rows and only the last
 *     {@link TrainingHistory#STREAMED_CHECKPOINTS} checkpoints, and the result's log is empty (the text went to
 *     {@code log})
 * @param stop asked after every iteration (may be null: never); when it answers true the run ends there and
 *     the result holds the state after that iteration, so a later run can continue from it
 * @param decay how the step size changes over the run ({@link LearningRateDecay#NONE}, the default and the
 *     assignment's: constant); iteration {@code j} steps with {@code decay.rate(learningRate, j, iterations)}
 */
public record TrainingOptions(int iterations, int nA, int samplesPerCheckpoint, int sampleEvery, double learningRate,
        double clipValue, ClipRule clipRule, long initSeed, Consumer<String> log, Progress progress, int snapshotEvery,
        Consumer<TrainingState> snapshot, CellKind cell, TrainingHistory.Rows historyRows, BooleanSupplier stop,
        LearningRateDecay decay) {

    /** The settings before the learning-rate decay existed: a constant step size. */
    public TrainingOptions(int iterations, int nA, int samplesPerCheckpoint, int sampleEvery, double learningRate,
            double clipValue, ClipRule clipRule, long initSeed, Consumer<String> log, Progress progress,
            int snapshotEvery, Consumer<TrainingState> snapshot, CellKind cell, TrainingHistory.Rows historyRows,
            BooleanSupplier stop) {
        this(iterations, nA, samplesPerCheckpoint, sampleEvery, learningRate, clipValue, clipRule, initSeed, log,
                progress, snapshotEvery, snapshot, cell, historyRows, stop, LearningRateDecay.NONE);
    }

    /** The settings before streamed history and stop requests existed: rows kept in memory, never stopped early. */
    public TrainingOptions(int iterations, int nA, int samplesPerCheckpoint, int sampleEvery, double learningRate,
            double clipValue, ClipRule clipRule, long initSeed, Consumer<String> log, Progress progress,
            int snapshotEvery, Consumer<TrainingState> snapshot, CellKind cell) {
        this(iterations, nA, samplesPerCheckpoint, sampleEvery, learningRate, clipValue, clipRule, initSeed, log,
                progress, snapshotEvery, snapshot, cell, null, null, LearningRateDecay.NONE);
    }

    /** Told after each iteration how far training is. */
    @FunctionalInterface
    public interface Progress {
        /** After iteration {@code iteration} (0-based) of {@code iterations}, with the current smoothed loss. */
        void update(int iteration, int iterations, double smoothedLoss);
    }

    /** Checks every setting. */
    public TrainingOptions {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0 but was " + iterations);
        }
        if (nA <= 0) {
            throw new IllegalArgumentException("nA must be positive but was " + nA);
        }
        if (samplesPerCheckpoint <= 0) {
            throw new IllegalArgumentException("samplesPerCheckpoint must be positive but was " + samplesPerCheckpoint);
        }
        if (sampleEvery <= 0) {
            throw new IllegalArgumentException("sampleEvery must be positive but was " + sampleEvery);
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        if (clipRule == null) {
            throw new IllegalArgumentException("clipRule is null; use ClipRule.ELEMENT_WISE or ClipRule.GLOBAL_NORM");
        }
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException((clipRule == ClipRule.GLOBAL_NORM ? "maxNorm (the global-norm clipping bound)"
                    : "clipValue") + " must be positive (+Infinity: no clipping) but was " + clipValue);
        }
        if (initSeed < 0 || initSeed > NumpyRandom.MAX_SEED) {
            throw new IllegalArgumentException("initSeed must be in [0, 2**32 - 1] but was " + initSeed);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0 (0: never) but was " + snapshotEvery);
        }
        if (snapshotEvery > 0 && snapshot == null) {
            throw new IllegalArgumentException("snapshotEvery is " + snapshotEvery + " but no snapshot listener is set");
        }
        if (cell == null) {
            throw new IllegalArgumentException("cell is null; use CellKind.RNN, CellKind.GRU or CellKind.LSTM");
        }
        if (decay == null) {
            throw new IllegalArgumentException("decay is null; use LearningRateDecay.NONE for a constant learning rate");
        }
    }

    /** The step size of iteration {@code j} (0-based): {@code decay.rate(learningRate, j, iterations)}. */
    public double learningRateAt(int j) {
        return decay == LearningRateDecay.NONE ? learningRate : decay.rate(learningRate, j, iterations);
    }

    /** True when {@link #stop()} is set and asks to stop now. */
    public boolean stopRequested() {
        return stop != null && stop.getAsBoolean();
    }

    /** True unless clipping is turned off ({@code clipValue} is {@code +∞}). */
    public boolean clipping() {
        return clipValue != Double.POSITIVE_INFINITY;
    }

    /** A builder holding the assignment's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.iterations = iterations;
        b.nA = nA;
        b.samplesPerCheckpoint = samplesPerCheckpoint;
        b.sampleEvery = sampleEvery;
        b.learningRate = learningRate;
        b.clipValue = clipValue;
        b.clipRule = clipRule;
        b.initSeed = initSeed;
        b.log = log;
        b.progress = progress;
        b.snapshotEvery = snapshotEvery;
        b.snapshot = snapshot;
        b.cell = cell;
        b.historyRows = historyRows;
        b.stop = stop;
        b.decay = decay;
        return b;
    }

    /** Mutable builder; {@link #build()} checks the settings. */
    public static final class Builder {
        private int iterations = 35_000;
        private int nA = 50;
        private int samplesPerCheckpoint = 7;
        private int sampleEvery = 2_000;
        private double learningRate = 0.01;
        private double clipValue = Optimize.MAX_VALUE;
        private ClipRule clipRule = ClipRule.ELEMENT_WISE;
        private long initSeed = 1;
        private Consumer<String> log;
        private Progress progress;
        private int snapshotEvery;
        private Consumer<TrainingState> snapshot;
        private CellKind cell = CellKind.RNN;
        private TrainingHistory.Rows historyRows;
        private BooleanSupplier stop;
        private LearningRateDecay decay = LearningRateDecay.NONE;

        private Builder() {}

        /** Number of iterations (the assignment's {@code num_iterations}). */
        public Builder iterations(int value) {
            iterations = value;
            return this;
        }

        /** Hidden size (the assignment's {@code n_a}). */
        public Builder nA(int value) {
            nA = value;
            return this;
        }

        /** Names sampled per checkpoint (the assignment's {@code dino_names}). */
        public Builder samplesPerCheckpoint(int value) {
            samplesPerCheckpoint = value;
            return this;
        }

        /** Checkpoint period in iterations (2,000 in the assignment). */
        public Builder sampleEvery(int value) {
            sampleEvery = value;
            return this;
        }

        /** SGD learning rate. */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /** Clips every gradient entry to {@code [−value, value]}, the assignment's rule ({@code +∞}: no clipping). */
        public Builder clipValue(double value) {
            return clip(ClipRule.ELEMENT_WISE, value);
        }

        /** Scales the gradients together so that their global norm is at most {@code maxNorm} ({@code +∞}: no clipping). */
        public Builder clipGlobalNorm(double maxNorm) {
            return clip(ClipRule.GLOBAL_NORM, maxNorm);
        }

        /** Clips by {@code rule} with bound {@code bound} ({@code +∞}: no clipping). */
        public Builder clip(ClipRule rule, double bound) {
            clipRule = rule;
            clipValue = bound;
            return this;
        }

        /** Turns gradient clipping off (bound {@code +∞}; the rule goes back to the default). */
        public Builder noClipping() {
            return clip(ClipRule.ELEMENT_WISE, Double.POSITIVE_INFINITY);
        }

        /** Seed of {@code np.random.seed} before the parameters are drawn (1 in the assignment). */
        public Builder initSeed(long value) {
            initSeed = value;
            return this;
        }

        /** Where the printed text goes (null: nowhere). */
        public Builder log(Consumer<String> sink) {
            log = sink;
            return this;
        }

        /** Prints the log to {@code out}, flushing after each piece. */
        public Builder log(PrintStream out) {
            Objects.requireNonNull(out, "out");
            log = s -> {
                out.print(s);
                out.flush();
            };
            return this;
        }

        /** Progress listener (null: none). */
        public Builder progress(Progress listener) {
            progress = listener;
            return this;
        }

        /**
         * Calls {@code listener} with the training state after every {@code every}-th iteration
         * (iteration {@code j} with {@code (j + 1) % every == 0}); {@code every} 0 or a null listener: never.
         */
        public Builder snapshots(int every, Consumer<TrainingState> listener) {
            snapshotEvery = listener == null ? 0 : every;
            snapshot = listener;
            return this;
        }

        /** The recurrent cell ({@link CellKind#RNN} by default). */
        public Builder cell(CellKind value) {
            cell = value;
            return this;
        }

        /**
         * Hands each iteration's row to {@code rows} instead of keeping it, so memory does not grow with the
         * run (null: keep every row, the default); see {@link TrainingOptions#historyRows()}.
         */
        public Builder streamHistory(TrainingHistory.Rows rows) {
            historyRows = rows;
            return this;
        }

        /** How the step size changes over the run ({@link LearningRateDecay#NONE} by default: constant). */
        public Builder decay(LearningRateDecay value) {
            decay = value;
            return this;
        }

        /** Ends the run after the first iteration at which {@code condition} answers true (null: never). */
        public Builder stopWhen(BooleanSupplier condition) {
            stop = condition;
            return this;
        }

        /** The checked settings. */
        public TrainingOptions build() {
            return new TrainingOptions(iterations, nA, samplesPerCheckpoint, sampleEvery, learningRate, clipValue,
                    clipRule, initSeed, log, progress, snapshotEvery, snapshot, cell, historyRows, stop, decay);
        }
    }
}
