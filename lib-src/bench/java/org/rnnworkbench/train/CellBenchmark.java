package org.rnnworkbench.train;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnCache;
import org.rnnworkbench.cells.RnnCellResult;
import org.rnnworkbench.cells.RnnParameters;

/**
 * One RNN cell step, forward ({@code aNext = tanh(Waa·aPrev + Wax·x + b)}, {@code ŷ = softmax(Wya·aNext + by)})
 * and backward ({@code draw = (1 − aNext²)·da}, {@code dWaa += draw·aPrevᵀ}, {@code dWax += draw·xᵀ},
 * {@code db += Σ draw}, {@code daPrev = Waaᵀ·draw}), for one-hot inputs over a vocabulary of 27:
 * the plain cell of {@link Rnn} (EJML, allocating) against the same step on the fast trainers'
 * kernels and layouts ({@link FastCharRnn} for m = 1: vectors and transposed weights;
 * {@link BatchedCharRnn} for m = 32: (n, m) matrices as rows). There is no GRU language model yet,
 * so no GRU row.
 *
 * <pre>mvn -P jmh -DskipTests test-compile exec:exec@jmh -Djmh.args="CellBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CellBenchmark {
    @Param({"50", "100", "256", "512"})
    int nA;

    @Param({"1", "32"})
    int m;

    static final int V = 27;

    RnnParameters p;
    DMatrixRMaj xt;
    DMatrixRMaj aPrev;
    DMatrixRMaj daNext;
    RnnCache cache;
    int[] inputs;

    // Fast layouts: weights as rows (and transposed), states as (n_a, m) rows, gradients as rows.
    double[][] waa;
    double[][] waaT;
    double[][] waxT;
    double[][] wya;
    double[][] wyaT;
    double[] b;
    double[] by;
    double[][] aPrevRows;
    double[][] aPrevT;
    double[][] aNextRows;
    double[][] yRows;
    double[][] daRows;
    double[][] daPrevRows;
    double[][] drawRows;
    double[] aPrevVector;
    double[] aNextVector;
    double[] yVector;
    double[] yColumn;
    double[] daVector;
    double[] drawVector;
    double[] daPrevVector;
    double[][] dWaa;
    double[][] dWaxT;
    double[] db;

    @Setup(Level.Trial)
    public void setUp() {
        TestRandom rng = new TestRandom(9, 0.3);
        p = rng.rnn(V, nA, V);
        xt = new DMatrixRMaj(V, m);
        inputs = new int[m];
        for (int c = 0; c < m; c++) {
            inputs[c] = (7 * c + 3) % V;
            xt.set(inputs[c], c, 1.0);
        }
        aPrev = rng.matrix(nA, m);
        daNext = rng.matrix(nA, m);
        cache = Rnn.rnnCellForward(xt, aPrev, p).cache();

        waa = rows(p.Waa());
        waaT = rows(org.ejml.dense.row.CommonOps_DDRM.transpose(p.Waa(), null));
        waxT = rows(org.ejml.dense.row.CommonOps_DDRM.transpose(p.Wax(), null));
        wya = rows(p.Wya());
        wyaT = rows(org.ejml.dense.row.CommonOps_DDRM.transpose(p.Wya(), null));
        b = p.ba().data.clone();
        by = p.by().data.clone();
        aPrevRows = rows(aPrev);
        aPrevT = rows(org.ejml.dense.row.CommonOps_DDRM.transpose(aPrev, null));
        aNextRows = new double[nA][m];
        Kernels.gemm(nA, m, nA, waa, 0, aPrevRows, 0, aNextRows, 0, false);
        for (int i = 0; i < nA; i++) {
            for (int c = 0; c < m; c++) {
                aNextRows[i][c] = FastMath.tanh(aNextRows[i][c] + waxT[inputs[c]][i] + b[i]);
            }
        }
        yRows = new double[V][m];
        daRows = rows(daNext);
        daPrevRows = new double[nA][m];
        drawRows = new double[nA][m];
        aPrevVector = aPrev.data.clone();
        aNextVector = new double[nA];
        for (int i = 0; i < nA; i++) {
            aNextVector[i] = aNextRows[i][0];
        }
        yVector = new double[V];
        yColumn = new double[V];
        daVector = daNext.data.clone();
        drawVector = new double[nA];
        daPrevVector = new double[nA];
        dWaa = new double[nA][nA];
        dWaxT = new double[V][nA];
        db = new double[nA];
    }

    private static double[][] rows(DMatrixRMaj x) {
        double[][] r = new double[x.numRows][x.numCols];
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * x.numCols, r[i], 0, x.numCols);
        }
        return r;
    }

    @Benchmark
    public RnnCellResult forwardPlain() {
        return Rnn.rnnCellForward(xt, aPrev, p);
    }

    @Benchmark
    public void forwardFast(Blackhole bh) {
        if (m == 1) {
            // As FastCharRnn: vectors, the product in axpy form over the rows of Waaᵀ and Wyaᵀ.
            int x = inputs[0];
            Kernels.vecMat(nA, nA, aPrevVector, waaT, 0, aNextVector);
            double[] wx = waxT[x];
            for (int i = 0; i < nA; i++) {
                aNextVector[i] = FastMath.tanh((wx[i] + aNextVector[i]) + b[i]);
            }
            Kernels.vecMat(V, nA, aNextVector, wyaT, 0, yVector);
            softmax(yVector);
            bh.consume(yVector);
            return;
        }
        // As BatchedCharRnn: (n, m) matrices as rows.
        Kernels.gemm(nA, m, nA, waa, 0, aPrevRows, 0, aNextRows, 0, false);
        for (int c = 0; c < m; c++) {
            double[] wx = waxT[inputs[c]];
            for (int i = 0; i < nA; i++) {
                aNextRows[i][c] = FastMath.tanh((wx[i] + aNextRows[i][c]) + b[i]);
            }
        }
        Kernels.gemm(V, m, nA, wya, 0, aNextRows, 0, yRows, 0, false);
        for (int c = 0; c < m; c++) {
            for (int k = 0; k < V; k++) {
                yColumn[k] = yRows[k][c];
            }
            softmax(yColumn);
            for (int k = 0; k < V; k++) {
                yRows[k][c] = yColumn[k];
            }
        }
        bh.consume(yRows);
    }

    private void softmax(double[] y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            y[k] += by[k];
            max = Math.max(max, y[k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            double e = Math.exp(y[k] - max);
            y[k] = e;
            sum += e;
        }
        for (int k = 0; k < V; k++) {
            y[k] /= sum;
        }
    }

    @Benchmark
    public Object backwardPlain() {
        return Rnn.rnnCellBackward(daNext, cache);
    }

    @Benchmark
    public void backwardFast(Blackhole bh) {
        if (m == 1) {
            // draw = (1 − a²)·da; dWaa += draw·aPrevᵀ row by row; daPrev = Waaᵀ·draw over the rows of Waa.
            for (int i = 0; i < nA; i++) {
                double ai = aNextVector[i];
                drawVector[i] = (1 - ai * ai) * daVector[i];
                db[i] += drawVector[i];
                Kernels.addRow(nA, drawVector[i], aPrevVector, dWaa[i]);
            }
            Kernels.addRow(nA, 1.0, drawVector, dWaxT[inputs[0]]);
            Kernels.vecMat(nA, nA, drawVector, waa, 0, daPrevVector);
            bh.consume(daPrevVector);
            bh.consume(dWaa);
            return;
        }
        for (int i = 0; i < nA; i++) {
            double[] ai = aNextRows[i];
            double[] di = daRows[i];
            double[] ri = drawRows[i];
            for (int c = 0; c < m; c++) {
                ri[c] = (1 - ai[c] * ai[c]) * di[c];
            }
            double s = 0;
            for (int c = 0; c < m; c++) {
                s += ri[c];
            }
            db[i] += s;
        }
        Kernels.gemm(nA, nA, m, drawRows, 0, aPrevT, 0, dWaa, 0, true);
        for (int c = 0; c < m; c++) {
            double[] row = dWaxT[inputs[c]];
            for (int i = 0; i < nA; i++) {
                row[i] += drawRows[i][c];
            }
        }
        Kernels.gemm(nA, m, nA, waaT, 0, drawRows, 0, daPrevRows, 0, false);
        bh.consume(daPrevRows);
        bh.consume(dWaa);
    }
}
