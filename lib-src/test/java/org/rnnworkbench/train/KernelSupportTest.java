package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar ones on random shapes (every remainder of the vector
 * width), outputs filled with junk first, and on special values. {@code mvn verify} runs this test
 * twice: without the module, where the scalar kernels must be the ones chosen and the vectorised
 * class must not load, and with {@code --add-modules jdk.incubator.vector}, where the vectorised
 * kernels must be chosen and are compared here with the scalar ones.
 */
class KernelSupportTest {
    private static final double JUNK = 9.5e7;
    private static final KernelSupport SCALAR = new ScalarKernelSupport();

    @Test
    void theKernelsFollowTheModuleAndTheRequest() {
        boolean module = Vectorization.vectorModulePresent();
        assertEquals(module && Vectorization.requested(), Vectorization.isVectorized(), Vectorization.describe());
        if (Boolean.getBoolean("rnnworkbench.expectVectorKernels")) {
            assertTrue(module && Vectorization.isVectorized(), "this run should use the Vector API kernels: "
                    + Vectorization.describe());
        }
        if (Vectorization.isVectorized()) {
            assertTrue(Vectorization.describe().startsWith("Vector API, "), Vectorization.describe());
        } else if (!Vectorization.requested()) {
            assertTrue(Vectorization.describe().contains("-Drnnworkbench.vectorization=vector"),
                    Vectorization.describe());
        }
        if (!module) {
            assertNull(Vectorization.loadVector());
        }
    }

    /** The kernels to compare with the scalar ones: the vectorised ones when this JVM has the module. */
    private static KernelSupport vector() {
        KernelSupport v = Vectorization.loadVector();
        if (Vectorization.vectorModulePresent()) {
            assertNotNull(v, "the module is present but the Vector API kernels did not load");
        }
        return v == null ? SCALAR : v;
    }

