package org.rnnworkbench.train;

/**
 * The kernels in plain Java, which JDK 17's C2 compiler auto-vectorises where it can (see
 * {@link Kernels}): the fallback when the Vector API is not available, and the reference the
 * vectorised kernels are tested against.
 */
final class ScalarKernelSupport implements KernelSupport {
    @Override
    public void vecMat(int n, int k, double[] x, double[][] b, int br, double[] y) {
        Kernels.scalarVecMat(n, k, x, b, br, y);
    }

    @Override
    public void gemm(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        Kernels.scalarGemm(m, n, k, a, ar, b, br, c, cr, accumulate);
    }

    @Override
    public void gemmTransA(int m, int n, int k, double[][] a, int ar, double[][] b, int br, double[][] c, int cr,
            boolean accumulate) {
        Kernels.scalarGemmTransA(m, n, k, a, ar, b, br, c, cr, accumulate);
    }

    @Override
    public void tanh(int n, double[] v, int off) {
        for (int i = off; i < off + n; i++) {
            v[i] = FastMath.tanh(v[i]);
        }
    }

    @Override
    public void sigmoid(int n, double[] v, int off) {
        for (int i = off; i < off + n; i++) {
            v[i] = 1.0 / (1.0 + Math.exp(-v[i]));
        }
    }

    @Override
    public double softmaxOutput(int n, double[] z, double[] by, int target) {
        return Kernels.scalarSoftmaxOutput(n, z, by, target);
    }

    @Override
    public double sumOfSquares(int n, double[] g) {
        return ClipUpdate.scalarSumOfSquares(n, g);
    }

    @Override
    public String describe() {
        return "scalar (auto-vectorised by the JIT)";
    }
}
