package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.GruLmGradients;
import org.rnnworkbench.lm.PythonFormat;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.tensor.Ops;

/**
 * {@link Trainer#model} with {@link CellKind#GRU} on {@link FastCharGru}: the same conventions,
 * options, log text, checkpoint samples, snapshots, divergence guard, history and result, so a
 * notebook or the command line switches between them by the class name, as {@link FastTrainer}
 * does for the RNN. Losses agree with the plain trainer to rounding (within 6e-16 relative over
 * the first 5,000 iterations on the element names at n_a = 32 and 65; the tests also hold them to
 * the NumPy GRU reference); sampled names are identical. Sums are taken in another order, and a
 * long run amplifies such last-bit differences: at n_a = 22 the two loops part (beyond 1e-9) after
 * 17,000 to 19,000 iterations, and a long run is one sample of the training, not a reproduction.
 *
 * <p>Between checkpoints an iteration allocates nothing: the step runs on preallocated workspaces,
 * the history is kept in preallocated primitive arrays, and the divergence check reads norms the
 * step takes anyway. At a checkpoint the parameters are copied out for {@link Sampler} and the log
 * text is built (that allocates, every {@code sampleEvery} iterations), as at a snapshot. Use
 * {@link #model} for a whole run, or an instance and {@link #step()} to run it piece by piece.
 *
 * <p>Both clipping rules of {@link TrainingOptions#clipRule()} are supported: element-wise in the
 * update pass, and the global norm as the unclipped update with the learning rate scaled by
 * {@code min(1, maxNorm/‖g‖)} (equal to the plain trainer's scaled gradients to rounding).
 */
public final class FastGruTrainer {
    private final Dataset data;
    private final TrainingOptions options;
    private final Vocabulary vocabulary;
    private final int[][] inputs;
    private final int[][] targets;
    private final int[] order;
    private final FastCharGru gru;
    private final GruParameters parameters;
    private final DMatrixRMaj aPrev;
    private final TrainingHistory history;
    private final StringBuilder logText = new StringBuilder();
    private final double[] norms = new double[GruLmGradients.NAMES.size()];
    private final double[] clippedNorms = new double[GruLmGradients.NAMES.size()];
    /** An upper bound of the largest parameter magnitude, as the plain trainer's divergence guard keeps it. */
    private double parameterBound;
    private double loss;
    private int iteration;

    /** Trains on the examples of a UTF-8 text file (see {@link Dataset#load}). */
    public static TrainingResult model(Path dataPath, TrainingOptions options) throws IOException {
        return model(Dataset.load(dataPath), options);
    }

    /** Trains a character-level GRU on {@code data}, as {@link Trainer#model(Dataset, TrainingOptions)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        return run(new FastGruTrainer(data, options));
    }

    /**
     * Continues training from {@code start} (not modified) up to {@code options.iterations()} in all,
     * as {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} does.
     */
    public static TrainingResult model(Dataset data, TrainingOptions options, TrainingState start) {
        return run(new FastGruTrainer(data, options, start));
    }

    private static TrainingResult run(FastGruTrainer trainer) {
        while (trainer.hasNext()) {
            trainer.step();
        }
        return trainer.result();
    }

    /** A run ready to start from {@link TrainingState#initial}: parameters drawn, examples shuffled, workspaces sized. */
    public FastGruTrainer(Dataset data, TrainingOptions options) {
        this(data, options, initial(data, options));
    }

    private static TrainingState initial(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        checkCell(options.cell(), "options ask for");
        return TrainingState.initial(data, options);
    }

    /** A run ready to continue from {@code start} (copied, not modified). */
    public FastGruTrainer(Dataset data, TrainingOptions options, TrainingState start) {
        this.data = Objects.requireNonNull(data, "data");
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(start, "start");
        checkStart(data, options, start);
        vocabulary = data.vocabulary();
        int n = data.size();
        inputs = new int[n][];
        targets = new int[n][];
        int longest = 1;
        for (int i = 0; i < n; i++) {
            inputs[i] = Trainer.inputsOf(data.example(i), vocabulary);
            targets[i] = Trainer.targetsOf(data.example(i), vocabulary);
            longest = Math.max(longest, inputs[i].length);
        }
        TrainingState s = start.copy();
        order = s.order();
        parameters = s.gruParameters();
        aPrev = s.aPrev();
        loss = s.smoothedLoss();
        iteration = s.iteration();
        gru = new FastCharGru(parameters, longest);
        gru.setHiddenState(aPrev);
        parameterBound = gru.maxAbsParameter();
        history = new TrainingHistory(options.iterations() - iteration, GruLmGradients.NAMES);
    }

    private static void checkCell(CellKind cell, String what) {
        if (cell != CellKind.GRU) {
            throw new IllegalArgumentException(what + " the " + cell.id() + " cell, but this fast training loop"
                    + " trains the GRU only; use FastTrainer for the RNN, org.rnnworkbench.lm.Trainer for the LSTM");
        }
    }

