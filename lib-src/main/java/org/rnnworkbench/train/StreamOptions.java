package org.rnnworkbench.train;

import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Truncation;
import org.rnnworkbench.random.NumpyRandom;

/**
 * Settings of {@link StreamTrainer}. Defaults: full BPTT over sequences of 100 characters, 50 hidden
 * units, learning rate 0.01, clipping at 5 (the assignment's), parameters drawn after
 * {@code np.random.seed(1)}, 1,000 sequences.
 *
 * @param truncation the window length k and the sequence length L ({@link Truncation})
 * @param nA hidden size n_a
 * @param learningRate SGD step size, applied to the window's summed loss
 * @param clipValue every gradient entry is clipped to {@code [−clipValue, clipValue]} before each update;
 *     {@code +∞} turns clipping off
 * @param sequences how many sequences of L characters to train on (L·sequences characters in all,
 *     the stream read cyclically); the same for every k, so runs with different k see the same characters
 * @param initSeed the seed of {@code np.random.seed} before the parameters are drawn
 * @param decay how the step size changes over the {@link #updates()} updates ({@link LearningRateDecay#NONE},
 *     the default: constant); update {@code u} steps with {@code decay.rate(learningRate, u, updates())}
 */
public record StreamOptions(Truncation truncation, int nA, double learningRate, double clipValue, int sequences,
        long initSeed, LearningRateDecay decay) {

    /** Settings with a constant learning rate. */
    public StreamOptions(Truncation truncation, int nA, double learningRate, double clipValue, int sequences,
            long initSeed) {
        this(truncation, nA, learningRate, clipValue, sequences, initSeed, LearningRateDecay.NONE);
    }

    /** Checks every setting. */
    public StreamOptions {
        if (truncation == null) {
            throw new IllegalArgumentException("truncation is null; use Truncation.window(k, L) or Truncation.full(L)");
        }
        if (nA <= 0) {
            throw new IllegalArgumentException("nA must be positive but was " + nA);
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
        }
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipValue must be positive (+Infinity: no clipping) but was " + clipValue);
        }
        if (sequences <= 0) {
            throw new IllegalArgumentException("sequences must be positive but was " + sequences);
        }
        if (initSeed < 0 || initSeed > NumpyRandom.MAX_SEED) {
            throw new IllegalArgumentException("initSeed must be in [0, 2**32 - 1] but was " + initSeed);
        }
        if (decay == null) {
            throw new IllegalArgumentException("decay is null; use LearningRateDecay.NONE for a constant learning rate");
        }
    }

    /** Characters trained on: {@code sequences·L}. */
    public long characters() {
        return (long) sequences * truncation.sequenceLength();
    }

    /** Parameter updates: {@code sequences·⌈L/k⌉}. */
    public long updates() {
        return (long) sequences * truncation.windowsPerSequence();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().truncation(truncation).nA(nA).learningRate(learningRate).clipValue(clipValue)
                .sequences(sequences).initSeed(initSeed).decay(decay);
    }

    /** Mutable builder; {@link #build()} checks the settings. */
    public static final class Builder {
        private Truncation truncation = Truncation.full(100);
        private int nA = 50;
        private double learningRate = 0.01;
        private double clipValue = 5.0;
        private int sequences = 1_000;
        private long initSeed = 1;
        private LearningRateDecay decay = LearningRateDecay.NONE;

        private Builder() {}

        /** Window length and sequence length. */
        public Builder truncation(Truncation value) {
            truncation = value;
            return this;
        }

        /** Hidden size. */
        public Builder nA(int value) {
            nA = value;
            return this;
        }

        /** SGD learning rate. */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /** Element-wise clipping bound ({@code +∞}: no clipping). */
        public Builder clipValue(double value) {
            clipValue = value;
            return this;
        }

        /** Number of sequences of L characters to train on. */
        public Builder sequences(int value) {
            sequences = value;
            return this;
        }

        /** Seed of {@code np.random.seed} before the parameters are drawn. */
        public Builder initSeed(long value) {
            initSeed = value;
            return this;
        }

        /** How the learning rate changes over the run ({@link LearningRateDecay#NONE} by default). */
        public Builder decay(LearningRateDecay value) {
            decay = value;
            return this;
        }

        /** The checked settings. */
        public StreamOptions build() {
            return new StreamOptions(truncation, nA, learningRate, clipValue, sequences, initSeed, decay);
        }
    }
}
