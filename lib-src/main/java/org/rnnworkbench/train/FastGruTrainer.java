package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.GruLmGradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;

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
 * <p>As in {@link FastTrainer}: between checkpoints an iteration allocates nothing, and both
 * clipping rules of {@link TrainingOptions#clipRule()} are supported. Use {@link #model} for a whole
 * run, or an instance and {@link #step()} to run it piece by piece.
 */
public final class FastGruTrainer extends FastLoop<GruParameters> {
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

    /** A run ready to start from {@link TrainingState#initial}: parameters drawn, examples shuffled, workspaces sized. */
    public FastGruTrainer(Dataset data, TrainingOptions options) {
        this(data, options, initialFor(CellKind.GRU, data, options));
    }

    /** A run ready to continue from {@code start} (copied, not modified). */
    public FastGruTrainer(Dataset data, TrainingOptions options, TrainingState start) {
        super(data, options, start, GruLmGradients.NAMES, GruParameters.NAMES);
    }

    @Override
    void checkCell(TrainingOptions options, TrainingState start) {
        requireCell(CellKind.GRU, options, start);
    }

    @Override
    GruParameters parametersOf(TrainingState state) {
        return state.gruParameters();
    }

    @Override
    StepEngine<GruParameters> newEngine(GruParameters parameters, int maxLength) {
        return new FastCharGru(parameters, maxLength);
    }
}
