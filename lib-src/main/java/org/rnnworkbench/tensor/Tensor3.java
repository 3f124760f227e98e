package org.rnnworkbench.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A batch of sequences of shape {@code (n, m, T)}: features × examples × time, the assignment's
 * layout. Stored as T EJML matrices of shape {@code (n, m)}; {@link #slice(int)} returns the live
 * matrix for time step t (NumPy's {@code x[:, :, t]}), and {@code get(i, j, t)} equals NumPy's
 * {@code x[i][j][t]}.
 */
public final class Tensor3 {
    private final int n;
    private final int m;
    private final DMatrixRMaj[] slices;

    /** A zero tensor of shape (n, m, T). */
    public Tensor3(int n, int m, int T) {
        Shapes.positive("n", n);
        Shapes.positive("m", m);
        Shapes.positive("T", T);
        this.n = n;
        this.m = m;
        this.slices = new DMatrixRMaj[T];
        for (int t = 0; t < T; t++) {
            slices[t] = new DMatrixRMaj(n, m);
        }
    }

    /** A tensor from values in NumPy's C order (last index fastest): {@code flat[(i*m + j)*T + t]}. */
    public static Tensor3 fromCOrder(int n, int m, int T, double[] flat) {
        if (flat == null) {
            throw new IllegalArgumentException("flat is null");
        }
        if ((long) n * m * T != flat.length) {
            throw new IllegalArgumentException("flat has " + flat.length + " values but shape (" + n + ","
                    + m + "," + T + ") needs " + ((long) n * m * T));
        }
        Tensor3 x = new Tensor3(n, m, T);
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int t = 0; t < T; t++) {
                    x.slices[t].data[i * m + j] = flat[k++];
                }
            }
        }
        return x;
    }

    /** A tensor whose slices are copies of the given (n, m) matrices, one per time step. */
    public static Tensor3 stack(DMatrixRMaj... steps) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("steps must hold at least one matrix");
        }
        Tensor3 x = new Tensor3(steps[0].numRows, steps[0].numCols, steps.length);
        for (int t = 0; t < steps.length; t++) {
            Shapes.sameShape("steps[" + t + "]", steps[t], "steps[0]", steps[0]);
            x.slices[t].setTo(steps[t]);
        }
        return x;
    }

    /** Values in NumPy's C order, the inverse of {@link #fromCOrder}. */
    public double[] toCOrder() {
        int T = slices.length;
        double[] flat = new double[n * m * T];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int t = 0; t < T; t++) {
                    flat[k++] = slices[t].data[i * m + j];
                }
            }
        }
        return flat;
    }

    public int n() {
        return n;
    }

    public int m() {
        return m;
    }

    /** Number of time steps T. */
    public int T() {
        return slices.length;
    }

    /** {@code {n, m, T}}, NumPy's {@code x.shape}. */
    public int[] shape() {
        return new int[] {n, m, slices.length};
    }

    /** "(n, m, T)", the way NumPy prints the shape. */
    public String shapeString() {
        return "(" + n + ", " + m + ", " + slices.length + ")";
    }

    /** The live (n, m) matrix of time step t: writes to it change this tensor. */
    public DMatrixRMaj slice(int t) {
        checkT(t);
        return slices[t];
    }

    /** NumPy's {@code x[i][j][t]}. */
    public double get(int i, int j, int t) {
        checkIndex(i, j, t);
        return slices[t].data[i * m + j];
    }

    public void set(int i, int j, int t, double value) {
        checkIndex(i, j, t);
        slices[t].data[i * m + j] = value;
    }

    /** NumPy's {@code x[i][j]}: the T values of feature i, example j, over time. */
    public double[] get(int i, int j) {
        checkIndex(i, j, 0);
        double[] row = new double[slices.length];
        for (int t = 0; t < row.length; t++) {
            row[t] = slices[t].data[i * m + j];
        }
        return row;
    }

    /** A deep copy. */
    public Tensor3 copy() {
        Tensor3 c = new Tensor3(n, m, slices.length);
        for (int t = 0; t < slices.length; t++) {
            c.slices[t].setTo(slices[t]);
        }
        return c;
    }

    /** Fills every entry with {@code value}. */
    public void fill(double value) {
        for (DMatrixRMaj s : slices) {
            Arrays.fill(s.data, 0, n * m, value);
        }
    }

    private void checkT(int t) {
        if (t < 0 || t >= slices.length) {
            throw new IndexOutOfBoundsException("t = " + t + " is outside 0.." + (slices.length - 1)
                    + " for a tensor of shape " + shapeString());
        }
    }

    private void checkIndex(int i, int j, int t) {
        if (i < 0 || i >= n || j < 0 || j >= m) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ", " + t + ") is outside a tensor of shape "
                    + shapeString());
        }
        checkT(t);
    }

    @Override
    public String toString() {
        return "Tensor3" + shapeString();
    }
}