    private static double[][] random(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble(-2, 2);
            }
        }
        return m;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /** |a − b| ≤ tol·(1 + |b|) entry by entry. */
    private static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertEquals(e, a, 0.0, what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(e - a) <= tol * (1 + Math.abs(e)), what + " [" + i + "]: " + e + " vs " + a);
            }
        }
    }

    @Test
    void productsAgreeOnEveryShape() {
        KernelSupport v = vector();
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + r.nextInt(6);
            int n = 1 + r.nextInt(140);
            int k = 1 + r.nextInt(140);
            int off = r.nextInt(3);
            boolean accumulate = r.nextBoolean();
            String what = "trial " + trial + " m=" + m + " n=" + n + " k=" + k + " acc=" + accumulate;
            double[][] a = random(r, m + off, k);
            double[][] at = random(r, k + off, m);
            double[][] b = random(r, k + off, n);
            double[][] c0 = random(r, m + off, n);
            if (!accumulate) {
                for (double[] row : c0) {
                    Arrays.fill(row, JUNK);
                }
            }
            double[][] cs = copy(c0);
            double[][] cv = copy(c0);
            SCALAR.gemm(m, n, k, a, off, b, off, cs, off, accumulate);
            v.gemm(m, n, k, a, off, b, off, cv, off, accumulate);
            for (int i = 0; i < m + off; i++) {
                assertClose(what + " gemm row " + i, cs[i], cv[i], 1e-13);
            }
            cs = copy(c0);
            cv = copy(c0);
            SCALAR.gemmTransA(m, n, k, at, off, b, off, cs, off, accumulate);
            v.gemmTransA(m, n, k, at, off, b, off, cv, off, accumulate);
            for (int i = 0; i < m + off; i++) {
                assertClose(what + " gemmTransA row " + i, cs[i], cv[i], 1e-13);
            }
            double[] ys = new double[n];
            double[] yv = new double[n];
            Arrays.fill(ys, JUNK);
            Arrays.fill(yv, -JUNK);
            SCALAR.vecMat(n, k, a[0], b, off, ys);
            v.vecMat(n, k, a[0], b, off, yv);
            assertClose(what + " vecMat", ys, yv, 1e-13);
        }
    }

    @Test
    void activationsAgreeWithinAFewUlpIncludingSpecialValues() {
        KernelSupport v = vector();
        SplittableRandom r = new SplittableRandom(6);
        double[] special = {0.0, -0.0, 1e-300, -1e-12, 0.5, -1.0, 1.0, 19.0, -19.0, 40.0, 710.0, -745.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(70);
            int off = r.nextInt(5);
            double scale = new double[] {0.1, 1, 5, 30}[trial % 4];
            double[] x = new double[n + off + 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = trial < 20 ? special[(i + trial) % special.length] : r.nextDouble(-scale, scale);
            }
            for (int f = 0; f < 2; f++) {
                double[] s = x.clone();
                double[] w = x.clone();
                if (f == 0) {
                    SCALAR.tanh(n, s, off);
                    v.tanh(n, w, off);
                } else {
                    SCALAR.sigmoid(n, s, off);
                    v.sigmoid(n, w, off);
                }
                String what = (f == 0 ? "tanh" : "sigmoid") + " trial " + trial;
                for (int i = 0; i < x.length; i++) {
                    if (i < off || i >= off + n) {
                        assertEquals(Double.doubleToLongBits(x[i]), Double.doubleToLongBits(w[i]), what + " untouched");
                    } else if (Double.isNaN(s[i]) || Double.isInfinite(s[i]) || s[i] == 0) {
                        assertEquals(s[i], w[i], 0.0, what + " at x = " + x[i]);
                    } else {
                        assertTrue(Math.abs(s[i] - w[i]) <= 4 * Math.ulp(s[i]),
                                what + " at x = " + x[i] + ": " + s[i] + " vs " + w[i]);
                    }
                }
            }
        }
    }

    /**
     * The Vector API kernels' tanh gives the scalar kernel's bits, also once the JIT has compiled it
     * (what keeps a run reproducible, and a resumed run equal to an uninterrupted one: see
     * PanamaKernelSupport.tanh): thousands of calls, values on both sides of 1 and of 1e-9 (the scalar
     * function's branches), specials among them, lengths and offsets that leave a scalar tail.
     */
    @Test
    void tanhEqualsTheScalarKernelBitForBit() {
        KernelSupport v = vector();
        SplittableRandom r = new SplittableRandom(8);
        double[] scales = {1e-12, 1e-9, 1e-3, 0.3, 0.9, 1.0, 3.0, 30.0};
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0,
            1e-9, -1e-9, Math.nextDown(1.0), Math.nextDown(1e-9), Double.MIN_VALUE, 710.0};
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + r.nextInt(140);
            int off = r.nextInt(9);
            double[] x = new double[n + off + 3];
            // Mostly one scale per call (whole vectors take the rational branch), sometimes mixed.
            double scale = scales[r.nextInt(scales.length)];
            boolean mixed = r.nextInt(4) == 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(100) == 0 ? special[r.nextInt(special.length)]
                        : (mixed ? scales[r.nextInt(scales.length)] : scale) * r.nextGaussian();
            }
            double[] s = x.clone();
            double[] w = x.clone();
            SCALAR.tanh(n, s, off);
            v.tanh(n, w, off);
            for (int i = 0; i < x.length; i++) {
                if (Double.doubleToRawLongBits(s[i]) != Double.doubleToRawLongBits(w[i])) {
                    throw new AssertionError("trial " + trial + ", n = " + n + ", off = " + off + ": tanh(" + x[i]
                            + ") is " + w[i] + " on " + v.describe() + " but " + s[i] + " on the scalar kernels");
                }
            }
        }
    }

    @Test
    void softmaxAndSumsOfSquaresAgree() {
        KernelSupport v = vector();
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(70);
            double[] z = new double[n];
            double[] by = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = r.nextDouble(-30, 30);
                by[i] = r.nextDouble(-1, 1);
            }
            int target = r.nextInt(n);
            double[] zs = z.clone();
            double[] zv = z.clone();
            double ls = SCALAR.softmaxOutput(n, zs, by, target);
            double lv = v.softmaxOutput(n, zv, by, target);
            assertClose("log p, trial " + trial, new double[] {ls}, new double[] {lv}, 1e-13);
            assertClose("dy, trial " + trial, zs, zv, 1e-14);
            double ss = SCALAR.sumOfSquares(n, z);
            double sv = v.sumOfSquares(n, z);
            assertClose("sum of squares, trial " + trial, new double[] {ss}, new double[] {sv}, 1e-14);
        }
        double[] bad = {1, 2, Double.NaN, 4, 5, 6, 7, 8, 9};
        assertTrue(Double.isNaN(v.sumOfSquares(9, bad)));
        assertTrue(Double.isNaN(v.softmaxOutput(9, bad.clone(), new double[9], 0)));
        double[] huge = new double[17];
        Arrays.fill(huge, 1e200);
        assertEquals(Double.POSITIVE_INFINITY, v.sumOfSquares(17, huge), 0.0);
    }

    /**
     * Each output of the vectorised products is the chain {@code s = fma(s_p, B[p][j], s)} over p in
     * order, bit for bit: the same bits whether the JIT has compiled the Vector API calls or they run
     * in its Java fallback, so a run never depends on when the JIT stepped in. The scalar kernels sum
     * in another order and agree to rounding.
     */
    @Test
    void theVectorProductsAreFusedMultiplyAddChainsBitForBit() {
        KernelSupport v = vector();
        boolean exact = v != SCALAR;
        SplittableRandom r = new SplittableRandom(8);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(4);
            int n = 1 + r.nextInt(140);
            int k = 1 + r.nextInt(100);
            double[][] a = random(r, m, k);
            double[][] at = random(r, k, m);
            double[][] b = random(r, k, n);
            double[][] c = random(r, m, n);
            double[][] ct0 = copy(c);
            double[][] ct = copy(c);
            v.gemm(m, n, k, a, 0, b, 0, c, 0, false);
            v.gemmTransA(m, n, k, at, 0, b, 0, ct, 0, true);
            for (int i = 0; i < m; i++) {
                double[] expected = new double[n];
                double[] expectedT = new double[n];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double st = ct0[i][j];
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[i][p], b[p][j], s);
                        st = Math.fma(at[p][i], b[p][j], st);
                    }
                    expected[j] = s;
                    expectedT[j] = st;
                }
                if (exact) {
                    assertEquals(Arrays.toString(expected), Arrays.toString(c[i]), "gemm row " + i + ", trial " + trial);
                    assertEquals(Arrays.toString(expectedT), Arrays.toString(ct[i]),
                            "gemmTransA row " + i + ", trial " + trial);
                } else {
                    assertClose("gemm row " + i + ", trial " + trial, expected, c[i], 1e-13);
                    assertClose("gemmTransA row " + i + ", trial " + trial, expectedT, ct[i], 1e-13);
                }
            }
        }
        double[] z = {0.3, -1.2, 4.5, 2.0, -0.7, 1.1, 0.0, 3.3, -2.2, 0.9, 1.4};
        double[] by = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0, 0.05};
        double[] expected = z.clone();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < z.length; j++) {
            expected[j] += by[j];
            max = Math.max(max, expected[j]);
        }
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            expected[j] = Math.exp(expected[j] - max);
            sum += expected[j];
        }
        for (int j = 0; j < z.length; j++) {
            expected[j] /= sum;
        }
        double logP = Math.log(expected[4]);
        expected[4] -= 1;
        double[] got = z.clone();
        assertEquals(logP, v.softmaxOutput(z.length, got, by, 4), 0.0);
        assertEquals(Arrays.toString(expected), Arrays.toString(got), "softmax: the scalar kernel's bits too");
    }
}
