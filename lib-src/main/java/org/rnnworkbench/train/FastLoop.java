package org.rnnworkbench.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.PythonFormat;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Vocabulary;

/**
 * The driver shared by {@link FastTrainer}, {@link FastGruTrainer} and {@link FastLstmTrainer}: {@link Trainer#model}'s loop
 * (start-state checks, log text, checkpoint samples, snapshots, divergence guard, history, result)
 * around a {@link StepEngine}. A subclass names the cell: its check, its parameters in a
 * {@link TrainingState}, its engine, and the gradient and parameter names used in history and messages.
 *
 * <p>Between checkpoints an iteration allocates nothing (see {@link FastTrainer}).
 */
abstract class FastLoop<P extends CellParameters> {
    private final Dataset data;
    private final TrainingOptions options;
    private final Vocabulary vocabulary;
    private final int[][] inputs;
    private final int[][] targets;
    private final int[] order;
    private final StepEngine<P> engine;
    private final P parameters;
    private final DMatrixRMaj aPrev;
    /** The memory cell carried between examples; null for a cell without one. */
    private final DMatrixRMaj cPrev;
    private final TrainingHistory history;
    private final List<String> gradientNames;
    private final List<String> parameterNames;
    private final StringBuilder logText = new StringBuilder();
    private final double[] norms;
    private final double[] clippedNorms;
    /** An upper bound of the largest parameter magnitude, as the plain trainer's divergence guard keeps it. */
    private double parameterBound;
    private double loss;
    private int iteration;

    /**
     * A run ready to continue from {@code start} (copied, not modified); {@code gradientNames} and
     * {@code parameterNames} in the engine's order. Calls the three hooks below, in order.
     */
    FastLoop(Dataset data, TrainingOptions options, TrainingState start, List<String> gradientNames,
            List<String> parameterNames) {
        this.data = Objects.requireNonNull(data, "data");
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(start, "start");
        checkStart(data, options, start);
        this.gradientNames = gradientNames;
        this.parameterNames = parameterNames;
        norms = new double[gradientNames.size()];
        clippedNorms = new double[gradientNames.size()];
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
        parameters = parametersOf(s);
        aPrev = s.aPrev();
        cPrev = s.cPrev();
        loss = s.smoothedLoss();
        iteration = s.iteration();
        engine = newEngine(parameters, longest);
        engine.setHiddenState(aPrev);
        if (cPrev != null) {
            engine.setMemoryCell(cPrev);
        }
        parameterBound = engine.maxAbsParameter();
        history = options.historyRows() == null ? new TrainingHistory(options.iterations() - iteration, gradientNames)
                : TrainingHistory.streamed(gradientNames, options.historyRows());
    }

    /**
     * Throws {@link IllegalArgumentException} when {@code options} or {@code start} ask for another
     * cell. Called from the constructor, before anything else about {@code start} is read.
     */
    abstract void checkCell(TrainingOptions options, TrainingState start);

    /**
     * Throws {@link IllegalArgumentException} unless {@code cell} is {@code trained}, the one cell a
     * loop trains; {@code what} says whose cell it is ("options ask for", "the state holds").
     */
    static void requireCell(CellKind trained, CellKind cell, String what) {
        if (cell != trained) {
            throw new IllegalArgumentException(what + " the " + cell.id() + " cell, but this fast training loop"
                    + " trains the " + trained.name() + " only; use FastTraining.model for any cell");
        }
    }

    /**
     * The state a new run of the {@code trained} cell starts from ({@link TrainingState#initial}), once
     * the options are checked to ask for that cell.
     */
    static TrainingState initialFor(CellKind trained, Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        requireCell(trained, options.cell(), "options ask for");
        return TrainingState.initial(data, options);
    }

    /** {@link #requireCell} for the options and the start state, in that order. */
    static void requireCell(CellKind trained, TrainingOptions options, TrainingState start) {
        requireCell(trained, options.cell(), "options ask for");
        requireCell(trained, start.cell(), "the state holds");
    }

