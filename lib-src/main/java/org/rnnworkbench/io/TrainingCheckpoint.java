package org.rnnworkbench.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Vocabulary;

/**
 * A training run stored in a model file so that it can be continued: the {@link TrainingState} as
 * the entries below, beside the parameters (of the state's cell: RNN, GRU or LSTM), vocabulary and
 * config every model file has. Training from the loaded state gives the same losses, bit for bit, as
 * a run that never stopped: doubles are stored exactly, and nothing else (no optimizer or random
 * state) is carried between iterations.
 * <table>
 * <caption>What a checkpoint adds to a model file</caption>
 * <tr><th>where</th><th>holds</th></tr>
 * <tr><td>config {@code iteration}</td><td>the number of iterations done (the next one to run)</td></tr>
 * <tr><td>{@code state_smoothed_loss <f8 (1,)}</td><td>the smoothed loss</td></tr>
 * <tr><td>{@code state_a_prev <f8 (n_a,1)}</td><td>the hidden state carried into the next example</td></tr>
 * <tr><td>{@code state_c_prev <f8 (n_a,1)}</td><td>the LSTM only: the memory cell carried into the next
 *     example</td></tr>
 * <tr><td>{@code state_order <f8 (n,)}</td><td>the shuffled example order, as whole numbers</td></tr>
 * </table>
 */
public final class TrainingCheckpoint {
    private TrainingCheckpoint() {}

    /** The config key holding the number of iterations done. */
    public static final String ITERATION = "iteration";
    /** State entry of the smoothed loss. */
    public static final String SMOOTHED_LOSS = "smoothed_loss";
    /** State entry of the hidden state. */
    public static final String A_PREV = "a_prev";
    /** State entry of the example order. */
    public static final String ORDER = "order";
    /** State entry of the memory cell, for a cell that has one (the LSTM). */
    public static final String C_PREV = "c_prev";

    /**
     * The model file contents for {@code state}: its parameters (held, not copied; {@link ModelFile#save}
     * takes a snapshot), the vocabulary, {@code config} plus {@link #ITERATION}, and the state entries.
     */
    public static Model toModel(TrainingState state, Vocabulary vocabulary, Map<String, String> config) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(config, "config");
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put(ITERATION, Integer.toString(state.iteration()));
        int[] order = state.order();
        double[] orderData = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            orderData[i] = order[i];
        }
        Map<String, NamedArray> s = new LinkedHashMap<>();
        s.put(SMOOTHED_LOSS, new NamedArray(new double[] {state.smoothedLoss()}, new int[] {1}));
        s.put(A_PREV, NamedArray.of(state.aPrev()));
        if (state.cPrev() != null) {
            s.put(C_PREV, NamedArray.of(state.cPrev()));
        }
        s.put(ORDER, new NamedArray(orderData, new int[] {order.length}));
        return new Model(state.cellParameters(), vocabulary.chars(), c, s);
    }

    /** Writes {@code state} to {@code path} as a model file, atomically (see {@link ModelFile#save}). */
    public static void save(Path path, TrainingState state, Vocabulary vocabulary, Map<String, String> config) {
        ModelFile.save(path, toModel(state, vocabulary, config));
    }

    /**
     * True when {@code model} holds a training state: the config's iteration and the three state entries,
     * and {@link #C_PREV} for a cell with a memory cell.
     */
    public static boolean hasState(Model model) {
        Objects.requireNonNull(model, "model");
        return hasRnnState(model) && (!model.cell().hasMemoryCell() || model.state().containsKey(C_PREV));
    }

    private static boolean hasRnnState(Model model) {
        return model.config().containsKey(ITERATION) && model.state().containsKey(SMOOTHED_LOSS)
                && model.state().containsKey(A_PREV) && model.state().containsKey(ORDER);
    }

    /**
     * The training state stored in {@code model}, read from {@code path}; a missing or inconsistent
     * entry is a {@link ModelFileException} naming the file. The parameters are held, not copied.
     */
    public static TrainingState state(Path path, Model model) {
        Objects.requireNonNull(model, "model");
        boolean memory = model.cell().hasMemoryCell();
        if (!hasRnnState(model)) {
            throw new ModelFileException(path, "holds no training state (config '" + ITERATION + "' and entries state_"
                    + SMOOTHED_LOSS + ", state_" + A_PREV + ", state_" + ORDER + (memory ? ", state_" + C_PREV : "")
                    + "), so training cannot continue from it");
        }
        if (!hasState(model)) {
            throw new ModelFileException(path, "holds no state_" + C_PREV + ", the memory cell an " + model.cell()
                    + " carries from one example to the next, so training cannot continue from it");
        }
        String iterationText = model.config().get(ITERATION);
        int iteration;
        try {
            iteration = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw new ModelFileException(path, "config '" + ITERATION + "' is \"" + iterationText
                    + "\", not a whole number", e);
        }
        NamedArray loss = model.state().get(SMOOTHED_LOSS);
        if (loss.data().length != 1) {
            throw new ModelFileException(path, "state_" + SMOOTHED_LOSS + " is " + loss.shapeText()
                    + " but must hold one value");
        }
        NamedArray aPrev = model.state().get(A_PREV);
        // Only a cell with a memory cell reads one; for the others state_c_prev would be an extra array.
        NamedArray cPrev = memory ? model.state().get(C_PREV) : null;
        NamedArray orderArray = model.state().get(ORDER);
        if (orderArray.shape().length != 1) {
            throw new ModelFileException(path, "state_" + ORDER + " is " + orderArray.shapeText() + " but must be 1-D");
        }
        double[] d = orderArray.data();
        int[] order = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] >= d.length) {
                throw new ModelFileException(path, "state_" + ORDER + "[" + i + "] = " + d[i]
                        + " is not an example index in 0.." + (d.length - 1));
            }
            order[i] = (int) d[i];
        }
        try {
            return new TrainingState(model.cellParameters(), iteration, loss.data()[0], aPrev.toMatrix(),
                    cPrev == null ? null : cPrev.toMatrix(), order);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "holds an invalid training state: " + e.getMessage(), e);
        }
    }

    /** The vocabulary of {@code model}; characters not sorted or without the newline are a {@link ModelFileException}. */
    public static Vocabulary vocabulary(Path path, Model model) {
        Objects.requireNonNull(model, "model");
        try {
            return Vocabulary.ofChars(model.vocabulary());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "has a vocabulary this library cannot use: " + e.getMessage(), e);
        }
    }
}