    /** The checks {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} makes, with its messages. */
    private static void checkStart(Dataset data, TrainingOptions options, TrainingState start) {
        checkCell(options.cell(), "options ask for");
        checkCell(start.cell(), "the state holds");
        GruParameters p = start.gruParameters();
        int vocabSize = data.vocabulary().size();
        if (p.nX() != vocabSize || p.nY() != vocabSize) {
            throw new IllegalArgumentException("the state's parameters have n_x = " + p.nX() + " and n_y = " + p.nY()
                    + " but the data's vocabulary has " + vocabSize + " characters");
        }
        if (p.nA() != options.nA()) {
            throw new IllegalArgumentException("the state's parameters have n_a = " + p.nA() + " but options.nA() is "
                    + options.nA());
        }
        if (start.numExamples() != data.size()) {
            throw new IllegalArgumentException("the state's example order covers " + start.numExamples()
                    + " examples but the data has " + data.size());
        }
        if (start.iteration() > options.iterations()) {
            throw new IllegalArgumentException("the state is at iteration " + start.iteration()
                    + ", past options.iterations() = " + options.iterations());
        }
        for (String k : GruParameters.NAMES) {
            if (!Ops.allFinite(p.get(k))) {
                throw new IllegalArgumentException("the state's parameter " + k + " holds NaN or infinity");
            }
        }
        if (!Ops.allFinite(start.aPrev())) {
            throw new IllegalArgumentException("the state's aPrev holds NaN or infinity");
        }
    }

    /** True while fewer than {@code options.iterations()} iterations have run. */
    public boolean hasNext() {
        return iteration < options.iterations();
    }

    /** The number of iterations done, counted from the very first run (the next iteration's index). */
    public int iteration() {
        return iteration;
    }

    /** The current smoothed loss. */
    public double smoothedLoss() {
        return loss;
    }

    /**
     * Runs the next iteration (logging and sampling at a checkpoint, handing out a snapshot when one
     * is due) and returns its loss. Throws {@link IllegalStateException} when all iterations have run,
     * and {@link DivergenceException} (parameters left at the last good iteration) when the loss, a
     * gradient or the update is not finite.
     */
    public double step() {
        if (!hasNext()) {
            throw new IllegalStateException("all " + options.iterations() + " iterations have run");
        }
        int j = iteration;
        int index = order[j % order.length];
        // Global-norm clipping is the same step made shorter: w −= (lr·scale)·g, no entry clipped.
        boolean byNorm = options.clipRule() == ClipRule.GLOBAL_NORM;
        double c = byNorm ? Double.POSITIVE_INFINITY : options.clipValue();
        double current = gru.lossAndGradients(inputs[index], targets[index]);
        boolean finite = gru.measureGradients();
        double scale = byNorm ? gru.globalNormScale(options.clipValue()) : 1.0;
        double lr = options.learningRate() * scale;
        checkDivergence(j, index, current, finite, lr, c);
        gru.update(lr, c);
        loss = CharRnn.smooth(loss, current);
        gru.normsBeforeClip(norms, 0);
        gru.normsAfterClip(clippedNorms, 0);
        int clippedEntries = gru.clippedCount();
        if (scale != 1.0) {
            for (int k = 0; k < norms.length; k++) {
                clippedNorms[k] = norms[k] * scale;
            }
            clippedEntries = gru.gradientSize();
        }
        history.add(j, current, loss, norms, clippedNorms, clippedEntries, gru.gradientSize());
        iteration++;
        if (j % options.sampleEvery() == 0) {
            syncState();
            history.addCheckpoint(checkpoint(j));
        }
        if (options.progress() != null) {
            options.progress().update(j, options.iterations(), loss);
        }
        int snapshotEvery = options.snapshotEvery();
        if (snapshotEvery > 0 && (j + 1) % snapshotEvery == 0) {
            syncState();
            options.snapshot().accept(new TrainingState(parameters, j + 1, loss, aPrev, order));
        }
        return current;
    }

    /**
     * What the plain trainer's divergence guard checks, in its order: the loss, each gradient after
     * clipping (NaN, or ±∞ when clipping is off), then whether the update can overflow a parameter,
     * bounded by the largest parameter plus {@code lr·Σ‖dW‖} before anything is looked at one by one.
     * {@code lr} is the step's learning rate (scaled by global-norm clipping), {@code c} the
     * element-wise bound ({@code +∞} with the global norm).
     */
    private void checkDivergence(int j, int index, double current, boolean finite, double lr, double c) {
        if (!Double.isFinite(current)) {
            throw diverged(j, index, "loss", current);
        }
        if (!finite) {
            double[] bad = gru.firstNonFiniteGradient(c);
            if (bad != null) {
                throw diverged(j, index, GruLmGradients.NAMES.get((int) bad[0]), bad[1]);
            }
        }
        double gBound = 0;
        for (int k = 0; k < norms.length; k++) {
            gBound += Math.min(gru.gradientNorm(k), c * Math.sqrt(gru.entries(k)));
        }
        double step = lr == 0 ? 0 : lr * gBound;
        if (!(parameterBound + step <= Double.MAX_VALUE)) {
            parameterBound = gru.maxAbsParameter();
            if (!(parameterBound + step <= Double.MAX_VALUE)) {
                double[] bad = gru.firstOverflowingUpdate(lr, c);
                if (bad != null) {
                    throw diverged(j, index, GruParameters.NAMES.get((int) bad[0]), bad[1]);
                }
            }
        }
        parameterBound += step;
    }

    private DivergenceException diverged(int j, int index, String quantity, double value) {
        syncState();
        TrainingResult lastGood = new TrainingResult(new TrainingState(parameters, j, loss, aPrev, order), vocabulary,
                history, logText.toString());
        return new DivergenceException(j, quantity, value, data.example(index), options.learningRate(),
                options.clipRule(), options.clipValue(), lastGood);
    }

    /** Copies the workspace's parameters and hidden state into the EJML matrices handed out. */
    private void syncState() {
        gru.copyParameters(parameters);
        gru.hiddenState(aPrev);
    }

    /** What the run has produced so far (the whole run once {@link #hasNext()} is false); the state is a copy. */
    public TrainingResult result() {
        syncState();
        TrainingState state = new TrainingState(parameters, iteration, loss, aPrev, order).copy();
        return new TrainingResult(state, vocabulary, history, logText.toString());
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
