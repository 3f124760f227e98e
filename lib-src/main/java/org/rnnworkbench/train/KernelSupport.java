package org.rnnworkbench.train;

/**
 * The hot kernels of the fast trainers, behind one interface so that an implementation with the
 * JDK's Vector API can replace the scalar one at run time ({@link Vectorization}). Only arrays and
 * numbers cross it: no signature names a vector type, so code that compiles against the library
 * (notebooks, JShell) never needs the incubator module. Matrices are arrays of rows, as in
 * {@link Kernels}; outputs are written only in the ranges named. Implementations take sums in their
 * own order and agree to rounding.
 */
interface KernelSupport {
    /** y[0..n) = Σ_{p<k} x[p]·B[br+p][0..n) for k ≥ 1: a matrix–vector product in axpy form; {@code y} overwritten. */
    void vecMat(int n, int k, double[] x, double[][] b, int br, double[] y);

    /** C (m, n) = A (m, k) · B (k, n) ({@code +=} when {@code accumulate}), on rows {@code ar.., br.., cr..}. */
    void gemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr, boolean accumulate);

    /** C (m, n) = Aᵀ · B ({@code +=} when {@code accumulate}) for A (k, m) and B (k, n). */
    void gemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate);

    /** v[off..off+n) = tanh(v[off..off+n)), in place. */
    void tanh(int n, double[] v, int off);

    /** v[off..off+n) = 1/(1 + exp(−v)), in place. */
    void sigmoid(int n, double[] v, int off);

    /**
     * z (n) {@code += by}, then {@code ŷ = softmax(z)} shifted by its largest entry, then
     * {@code dy = ŷ − onehot(target)}, all in {@code z}; returns {@code log ŷ[target]}.
     */
    double softmaxOutput(int n, double[] z, double[] by, int target);

    /** Σ g[j]² over j < n. */
    double sumOfSquares(int n, double[] g);

    /** A short description: which implementation, and its vector width. */
    String describe();
}
