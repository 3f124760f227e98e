package org.rnnworkbench.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.train.BatchedCharRnn;
import org.rnnworkbench.train.FastGruTrainer;
import org.rnnworkbench.train.FastLstmTrainer;
import org.rnnworkbench.train.FastTrainer;
import org.rnnworkbench.train.Vectorization;

/**
 * The Java half of {@code make bench} ({@code lib-src/bench/bench.py} is the other): each mode
 * prints one JSON object on stdout.
 *
 * <pre>
 *   lm DATA N_A ITERATIONS REPS WARMUP [fast|plain|gru|gru-fast|lstm|lstm-fast]
 *                                        whole model() runs in one JVM, after a warm-up run of
 *                                        WARMUP iterations: seconds per run, characters per run,
 *                                        final loss, and the kernels in use (fast: FastTrainer;
 *                                        plain: lm.Trainer; gru, lstm: lm.Trainer with that cell;
 *                                        gru-fast: FastGruTrainer; lstm-fast: FastLstmTrainer)
 *   memory DATA N_A ITERATIONS EVERY     one fast-trainer run; every EVERY iterations a full GC and
 *                                        the heap in use after it
 *   batched DATA N_A M SECONDS REPS      BatchedCharRnn steps on batches of M sequences for
 *                                        SECONDS per repetition, after a warm-up
 *   peak SECONDS REPS                    an FMA-bound loop: the GFLOP/s one core reaches from Java
 * </pre>
 */
public final class TrainBench {
    private TrainBench() {}

