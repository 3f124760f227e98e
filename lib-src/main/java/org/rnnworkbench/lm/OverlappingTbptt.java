package org.rnnworkbench.lm;

import java.util.Arrays;
import java.util.Objects;
import org.rnnworkbench.cells.RnnParameters;

/**
 * Truncated BPTT with overlapping windows, TBPTT(k1, k2) in the sense of Williams and Peng (1990) and
 * Sutskever (2013): the stream is read continuously with the state carried; every k1 steps the model is
 * updated once, from the loss of the last k1 targets, backpropagated through the last k2 ≥ k1 steps.
 * So every target's gradient reaches at least k2 − k1 + 1 steps back, where non-overlapping windows of
 * k steps ({@link TruncatedBptt}) give the first target of a window no reach at all. TBPTT(k, k) is the
 * non-overlapping scheme.
 *
 * <p>Each update recomputes the forward pass over its k2-step window with the current parameters,
 * starting from the state that entered the window as the previous update computed it (a constant for
 * the gradient, as in every truncation); the first windows start at step 0 from a zero state. Then
 * element-wise clipping to [−c, c] and an SGD step. Plain loops on the parameter arrays; it allocates
 * its buffers once per run.
 */
public final class OverlappingTbptt {
    private OverlappingTbptt() {}

    /**
     * What a run gave.
     *
     * @param parameters the trained parameters
     * @param lossPerCharacter the mean loss of the targets of each block of {@code reportEvery} updates,
     *     computed before each update (each target counted once)
     * @param updates the number of updates made
     */
    public record Result(RnnParameters parameters, double[] lossPerCharacter, long updates) {}

