package org.rnnworkbench.lm;

import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;

/**
 * Finds a loss, gradient or parameter update that is not finite before the update is applied, so the
 * parameters stay those of the last good iteration and nothing has to be copied. The gradient check
 * is one branch-free pass ({@code Σ v·0} is NaN exactly when some {@code v} is NaN or ±∞). An update
 * {@code W − lr·dW} can only overflow when {@code max|W| + lr·max|dW|} does, so the guard carries an
 * upper bound of {@code max|W|} from one iteration to the next and looks at the parameters themselves
 * only when that bound gets near the largest double.
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
        double gMax = 0;
        for (String name : Gradients.NAMES) {
            DMatrixRMaj m = g.get(name);
            double[] d = m.data;
            double nonFinite = 0;
            double max = 0;
            for (int i = 0, n = m.getNumElements(); i < n; i++) {
                double v = d[i];
                nonFinite += v * 0.0;
                max = Math.max(max, Math.abs(v));
            }
            if (nonFinite != 0) {
                return new Problem(name, firstNonFinite(m));
            }
            gMax = Math.max(gMax, max);
        }
        double step = lr * gMax;
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

    /** The first parameter whose update {@code w + (−lr)·dw} (as {@link CharRnn#updateParameters} computes it) is not finite. */
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

    private static double firstNonFinite(DMatrixRMaj m) {
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            if (!Double.isFinite(m.data[i])) {
                return m.data[i];
            }
        }
        throw new IllegalStateException("no entry is NaN or infinite");
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