    public static void main(String[] args) throws IOException {
        String out = switch (args.length == 0 ? "" : args[0]) {
            case "lm" -> lm(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), args.length > 6 ? args[6] : "fast");
            case "memory" -> memory(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "batched" -> batched(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Double.parseDouble(args[4]), Integer.parseInt(args[5]));
            case "peak" -> peak(Double.parseDouble(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("usage: lm DATA N_A ITERATIONS REPS WARMUP "
                    + "[fast|plain|gru|gru-fast] | "
                    + "memory DATA N_A ITERATIONS EVERY | "
                    + "batched DATA N_A M SECONDS REPS | peak SECONDS REPS");
        };
        System.out.println(out);
    }

    /** Whole runs with the assignment's settings (log and samples every 2,000 iterations, not printed). */
    static String lm(Path data, int nA, int iterations, int reps, int warmup, String trainer) throws IOException {
        if (!List.of("fast", "plain", "gru", "gru-fast", "lstm", "lstm-fast").contains(trainer)) {
            throw new IllegalArgumentException("trainer must be fast, plain, gru, gru-fast, lstm or lstm-fast but was "
                    + trainer);
        }
        Dataset d = Dataset.load(data);
        CellKind cell = trainer.startsWith("gru") ? CellKind.GRU : trainer.startsWith("lstm") ? CellKind.LSTM
                : CellKind.RNN;
        TrainingOptions options = TrainingOptions.builder().nA(nA).iterations(iterations).cell(cell).build();
        run(d, options.toBuilder().iterations(warmup).build(), trainer);
        List<Double> seconds = new ArrayList<>();
        TrainingResult last = null;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            last = run(d, options, trainer);
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        return String.format(Locale.ROOT,
                "{\"mode\": \"lm\", \"trainer\": \"%s\", \"data\": \"%s\", \"n_a\": %d, \"vocabulary\": %d, "
                        + "\"iterations\": %d, \"characters\": %d, \"seconds\": %s, \"final_loss\": %.6f, "
                        + "\"kernels\": \"%s\"}",
                trainer, data, nA, d.vocabulary().size(), iterations,
                characters(d, TrainingState.shuffledOrder(d.size()), iterations), seconds, last.loss(),
                Vectorization.describe());
    }

    private static TrainingResult run(Dataset d, TrainingOptions options, String trainer) {
        return switch (trainer) {
            case "fast" -> FastTrainer.model(d, options);
            case "gru-fast" -> FastGruTrainer.model(d, options);
            case "lstm-fast" -> FastLstmTrainer.model(d, options);
            default -> Trainer.model(d, options);
        };
    }

    /**
     * Heap in use after a full collection, every {@code every} iterations of one fast-trainer run
     * (the training history is allocated up front for all iterations, so a steady loop shows a flat
     * line).
     */
    static String memory(Path data, int nA, int iterations, int every) throws IOException {
        Dataset d = Dataset.load(data);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Integer> at = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        TrainingOptions options = TrainingOptions.builder().nA(nA).iterations(iterations).progress((j, n, loss) -> {
            if ((j + 1) % every == 0) {
                System.gc();
                at.add(j + 1);
                used.add(memory.getHeapMemoryUsage().getUsed());
            }
        }).build();
        long t0 = System.nanoTime();
        TrainingResult r = FastTrainer.model(d, options);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT,
                "{\"mode\": \"memory\", \"data\": \"%s\", \"n_a\": %d, \"iterations\": %d, \"seconds\": %.3f, "
                        + "\"at_iteration\": %s, \"heap_used_after_gc\": %s, \"final_loss\": %.6f}",
                data, nA, iterations, seconds, at, used, r.loss());
    }

    /** Time steps processed by a run: Σ over iterations of the example's length + 1. */
    static long characters(Dataset d, int[] order, int iterations) {
        long n = 0;
        for (int j = 0; j < iterations; j++) {
            n += d.example(order[j % order.length]).length() + 1;
        }
        return n;
    }

    /** Batches of m consecutive shuffled examples, SGD steps for a fixed time. */
    static String batched(Path data, int nA, int m, double secondsPerRep, int reps) throws IOException {
        Dataset d = Dataset.load(data);
        int v = d.vocabulary().size();
        int[] order = TrainingState.shuffledOrder(d.size());
        int batches = (d.size() + m - 1) / m;
        int[][][] xs = new int[batches][][];
        int[][][] ys = new int[batches][][];
        int[] padded = new int[batches];
        int[] valid = new int[batches];
        int longest = 1;
        for (int b = 0; b < batches; b++) {
            int count = Math.min(m, d.size() - b * m);
            xs[b] = new int[count][];
            ys[b] = new int[count][];
            for (int c = 0; c < count; c++) {
                String example = d.example(order[b * m + c]);
                xs[b][c] = Trainer.inputsOf(example, d.vocabulary());
                ys[b][c] = Trainer.targetsOf(example, d.vocabulary());
                padded[b] = Math.max(padded[b], xs[b][c].length);
                valid[b] += xs[b][c].length;
            }
            longest = Math.max(longest, padded[b]);
        }
        RnnParameters p = CharRnn.initializeParameters(nA, v, v);
        BatchedCharRnn rnn = new BatchedCharRnn(p, m, longest);
        // Summed gradients over m sequences: a smaller rate keeps the run well-behaved.
        double lr = 0.01 / m;
        int step = 0;
        long end = System.nanoTime() + (long) (Math.max(1.0, secondsPerRep) * 1e9);
        while (System.nanoTime() < end) {
            rnn.step(xs[step % batches], ys[step % batches], lr, 5.0);
            step++;
        }
        List<Double> stepsPerSecond = new ArrayList<>();
        List<Double> sequencesPerSecond = new ArrayList<>();
        List<Double> charactersPerSecond = new ArrayList<>();
        List<Double> gflops = new ArrayList<>();
        double loss = Double.NaN;
        for (int r = 0; r < reps; r++) {
            long steps = 0;
            long sequences = 0;
            long chars = 0;
            long multiplyAdds = 0;
            long t0 = System.nanoTime();
            long stop = t0 + (long) (secondsPerRep * 1e9);
            long t1;
            do {
                int b = step % batches;
                loss = rnn.step(xs[b], ys[b], lr, 5.0);
                step++;
                steps++;
                sequences += xs[b].length;
                chars += valid[b];
                multiplyAdds += rnn.multiplyAdds(padded[b]);
                t1 = System.nanoTime();
            } while (t1 < stop);
            double s = (t1 - t0) / 1e9;
            stepsPerSecond.add(steps / s);
            sequencesPerSecond.add(sequences / s);
            charactersPerSecond.add(chars / s);
            gflops.add(2.0 * multiplyAdds / s / 1e9);
        }
        return String.format(Locale.ROOT,
                "{\"mode\": \"batched\", \"data\": \"%s\", \"n_a\": %d, \"vocabulary\": %d, \"m\": %d, "
                        + "\"steps_per_second\": %s, \"sequences_per_second\": %s, \"characters_per_second\": %s, "
                        + "\"gflops\": %s, \"last_loss\": %.6f}",
                data, nA, v, m, stepsPerSecond, sequencesPerSecond, charactersPerSecond, gflops, loss);
    }

    /**
     * GFLOP/s of a loop that only does fused multiply–adds on a 64-element array (L1-resident): each
     * element goes through 16 dependent {@code x = fma(x, a, b)}, and C2 vectorises the loop over the
     * elements, so several vectors are in flight. What Java code on this core can reach at best.
     */
    static String peak(double secondsPerRep, int reps) {
        double[] x = new double[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 1e-3;
        }
        double a = 0.999_999;
        double b = 1e-7;
        long end = System.nanoTime() + (long) (1e9 * Math.max(1.0, secondsPerRep));
        while (System.nanoTime() < end) {
            fmaPass(x, a, b, 1000);
        }
        List<Double> gflops = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long passes = 0;
            long t0 = System.nanoTime();
            long stop = t0 + (long) (secondsPerRep * 1e9);
            long t1;
            do {
                fmaPass(x, a, b, 1000);
                passes += 1000;
                t1 = System.nanoTime();
            } while (t1 < stop);
            gflops.add(passes * x.length * 16 * 2.0 / ((t1 - t0) / 1e9) / 1e9);
        }
        double check = 0;
        for (double v : x) {
            check += v;
        }
        return String.format(Locale.ROOT, "{\"mode\": \"peak\", \"gflops\": %s, \"check\": %.6f}", gflops, check);
    }

    private static void fmaPass(double[] x, double a, double b, int passes) {
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                v = Math.fma(v, a, b);
                x[i] = v;
            }
        }
    }
}
