package org.rnnworkbench.train;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnnworkbench.TestRandom;

/**
 * The choices made in {@link Kernels} and {@link FastMath}, measured on the shapes of one
 * language-model iteration (T = 9 steps): EJML's products, the same loops on flat arrays
 * ({@code DMatrixRMaj.data}), and the hand kernels on arrays of rows.
 *
 * <pre>mvn -P jmh -DskipTests test-compile exec:exec@jmh -Djmh.args="KernelBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KernelBenchmark {
    @Param({"50", "65", "100", "256", "512"})
    int nA;

    static final int T = 9;

    DMatrixRMaj W;
    DMatrixRMaj WT;
    DMatrixRMaj x;
    DMatrixRMaj y;
    DMatrixRMaj drawS;
    DMatrixRMaj aS;
    DMatrixRMaj dW;
    DMatrixRMaj[] drawCols;
    DMatrixRMaj[] aCols;
    double[][] wRows;
    double[][] wtRows;
    double[][] drawRows;
    double[][] aRows;
    double[][] dwRows;
    double[] preactivations;
    double[] activations;

    @Setup(Level.Trial)
    public void setUp() {
        TestRandom rng = new TestRandom(3);
        W = rng.matrix(nA, nA);
        WT = CommonOps_DDRM.transpose(W, null);
        x = rng.matrix(nA, 1);
        y = new DMatrixRMaj(nA, 1);
        drawS = rng.matrix(T, nA);
        aS = rng.matrix(T, nA);
        dW = new DMatrixRMaj(nA, nA);
        drawCols = new DMatrixRMaj[T];
        aCols = new DMatrixRMaj[T];
        for (int t = 0; t < T; t++) {
            drawCols[t] = CommonOps_DDRM.extractRow(drawS, t, null);
            drawCols[t].reshape(nA, 1);
            aCols[t] = CommonOps_DDRM.extractRow(aS, t, null);
            aCols[t].reshape(nA, 1);
        }
        wRows = rows(W);
        wtRows = rows(WT);
        drawRows = rows(drawS);
        aRows = rows(aS);
        dwRows = new double[nA][nA];
        preactivations = new double[nA * T];
        activations = new double[nA * T];
        for (int i = 0; i < preactivations.length; i++) {
            preactivations[i] = 1.5 * rng.next();
        }
    }

    private static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, r[i], 0, m.numCols);
        }
        return r;
    }

    /** y = W·x with EJML (row-major dot products). */
    @Benchmark
    public void matVecEjml(Blackhole bh) {
        CommonOps_DDRM.mult(W, x, y);
        bh.consume(y.data);
    }

    /** y = W·x on the flat array: dot products, four rows at a time. */
    @Benchmark
    public void matVecFlatDot(Blackhole bh) {
        double[] w = W.data;
        double[] xv = x.data;
        int i = 0;
        for (; i + 3 < nA; i += 4) {
            int r0 = i * nA;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int p = 0; p < nA; p++) {
                double xp = xv[p];
                s0 += w[r0 + p] * xp;
                s1 += w[r0 + nA + p] * xp;
                s2 += w[r0 + 2 * nA + p] * xp;
                s3 += w[r0 + 3 * nA + p] * xp;
            }
            y.data[i] = s0;
            y.data[i + 1] = s1;
            y.data[i + 2] = s2;
            y.data[i + 3] = s3;
        }
        for (; i < nA; i++) {
            double s = 0;
            for (int p = 0; p < nA; p++) {
                s += w[i * nA + p] * xv[p];
            }
            y.data[i] = s;
        }
        bh.consume(y.data);
    }

    /** y = W·x on the flat transposed array in axpy form: rows of Wᵀ at offsets p·n_a. */
    @Benchmark
    public void matVecFlatAxpy(Blackhole bh) {
        double[] wt = WT.data;
        double[] xv = x.data;
        double[] out = y.data;
        java.util.Arrays.fill(out, 0.0);
        int p = 0;
        for (; p + 3 < nA; p += 4) {
            double a0 = xv[p];
            double a1 = xv[p + 1];
            double a2 = xv[p + 2];
            double a3 = xv[p + 3];
            int b0 = p * nA;
            int b1 = b0 + nA;
            int b2 = b1 + nA;
            int b3 = b2 + nA;
            for (int j = 0; j < nA; j++) {
                out[j] += a0 * wt[b0 + j] + a1 * wt[b1 + j] + a2 * wt[b2 + j] + a3 * wt[b3 + j];
            }
        }
        for (; p < nA; p++) {
            double a0 = xv[p];
            int b0 = p * nA;
            for (int j = 0; j < nA; j++) {
                out[j] += a0 * wt[b0 + j];
            }
        }
        bh.consume(out);
    }

    /** y = W·x with {@link Kernels#vecMat} on the rows of Wᵀ (what the trainer runs). */
    @Benchmark
    public void matVecRows(Blackhole bh) {
        Kernels.vecMat(nA, nA, x.data, wtRows, 0, y.data);
        bh.consume(y.data);
    }

    /** Keeping the transposed copy: EJML's blocked transposition. */
    @Benchmark
    public void transposeEjml(Blackhole bh) {
        CommonOps_DDRM.transpose(W, WT);
        bh.consume(WT.data);
    }

    /** Keeping the transposed copy: {@link Kernels#transpose} on rows. */
    @Benchmark
    public void transposeRows(Blackhole bh) {
        Kernels.transpose(nA, nA, wRows, wtRows);
        bh.consume(wtRows);
    }

    /** dW = Σ_t draw⟨t⟩·a⟨t⟩ᵀ, one EJML outer product per step, as the plain backward pass does. */
    @Benchmark
    public void outerEjmlPerStep(Blackhole bh) {
        dW.zero();
        for (int t = 0; t < T; t++) {
            CommonOps_DDRM.multAddTransB(drawCols[t], aCols[t], dW);
        }
        bh.consume(dW.data);
    }

    /** dW = drawSᵀ·aS with EJML, the time steps stacked as rows. */
    @Benchmark
    public void outerEjmlStacked(Blackhole bh) {
        CommonOps_DDRM.multTransA(drawS, aS, dW);
        bh.consume(dW.data);
    }

    /** dW = drawSᵀ·aS with {@link Kernels#gemmTransA} on rows (what the trainer runs). */
    @Benchmark
    public void outerRowsStacked(Blackhole bh) {
        Kernels.gemmTransA(nA, nA, T, drawRows, 0, aRows, 0, dwRows, 0, false);
        bh.consume(dwRows);
    }

    /** tanh of the pre-activations of one example (n_a × T values) with Math.tanh. */
    @Benchmark
    public void tanhMath(Blackhole bh) {
        for (int i = 0; i < preactivations.length; i++) {
            activations[i] = Math.tanh(preactivations[i]);
        }
        bh.consume(activations);
    }

    /** The same with {@link FastMath#tanh}. */
    @Benchmark
    public void tanhFast(Blackhole bh) {
        for (int i = 0; i < preactivations.length; i++) {
            activations[i] = FastMath.tanh(preactivations[i]);
        }
        bh.consume(activations);
    }
}
