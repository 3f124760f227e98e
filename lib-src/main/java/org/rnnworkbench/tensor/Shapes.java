package org.rnnworkbench.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Argument checks shared by every public function. Each check runs before any arithmetic and
 * throws {@link IllegalArgumentException} naming the arguments and their shapes, e.g.
 * {@code Wax is (5,4) but xt has 3 rows}.
 */
public final class Shapes {
    private Shapes() {}

    /** "(rows,cols)", the way NumPy prints a 2-D shape. */
    public static String of(DMatrixRMaj m) {
        return "(" + m.numRows + "," + m.numCols + ")";
    }

    /** Fails unless {@code m} is not null. */
    public static DMatrixRMaj notNull(String name, DMatrixRMaj m) {
        if (m == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return m;
    }

    /** Fails unless {@code m} has exactly the given shape. */
    public static void require(String name, DMatrixRMaj m, int rows, int cols) {
        notNull(name, m);
        if (m.numRows != rows || m.numCols != cols) {
            throw new IllegalArgumentException(
                    name + " is " + of(m) + " but must be (" + rows + "," + cols + ")");
        }
    }

    /** Fails unless {@code m} has the same shape as {@code ref}. */
    public static void sameShape(String name, DMatrixRMaj m, String refName, DMatrixRMaj ref) {
        notNull(name, m);
        notNull(refName, ref);
        if (m.numRows != ref.numRows || m.numCols != ref.numCols) {
            throw new IllegalArgumentException(
                    name + " is " + of(m) + " but " + refName + " is " + of(ref) + "; they must match");
        }
    }

    /** Fails unless {@code w} has as many columns as {@code x} has rows (so {@code w·x} is defined). */
    public static void multipliable(String wName, DMatrixRMaj w, String xName, DMatrixRMaj x) {
        notNull(wName, w);
        notNull(xName, x);
        if (w.numCols != x.numRows) {
            throw new IllegalArgumentException(wName + " is " + of(w) + " but " + xName + " has "
                    + x.numRows + " rows");
        }
    }

    /** Fails unless {@code a} and {@code b} have the same number of rows. */
    public static void sameRows(String aName, DMatrixRMaj a, String bName, DMatrixRMaj b) {
        notNull(aName, a);
        notNull(bName, b);
        if (a.numRows != b.numRows) {
            throw new IllegalArgumentException(aName + " is " + of(a) + " but " + bName + " is "
                    + of(b) + "; they must have the same number of rows");
        }
    }

    /** Fails unless {@code a} and {@code b} have the same number of columns (examples). */
    public static void sameCols(String aName, DMatrixRMaj a, String bName, DMatrixRMaj b) {
        notNull(aName, a);
        notNull(bName, b);
        if (a.numCols != b.numCols) {
            throw new IllegalArgumentException(aName + " is " + of(a) + " but " + bName + " is "
                    + of(b) + "; they must have the same number of columns");
        }
    }

    /** "(n,m,T)", in the same style as {@link #of(DMatrixRMaj)}. */
    public static String of(Tensor3 x) {
        return "(" + x.n() + "," + x.m() + "," + x.T() + ")";
    }

    /** Fails unless {@code x} is not null. */
    public static Tensor3 notNull(String name, Tensor3 x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return x;
    }

    /** Fails unless {@code w} has as many columns as each time slice of {@code x} has rows. */
    public static void multipliable(String wName, DMatrixRMaj w, String xName, Tensor3 x) {
        notNull(wName, w);
        notNull(xName, x);
        if (w.numCols != x.n()) {
            throw new IllegalArgumentException(wName + " is " + of(w) + " but " + xName + " is " + of(x)
                    + "; " + xName + " must have " + w.numCols + " rows");
        }
    }

    /** Fails unless {@code a} has one column per example of {@code x} (x is (n, m, T), a is (., m)). */
    public static void sameCols(String aName, DMatrixRMaj a, String xName, Tensor3 x) {
        notNull(aName, a);
        notNull(xName, x);
        if (a.numCols != x.m()) {
            throw new IllegalArgumentException(aName + " is " + of(a) + " but " + xName + " is " + of(x)
                    + "; they must have the same number of columns (examples m)");
        }
    }

    /** Fails unless {@code value > 0}. */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
        return value;
    }

    /** Fails unless {@code value} is finite and {@code > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number but was " + value);
        }
        return value;
    }
}
