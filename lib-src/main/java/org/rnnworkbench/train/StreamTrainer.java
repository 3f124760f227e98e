package org.rnnworkbench.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.CharStream;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Truncation;
import org.rnnworkbench.lm.TruncatedBptt;

/**
 * Truncated backpropagation through time on a character stream, as {@link TruncatedBptt} defines it:
 * consecutive sequences of L characters, each in windows of k, the hidden state carried throughout,
 * one backward pass and one clipped SGD update per window, its step size set by {@link StreamOptions#decay()}. Parameters start from
 * {@link CharRnn#initializeParameters} with {@link StreamOptions#initSeed()}, the state from zero, the
 * stream from its first step (read cyclically).
 *
 * <p>Each window is one {@link FastCharRnn#optimize} call on workspaces sized for k steps, with the
 * window's inputs and targets copied into two preallocated buffers (and two more for the shorter last
 * window when k does not divide L): the loop allocates nothing per update. It measures its own
 * allocation with the thread's allocation counter ({@link StreamResult#allocatedBytesPerUpdate()}) and
 * its time both on the clock and as the thread's CPU time.
 * Results equal the plain {@link TruncatedBptt#step} loop's to rounding.
 */
public final class StreamTrainer {
    private StreamTrainer() {}

    /**
     * Trains a character RNN on {@code stream}. Throws {@link IllegalStateException} naming the sequence and
     * window when a window's loss is not finite (the run diverged).
     */
    public static StreamResult train(CharStream stream, StreamOptions options) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(options, "options");
        Truncation tr = options.truncation();
        int n = stream.length();
        if (tr.maxWindowLength() > n) {
            throw new IllegalArgumentException("the window of " + tr + " is longer than the stream " + stream.source()
                    + " (" + n + " steps)");
        }
        int V = stream.vocabulary().size();
        RnnParameters initial = CharRnn.initializeParameters(options.nA(), V, V, options.initSeed());
        FastCharRnn rnn = new FastCharRnn(initial, tr.maxWindowLength());
        int[] inputs = stream.inputs();
        int[] targets = stream.targets();
        int L = tr.sequenceLength();
        int k = tr.k();
        int rest = L % k;
        int[] X = new int[k];
        int[] Y = new int[k];
        int[] XRest = new int[Math.max(rest, 1)];
        int[] YRest = new int[Math.max(rest, 1)];
        int sequences = options.sequences();
        int windows = tr.windowsPerSequence();
        double[] lossPerChar = new double[sequences];
        double[] smoothed = new double[sequences];
        double c = options.clipValue();
        LearningRateDecay schedule = options.decay();
        long updates = options.updates();
        long update = 0;
        double decay = Math.pow(StreamResult.SMOOTHING, L);
        double s = Math.log(V);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean counter = threads instanceof com.sun.management.ThreadMXBean m
                && m.isThreadAllocatedMemorySupported() && m.isThreadAllocatedMemoryEnabled() ? m : null;
        long thread = Thread.currentThread().getId();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        long bytesBefore = counter == null ? 0 : counter.getThreadAllocatedBytes(thread);
        long cpu0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        long position = 0;
        for (int q = 0; q < sequences; q++) {
            double sum = 0;
            for (int w = 0; w < windows; w++) {
                boolean last = w == windows - 1 && rest != 0;
                int[] x = last ? XRest : X;
                int[] y = last ? YRest : Y;
                CharStream.window(inputs, targets, position, x, y);
                double lr = schedule.rate(options.learningRate(), update++, updates);
                double loss = rnn.optimize(x, y, lr, c);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at sequence " + q + ", window " + w
                            + " (character " + position + "): the loss is " + loss + ". Lower the learning rate (now "
                            + lr + ")" + (c == Double.POSITIVE_INFINITY ? " or turn gradient clipping on"
                            : " or the clipping bound (now " + c + ")") + ".");
                }
                sum += loss;
                position += x.length;
            }
            lossPerChar[q] = sum / L;
            s = decay * s + (1 - decay) * lossPerChar[q];
            smoothed[q] = s;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 : Double.NaN;
        long allocated = counter == null ? -1 : counter.getThreadAllocatedBytes(thread) - bytesBefore;

        DMatrixRMaj aLast = new DMatrixRMaj(options.nA(), 1);
        rnn.hiddenState(aLast);
        return new StreamResult(options, stream.vocabulary(), rnn.parameters(), aLast, lossPerChar, smoothed, seconds,
                cpuSeconds, allocated);
    }
}
