package org.rnnworkbench.lm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rnnworkbench.random.NumpyRandom;

/**
 * A fixed division of a data set's examples into training, validation and test examples, no example
 * in two of them. The examples are shuffled once with NumPy's generator and {@link #SEED}; the first
 * tenth (rounded down) is the test set, the next tenth the validation set, the rest the training
 * set. All three share the whole data set's vocabulary, so a model trained on one reads the others.
 * Choices (order of an n-gram, hidden size, learning rate) are made on the validation set; the test
 * set is read once, for the result reported.
 *
 * @param training the examples to train on
 * @param validation the examples to choose settings on
 * @param test the examples to report on
 */
public record DataSplit(Dataset training, Dataset validation, Dataset test) {

    /** The seed of the one shuffle. */
    public static final long SEED = 2024;

    /** Checks that the three parts share one vocabulary. */
    public DataSplit {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        if (!training.vocabulary().equals(validation.vocabulary()) || !training.vocabulary().equals(test.vocabulary())) {
            throw new IllegalArgumentException("training, validation and test must share one vocabulary");
        }
    }

    /** The standard split of {@code data} (at least 10 examples): 80% / 10% / 10%, see the class comment. */
    public static DataSplit of(Dataset data) {
        Objects.requireNonNull(data, "data");
        if (data.size() < 10) {
            throw new IllegalArgumentException("data has " + data.size()
                    + " examples; a training / validation / test split needs at least 10");
        }
        List<String> shuffled = new ArrayList<>(data.examples());
        new NumpyRandom(SEED).shuffle(shuffled);
        int tenth = shuffled.size() / 10;
        var v = data.vocabulary();
        return new DataSplit(
                new Dataset(data.source() + " (training)", shuffled.subList(2 * tenth, shuffled.size()), v),
                new Dataset(data.source() + " (validation)", shuffled.subList(tenth, 2 * tenth), v),
                new Dataset(data.source() + " (test)", shuffled.subList(0, tenth), v));
    }

    /**
     * The training examples in another order, for runs that should differ in data order as well as
     * in initialisation: shuffled with NumPy's generator and {@code seed} (the trainer's own shuffle
     * with seed 0 is applied on top, so seed 0 is not the unshuffled order).
     */
    public Dataset trainingShuffled(long seed) {
        List<String> shuffled = new ArrayList<>(training.examples());
        new NumpyRandom(seed).shuffle(shuffled);
        return new Dataset(training.source() + " (order " + seed + ")", shuffled, training.vocabulary());
    }
}