    /** The cell's parameters held by {@code state} (not copied). Called from the constructor. */
    abstract P parametersOf(TrainingState state);

    /** The engine, starting from a copy of {@code parameters}, for examples of up to {@code maxLength} steps. Called from the constructor. */
    abstract StepEngine<P> newEngine(P parameters, int maxLength);

    static TrainingResult run(FastLoop<?> loop) {
        while (loop.hasNext()) {
            loop.step();
            if (loop.options.stopRequested()) {
                break;
            }
        }
        return loop.result();
    }

    /** This loop's cell check, then the checks {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} makes, with its messages. */
    private void checkStart(Dataset data, TrainingOptions options, TrainingState start) {
        checkCell(options, start);
        start.requireContinuable(data, options);
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
        double current = engine.lossAndGradients(inputs[index], targets[index]);
        boolean finite = engine.measureGradients();
        double scale = byNorm ? engine.globalNormScale(options.clipValue()) : 1.0;
        double lr = options.learningRateAt(j) * scale;
        checkDivergence(j, index, current, finite, lr, c);
        engine.update(lr, c);
        loss = CharRnn.smooth(loss, current);
        engine.normsBeforeClip(norms, 0);
        engine.normsAfterClip(clippedNorms, 0);
        int clippedEntries = engine.clippedCount();
        if (scale != 1.0) {
            for (int k = 0; k < norms.length; k++) {
                clippedNorms[k] = norms[k] * scale;
            }
            clippedEntries = engine.gradientSize();
        }
        history.add(j, current, loss, norms, clippedNorms, clippedEntries, engine.gradientSize());
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
            options.snapshot().accept(new TrainingState(parameters, j + 1, loss, aPrev, cPrev, order));
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
            double[] bad = engine.firstNonFiniteGradient(c);
            if (bad != null) {
                throw diverged(j, index, gradientNames.get((int) bad[0]), bad[1]);
            }
        }
        double gBound = 0;
        for (int k = 0; k < norms.length; k++) {
            gBound += Math.min(engine.gradientNorm(k), c * Math.sqrt(engine.entries(k)));
        }
        double step = lr == 0 ? 0 : lr * gBound;
        if (!(parameterBound + step <= Double.MAX_VALUE)) {
            parameterBound = engine.maxAbsParameter();
            if (!(parameterBound + step <= Double.MAX_VALUE)) {
                double[] bad = engine.firstOverflowingUpdate(lr, c);
                if (bad != null) {
                    throw diverged(j, index, parameterNames.get((int) bad[0]), bad[1]);
                }
            }
        }
        parameterBound += step;
    }

    private DivergenceException diverged(int j, int index, String quantity, double value) {
        syncState();
        TrainingResult lastGood = new TrainingResult(new TrainingState(parameters, j, loss, aPrev, cPrev, order), vocabulary,
                history, logText.toString());
        return new DivergenceException(j, quantity, value, data.example(index), options.learningRateAt(j),
                options.clipRule(), options.clipValue(), lastGood);
    }

    /** Copies the workspace's parameters and hidden state into the EJML matrices handed out. */
    private void syncState() {
        engine.copyParameters(parameters);
        engine.hiddenState(aPrev);
        if (cPrev != null) {
            engine.memoryCell(cPrev);
        }
    }

    /** What the run has produced so far (the whole run once {@link #hasNext()} is false); the state is a copy. */
    public TrainingResult result() {
        syncState();
        TrainingState state = new TrainingState(parameters, iteration, loss, aPrev, cPrev, order).copy();
        return new TrainingResult(state, vocabulary, history, logText.toString());
    }

    private void emit(String s) {
        // A streamed run keeps nothing that grows with the run: the log went to the sink.
        if (options.historyRows() == null) {
            logText.append(s);
        }
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
