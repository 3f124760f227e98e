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
 * {@code B}. Columns left over after the last whole vector are summed in scalar code.
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

    @Override
    public void vecMat(int n, int k, double[] x, double[][] b, int br, double[] y) {
        product(n, k, x, null, br, 0, b, br, y, false);
    }

    @Override
    public void gemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            product(n, k, a[ar + i], null, 0, 0, b, br, c[cr + i], accumulate);
        }
    }

    @Override
    public void gemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            product(n, k, null, a, ar, i, b, br, c[cr + i], accumulate);
        }
    }

    /**
     * y[0..n) (=, or += when {@code accumulate}) Σ_{p<k} s_p·B[br+p][0..n) with s_p = x[p], or, when
     * {@code x} is null, s_p = A[ar+p][col] (a column of A, for Aᵀ·B).
     */
    private static void product(int n, int k, double[] x, double[][] a, int ar, int col, double[][] b, int br,
            double[] y, boolean accumulate) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            DoubleVector c0;
            DoubleVector c1;
            DoubleVector c2;
            DoubleVector c3;
            if (accumulate) {
                c0 = DoubleVector.fromArray(S, y, j);
                c1 = DoubleVector.fromArray(S, y, j + L);
                c2 = DoubleVector.fromArray(S, y, j + 2 * L);
                c3 = DoubleVector.fromArray(S, y, j + 3 * L);
            } else {
                c0 = DoubleVector.zero(S);
                c1 = c0;
                c2 = c0;
                c3 = c0;
            }
            for (int p = 0; p < k; p++) {
                double[] row = b[br + p];
                DoubleVector s = DoubleVector.broadcast(S, x != null ? x[p] : a[ar + p][col]);
                c0 = DoubleVector.fromArray(S, row, j).fma(s, c0);
                c1 = DoubleVector.fromArray(S, row, j + L).fma(s, c1);
                c2 = DoubleVector.fromArray(S, row, j + 2 * L).fma(s, c2);
                c3 = DoubleVector.fromArray(S, row, j + 3 * L).fma(s, c3);
            }
            c0.intoArray(y, j);
            c1.intoArray(y, j + L);
            c2.intoArray(y, j + 2 * L);
            c3.intoArray(y, j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            DoubleVector c0 = accumulate ? DoubleVector.fromArray(S, y, j) : DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                DoubleVector s = DoubleVector.broadcast(S, x != null ? x[p] : a[ar + p][col]);
                c0 = DoubleVector.fromArray(S, b[br + p], j).fma(s, c0);
            }
            c0.intoArray(y, j);
        }
        for (; j < n; j++) {
            double sum = accumulate ? y[j] : 0.0;
            for (int p = 0; p < k; p++) {
                sum = Math.fma(x != null ? x[p] : a[ar + p][col], b[br + p][j], sum);
            }
            y[j] = sum;
        }
    }

    @Override
    public void tanh(int n, double[] v, int off) {
        int i = off;
        int end = off + n;
        for (; i + L <= end; i += L) {
            DoubleVector.fromArray(S, v, i).lanewise(VectorOperators.TANH).intoArray(v, i);
        }
        for (; i < end; i++) {
            v[i] = FastMath.tanh(v[i]);
        }
    }

    @Override
    public void sigmoid(int n, double[] v, int off) {
        int i = off;
        int end = off + n;
        for (; i + L <= end; i += L) {
            DoubleVector e = DoubleVector.fromArray(S, v, i).neg().lanewise(VectorOperators.EXP);
            DoubleVector.broadcast(S, 1.0).div(e.add(1.0)).intoArray(v, i);
        }
        for (; i < end; i++) {
            v[i] = 1.0 / (1.0 + Math.exp(-v[i]));
        }
    }

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
        DoubleVector sv = DoubleVector.zero(S);
        j = 0;
        for (; j + L <= n; j += L) {
            DoubleVector e = DoubleVector.fromArray(S, z, j).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(z, j);
            sv = sv.add(e);
        }
        double sum = sv.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            double e = Math.exp(z[j] - max);
            z[j] = e;
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

    @Override
    public double sumOfSquares(int n, double[] g) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            DoubleVector v0 = DoubleVector.fromArray(S, g, j);
            DoubleVector v1 = DoubleVector.fromArray(S, g, j + L);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
        }
        for (; j + L <= n; j += L) {
            DoubleVector v0 = DoubleVector.fromArray(S, g, j);
            s0 = v0.fma(v0, s0);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s = Math.fma(g[j], g[j], s);
        }
        return s;
    }

    @Override
    public String describe() {
        return "Vector API, " + L + " doubles per vector (" + S.vectorBitSize() + " bits)";
    }
}
