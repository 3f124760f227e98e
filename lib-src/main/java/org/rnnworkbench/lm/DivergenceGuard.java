package org.rnnworkbench.lm;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;

/**
 * Finds a loss, gradient or parameter update that is not finite before the update is applied, so the
 * parameters stay those of the last good iteration and nothing has to be copied. Per gradient it
 * takes one pass, the sum of the absolute values in four independent accumulators: the sum is finite
 * exactly when every entry is finite (unless it overflows, which a second look tells apart), and it
 * bounds the largest entry. An update {@code W − lr·dW} can only overflow when
 * {@code max|W| + lr·max|dW|} does, so the guard carries an upper bound of {@code max|W|} from one
 * iteration to the next and looks at the parameters themselves only when that bound gets near the
 * largest double.
 */
final class DivergenceGuard {

    /** What is not finite, and its value. */
    record Problem(String quantity, double value) {}

    private double bound;

    DivergenceGuard(RnnParameters p) {
        bound = maxAbs(p);
    }

    /** Null when the step with loss {@code loss} and gradients {@code g} may be applied to {@code p}, else the problem. */
    Problem check(double loss, Gradients g, RnnParameters p, double lr) {
        if (!Double.isFinite(loss)) {
            return new Problem("loss", loss);
        }
        double gBound = 0;
        for (String name : Gradients.NAMES) {
            DMatrixRMaj m = g.get(name);
            double sum = absSum(m.data, m.getNumElements());
            if (!(sum <= Double.MAX_VALUE)) {
                for (int i = 0, n = m.getNumElements(); i < n; i++) {
                    if (!Double.isFinite(m.data[i])) {
                        return new Problem(name, m.data[i]);
                    }
                }
            }
            gBound += sum;
        }
        double step = lr * gBound;
        if (!(bound + step <= Double.MAX_VALUE)) {
            bound = maxAbs(p);
            if (!(bound + step <= Double.MAX_VALUE)) {
                Problem overflow = overflowingUpdate(g, p, lr);
                if (overflow != null) {
                    return overflow;
                }
            }
        }
        bound += step;
        return null;
    }

    /** {@code Σ|d[i]|} over the first {@code n} entries; four sums so the additions do not wait on each other. */
    private static double absSum(double[] d, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(d[i]);
            s1 += Math.abs(d[i + 1]);
            s2 += Math.abs(d[i + 2]);
            s3 += Math.abs(d[i + 3]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(d[i]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The first parameter whose update {@code w + (−lr)·dw}, computed as {@link CharRnn#updateParameters} does, overflows. */
    private static Problem overflowingUpdate(Gradients g, RnnParameters p, double lr) {
        for (String name : Gradients.NAMES) {
            String parameter = name.substring(1);
            double[] w = p.get(parameter).data;
            DMatrixRMaj dw = g.get(name);
            for (int i = 0, n = dw.getNumElements(); i < n; i++) {
                double updated = w[i] + -lr * dw.data[i];
                if (!Double.isFinite(updated)) {
                    return new Problem(parameter, updated);
                }
            }
        }
        return null;
    }

    private static double maxAbs(RnnParameters p) {
        double max = 0;
        for (String name : RnnParameters.NAMES) {
            DMatrixRMaj m = p.get(name);
            for (int i = 0, n = m.getNumElements(); i < n; i++) {
                max = Math.max(max, Math.abs(m.data[i]));
            }
        }
        return max;
    }
}
