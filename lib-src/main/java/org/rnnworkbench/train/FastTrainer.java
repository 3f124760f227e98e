package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.PythonFormat;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.random.NumpyRandom;

/**
 * The assignment's training loop {@code model(...)} on {@link FastCharRnn}: the same conventions,
 * options, log text, checkpoint samples, history and result as {@link Trainer#model}, so a notebook
 * or the command line switches between them by the class name. Losses agree with the plain trainer
 * and with NumPy to rounding; sampled names are identical.
 *
 * <p>Between checkpoints an iteration allocates nothing: the step runs on preallocated workspaces
 * and the history is kept in preallocated primitive arrays. At a checkpoint the parameters are
 * copied out for {@link Sampler}, which builds the log text (that allocates, every
 * {@code sampleEvery} iterations). Use {@link #model} for a whole run, or an instance and
 * {@link #step()} to run it piece by piece.
 */
public final class FastTrainer {
    private final TrainingOptions options;
    private final Vocabulary vocabulary;
    private final List<String> examples;
    private final int[][] inputs;
    private final int[][] targets;
    private final FastCharRnn rnn;
    private final RnnParameters parameters;
    private final TrainingHistory history;
    private final StringBuilder logText = new StringBuilder();
    private final double[] norms = new double[Gradients.NAMES.size()];
    private final double[] clippedNorms = new double[Gradients.NAMES.size()];
    private double loss;
    private int iteration;

    /** Trains on the examples of a UTF-8 text file (see {@link Dataset#load}). */
    public static TrainingResult model(Path dataPath, TrainingOptions options) throws IOException {
        return model(Dataset.load(dataPath), options);
    }

    /** Trains a character-level RNN on {@code data}, as {@link Trainer#model(Dataset, TrainingOptions)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        FastTrainer trainer = new FastTrainer(data, options);
        while (trainer.hasNext()) {
            trainer.step();
        }
        return trainer.result();
    }

    /** A run ready to start: parameters initialised (seed 1), examples shuffled (seed 0), workspaces sized. */
    public FastTrainer(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        this.options = Objects.requireNonNull(options, "options");
        vocabulary = data.vocabulary();
        int vocabSize = vocabulary.size();
        parameters = CharRnn.initializeParameters(options.nA(), vocabSize, vocabSize);
        loss = CharRnn.initialLoss(vocabSize, options.samplesPerCheckpoint());

        examples = new ArrayList<>(data.examples());
        new NumpyRandom(0).shuffle(examples);
        int n = examples.size();
        inputs = new int[n][];
        targets = new int[n][];
        int longest = 1;
        for (int i = 0; i < n; i++) {
            inputs[i] = Trainer.inputsOf(examples.get(i), vocabulary);
            targets[i] = Trainer.targetsOf(examples.get(i), vocabulary);
            longest = Math.max(longest, inputs[i].length);
        }
        rnn = new FastCharRnn(parameters, longest);
        history = new TrainingHistory(options.iterations());
    }

    /** True while fewer than {@code options.iterations()} iterations have run. */
    public boolean hasNext() {
        return iteration < options.iterations();
    }

    /** The number of iterations run so far (the next iteration's index). */
    public int iteration() {
        return iteration;
    }

    /** The current smoothed loss. */
    public double smoothedLoss() {
        return loss;
    }

    /**
     * Runs the next iteration (logging and sampling when it is a checkpoint) and returns its loss.
     * Throws {@link IllegalStateException} when all iterations have run or the loss is not finite.
     */
    public double step() {
        if (!hasNext()) {
            throw new IllegalStateException("all " + options.iterations() + " iterations have run");
        }
        int j = iteration;
        int index = j % inputs.length;
        double current = rnn.optimize(inputs[index], targets[index], options.learningRate(), options.clipValue());
        if (!Double.isFinite(current)) {
            throw new IllegalStateException("the loss became " + current + " at iteration " + j + " (example \""
                    + examples.get(index) + "\"); lower the learning rate or the clipping bound");
        }
        loss = CharRnn.smooth(loss, current);
        rnn.normsBeforeClip(norms, 0);
        rnn.normsAfterClip(clippedNorms, 0);
        history.add(j, current, loss, norms, clippedNorms, rnn.clippedCount(), rnn.gradientSize());
        if (j % options.sampleEvery() == 0) {
            rnn.copyParameters(parameters);
            history.addCheckpoint(checkpoint(j));
        }
        iteration++;
        if (options.progress() != null) {
            options.progress().update(j, options.iterations(), loss);
        }
        return current;
    }

    /** What the run has produced so far (the whole run once {@link #hasNext()} is false). */
    public TrainingResult result() {
        RnnParameters p = rnn.parameters();
        DMatrixRMaj aLast = new DMatrixRMaj(rnn.nA(), 1);
        rnn.hiddenState(aLast);
        return new TrainingResult(p, vocabulary, loss, aLast, history, logText.toString());
    }

    private void emit(String s) {
        logText.append(s);
        Consumer<String> sink = options.log();
        if (sink != null) {
            sink.accept(s);
        }
    }

    /** What the assignment prints at a checkpoint, one {@code print} call at a time, as {@link Trainer} prints it. */
    private TrainingHistory.Checkpoint checkpoint(int j) {
        int samples = options.samplesPerCheckpoint();
        emit("Iteration: " + j + ", Loss: " + PythonFormat.percentF(loss) + "\n" + "\n");
        List<int[]> indices = new ArrayList<>(samples);
        List<String> names = new ArrayList<>(samples);
        for (int seed = 0; seed < samples; seed++) {
            int[] sampled = Sampler.sample(parameters, vocabulary, seed);
            String text = vocabulary.sampleText(sampled);
            emit(text);
            indices.add(sampled);
            names.add(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
        emit("\n" + "\n");
        return new TrainingHistory.Checkpoint(j, loss, indices, names);
    }
}
