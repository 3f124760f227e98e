package org.rnnworkbench.seq;

import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.random.NumpyRandom;

/**
 * Settings of {@link TaggerTrainer#train}. Build with {@link #builder()}; every setting has a default.
 *
 * @param cell {@link CellKind#RNN} (default) or {@link CellKind#GRU}
 * @param nA hidden size (default 64)
 * @param batchSize sequences per mini-batch, m (default 32)
 * @param steps number of Adam updates (default 300)
 * @param learningRate Adam's step size (default 0.01)
 * @param clipValue every gradient entry is clipped to [−clipValue, clipValue] before the update
 *     (default 5, the assignment's); {@code +∞} turns clipping off
 * @param evaluateEvery the held-out set is evaluated before training, every {@code evaluateEvery} steps
 *     and after the last (default 25)
 * @param seed seed of NumPy's generator that draws the parameters and then the batch order (default 1)
 * @param progress told after every step (may be null); keep it cheap
 */
public record TaggerOptions(CellKind cell, int nA, int batchSize, int steps, double learningRate, double clipValue,
        int evaluateEvery, long seed, Progress progress) {

    /** Told after each step how far training is. */
    @FunctionalInterface
    public interface Progress {
        /** After step {@code step} (1-based) of {@code steps}, with the batch's loss per character. */
        void update(int step, int steps, double lossPerCharacter);
    }

    /** Checks every setting. */
    public TaggerOptions {
        if (cell == null) {
            throw new IllegalArgumentException("cell is null");
        }
        if (cell == CellKind.LSTM) {
            throw new IllegalArgumentException("cell must be rnn or gru for the tagger but was lstm");
        }
        if (nA < 1) {
            throw new IllegalArgumentException("nA must be positive but was " + nA);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0 but was " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number but was " + learningRate);
        }
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipValue must be positive (+Infinity: no clipping) but was " + clipValue);
        }
        if (evaluateEvery < 1) {
            throw new IllegalArgumentException("evaluateEvery must be positive but was " + evaluateEvery);
        }
        if (seed < 0 || seed > NumpyRandom.MAX_SEED) {
            throw new IllegalArgumentException("seed must be in [0, " + NumpyRandom.MAX_SEED + "] but was " + seed);
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cell = cell;
        b.nA = nA;
        b.batchSize = batchSize;
        b.steps = steps;
        b.learningRate = learningRate;
        b.clipValue = clipValue;
        b.evaluateEvery = evaluateEvery;
        b.seed = seed;
        b.progress = progress;
        return b;
    }

    /** Mutable builder; {@link #build()} checks the settings. */
    public static final class Builder {
        private CellKind cell = CellKind.RNN;
        private int nA = 64;
        private int batchSize = 32;
        private int steps = 300;
        private double learningRate = 0.01;
        private double clipValue = 5;
        private int evaluateEvery = 25;
        private long seed = 1;
        private Progress progress;

        private Builder() {}

        public Builder cell(CellKind value) {
            cell = value;
            return this;
        }

        public Builder nA(int value) {
            nA = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder clipValue(double value) {
            clipValue = value;
            return this;
        }

        public Builder evaluateEvery(int value) {
            evaluateEvery = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder progress(Progress listener) {
            progress = listener;
            return this;
        }

        public TaggerOptions build() {
            return new TaggerOptions(cell, nA, batchSize, steps, learningRate, clipValue, evaluateEvery, seed, progress);
        }
    }
}
