package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.Sampler;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;

/**
 * The assignment's training loop {@code model(...)} on {@link FastCharRnn}: the same conventions,
 * options, log text, checkpoint samples, snapshots, divergence guard, history and result as
 * {@link Trainer#model}, so a notebook or the command line switches between them by the class name.
 * Losses agree with the plain trainer and with NumPy to rounding (about 1e-15 relative over the
 * first 2,000 iterations); sampled names are identical. Sums are taken in another order, and the
 * training dynamics amplify such last-bit differences: on the element names the runs agree to
 * 1e-11 for about 5,000 iterations, then drift apart (by 10,000 iterations the smoothed losses
 * differ by several percent), as the plain trainer drifts from NumPy, or NumPy from itself on
 * another BLAS: a long run is one sample of the training, not a reproduction.
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
public final class FastTrainer extends FastLoop<RnnParameters> {
    /** The parameters in {@link Gradients#NAMES} order, as the divergence messages name them. */
    private static final List<String> PARAMETER_NAMES = List.of("Waa", "Wax", "Wya", "b", "by");

    /** Trains on the examples of a UTF-8 text file (see {@link Dataset#load}). */
    public static TrainingResult model(Path dataPath, TrainingOptions options) throws IOException {
        return model(Dataset.load(dataPath), options);
    }

    /** Trains a character-level RNN on {@code data}, as {@link Trainer#model(Dataset, TrainingOptions)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        return run(new FastTrainer(data, options, TrainingState.initial(data, options)));
    }

    /**
     * Continues training from {@code start} (not modified) up to {@code options.iterations()} in all,
     * as {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} does.
     */
    public static TrainingResult model(Dataset data, TrainingOptions options, TrainingState start) {
        return run(new FastTrainer(data, options, start));
    }

    /** A run ready to start from {@link TrainingState#initial}: parameters drawn, examples shuffled, workspaces sized. */
    public FastTrainer(Dataset data, TrainingOptions options) {
        this(data, options, TrainingState.initial(Objects.requireNonNull(data, "data"),
                Objects.requireNonNull(options, "options")));
    }

    /** A run ready to continue from {@code start} (copied, not modified). */
    public FastTrainer(Dataset data, TrainingOptions options, TrainingState start) {
        super(data, options, start, Gradients.NAMES, PARAMETER_NAMES);
    }

    @Override
    void checkCell(TrainingOptions options, TrainingState start) {
        if (options.cell() != CellKind.RNN || start.cell() != CellKind.RNN) {
            throw new IllegalArgumentException("options ask for the " + options.cell().id() + " cell, but the fast"
                    + " training loop trains the vanilla RNN only; use FastTraining.model for any cell");
        }
    }

    @Override
    RnnParameters parametersOf(TrainingState state) {
        return state.parameters();
    }

    @Override
    StepEngine<RnnParameters> newEngine(RnnParameters parameters, int maxLength) {
        return new FastCharRnn(parameters, maxLength);
    }
}
