package org.rnnworkbench.train;

/**
 * The hot loops of the fast trainers. Matrices are arrays of rows ({@code double[rows][cols]});
 * a kernel works on {@code m} consecutive rows starting at a given row, so a block of a larger
 * workspace is used without copying.
 *
 * <p>Why rows and not {@code DMatrixRMaj.data}: every product is written in "axpy" form,
 * {@code C[i,:] += A[i,p]·B[p,:]}, whose innermost loop runs along a row of {@code B} and a row of
 * {@code C}; JDK 17's C2 compiles that loop to AVX vector code well only when every array in it is
 * indexed by the loop variable itself. In one flat array the rows sit at different offsets
 * ({@code b[p·ldb + j]}), and the same loop ran 2 to 3 times slower (see {@code KernelBenchmark}).
 * A dot-product form ({@code Σ_p A[i,p]·B[j,p]}) is a floating-point reduction, which C2 keeps
 * scalar; where the mathematics asks for one, the caller keeps a transposed copy instead.
 *
 * <p>Each pass over a row of {@code C} adds up to four rows of {@code B} ({@code addRows4}): C2
 * vectorises a loop over five arrays well, not one over seven or nine, and four multiply–adds per
 * load and store of {@code C} pay for the pass. Sums are therefore taken in another order than
 * EJML's or NumPy's, and results agree to rounding, not bit for bit. No argument checks: the
 * callers own the workspaces and check shapes once, outside the hot loop.
 */
final class Kernels {
    private Kernels() {}

    /** The kernels in use: vectorised with the Vector API when its module is present, else the scalar ones below. */
    private static final KernelSupport K = Vectorization.kernels();

