package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.LstmLmGradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;

/**
 * {@link Trainer#model} with {@link CellKind#LSTM} on {@link FastCharLstm}: the same conventions,
 * options, log text, checkpoint samples, snapshots (hidden state and memory cell), divergence
 * guard, history and result, as {@link FastTrainer} and {@link FastGruTrainer} are for the RNN and
 * the GRU. Losses agree with the plain trainer to rounding and sampled names are identical (the
 * tests compare them over 2,000 iterations on the element names); as with the other fast loops, sums
 * are taken in another order, and a long run amplifies such last-bit differences.
 *
 * <p>Between checkpoints an iteration allocates nothing, and both clipping rules of
 * {@link TrainingOptions#clipRule()} are supported. Use {@link #model} for a whole run, or an
 * instance and {@link #step()} to run it piece by piece.
 */
public final class FastLstmTrainer extends FastLoop<LstmParameters> {
    /** Trains on the examples of a UTF-8 text file (see {@link Dataset#load}). */
    public static TrainingResult model(Path dataPath, TrainingOptions options) throws IOException {
        return model(Dataset.load(dataPath), options);
    }

    /** Trains a character-level LSTM on {@code data}, as {@link Trainer#model(Dataset, TrainingOptions)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        return run(new FastLstmTrainer(data, options));
    }

    /**
     * Continues training from {@code start} (not modified) up to {@code options.iterations()} in all,
     * as {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} does.
     */
    public static TrainingResult model(Dataset data, TrainingOptions options, TrainingState start) {
        return run(new FastLstmTrainer(data, options, start));
    }

    /** A run ready to start from {@link TrainingState#initial}: parameters drawn, examples shuffled, workspaces sized. */
    public FastLstmTrainer(Dataset data, TrainingOptions options) {
        this(data, options, initialFor(CellKind.LSTM, data, options));
    }

    /** A run ready to continue from {@code start} (copied, not modified). */
    public FastLstmTrainer(Dataset data, TrainingOptions options, TrainingState start) {
        super(data, options, start, LstmLmGradients.NAMES, LstmParameters.NAMES);
    }

    @Override
    void checkCell(TrainingOptions options, TrainingState start) {
        requireCell(CellKind.LSTM, options, start);
    }

    @Override
    LstmParameters parametersOf(TrainingState state) {
        return state.lstmParameters();
    }

    @Override
    StepEngine<LstmParameters> newEngine(LstmParameters parameters, int maxLength) {
        return new FastCharLstm(parameters, maxLength);
    }
}
