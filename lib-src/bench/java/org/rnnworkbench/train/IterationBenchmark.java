package org.rnnworkbench.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;

/**
 * Where the time of one {@link FastTrainer} iteration goes on the element names (n_a = 65, the
 * assignment's settings), measured phase by phase on the trainer's own code: each benchmark runs a
 * longer prefix of one {@link FastCharRnn} step (recurrence; + output layer and softmax; + output
 * gradients; + backward recurrence; + dWaa; + norms; + clipping, update and transposed copies), so a
 * phase's cost is the difference of two neighbours. Every operation is one example, taken in the
 * training order, from parameters trained for {@code trained} iterations first (the activations'
 * range decides which branch of {@code tanh} runs). {@code loop} is the whole training loop per
 * iteration (history, checkpoints with their samples). The {@code chain*} benchmarks are the latency
 * bound of the recurrence: T dependent 65×65 matrix–vector products with and without {@code tanh},
 * against T independent ones and T·n_a {@code tanh} alone.
 *
 * <pre>make bench-jmh JMH_ARGS="IterationBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class IterationBenchmark {
    @Param({"data/element_list.txt"})
    String data;

    @Param({"65"})
    int nA;

    @Param({"20000"})
    int trained;

    Dataset dataset;
    int[][] inputs;
    int[][] targets;
    int[] order;
    FastCharRnn rnn;
    int next;

    // Workspaces of the latency benchmarks: h[0] is a state reached in training.
    double[][] h;
    double[][] independentIn;
    double[] pre;
    double[] out;
    double[][] waaT;
    double[][] outRows;
    RnnParameters checkpointParameters;
    double[][] logits;
    // The float32 prototype: the same products in single precision.
    float[][] hf;
    float[][] waaTf;

    @Setup
    public void setUp() throws IOException {
        dataset = Dataset.load(Path.of(data));
        int n = dataset.size();
        inputs = new int[n][];
        targets = new int[n][];
        int longest = 1;
        for (int i = 0; i < n; i++) {
            inputs[i] = Trainer.inputsOf(dataset.example(i), dataset.vocabulary());
            targets[i] = Trainer.targetsOf(dataset.example(i), dataset.vocabulary());
            longest = Math.max(longest, inputs[i].length);
        }
        order = TrainingState.shuffledOrder(n);
        TrainingResult warm = FastTrainer.model(dataset, options(trained));
        RnnParameters p = warm.parameters();
        rnn = new FastCharRnn(p, longest);
        rnn.setHiddenState(warm.aLast());
        waaT = rnn.waaT;
        h = new double[longest + 1][nA];
        independentIn = new double[longest][nA];
        for (int t = 0; t < longest; t++) {
            for (int i = 0; i < nA; i++) {
                independentIn[t][i] = 0.5 * Math.sin(0.37 * (t * nA + i) + 1);
            }
        }
        System.arraycopy(warm.aLast().data, 0, h[0], 0, nA);
        checkpointParameters = rnn.parameters();
        outRows = new double[longest][rnn.nY];
        logits = new double[longest][rnn.nY];
        hf = new float[longest + 1][nA];
        waaTf = new float[nA][nA];
        for (int i = 0; i < nA; i++) {
            hf[0][i] = (float) h[0][i];
            for (int j = 0; j < nA; j++) {
                waaTf[i][j] = (float) waaT[i][j];
            }
        }
        // Pre-activations as the recurrence meets them, from the trained parameters on the examples in order.
        pre = new double[longest * nA];
        out = new double[longest * nA];
        double[] state = h[0].clone();
        double[] z = new double[nA];
        for (int k = 0, e = 0; k < pre.length; e++) {
            int[] X = inputs[order[e % order.length]];
            for (int t = 0; t < X.length && k < pre.length; t++) {
                Kernels.vecMat(nA, nA, state, waaT, 0, z);
                for (int i = 0; i < nA; i++) {
                    z[i] = (X[t] == org.rnnworkbench.lm.CharRnn.NONE ? 0 : rnn.waxT[X[t]][i]) + z[i] + rnn.b[i];
                    pre[k++] = z[i];
                }
                Kernels.tanh(nA, z, 0);
                System.arraycopy(z, 0, state, 0, nA);
            }
        }
        // Logits from states the recurrence reaches (the chain from the trained state, inputs left out).
        for (int t = 0; t < longest; t++) {
            Kernels.vecMat(nA, nA, h[t], waaT, 0, h[t + 1]);
            Kernels.tanh(nA, h[t + 1], 0);
        }
        Kernels.gemm(longest, rnn.nY, nA, h, 1, rnn.wyaT, 0, logits, 0, false);
        next = 0;
    }

    private TrainingOptions options(int iterations) {
        return TrainingOptions.builder().nA(nA).iterations(iterations).build();
    }

    private int[] x() {
        return inputs[order[next]];
    }

    private int[] y() {
        return targets[order[next]];
    }

    private void advance() {
        next = next + 1 == order.length ? 0 : next + 1;
    }

    /** The forward recurrence: T steps of matrix–vector product, input row, bias and tanh. */
    @Benchmark
    public void p1Recurrence() {
        int[] X = x();
        rnn.recurrence(X, X.length);
        advance();
    }

    /** + the output layer: one (T, n_a)·(n_a, n_y) product, T softmaxes and the loss. */
    @Benchmark
    public double p2Outputs() {
        int[] X = x();
        rnn.recurrence(X, X.length);
        double loss = rnn.outputs(y(), X.length);
        advance();
        return loss;
    }

    /** + dWya and Wyaᵀ·dy. */
    @Benchmark
    public double p3OutputGradients() {
        int[] X = x();
        rnn.recurrence(X, X.length);
        double loss = rnn.outputs(y(), X.length);
        rnn.outputGradients(X.length);
        advance();
        return loss;
    }

    /** + the backward recurrence (T − 1 matrix–vector products, db, dby, dWax). */
    @Benchmark
    public double p4BackwardRecurrence() {
        int[] X = x();
        rnn.recurrence(X, X.length);
        double loss = rnn.outputs(y(), X.length);
        rnn.outputGradients(X.length);
        rnn.backwardRecurrence(X, X.length);
        advance();
        return loss;
    }

    /** + dWaa: the whole loss and gradients. */
    @Benchmark
    public double p5Gradients() {
        double loss = rnn.lossAndGradients(x(), y());
        advance();
        return loss;
    }

    /** + the five gradient norms. */
    @Benchmark
    public boolean p6Norms() {
        rnn.lossAndGradients(x(), y());
        boolean finite = rnn.measureGradients();
        advance();
        return finite;
    }

    /** The whole step: + clipping, the update, the transposed copies and the carried state. */
    @Benchmark
    public double p7Step() {
        double loss = rnn.optimize(x(), y(), 0.01, 5.0);
        advance();
        return loss;
    }

    /** The transposed copies of Waa and Wya alone. */
    @Benchmark
    public void transposes() {
        rnn.refreshTransposes();
    }

    /** The whole training loop ({@link FastTrainer#model}), per iteration. */
    @Benchmark
    @OperationsPerInvocation(20_000)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double loop() {
        return FastTrainer.model(dataset, options(20_000)).loss();
    }

    /**
     * The steps of {@link #loop} alone: a fresh engine from the same initial parameters, 20,000
     * {@link FastCharRnn#optimize} calls in the training order, per iteration; {@code loop} minus
     * this is the loop's own work (history, divergence guard, checkpoints and their samples).
     */
    @Benchmark
    @OperationsPerInvocation(20_000)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double stepsOnly() {
        TrainingState start = TrainingState.initial(dataset, options(20_000));
        FastCharRnn r = new FastCharRnn(start.parameters(), h.length - 1);
        double loss = 0;
        for (int j = 0; j < 20_000; j++) {
            int index = order[j % order.length];
            loss = r.optimize(inputs[index], targets[index], 0.01, 5.0);
        }
        return loss;
    }

    /** The output layer's product alone: (T, n_a)·(n_a, n_y) on trained states. */
    @Benchmark
    public double outputProduct() {
        int T = x().length;
        Kernels.gemm(T, rnn.nY, nA, h, 1, rnn.wyaT, 0, outRows, 0, false);
        advance();
        return outRows[0][0];
    }

    /** The T softmaxes (and loss) of the output layer alone, on logits copied in first (the copy included). */
    @Benchmark
    public double softmaxOnly() {
        int[] Y = y();
        int T = Y.length;
        double loss = 0;
        for (int t = 0; t < T; t++) {
            System.arraycopy(logits[t], 0, outRows[t], 0, rnn.nY);
            loss -= Kernels.softmaxOutput(rnn.nY, outRows[t], rnn.by, Y[t]);
        }
        advance();
        return loss;
    }

    /** The backward recurrence's products alone: T − 1 products Waa·d (independent here). */
    @Benchmark
    public double backwardProducts() {
        int T = x().length;
        for (int t = T - 1; t > 0; t--) {
            Kernels.vecMat(nA, nA, independentIn[t], rnn.waa, 0, h[t]);
        }
        advance();
        return h[1][0];
    }

    /**
     * What the loop does at a checkpoint (every 2,000 iterations in the assignment's settings): the
     * parameters copied out of the workspace and 7 names sampled from them. Divide by 2,000 for its
     * share of an iteration.
     */
    @Benchmark
    public int checkpoint() {
        rnn.copyParameters(checkpointParameters);
        int length = 0;
        for (int seed = 0; seed < 7; seed++) {
            length += org.rnnworkbench.lm.Sampler.sample(checkpointParameters, dataset.vocabulary(), seed).length;
        }
        return length;
    }

    /** T dependent n_a×n_a products and tanh: the forward recurrence without its input and bias. */
    @Benchmark
    public double chainMatVecTanh() {
        int T = x().length;
        for (int t = 0; t < T; t++) {
            Kernels.vecMat(nA, nA, h[t], waaT, 0, h[t + 1]);
            Kernels.tanh(nA, h[t + 1], 0);
        }
        advance();
        return h[T][0];
    }

    /** T dependent products without tanh. */
    @Benchmark
    public double chainMatVec() {
        int T = x().length;
        for (int t = 0; t < T; t++) {
            Kernels.vecMat(nA, nA, h[t], waaT, 0, h[t + 1]);
        }
        advance();
        return h[T][0];
    }

    /** T independent products (the same work, no dependence between them). */
    @Benchmark
    public double independentMatVec() {
        int T = x().length;
        for (int t = 0; t < T; t++) {
            Kernels.vecMat(nA, nA, independentIn[t], waaT, 0, h[t + 1]);
        }
        advance();
        return h[T][0];
    }

    /** T·n_a values of {@link FastMath#tanh} on pre-activations the recurrence meets. */
    @Benchmark
    public void tanhOnly(Blackhole bh) {
        int n = x().length * nA;
        for (int i = 0; i < n; i++) {
            out[i] = FastMath.tanh(pre[i]);
        }
        advance();
        bh.consume(out);
    }

    /** The same values through the kernels this JVM chose ({@link Kernels#tanh}, one call per step), after a copy. */
    @Benchmark
    public void tanhKernel(Blackhole bh) {
        int n = x().length * nA;
        System.arraycopy(pre, 0, out, 0, n);
        for (int o = 0; o < n; o += nA) {
            Kernels.tanh(nA, out, o);
        }
        advance();
        bh.consume(out);
    }

    /** The same with {@link Math#tanh}. */
    @Benchmark
    public void mathTanhOnly(Blackhole bh) {
        int n = x().length * nA;
        for (int i = 0; i < n; i++) {
            out[i] = Math.tanh(pre[i]);
        }
        advance();
        bh.consume(out);
    }

    /** Prototype: the chain of {@link #chainMatVecTanh} in float32 (products in 16-lane vectors; tanh still FastMath's, rounded). */
    @Benchmark
    public float chainMatVecTanhFloat() {
        int T = x().length;
        for (int t = 0; t < T; t++) {
            float[] z = hf[t + 1];
            vecMatFloat(nA, nA, hf[t], waaTf, z);
            for (int i = 0; i < nA; i++) {
                z[i] = (float) FastMath.tanh(z[i]);
            }
        }
        advance();
        return hf[T][0];
    }

    /** Prototype: the chain of {@link #chainMatVec} in float32. */
    @Benchmark
    public float chainMatVecFloat() {
        int T = x().length;
        for (int t = 0; t < T; t++) {
            vecMatFloat(nA, nA, hf[t], waaTf, hf[t + 1]);
        }
        advance();
        return hf[T][0];
    }

    /** y = xᵀ·B in float, the scalar kernels' axpy form: four rows of B per pass over y. */
    static void vecMatFloat(int n, int k, float[] x, float[][] b, float[] y) {
        float[] b0 = b[0];
        float[] b1 = b[1];
        float[] b2 = b[2];
        float[] b3 = b[3];
        float s0 = x[0];
        float s1 = x[1];
        float s2 = x[2];
        float s3 = x[3];
        for (int j = 0; j < n; j++) {
            y[j] = s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
        }
        int p = 4;
        for (; p + 3 < k; p += 4) {
            addRows4Float(n, x[p], x[p + 1], x[p + 2], x[p + 3], b[p], b[p + 1], b[p + 2], b[p + 3], y);
        }
        for (; p < k; p++) {
            float s = x[p];
            float[] bp = b[p];
            for (int j = 0; j < n; j++) {
                y[j] += s * bp[j];
            }
        }
    }

    static void addRows4Float(int n, float s0, float s1, float s2, float s3, float[] b0, float[] b1, float[] b2,
            float[] b3, float[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
        }
    }
}
