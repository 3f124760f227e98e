package org.rnnworkbench.train;

import java.util.Objects;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.tensor.Shapes;

/**
 * The parameters and gradients of the character RNN in the row layout the fast kernels use
 * ({@code double[rows][cols]}, each row a contiguous array the JIT vectorises), shared by
 * {@link FastCharRnn} (one example at a time) and {@link BatchedCharRnn} (minibatches): Wax is kept
 * transposed (n_x, n_a) so that a one-hot input reads a contiguous row; Waa and Wya also have
 * transposed copies, refreshed after each update. The biases are also wrapped as one-row matrices
 * for {@link ClipUpdate}.
 */
abstract class RowLayoutRnn {
    final int nA;
    final int nX;
    final int nY;
    final int maxLength;

    final double[][] waa;
    final double[][] waaT;
    final double[][] waxT;
    final double[][] wya;
    final double[][] wyaT;
    final double[] b;
    final double[] by;
    final double[][] bRow;
    final double[][] byRow;

    // Gradients of the last step, before clipping.
    final double[][] dWaa;
    final double[][] dWaxT;
    final double[][] dWya;
    final double[] db;
    final double[] dby;
    final double[][] dbRow;
    final double[][] dbyRow;

    final ClipUpdate clip;
    /** The clipping bound the last step applied ({@code +∞}: none; NaN before any step). */
    double lastMaxValue = Double.NaN;

    /** Sized for {@code p}'s shapes and sequences of up to {@code maxLength} steps; parameters copied from {@code p}. */
    RowLayoutRnn(RnnParameters p, int maxLength) {
        Objects.requireNonNull(p, "parameters");
        Shapes.positive("maxLength", maxLength);
        nA = p.nA();
        nX = p.nX();
        nY = p.nY();
        this.maxLength = maxLength;
        waa = new double[nA][nA];
        waaT = new double[nA][nA];
        waxT = new double[nX][nA];
        wya = new double[nY][nA];
        wyaT = new double[nA][nY];
        b = new double[nA];
        by = new double[nY];
        bRow = new double[][] {b};
        byRow = new double[][] {by};
        dWaa = new double[nA][nA];
        dWaxT = new double[nX][nA];
        dWya = new double[nY][nA];
        db = new double[nA];
        dby = new double[nY];
        dbRow = new double[][] {db};
        dbyRow = new double[][] {dby};
        clip = new ClipUpdate(Math.max(Math.max(nA, nX), nY), Math.max(nA, nY));
        setParameters(p);
    }

    /** True once a step has left gradients to copy. */
    abstract boolean hasGradients();

    /** False when column {@code j} of dWax holds stale values from an earlier step (it is then zero). */
    abstract boolean dWaxColumnCurrent(int j);

    /** Hidden size n_a. */
    public final int nA() {
        return nA;
    }

    /** Input size n_x (the vocabulary size). */
    public final int nX() {
        return nX;
    }

    /** Output size n_y (the vocabulary size). */
    public final int nY() {
        return nY;
    }

    /** The longest sequence a step accepts. */
    public final int maxLength() {
        return maxLength;
    }

    /** Replaces the parameters with a copy of {@code p} (not modified); shapes must match. */
    public final void setParameters(RnnParameters p) {
        Objects.requireNonNull(p, "parameters");
        Shapes.require("Waa", p.Waa(), nA, nA);
        Shapes.require("Wax", p.Wax(), nA, nX);
        Shapes.require("Wya", p.Wya(), nY, nA);
        for (int i = 0; i < nA; i++) {
            for (int j = 0; j < nA; j++) {
                waa[i][j] = p.Waa().unsafe_get(i, j);
            }
            for (int j = 0; j < nX; j++) {
                waxT[j][i] = p.Wax().unsafe_get(i, j);
            }
            b[i] = p.ba().data[i];
        }
        for (int k = 0; k < nY; k++) {
            for (int j = 0; j < nA; j++) {
                wya[k][j] = p.Wya().unsafe_get(k, j);
            }
            by[k] = p.by().data[k];
        }
        Kernels.transpose(nA, nA, waa, waaT);
        Kernels.transpose(nY, nA, wya, wyaT);
    }

    /** Writes the current parameters into {@code out} (modified; shapes must match). */
    public final void copyParameters(RnnParameters out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.Waa", out.Waa(), nA, nA);
        Shapes.require("out.Wax", out.Wax(), nA, nX);
        Shapes.require("out.Wya", out.Wya(), nY, nA);
        for (int i = 0; i < nA; i++) {
            for (int j = 0; j < nA; j++) {
                out.Waa().unsafe_set(i, j, waa[i][j]);
            }
            for (int j = 0; j < nX; j++) {
                out.Wax().unsafe_set(i, j, waxT[j][i]);
            }
            out.ba().data[i] = b[i];
        }
        for (int k = 0; k < nY; k++) {
            for (int j = 0; j < nA; j++) {
                out.Wya().unsafe_set(k, j, wya[k][j]);
            }
            out.by().data[k] = by[k];
        }
    }

    /** A copy of the current parameters. */
    public final RnnParameters parameters() {
        RnnParameters p = RnnParameters.zeros(nA, nX, nY);
        copyParameters(p);
        return p;
    }

    /**
     * Writes the gradients of the last step into {@code out} (modified), clipped to the bound that
     * step applied ({@code +∞} after a step without clipping).
     */
    public final void copyGradients(Gradients out) {
        Objects.requireNonNull(out, "out");
        Shapes.require("out.dWaa", out.dWaa(), nA, nA);
        Shapes.require("out.dWax", out.dWax(), nA, nX);
        Shapes.require("out.dWya", out.dWya(), nY, nA);
        if (!hasGradients()) {
            throw new IllegalStateException("no step has been taken yet");
        }
        double c = lastMaxValue;
        for (int i = 0; i < nA; i++) {
            for (int j = 0; j < nA; j++) {
                out.dWaa().unsafe_set(i, j, ClipUpdate.clamp(dWaa[i][j], c));
            }
            for (int j = 0; j < nX; j++) {
                out.dWax().unsafe_set(i, j, dWaxColumnCurrent(j) ? ClipUpdate.clamp(dWaxT[j][i], c) : 0.0);
            }
            out.db().data[i] = ClipUpdate.clamp(db[i], c);
        }
        for (int k = 0; k < nY; k++) {
            for (int j = 0; j < nA; j++) {
                out.dWya().unsafe_set(k, j, ClipUpdate.clamp(dWya[k][j], c));
            }
            out.dby().data[k] = ClipUpdate.clamp(dby[k], c);
        }
    }

    /** How many gradient entries the last step clipped. */
    public final int clippedCount() {
        return clip.clipped();
    }
}
