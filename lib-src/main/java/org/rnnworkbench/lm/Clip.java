package org.rnnworkbench.lm;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Gradient clipping, the assignment's {@code clip(gradients, maxValue)}: every entry of
 * {@code dWaa, dWax, dWya, db, dby} is limited to {@code [−maxValue, maxValue]} ({@code np.clip}).
 * NaN entries stay NaN, as in NumPy. Clipping by the global norm is offered beside it for
 * experiments (the assignment does not use it); {@link #clipInPlace(LmGradients, ClipRule, double)}
 * applies either rule, as the training loops do.
 */
public final class Clip {
    private Clip() {}

    /** Clipped copies of the gradients; {@code g} is not modified. */
    public static Gradients clip(Gradients g, double maxValue) {
        checkMax("maxValue", maxValue);
        Objects.requireNonNull(g, "gradients");
        Gradients out = g.copy();
        clipInPlace(out, maxValue);
        return out;
    }

    /** Clipped copies of the GRU language model's gradients; {@code g} is not modified. */
    public static GruLmGradients clip(GruLmGradients g, double maxValue) {
        checkMax("maxValue", maxValue);
        Objects.requireNonNull(g, "gradients");
        GruLmGradients out = g.copy();
        clipInPlace(out, maxValue);
        return out;
    }

    /** Clipped copies of the LSTM language model's gradients; {@code g} is not modified. */
    public static LstmLmGradients clip(LstmLmGradients g, double maxValue) {
        checkMax("maxValue", maxValue);
        Objects.requireNonNull(g, "gradients");
        LstmLmGradients out = g.copy();
        clipInPlace(out, maxValue);
        return out;
    }

    /**
     * Clips every gradient in place, as the assignment's {@code np.clip(..., out=gradient)} does.
     * {@code g}: modified. Returns how many entries were outside {@code [−maxValue, maxValue]}.
     */
    public static int clipInPlace(LmGradients g, double maxValue) {
        checkMax("maxValue", maxValue);
        Objects.requireNonNull(g, "gradients");
        int clipped = 0;
        for (String name : g.names()) {
            clipped += clipInPlace(g.get(name), maxValue);
        }
        return clipped;
    }

    /** Clips one matrix in place to {@code [−maxValue, maxValue]}; returns how many entries changed. */
    public static int clipInPlace(DMatrixRMaj m, double maxValue) {
        checkMax("maxValue", maxValue);
        Objects.requireNonNull(m, "m");
        int clipped = 0;
        double[] d = m.data;
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            double v = d[i];
            if (v > maxValue) {
                d[i] = maxValue;
                clipped++;
            } else if (v < -maxValue) {
                d[i] = -maxValue;
                clipped++;
            }
        }
        return clipped;
    }

    /**
     * Copies of the gradients scaled by {@code min(1, maxNorm / ‖g‖)}, where {@code ‖g‖} is the
     * Frobenius norm of all five gradients together; the direction is kept. {@code g} is not modified.
     */
    public static Gradients clipGlobalNorm(Gradients g, double maxNorm) {
        checkMax("maxNorm", maxNorm);
        Objects.requireNonNull(g, "gradients");
        Gradients out = g.copy();
        clipGlobalNormInPlace(out, maxNorm);
        return out;
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code maxNorm}; returns the
     * norm before ({@link #globalNorm}). Gradients holding NaN or ±∞ have no direction to keep and are
     * left as they are (a training loop's divergence guard then stops on them). {@code g}: modified.
     */
    public static double clipGlobalNormInPlace(LmGradients g, double maxNorm) {
        checkMax("maxNorm", maxNorm);
        Objects.requireNonNull(g, "gradients");
        double norm = globalNorm(g);
        scaleToNorm(g, maxNorm, norm);
        return norm;
    }

    /**
     * Clips in place by {@code rule} with bound {@code bound} ({@code +∞}: nothing changes) and returns
     * how many entries count as clipped: for {@link ClipRule#ELEMENT_WISE} those that were outside
     * {@code [−bound, bound]}, for {@link ClipRule#GLOBAL_NORM} every entry when the gradients were
     * scaled down and none otherwise. {@code g}: modified.
     */
    public static int clipInPlace(LmGradients g, ClipRule rule, double bound) {
        checkMax("bound", bound);
        Objects.requireNonNull(g, "gradients");
        Objects.requireNonNull(rule, "rule");
        if (bound == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (rule == ClipRule.ELEMENT_WISE) {
            return clipInPlace(g, bound);
        }
        return scaleToNorm(g, bound, globalNorm(g)) ? g.numElements() : 0;
    }

    /**
     * The Frobenius norm of all the gradients together, {@code sqrt(Σ g²)} (entries in
     * {@link LmGradients#names()} order, row-major). When the squares overflow but every entry is
     * finite, it is taken on the gradients divided by their largest magnitude, so it is {@code +∞}
     * only for an infinite entry or a norm beyond the largest double, and NaN for a NaN entry.
     */
    public static double globalNorm(LmGradients g) {
        Objects.requireNonNull(g, "gradients");
        double s = sumOfSquares(g, 1.0);
        if (s == Double.POSITIVE_INFINITY) {
            double m = maxAbs(g);
            if (m < Double.POSITIVE_INFINITY) {
                return m * Math.sqrt(sumOfSquares(g, m));
            }
        }
        return Math.sqrt(s);
    }

    /** Scales {@code g} (whose global norm is {@code norm}) down to {@code maxNorm} when it is longer; true when it did. */
    private static boolean scaleToNorm(LmGradients g, double maxNorm, double norm) {
        if (!(norm > maxNorm)) {
            return false;
        }
        if (norm == Double.POSITIVE_INFINITY) {
            double m = maxAbs(g);
            if (!(m < Double.POSITIVE_INFINITY)) {
                return false;
            }
            // Finite entries whose norm is beyond the largest double: bring them into range first.
            scaleAll(g, 1 / m);
            norm = globalNorm(g);
        }
        scaleAll(g, maxNorm / norm);
        return true;
    }

    private static void scaleAll(LmGradients g, double scale) {
        for (String name : g.names()) {
            CommonOps_DDRM.scale(scale, g.get(name));
        }
    }

    /** {@code Σ (g/divisor)²} over every entry. */
    private static double sumOfSquares(LmGradients g, double divisor) {
        double s = 0;
        for (String name : g.names()) {
            DMatrixRMaj m = g.get(name);
            for (int i = 0, n = m.getNumElements(); i < n; i++) {
                double v = divisor == 1.0 ? m.data[i] : m.data[i] / divisor;
                s += v * v;
            }
        }
        return s;
    }

    private static double maxAbs(LmGradients g) {
        double max = 0;
        for (String name : g.names()) {
            DMatrixRMaj m = g.get(name);
            for (int i = 0, n = m.getNumElements(); i < n; i++) {
                max = Math.max(max, Math.abs(m.data[i]));
            }
        }
        return max;
    }

    private static void checkMax(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