    /** C (m, n) = A (m, k) · B (k, n), or {@code +=} when {@code accumulate} (see {@link #scalarGemm}). */
    static void gemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        K.gemm(m, n, k, a, ar, b, br, c, cr, accumulate);
    }

    /** C (m, n) = Aᵀ · B (or {@code +=}) for A (k, m) and B (k, n) (see {@link #scalarGemmTransA}). */
    static void gemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        K.gemmTransA(m, n, k, a, ar, b, br, c, cr, accumulate);
    }

    /** y (n) = xᵀ·B = Σ_p x[p]·B[br+p,:] for B (k, n), k ≥ 1. {@code y}: overwritten. */
    static void vecMat(int n, int k, double[] x, double[][] b, int br, double[] y) {
        K.vecMat(n, k, x, b, br, y);
    }

    /** The output of one time step (see {@link #scalarSoftmaxOutput}); returns {@code log ŷ[target]}. */
    static double softmaxOutput(int n, double[] z, double[] by, int target) {
        return K.softmaxOutput(n, z, by, target);
    }

    /** v[off..off+n) = tanh(v), in place. */
    static void tanh(int n, double[] v, int off) {
        K.tanh(n, v, off);
    }

    /** v[off..off+n) = σ(v) = 1/(1 + exp(−v)), in place. */
    static void sigmoid(int n, double[] v, int off) {
        K.sigmoid(n, v, off);
    }

    /** Σ g[j]² over j < n. */
    static double sumOfSquares(int n, double[] g) {
        return K.sumOfSquares(n, g);
    }

    /** Rows of {@code B} handled per pass over {@code C} before moving on, so that they stay in L1. */
    static final int K_BLOCK = 64;

    /**
     * C (m, n) = A (m, k) · B (k, n), or {@code +=} when {@code accumulate}: rows {@code ar..ar+m} of
     * {@code a}, {@code br..br+k} of {@code b}, {@code cr..cr+m} of {@code c} (modified).
     */
    static void scalarGemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                zero(m, n, c, cr);
            }
            return;
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            boolean add = accumulate || p0 > 0;
            for (int i = 0; i < m; i++) {
                double[] ai = a[ar + i];
                double[] ci = c[cr + i];
                int p = p0;
                if (!add) {
                    int q = Math.min(4, p1 - p);
                    setRows(n, q, ai[p], q > 1 ? ai[p + 1] : 0, q > 2 ? ai[p + 2] : 0, q > 3 ? ai[p + 3] : 0,
                            b[br + p], b[br + p + q - 1], b, br + p, ci);
                    p += q;
                }
                for (; p + 3 < p1; p += 4) {
                    addRows4(n, ai[p], ai[p + 1], ai[p + 2], ai[p + 3], b[br + p], b[br + p + 1], b[br + p + 2],
                            b[br + p + 3], ci);
                }
                addRemainder(n, p1 - p, ai, p, b, br + p, ci);
            }
        }
    }

    /**
     * C (m, n) = Aᵀ · B (or {@code +=}) for A (k, m) and B (k, n): the sum over p of the outer
     * products {@code A[p,:]ᵀ·B[p,:]}, as in {@code dW = Σ_t dz⟨t⟩·a⟨t⟩ᵀ} with the time steps as rows.
     */
    static void scalarGemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                zero(m, n, c, cr);
            }
            return;
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            boolean add = accumulate || p0 > 0;
            for (int i = 0; i < m; i++) {
                double[] ci = c[cr + i];
                int p = p0;
                if (!add) {
                    int q = Math.min(4, p1 - p);
                    setRows(n, q, a[ar + p][i], q > 1 ? a[ar + p + 1][i] : 0, q > 2 ? a[ar + p + 2][i] : 0,
                            q > 3 ? a[ar + p + 3][i] : 0, b[br + p], b[br + p + q - 1], b, br + p, ci);
                    p += q;
                }
                for (; p + 3 < p1; p += 4) {
                    addRows4(n, a[ar + p][i], a[ar + p + 1][i], a[ar + p + 2][i], a[ar + p + 3][i], b[br + p],
                            b[br + p + 1], b[br + p + 2], b[br + p + 3], ci);
                }
                int r = p1 - p;
                if (r == 1) {
                    addRow(n, a[ar + p][i], b[br + p], ci);
                } else if (r == 2) {
                    addRows2(n, a[ar + p][i], a[ar + p + 1][i], b[br + p], b[br + p + 1], ci);
                } else if (r == 3) {
                    addRows3(n, a[ar + p][i], a[ar + p + 1][i], a[ar + p + 2][i], b[br + p], b[br + p + 1],
                            b[br + p + 2], ci);
                }
            }
        }
    }

    /** y (n) = xᵀ·B = Σ_p x[p]·B[br+p,:] for B (k, n), k ≥ 1: a matrix–vector product in axpy form. {@code y}: overwritten. */
    static void scalarVecMat(int n, int k, double[] x, double[][] b, int br, double[] y) {
        int q = Math.min(4, k);
        setRows(n, q, x[0], q > 1 ? x[1] : 0, q > 2 ? x[2] : 0, q > 3 ? x[3] : 0, b[br], b[br + q - 1], b, br, y);
        int p = q;
        for (; p + 3 < k; p += 4) {
            addRows4(n, x[p], x[p + 1], x[p + 2], x[p + 3], b[br + p], b[br + p + 1], b[br + p + 2], b[br + p + 3], y);
        }
        addRemainder(n, k - p, x, p, b, br + p, y);
    }

    /** c += Σ_{q<r} x[p+q]·B[br+q,:] for r < 4. */
    private static void addRemainder(int n, int r, double[] x, int p, double[][] b, int br, double[] c) {
        if (r == 1) {
            addRow(n, x[p], b[br], c);
        } else if (r == 2) {
            addRows2(n, x[p], x[p + 1], b[br], b[br + 1], c);
        } else if (r == 3) {
            addRows3(n, x[p], x[p + 1], x[p + 2], b[br], b[br + 1], b[br + 2], c);
        }
    }

    /** c = Σ_{i<q} s_i·B[br+i,:] for q in 1..4 ({@code first} and {@code last} are B[br] and B[br+q−1]). */
    private static void setRows(int n, int q, double s0, double s1, double s2, double s3, double[] first,
            double[] last, double[][] b, int br, double[] c) {
        if (q == 4) {
            setRows4(n, s0, s1, s2, s3, first, b[br + 1], b[br + 2], last, c);
        } else if (q == 3) {
            setRows3(n, s0, s1, s2, first, b[br + 1], last, c);
        } else if (q == 2) {
            setRows2(n, s0, s1, first, last, c);
        } else {
            setRow(n, s0, first, c);
        }
    }

    /** c[0..n) += s0·b0 + s1·b1 + s2·b2 + s3·b3. */
    static void addRows4(int n, double s0, double s1, double s2, double s3, double[] b0, double[] b1, double[] b2,
            double[] b3, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
        }
    }

    /** c[0..n) += s0·b0 + s1·b1 + s2·b2. */
    static void addRows3(int n, double s0, double s1, double s2, double[] b0, double[] b1, double[] b2, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j];
        }
    }

    /** c[0..n) += s0·b0 + s1·b1. */
    static void addRows2(int n, double s0, double s1, double[] b0, double[] b1, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j];
        }
    }

    /** c[0..n) += s·b. */
    static void addRow(int n, double s, double[] b, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] += s * b[j];
        }
    }

    /** c[0..n) = s0·b0 + s1·b1 + s2·b2 + s3·b3. */
    static void setRows4(int n, double s0, double s1, double s2, double s3, double[] b0, double[] b1, double[] b2,
            double[] b3, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] = s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j];
        }
    }

    /** c[0..n) = s0·b0 + s1·b1 + s2·b2. */
    static void setRows3(int n, double s0, double s1, double s2, double[] b0, double[] b1, double[] b2, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] = s0 * b0[j] + s1 * b1[j] + s2 * b2[j];
        }
    }

    /** c[0..n) = s0·b0 + s1·b1. */
    static void setRows2(int n, double s0, double s1, double[] b0, double[] b1, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] = s0 * b0[j] + s1 * b1[j];
        }
    }

    /** c[0..n) = s·b. */
    static void setRow(int n, double s, double[] b, double[] c) {
        for (int j = 0; j < n; j++) {
            c[j] = s * b[j];
        }
    }

    /** B (n, m) = Aᵀ for A (m, n). Four rows of A at a time, so each row of B is fetched once per four stores. */
    static void transpose(int m, int n, double[][] a, double[][] b) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            double[] a0 = a[i];
            double[] a1 = a[i + 1];
            double[] a2 = a[i + 2];
            double[] a3 = a[i + 3];
            for (int j = 0; j < n; j++) {
                double[] bj = b[j];
                bj[i] = a0[j];
                bj[i + 1] = a1[j];
                bj[i + 2] = a2[j];
                bj[i + 3] = a3[j];
            }
        }
        for (; i < m; i++) {
            double[] ai = a[i];
            for (int j = 0; j < n; j++) {
                b[j][i] = ai[j];
            }
        }
    }

    /** Sets rows {@code r..r+m} of {@code a} to zero in their first {@code n} columns. */
    static void zero(int m, int n, double[][] a, int r) {
        for (int i = 0; i < m; i++) {
            double[] ai = a[r + i];
            for (int j = 0; j < n; j++) {
                ai[j] = 0.0;
            }
        }
    }

    /**
     * The output of one time step: {@code z} (n) {@code += by}, then {@code ŷ = softmax(z)} (shifted
     * by its largest entry), then {@code dy = ŷ − onehot(target)}, all in {@code z}; returns
     * {@code log ŷ[target]}, so the caller's loss is {@code −Σ} of the returned values.
     */
    static double scalarSoftmaxOutput(int n, double[] z, double[] by, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            z[k] += by[k];
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double e = Math.exp(z[k] - max);
            z[k] = e;
            sum += e;
        }
        for (int k = 0; k < n; k++) {
            z[k] /= sum;
        }
        double logP = Math.log(z[target]);
        z[target] -= 1;
        return logP;
    }
}
