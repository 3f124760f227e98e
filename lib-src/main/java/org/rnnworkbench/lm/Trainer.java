package org.rnnworkbench.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;

/**
 * The assignment's training loop {@code model(...)}, with its conventions kept exactly so that
 * losses and sampled names match the NumPy original:
 * <ol>
 *   <li>parameters from {@link CharRnn#initializeParameters} (seed 1); smoothed loss starts at
 *       {@code −log(1/V)·samplesPerCheckpoint};</li>
 *   <li>the examples are shuffled once with {@code np.random.seed(0); np.random.shuffle};</li>
 *   <li>iteration {@code j} trains on example {@code j % n} with {@code X = [None] + indices},
 *       {@code Y = indices + [newline]}, carrying the hidden state from one example to the next;</li>
 *   <li>at every {@code j % sampleEvery == 0} (0 included) the log gets
 *       {@code "Iteration: j, Loss: x.xxxxxx\n\n"}, the names sampled with seeds 0, 1, …, each
 *       with its first letter uppercased, then {@code "\n\n"}.</li>
 * </ol>
 * The step is {@link Optimize#optimize} and the names come from {@link Sampler#sample}: a
 * language model on another cell (a GRU) adds its own pair of those and is chosen here.
 * Training stops with an {@link IllegalStateException} at the first loss that is not finite.
 */
public final class Trainer {
    private Trainer() {}

    /** Trains on the examples of a UTF-8 text file (see {@link Dataset#load}). */
    public static TrainingResult model(Path dataPath, TrainingOptions options) throws IOException {
        return model(Dataset.load(dataPath), options);
    }

    /**
     * The assignment's call {@code model(data, ix_to_char, char_to_ix, num_iterations, n_a, dino_names)}:
     * other settings as in the assignment, the log printed to {@code System.out}.
     */
    public static TrainingResult model(Dataset data, int numIterations, int nA, int dinoNames) {
        return model(data, TrainingOptions.builder().iterations(numIterations).nA(nA).samplesPerCheckpoint(dinoNames)
                .log(System.out).build());
    }

    /** Trains a character-level RNN on {@code data}. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Vocabulary v = data.vocabulary();
        int vocabSize = v.size();
        int nA = options.nA();
        int iterations = options.iterations();
        StringBuilder logText = new StringBuilder();
        Consumer<String> sink = options.log();
        Consumer<String> emit = s -> {
            logText.append(s);
            if (sink != null) {
                sink.accept(s);
            }
        };

        RnnParameters parameters = CharRnn.initializeParameters(nA, vocabSize, vocabSize);
        double loss = CharRnn.initialLoss(vocabSize, options.samplesPerCheckpoint());

        List<String> examples = new ArrayList<>(data.examples());
        new NumpyRandom(0).shuffle(examples);
        int n = examples.size();
        int[][] inputs = new int[n][];
        int[][] targets = new int[n][];
        for (int i = 0; i < n; i++) {
            inputs[i] = inputsOf(examples.get(i), v);
            targets[i] = targetsOf(examples.get(i), v);
        }

        TrainingHistory history = new TrainingHistory(iterations);
        DMatrixRMaj aPrev = new DMatrixRMaj(nA, 1);
        for (int j = 0; j < iterations; j++) {
            int index = j % n;
            Optimize.Result r = Optimize.optimize(inputs[index], targets[index], aPrev, parameters,
                    options.learningRate(), options.clipValue(), history::recordNormsBeforeClip);
            if (!Double.isFinite(r.loss())) {
                throw new IllegalStateException("the loss became " + r.loss() + " at iteration " + j + " (example \""
                        + examples.get(index) + "\"); lower the learning rate or the clipping bound");
            }
            loss = CharRnn.smooth(loss, r.loss());
            aPrev = r.aLast();
            history.add(j, r.loss(), loss, r.gradients(), r.clipped());

            if (j % options.sampleEvery() == 0) {
                history.addCheckpoint(checkpoint(j, loss, parameters, v, options.samplesPerCheckpoint(), emit));
            }
            if (options.progress() != null) {
                options.progress().update(j, iterations, loss);
            }
        }
        return new TrainingResult(parameters, v, loss, aPrev, history, logText.toString());
    }

    /** {@code X = [None] + [char_to_ix[ch] for ch in example]}. */
    public static int[] inputsOf(String example, Vocabulary v) {
        int[] encoded = v.encode(example);
        int[] x = new int[encoded.length + 1];
        x[0] = CharRnn.NONE;
        System.arraycopy(encoded, 0, x, 1, encoded.length);
        return x;
    }

    /** {@code Y = X[1:] + [char_to_ix["\n"]]}. */
    public static int[] targetsOf(String example, Vocabulary v) {
        int[] encoded = v.encode(example);
        int[] y = new int[encoded.length + 1];
        System.arraycopy(encoded, 0, y, 0, encoded.length);
        y[encoded.length] = v.newlineIndex();
        return y;
    }

    /** What the assignment prints at a checkpoint, handed to {@code emit} one {@code print} call at a time. */
    private static TrainingHistory.Checkpoint checkpoint(int j, double loss, RnnParameters parameters, Vocabulary v,
            int samples, Consumer<String> emit) {
        emit.accept("Iteration: " + j + ", Loss: " + PythonFormat.percentF(loss) + "\n" + "\n");
        List<int[]> indices = new ArrayList<>(samples);
        List<String> names = new ArrayList<>(samples);
        for (int seed = 0; seed < samples; seed++) {
            int[] sampled = Sampler.sample(parameters, v, seed);
            String text = v.sampleText(sampled);
            emit.accept(text);
            indices.add(sampled);
            names.add(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
        emit.accept("\n" + "\n");
        return new TrainingHistory.Checkpoint(j, loss, indices, names);
    }
}
