package org.rnnworkbench.train;

import java.util.Objects;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;

/**
 * The fast training loop of whichever cell the options name: {@link FastTrainer} for the RNN,
 * {@link FastGruTrainer} for the GRU, {@link FastLstmTrainer} for the LSTM. A drop-in for
 * {@link Trainer#model}, whose results it equals to rounding; what the command line, {@link Sweep}
 * and the notebooks train with.
 */
public final class FastTraining {
    private FastTraining() {}

    /** Trains {@code options.cell()} on {@code data} from the initial state, as {@link Trainer#model(Dataset, TrainingOptions)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(options, "options");
        return switch (options.cell()) {
            case RNN -> FastTrainer.model(data, options);
            case GRU -> FastGruTrainer.model(data, options);
            case LSTM -> FastLstmTrainer.model(data, options);
        };
    }

    /** Continues from {@code start} (not modified), as {@link Trainer#model(Dataset, TrainingOptions, TrainingState)} does. */
    public static TrainingResult model(Dataset data, TrainingOptions options, TrainingState start) {
        Objects.requireNonNull(options, "options");
        return switch (options.cell()) {
            case RNN -> FastTrainer.model(data, options, start);
            case GRU -> FastGruTrainer.model(data, options, start);
            case LSTM -> FastLstmTrainer.model(data, options, start);
        };
    }
}
