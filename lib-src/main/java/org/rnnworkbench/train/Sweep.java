package org.rnnworkbench.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharStream;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Truncation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs a grid of language-model trainings in parallel on a fixed pool of threads. Each run is
 * single-threaded and independent (its own parameters, workspaces and random streams), so the
 * results — and the {@link Result#table() table} — are the same whatever the number of threads. A
 * run that fails (diverges, or has settings the trainer refuses) is reported in the table with its
 * message; the other runs still finish.
 *
 * <p>Call order: {@link #of(Dataset, List)}, optionally {@link #threads(int)}, then {@link #run()}.
 * Every cell trains with its fast loop ({@link FastTraining}: {@link FastTrainer}, {@link FastGruTrainer},
 * {@link FastLstmTrainer}; allocation-free, equal to the plain {@link Trainer} to rounding). A configuration
 * with a {@link Config#truncation() truncation} trains the RNN instead on the data's examples joined into
 * one stream ({@link CharStream#of(Dataset)}) with truncated BPTT ({@link StreamTrainer}); its
 * {@code iterations} count sequences of L characters.
 */
public final class Sweep {

    /**
     * One configuration of the grid. {@code clipValue} is the bound of {@code clipRule} (see
     * {@link TrainingOptions#clipValue()}); +∞ turns clipping off. {@code truncation} null trains on the
     * examples one at a time, as the assignment does; otherwise the RNN trains on the stream with
     * truncated BPTT (element-wise clipping only), and {@code iterations} is the number of sequences.
     */
    public record Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
            long initSeed, ClipRule clipRule, Truncation truncation, LearningRateDecay decay) {
        /** Checks every setting. */
        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(decay, "decay");
            Objects.requireNonNull(cell, "cell");
            Objects.requireNonNull(clipRule, "clipRule");
            if (nA <= 0) {
                throw new IllegalArgumentException("nA must be positive but was " + nA + " (config '" + name + "')");
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a positive finite number but was "
                        + learningRate + " (config '" + name + "')");
            }
            if (!(clipValue > 0)) {
                throw new IllegalArgumentException("clipValue must be positive (or +Infinity for no clipping) but was "
                        + clipValue + " (config '" + name + "')");
            }
            if (iterations <= 0) {
                throw new IllegalArgumentException("iterations must be positive but was " + iterations
                        + " (config '" + name + "')");
            }
            if (truncation != null && cell != CellKind.RNN) {
                throw new IllegalArgumentException("truncation " + truncation + " needs the rnn cell but cell is "
                        + cell.id() + " (config '" + name + "')");
            }
            if (truncation != null && clipRule != ClipRule.ELEMENT_WISE && clipValue != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("truncation " + truncation + " trains with element-wise clipping "
                        + "only but clipRule is " + clipRule.id() + " (config '" + name + "')");
            }
        }

        /** A configuration with a constant learning rate. */
        public Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
                long initSeed, ClipRule clipRule, Truncation truncation) {
            this(name, cell, nA, learningRate, clipValue, iterations, initSeed, clipRule, truncation,
                    LearningRateDecay.NONE);
        }

        /** The same settings under another name. */
        public Config withName(String newName) {
            return new Config(newName, cell, nA, learningRate, clipValue, iterations, initSeed, clipRule, truncation,
                    decay);
        }

        /** The same configuration with the learning rate decayed by {@code value} over the run. */
        public Config withDecay(LearningRateDecay value) {
            return new Config(name, cell, nA, learningRate, clipValue, iterations, initSeed, clipRule, truncation, value);
        }

        /** A configuration trained on the examples one at a time, clipped by {@code clipRule}. */
        public Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
                long initSeed, ClipRule clipRule) {
            this(name, cell, nA, learningRate, clipValue, iterations, initSeed, clipRule, null);
        }

        /** A configuration clipped element-wise, trained on the stream with {@code truncation} (null: on the examples). */
        public Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
                long initSeed, Truncation truncation) {
            this(name, cell, nA, learningRate, clipValue, iterations, initSeed, ClipRule.ELEMENT_WISE, truncation);
        }

        /** The same configuration trained on the stream with {@code value} (null: on the examples). */
        public Config withTruncation(Truncation value) {
            return new Config(name, cell, nA, learningRate, clipValue, iterations, initSeed, clipRule, value, decay);
        }

        StreamOptions streamOptions() {
            return StreamOptions.builder().truncation(truncation).nA(nA).learningRate(learningRate)
                    .clipValue(clipValue).sequences(iterations).initSeed(initSeed).decay(decay).build();
        }

        /**
         * A configuration trained on the examples one at a time, clipping every gradient entry to
         * {@code [−clipValue, clipValue]}, the assignment's rule.
         */
        public Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
                long initSeed) {
            this(name, cell, nA, learningRate, clipValue, iterations, initSeed, ClipRule.ELEMENT_WISE, null);
        }

        /** The same configuration under another name, clipped by {@code rule} with bound {@code bound}. */
        public Config withClip(String newName, ClipRule rule, double bound) {
            return new Config(newName, cell, nA, learningRate, bound, iterations, initSeed, rule, truncation, decay);
        }

        /** {@code "none"} when clipping is off, else the rule's {@link ClipRule#id()}. */
        public String clipRuleText() {
            return clipValue == Double.POSITIVE_INFINITY ? "none" : clipRule.id();
        }

        /** The training options of this run (the library's defaults for everything the configuration does not set). */
        public TrainingOptions options() {
            return TrainingOptions.builder().cell(cell).nA(nA).learningRate(learningRate).clip(clipRule, clipValue)
                    .iterations(iterations).initSeed(initSeed).decay(decay).build();
        }
    }

    /**
     * What one run gave: the training result ({@code stream} for a truncated configuration, {@code result}
     * otherwise), or the message of the failure (both null).
     */
    public record Run(Config config, TrainingResult result, StreamResult stream, String error, double seconds) {
        /** A run without a stream result. */
        public Run(Config config, TrainingResult result, String error, double seconds) {
            this(config, result, null, error, seconds);
        }

        /** True when the run finished. */
        public boolean succeeded() {
            return result != null || stream != null;
        }

        /** The final smoothed loss: per example on the examples, per character on a stream; NaN when failed. */
        public double loss() {
            return result != null ? result.loss() : stream != null ? stream.loss() : Double.NaN;
        }
    }

    /** The runs in the order of the grid. */
    public record Result(List<Run> runs) {
        /**
         * One row per run: its settings, final smoothed loss (missing when it failed), status and message.
         * Wall times are left out so that the table depends only on the grid. {@code truncation} is
         * {@code "none"} for training on the examples, where the loss is per example, and e.g.
         * {@code "k=5/L=100"} for a stream, where it is per character.
         */
        public Table table() {
            StringColumn name = StringColumn.create("run");
            StringColumn cell = StringColumn.create("cell");
            IntColumn hidden = IntColumn.create("hidden");
            DoubleColumn lr = DoubleColumn.create("learning_rate");
            StringColumn decay = StringColumn.create("lr_decay");
            StringColumn clipRule = StringColumn.create("clip_rule");
            DoubleColumn clip = DoubleColumn.create("clip");
            StringColumn truncation = StringColumn.create("truncation");
            IntColumn iterations = IntColumn.create("iterations");
            LongColumn seed = LongColumn.create("init_seed");
            DoubleColumn loss = DoubleColumn.create("final_smoothed_loss");
            StringColumn status = StringColumn.create("status");
            StringColumn error = StringColumn.create("error");
            for (Run r : runs) {
                Config c = r.config();
                name.append(c.name());
                cell.append(c.cell().id());
                hidden.append(c.nA());
                lr.append(c.learningRate());
                decay.append(c.decay().id());
                clipRule.append(c.clipRuleText());
                clip.append(c.clipValue());
                truncation.append(c.truncation() == null ? "none" : c.truncation().toString());
                iterations.append(c.iterations());
                seed.append(c.initSeed());
                loss.append(r.loss());
                status.append(r.succeeded() ? "ok" : "failed");
                error.append(r.succeeded() ? "" : r.error());
            }
            return Table.create("sweep", name, cell, hidden, lr, decay, clipRule, clip, truncation, iterations, seed, loss,
                    status, error);
        }

        /** The run called {@code name}. */
        public Run run(String name) {
            return runs.stream().filter(r -> r.config().name().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("name '" + name + "' is not a run of this sweep"));
        }
    }

    /** Sees a run's training state every {@code every} iterations, on that run's thread. */
    @FunctionalInterface
    public interface Observer {
        /** Called with the configuration and its live state (valid during the call only; see {@link TrainingState}). */
        void observe(Config config, TrainingState state);
    }

    private final Dataset data;
    private final List<Config> grid;
    private final int threads;
    private final int observeEvery;
    private final Observer observer;

    private Sweep(Dataset data, List<Config> grid, int threads, int observeEvery, Observer observer) {
        this.data = data;
        this.grid = grid;
        this.threads = threads;
        this.observeEvery = observeEvery;
        this.observer = observer;
    }

    /** A sweep over {@code grid} on {@code data}, with one thread per core. */
    public static Sweep of(Dataset data, List<Config> grid) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(grid, "grid");
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("grid must hold at least one configuration");
        }
        List<String> names = new ArrayList<>();
        for (Config c : grid) {
            Objects.requireNonNull(c, "grid entry");
            if (names.contains(c.name())) {
                throw new IllegalArgumentException("grid has two configurations called '" + c.name() + "'");
            }
            names.add(c.name());
        }
        return new Sweep(data, List.copyOf(grid), Runtime.getRuntime().availableProcessors(), 0, null);
    }

    /** The same sweep on {@code count} threads. */
    public Sweep threads(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("threads must be positive but was " + count);
        }
        return new Sweep(data, grid, count, observeEvery, observer);
    }

    /**
     * The same sweep, calling {@code observer} after every {@code every} iterations of each run trained
     * on the examples (e.g. to measure a held-out loss during training). The observer runs on the run's
     * thread, so it must be safe to call from several threads at once; it must not modify the state.
     */
    public Sweep observe(int every, Observer observer) {
        if (every <= 0) {
            throw new IllegalArgumentException("every must be positive but was " + every);
        }
        Objects.requireNonNull(observer, "observer");
        return new Sweep(data, grid, threads, every, observer);
    }

    /** Runs every configuration and waits for all of them. */
    public Result run() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, grid.size()), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            // Built once and only read by the runs.
            CharStream stream = grid.stream().anyMatch(c -> c.truncation() != null) ? CharStream.of(data) : null;
            List<Future<Run>> futures = new ArrayList<>();
            for (Config c : grid) {
                futures.add(pool.submit(() -> runOne(data, c, stream, observeEvery, observer)));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            return new Result(List.copyOf(runs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweep run failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Trains one configuration on {@code data} in the calling thread, with the trainer {@link #run()} uses for
     * it; a run that fails is returned with its message, not thrown.
     */
    public static Run train(Dataset data, Config c) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(c, "config");
        return runOne(data, c, c.truncation() != null ? CharStream.of(data) : null, 0, null);
    }

    private static Run runOne(Dataset data, Config c, CharStream stream, int observeEvery, Observer observer) {
        long t0 = System.nanoTime();
        try {
            if (c.truncation() != null) {
                StreamResult r = StreamTrainer.train(stream, c.streamOptions());
                return new Run(c, null, r, null, (System.nanoTime() - t0) / 1e9);
            }
            TrainingOptions options = c.options();
            if (observer != null) {
                options = options.toBuilder().snapshots(observeEvery, state -> observer.observe(c, state)).build();
            }
            TrainingResult r = FastTraining.model(data, options);
            return new Run(c, r, null, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Run(c, null, message, (System.nanoTime() - t0) / 1e9);
        }
    }
}
