package org.rnnworkbench.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the JDK Vector API (incubator module {@code jdk.incubator.vector}), in the widest
 * vectors the machine has. Compiled separately with the module added and loaded only by name from
 * {@link Vectorization}, after it has found the module, so the rest of the library never links
 * against a vector type.
 *
 * <p>The products keep their accumulators in registers: {@code y = Σ_p x[p]·B[p,:]} runs over a
 * block of four vectors of {@code y} at a time and over every row {@code p} of {@code B} before
 * storing the block once, where the scalar kernels load and store {@code y} once per four rows of
 * {@code B}.
 */
final class PanamaKernelSupport implements KernelSupport {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Refuses vectors of fewer than four doubles (no gain over the scalar kernels there). */
    PanamaKernelSupport() {
        if (L < 4) {
            throw new UnsupportedOperationException("the preferred vector holds " + L + " doubles");
        }
    }

    /** Per-thread scratch for a column of A (the trainers of a sweep run in parallel on one instance). */
    private static final ThreadLocal<double[][]> COLUMN = ThreadLocal.withInitial(() -> new double[][] {new double[64]});

    @Override
    public void vecMat(int n, int k, double[] x, double[][] b, int br, double[] y) {
        product(n, k, x, b, br, y, false);
    }

    @Override
    public void gemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            product(n, k, a[ar + i], b, br, c[cr + i], accumulate);
        }
    }

    /** Row i of C is Σ_p A[p][i]·B[p,:]: column i of A is copied into a contiguous scratch first. */
    @Override
    public void gemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        double[][] holder = COLUMN.get();
        if (holder[0].length < k) {
            holder[0] = new double[Math.max(k, 2 * holder[0].length)];
        }
        double[] x = holder[0];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                x[p] = a[ar + p][i];
            }
            product(n, k, x, b, br, c[cr + i], accumulate);
        }
    }

    /**
     * y[0..n) (=, or += when {@code accumulate}) Σ_{p<k} x[p]·B[br+p][0..n): blocks of four vectors,
     * then one last pass over the one to four vectors left, the last of them ending at column n
     * (overlapping the one before it rather than leaving columns to scalar code, whose strided
     * loads down the rows of B cost as much as a whole block; only when accumulating into fewer
     * than one vector's columns are they left to scalar code). Every entry is the chain
     * {@code fma(x[p], B[p][j], ·)} over p in order, so a column computed twice gets the same bits
     * both times, and every store comes after the loads it depends on.
     *
     * <p>Every vector lives inside one of the {@code block} methods, none crosses a call: with the
     * two- and one-vector passes written out here, C2 compiled this method (once every case had run,
     * as after a JVM's other training) without intrinsifying their fused multiply–adds, and each
     * pass boxed its vectors (the stream trainer's loop allocated 43 KB per update; JFR's allocation
     * samples pointed at these lines). A block that C2 does not inline is compiled on its own, with
     * its vectors in registers.
     */
    private static void product(int n, int k, double[] x, double[][] b, int br, double[] y, boolean accumulate) {
        if (n < L) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? y[j] : 0.0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(x[p], b[br + p][j], sum);
                }
                y[j] = sum;
            }
            return;
        }
        int j = 0;
        for (; n - j > 4 * L; j += 4 * L) {
            block(k, x, b, br, y, accumulate, j, j + L, j + 2 * L, j + 3 * L);
        }
        int last = n - L;
        switch ((n - j + L - 1) / L) {
            case 4 -> block(k, x, b, br, y, accumulate, j, j + L, j + 2 * L, last);
            case 3 -> block3(k, x, b, br, y, accumulate, j, j + L, last);
            case 2 -> block2(k, x, b, br, y, accumulate, j, last);
            default -> {
                if (accumulate && last < j) {
                    // The window would reach back into columns already stored with their sums; adding
                    // to them again would count those rows twice.
                    for (int c = j; c < n; c++) {
                        double sum = y[c];
                        for (int p = 0; p < k; p++) {
                            sum = Math.fma(x[p], b[br + p][c], sum);
                        }
                        y[c] = sum;
                    }
                    return;
                }
                block1(k, x, b, br, y, accumulate, last);
            }
        }
    }

    /** Four vectors of y at columns o0..o3, accumulated over every row of B in one pass. */
    private static void block(int k, double[] x, double[][] b, int br, double[] y, boolean accumulate, int o0, int o1,
            int o2, int o3) {
        DoubleVector c0 = start(y, o0, accumulate);
        DoubleVector c1 = start(y, o1, accumulate);
        DoubleVector c2 = start(y, o2, accumulate);
        DoubleVector c3 = start(y, o3, accumulate);
        for (int p = 0; p < k; p++) {
            double[] row = b[br + p];
            DoubleVector s = DoubleVector.broadcast(S, x[p]);
            c0 = DoubleVector.fromArray(S, row, o0).fma(s, c0);
            c1 = DoubleVector.fromArray(S, row, o1).fma(s, c1);
            c2 = DoubleVector.fromArray(S, row, o2).fma(s, c2);
            c3 = DoubleVector.fromArray(S, row, o3).fma(s, c3);
        }
        c0.intoArray(y, o0);
        c1.intoArray(y, o1);
        c2.intoArray(y, o2);
        c3.intoArray(y, o3);
    }

    /** Three vectors of y at columns o0..o2. */
    private static void block3(int k, double[] x, double[][] b, int br, double[] y, boolean accumulate, int o0, int o1,
            int o2) {
        DoubleVector c0 = start(y, o0, accumulate);
        DoubleVector c1 = start(y, o1, accumulate);
        DoubleVector c2 = start(y, o2, accumulate);
        for (int p = 0; p < k; p++) {
            double[] row = b[br + p];
            DoubleVector s = DoubleVector.broadcast(S, x[p]);
            c0 = DoubleVector.fromArray(S, row, o0).fma(s, c0);
            c1 = DoubleVector.fromArray(S, row, o1).fma(s, c1);
            c2 = DoubleVector.fromArray(S, row, o2).fma(s, c2);
        }
        c0.intoArray(y, o0);
        c1.intoArray(y, o1);
        c2.intoArray(y, o2);
    }

    /** Two vectors of y at columns o0 and o1. */
    private static void block2(int k, double[] x, double[][] b, int br, double[] y, boolean accumulate, int o0, int o1) {
        DoubleVector c0 = start(y, o0, accumulate);
        DoubleVector c1 = start(y, o1, accumulate);
        for (int p = 0; p < k; p++) {
            double[] row = b[br + p];
            DoubleVector s = DoubleVector.broadcast(S, x[p]);
            c0 = DoubleVector.fromArray(S, row, o0).fma(s, c0);
            c1 = DoubleVector.fromArray(S, row, o1).fma(s, c1);
        }
        c0.intoArray(y, o0);
        c1.intoArray(y, o1);
    }

    /** One vector of y at column o0. */
    private static void block1(int k, double[] x, double[][] b, int br, double[] y, boolean accumulate, int o0) {
        DoubleVector c0 = start(y, o0, accumulate);
        for (int p = 0; p < k; p++) {
            c0 = DoubleVector.fromArray(S, b[br + p], o0).fma(DoubleVector.broadcast(S, x[p]), c0);
        }
        c0.intoArray(y, o0);
    }

    private static DoubleVector start(double[] y, int j, boolean accumulate) {
        return accumulate ? DoubleVector.fromArray(S, y, j) : DoubleVector.zero(S);
    }

    /**
     * Scalar, as in {@link ScalarKernelSupport}: the Vector API's {@code TANH} and {@code EXP} give other
     * last bits when the JIT has compiled them (to the JDK's vector math library) than before (the Java
     * fallback), so a run would depend on when the JIT stepped in, and a resumed run would not equal
     * an uninterrupted one bit for bit. Everything else here uses only correctly rounded operations
     * ({@code +}, {@code ×}, {@code /}, fused multiply–add, max), which give the same bits either way.
     */
    @Override
    public void tanh(int n, double[] v, int off) {
        for (int i = off; i < off + n; i++) {
            v[i] = FastMath.tanh(v[i]);
        }
    }

    /** Scalar, for the reason given at {@link #tanh}. */
    @Override
    public void sigmoid(int n, double[] v, int off) {
        for (int i = off; i < off + n; i++) {
            v[i] = 1.0 / (1.0 + Math.exp(-v[i]));
        }
    }

    /**
     * The bias and the maximum over vectors, the exponentials and their sum in scalar code (in index
     * order, so the sum does not depend on how a reduction over lanes is compiled), the division over
     * vectors.
     */
    @Override
    public double softmaxOutput(int n, double[] z, double[] by, int target) {
        int j = 0;
        DoubleVector mv = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        for (; j + L <= n; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, z, j).add(DoubleVector.fromArray(S, by, j));
            v.intoArray(z, j);
            mv = mv.max(v);
        }
        double max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
            z[j] += by[j];
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(z[i] - max);
            z[i] = e;
            sum += e;
        }
        j = 0;
        for (; j + L <= n; j += L) {
            DoubleVector.fromArray(S, z, j).div(sum).intoArray(z, j);
        }
        for (; j < n; j++) {
            z[j] /= sum;
        }
        double logP = Math.log(z[target]);
        z[target] -= 1;
        return logP;
    }

    /** The scalar kernel's eight running sums: a reduction over lanes could be compiled in another order from one run to the next. */
    @Override
    public double sumOfSquares(int n, double[] g) {
        return ClipUpdate.scalarSumOfSquares(n, g);
    }

    @Override
    public String describe() {
        return "Vector API, " + L + " doubles per vector (" + S.vectorBitSize() + " bits)";
    }
}
