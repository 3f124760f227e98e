package org.rnnworkbench.lm;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Gradient clipping, the assignment's {@code clip(gradients, maxValue)}: every entry of
 * {@code dWaa, dWax, dWya, db, dby} is limited to {@code [−maxValue, maxValue]} ({@code np.clip}).
 * NaN entries stay NaN, as in NumPy. Clipping by the global norm is offered beside it for
 * experiments; the assignment does not use it.
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

    /** Scales the gradients in place so that their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipGlobalNormInPlace(Gradients g, double maxNorm) {
        checkMax("maxNorm", maxNorm);
        Objects.requireNonNull(g, "gradients");
        double norm = g.globalNorm();
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (String name : Gradients.NAMES) {
                CommonOps_DDRM.scale(scale, g.get(name));
            }
        }
        return norm;
    }

    private static void checkMax(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
