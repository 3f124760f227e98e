package org.rnnworkbench.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
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
 * The RNN cell trains with {@link FastTrainer}, the GRU and the LSTM with the plain {@link Trainer}.
 */
public final class Sweep {

    /** One configuration of the grid. {@code clipValue} = +∞ turns clipping off. */
    public record Config(String name, CellKind cell, int nA, double learningRate, double clipValue, int iterations,
            long initSeed) {
        /** Checks every setting. */
        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(cell, "cell");
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
        }

        TrainingOptions options() {
            return TrainingOptions.builder().cell(cell).nA(nA).learningRate(learningRate).clipValue(clipValue)
                    .iterations(iterations).initSeed(initSeed).build();
        }
    }

    /** What one run gave: the training result, or the message of the failure (result null). */
    public record Run(Config config, TrainingResult result, String error, double seconds) {
        /** True when the run finished. */
        public boolean succeeded() {
            return result != null;
        }
    }

    /** The runs in the order of the grid. */
    public record Result(List<Run> runs) {
        /**
         * One row per run: its settings, final smoothed loss (missing when it failed), status and message.
         * Wall times are left out so that the table depends only on the grid.
         */
        public Table table() {
            StringColumn name = StringColumn.create("run");
            StringColumn cell = StringColumn.create("cell");
            IntColumn hidden = IntColumn.create("hidden");
            DoubleColumn lr = DoubleColumn.create("learning_rate");
            DoubleColumn clip = DoubleColumn.create("clip");
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
                clip.append(c.clipValue());
                iterations.append(c.iterations());
                seed.append(c.initSeed());
                loss.append(r.succeeded() ? r.result().loss() : Double.NaN);
                status.append(r.succeeded() ? "ok" : "failed");
                error.append(r.succeeded() ? "" : r.error());
            }
            return Table.create("sweep", name, cell, hidden, lr, clip, iterations, seed, loss, status, error);
        }

        /** The run called {@code name}. */
        public Run run(String name) {
            return runs.stream().filter(r -> r.config().name().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("name '" + name + "' is not a run of this sweep"));
        }
    }

    private final Dataset data;
    private final List<Config> grid;
    private final int threads;

    private Sweep(Dataset data, List<Config> grid, int threads) {
        this.data = data;
        this.grid = grid;
        this.threads = threads;
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
        return new Sweep(data, List.copyOf(grid), Runtime.getRuntime().availableProcessors());
    }

    /** The same sweep on {@code count} threads. */
    public Sweep threads(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("threads must be positive but was " + count);
        }
        return new Sweep(data, grid, count);
    }

    /** Runs every configuration and waits for all of them. */
    public Result run() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, grid.size()), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (Config c : grid) {
                futures.add(pool.submit(() -> runOne(c)));
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

    private Run runOne(Config c) {
        long t0 = System.nanoTime();
        try {
            TrainingOptions options = c.options();
            TrainingResult r = c.cell() == CellKind.RNN ? FastTrainer.model(data, options) : Trainer.model(data, options);
            return new Run(c, r, null, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Run(c, null, message, (System.nanoTime() - t0) / 1e9);
        }
    }
}