    /**
     * Trains a character RNN of {@code nA} units (initialised as the assignment's with {@code seed}) on
     * {@code stream} for {@code updates} updates of TBPTT(k1, k2), reading the stream cyclically.
     */
    public static Result train(CharStream stream, int nA, int k1, int k2, long updates, double learningRate,
            double clipValue, long seed, int reportEvery) {
        Objects.requireNonNull(stream, "stream");
        if (k1 < 1 || k2 < k1) {
            throw new IllegalArgumentException("k1 and k2 must satisfy 1 <= k1 <= k2 but were " + k1 + " and " + k2);
        }
        if (updates < 1 || reportEvery < 1) {
            throw new IllegalArgumentException("updates and reportEvery must be positive but were " + updates + " and "
                    + reportEvery);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number but was " + learningRate);
        }
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipValue must be positive (+Infinity: no clipping) but was " + clipValue);
        }
        int V = stream.vocabulary().size();
        RnnParameters p = CharRnn.initializeParameters(nA, V, V, seed);
        Run run = new Run(p, k2);
        int[] X = stream.inputs();
        int[] Y = stream.targets();
        int n = X.length;
        double[] report = new double[(int) ((updates + reportEvery - 1) / reportEvery)];
        double block = 0;
        long blockTargets = 0;
        double[] aIn = new double[nA];
        long t = 0;
        boolean zeroIn = true;
        for (long u = 0; u < updates; u++) {
            t += k1;
            long start = Math.max(0, t - k2);
            int len = (int) (t - start);
            if (zeroIn) {
                Arrays.fill(aIn, 0);
            }
            double loss = run.step(X, Y, n, start, len, k1, aIn, learningRate, clipValue);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at update " + u + ": the loss is " + loss);
            }
            block += loss;
            blockTargets += Math.min(k1, len);
            // The next window starts k1 steps later; its incoming state is this window's state at that offset.
            long nextStart = Math.max(0, t + k1 - k2);
            zeroIn = nextStart == 0;
            if (!zeroIn) {
                System.arraycopy(run.a[(int) (nextStart - start)], 0, aIn, 0, nA);
            }
            if ((u + 1) % reportEvery == 0 || u == updates - 1) {
                report[(int) (u / reportEvery)] = block / blockTargets;
                block = 0;
                blockTargets = 0;
            }
        }
        return new Result(p, report, updates);
    }

    /** The parameters as arrays and the window's buffers: a[0] is the incoming state, a[s + 1] the state after step s. */
    private static final class Run {
        final RnnParameters p;
        final int nA;
        final int V;
        final double[][] a;
        final double[][] yHat;
        final double[] dWaa;
        final double[] dWax;
        final double[] dWya;
        final double[] db;
        final double[] dby;
        final double[] da;
        final double[] daNext;
        final double[] draw;

        Run(RnnParameters p, int k2) {
            this.p = p;
            nA = p.nA();
            V = p.nY();
            a = new double[k2 + 1][nA];
            yHat = new double[k2][V];
            dWaa = new double[nA * nA];
            dWax = new double[nA * V];
            dWya = new double[V * nA];
            db = new double[nA];
            dby = new double[V];
            da = new double[nA];
            daNext = new double[nA];
            draw = new double[nA];
        }

        /** Forward over steps [start, start + len) from aIn, loss on the last k1 targets, backward, clip, update. */
        double step(int[] X, int[] Y, int n, long start, int len, int k1, double[] aIn, double lr, double c) {
            double[] Waa = p.Waa().data;
            double[] Wax = p.Wax().data;
            double[] Wya = p.Wya().data;
            double[] b = p.ba().data;
            double[] by = p.by().data;
            System.arraycopy(aIn, 0, a[0], 0, nA);
            int firstLoss = Math.max(0, len - k1);
            double loss = 0;
            for (int s = 0; s < len; s++) {
                int x = X[(int) ((start + s) % n)];
                double[] prev = a[s];
                double[] next = a[s + 1];
                for (int i = 0; i < nA; i++) {
                    double sum = Wax[i * V + x] + b[i];
                    for (int j = 0; j < nA; j++) {
                        sum += Waa[i * nA + j] * prev[j];
                    }
                    next[i] = Math.tanh(sum);
                }
                if (s >= firstLoss) {
                    double[] z = yHat[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < V; v++) {
                        double sum = by[v];
                        for (int j = 0; j < nA; j++) {
                            sum += Wya[v * nA + j] * next[j];
                        }
                        z[v] = sum;
                        max = Math.max(max, sum);
                    }
                    double total = 0;
                    for (int v = 0; v < V; v++) {
                        total += Math.exp(z[v] - max);
                    }
                    int y = Y[(int) ((start + s) % n)];
                    loss -= z[y] - max - Math.log(total);
                    for (int v = 0; v < V; v++) {
                        z[v] = Math.exp(z[v] - max) / total;
                    }
                }
            }
            Arrays.fill(dWaa, 0);
            Arrays.fill(dWax, 0);
            Arrays.fill(dWya, 0);
            Arrays.fill(db, 0);
            Arrays.fill(dby, 0);
            Arrays.fill(daNext, 0);
            for (int s = len - 1; s >= 0; s--) {
                double[] at = a[s + 1];
                System.arraycopy(daNext, 0, da, 0, nA);
                if (s >= firstLoss) {
                    double[] dy = yHat[s];
                    dy[Y[(int) ((start + s) % n)]] -= 1;
                    for (int v = 0; v < V; v++) {
                        dby[v] += dy[v];
                        for (int j = 0; j < nA; j++) {
                            dWya[v * nA + j] += dy[v] * at[j];
                            da[j] += Wya[v * nA + j] * dy[v];
                        }
                    }
                }
                int x = X[(int) ((start + s) % n)];
                double[] prev = a[s];
                for (int i = 0; i < nA; i++) {
                    draw[i] = (1 - at[i] * at[i]) * da[i];
                    db[i] += draw[i];
                    dWax[i * V + x] += draw[i];
                    for (int j = 0; j < nA; j++) {
                        dWaa[i * nA + j] += draw[i] * prev[j];
                    }
                }
                for (int j = 0; j < nA; j++) {
                    double sum = 0;
                    for (int i = 0; i < nA; i++) {
                        sum += Waa[i * nA + j] * draw[i];
                    }
                    daNext[j] = sum;
                }
            }
            update(Waa, dWaa, lr, c);
            update(Wax, dWax, lr, c);
            update(Wya, dWya, lr, c);
            update(b, db, lr, c);
            update(by, dby, lr, c);
            return loss;
        }

        private static void update(double[] w, double[] g, double lr, double c) {
            for (int i = 0; i < w.length; i++) {
                double v = g[i] > c ? c : (g[i] < -c ? -c : g[i]);
                w[i] -= lr * v;
            }
        }
    }
}
