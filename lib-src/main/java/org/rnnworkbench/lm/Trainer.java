package org.rnnworkbench.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;

/**
 * The assignment's training loop {@code model(...)}, with its conventions kept exactly so that
 * losses and sampled names match the NumPy original:
 * <ol>
 *   <li>parameters from {@link CharRnn#initializeParameters} (seed {@link TrainingOptions#initSeed()},
 *       1 by default); smoothed loss starts at {@code −log(1/V)·samplesPerCheckpoint};</li>
 *   <li>the examples are shuffled once with {@code np.random.seed(0); np.random.shuffle};</li>
 *   <li>iteration {@code j} trains on shuffled example {@code j % n} with {@code X = [None] + indices},
 *       {@code Y = indices + [newline]}, carrying the hidden state from one example to the next;</li>
 *   <li>at every {@code j % sampleEvery == 0} (0 included) the log gets
 *       {@code "Iteration: j, Loss: x.xxxxxx\n\n"}, the names sampled with seeds 0, 1, …, each
 *       with its first letter uppercased, then {@code "\n\n"}.</li>
 * </ol>
 * The step is {@link Optimize#optimize}'s, taken in its two halves
 * ({@link Optimize#lossAndGradients}, then {@link CharRnn#updateParameters}) so it can be checked
 * in between, and the names come from {@link Sampler#sample}. {@link TrainingOptions#cell()} chooses
 * the cell: {@link CellKind#GRU} takes the same steps from {@link CharGru}, {@link CellKind#LSTM}
 * from {@link CharLstm}, which carries its memory cell {@code c} from one example to the next beside
 * the hidden state (the cells plug in through {@code CellStep}).
 *
 * <p>A run can stop and continue: {@link TrainingOptions#snapshotEvery()} hands out the
 * {@link TrainingState} every so many iterations (to write a checkpoint file), and
 * {@link #model(Dataset, TrainingOptions, TrainingState)} continues from such a state with the same
 * losses, log and parameters, bit for bit, as a run that never stopped.
 *
 * <p>Every iteration checks the loss, the gradients and the coming update for NaN and infinity
 * before the parameters change; the first one found stops training with a
 * {@link DivergenceException} that holds the parameters of the last good iteration.
 *
 * <p>{@link TrainingOptions#clipRule()} chooses how the gradients are clipped before the update: each
 * entry (the assignment's {@code clip}, inside the cell's step) or all of them scaled to a global norm
 * ({@link Clip#clipInPlace(LmGradients, ClipRule, double)}); the history records the norms before and
 * after either.
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

    /** Trains a character-level model of {@code options.cell()} on {@code data} from {@link TrainingState#initial}. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        return run(data, options, TrainingState.initial(data, options));
    }

    /**
     * Continues training from {@code start} up to {@code options.iterations()} iterations in all
     * (iteration numbers count from the first run); {@code start} is not modified. Its parameters must
     * be of {@code options.cell()}, fit the data's vocabulary and {@code options.nA()}, and its order the
     * number of examples.
     */
    public static TrainingResult model(Dataset data, TrainingOptions options, TrainingState start) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(start, "start");
        start.requireContinuable(data, options);
        return run(data, options, start.copy());
    }

    /** The loop; {@code start} is owned (its parameters are updated in place). */
    private static TrainingResult run(Dataset data, TrainingOptions options, TrainingState start) {
        Vocabulary v = data.vocabulary();
        int iterations = options.iterations();
        StringBuilder logText = new StringBuilder();
        Consumer<String> sink = options.log();
        // A streamed run keeps nothing that grows with the run: the log went to the sink.
        boolean keepLog = options.historyRows() == null;
        Consumer<String> emit = s -> {
            if (keepLog) {
                logText.append(s);
            }
            if (sink != null) {
                sink.accept(s);
            }
        };

        int n = data.size();
        int[][] inputs = new int[n][];
        int[][] targets = new int[n][];
        for (int i = 0; i < n; i++) {
            inputs[i] = inputsOf(data.example(i), v);
            targets[i] = targetsOf(data.example(i), v);
        }
        int[] order = start.order();
        CellParameters parameters = start.cellParameters();
        CellStep cell = CellStep.of(parameters);
        double loss = start.smoothedLoss();
        DMatrixRMaj aPrev = start.aPrev();
        DMatrixRMaj cPrev = start.cPrev();

        TrainingHistory history = options.historyRows() == null
                ? new TrainingHistory(iterations - start.iteration(), cell.gradientNames())
                : TrainingHistory.streamed(cell.gradientNames(), options.historyRows());
        Consumer<LmGradients> recordNorms = history::recordNormsBeforeClip;
        DivergenceGuard guard = new DivergenceGuard(parameters);
        int snapshotEvery = options.snapshotEvery();
        // The cell clips element-wise itself; the global norm is applied here, to any cell's gradients.
        boolean byNorm = options.clipRule() == ClipRule.GLOBAL_NORM;
        double elementBound = byNorm ? Double.POSITIVE_INFINITY : options.clipValue();
        int done = iterations;
        for (int j = start.iteration(); j < iterations; j++) {
            int index = order[j % n];
            double lr = options.learningRateAt(j);
            CellStep.Result r = cell.lossAndGradients(inputs[index], targets[index], aPrev, cPrev, elementBound,
                    recordNorms);
            int clipped = byNorm ? Clip.clipInPlace(r.gradients(), ClipRule.GLOBAL_NORM, options.clipValue())
                    : r.clipped();
            DivergenceGuard.Problem problem = guard.check(r.loss(), r.gradients(), parameters, lr);
            if (problem != null) {
                TrainingResult lastGood = new TrainingResult(new TrainingState(parameters, j, loss, aPrev, cPrev, order), v,
                        history, logText.toString());
                throw new DivergenceException(j, problem.quantity(), problem.value(), data.example(index), lr,
                        options.clipRule(), options.clipValue(), lastGood);
            }
            cell.update(r.gradients(), lr);
            loss = CharRnn.smooth(loss, r.loss());
            aPrev = r.aLast();
            cPrev = r.cLast();
            history.add(j, r.loss(), loss, r.gradients(), clipped);

            if (j % options.sampleEvery() == 0) {
                history.addCheckpoint(checkpoint(j, loss, cell, v, options.samplesPerCheckpoint(), emit));
            }
            if (options.progress() != null) {
                options.progress().update(j, iterations, loss);
            }
            if (snapshotEvery > 0 && (j + 1) % snapshotEvery == 0) {
                options.snapshot().accept(new TrainingState(parameters, j + 1, loss, aPrev, cPrev, order));
            }
            if (j + 1 < iterations && options.stopRequested()) {
                done = j + 1;
                break;
            }
        }
        return new TrainingResult(new TrainingState(parameters, done, loss, aPrev, cPrev, order), v, history,
                logText.toString());
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
    private static TrainingHistory.Checkpoint checkpoint(int j, double loss, CellStep cell, Vocabulary v,
            int samples, Consumer<String> emit) {
        emit.accept("Iteration: " + j + ", Loss: " + PythonFormat.percentF(loss) + "\n" + "\n");
        List<int[]> indices = new ArrayList<>(samples);
        List<String> names = new ArrayList<>(samples);
        for (int seed = 0; seed < samples; seed++) {
            int[] sampled = cell.sample(v, seed);
            String text = v.sampleText(sampled);
            emit.accept(text);
            indices.add(sampled);
            names.add(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
        emit.accept("\n" + "\n");
        return new TrainingHistory.Checkpoint(j, loss, indices, names);
    }
}
