package org.rnnworkbench.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnCache;
import org.rnnworkbench.cells.RnnCellGradients;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Assertions for graded test cells. Each one compares a student's result with the reference on the
 * assignment's inputs and, when they disagree, throws an {@link AssertionError} whose message names
 * the part, the entry, the expected and the actual value and the tolerance, e.g.
 * <pre>
 *   rnn_cell_forward a_next is wrong at [4][1]: expected 0.9999, got 0.5123 (difference 4.88e-01,
 *   tolerance 1.00e-07); 12 of 50 entries are off, the largest by 1.31e+00 at [2][7]
 * </pre>
 * That message is what the notebook shows and what nbgrader's feedback shows. Nothing here writes to
 * stderr: nbgrader gives 0 points to a test cell with any stderr output.
 *
 * <p>Numbers agree when {@code |got − expected| ≤ tol·max(1, |expected|)}: the tolerance is absolute
 * for values below 1 and relative above, so one tolerance suits probabilities and losses alike.
 * NaN or an infinity never agrees with a finite expected value.
 *
 * <p>The first argument, {@code what}, names the part and the value ({@code "rnn_cell_forward a_next"}).
 * A wrong call by the test's author (a null expected value, a blank name, a tolerance that is not
 * positive) throws {@link IllegalArgumentException}; only the student's result causes an AssertionError.
 */
public final class Check {
    private Check() {}

    /** The student's backward pass of one RNN cell, as the assignment writes it: gradients from daNext and the cache. */
    @FunctionalInterface
    public interface RnnCellBackward {
        /** dxt, daPrev, dWax, dWaa, dba given daNext (n_a, m) and the forward step's cache. */
        RnnCellGradients apply(DMatrixRMaj daNext, RnnCache cache);
    }

    /** Fails unless the scalar {@code actual} agrees with {@code expected} to {@code tol}. */
    public static void close(String what, double actual, double expected, double tol) {
        checkName(what);
        checkTolerance(tol);
        if (!agrees(actual, expected, tol)) {
            throw new AssertionError(what + " is wrong: expected " + expected + ", got " + actual + " (difference "
                    + num(Math.abs(actual - expected)) + ", tolerance " + num(tol) + ")");
        }
    }

    /** Fails unless {@code actual} has the shape of {@code expected} (n, m) and every entry agrees to {@code tol}. */
    public static void close(String what, DMatrixRMaj actual, DMatrixRMaj expected, double tol) {
        checkName(what);
        checkTolerance(tol);
        Shapes.notNull("expected", expected);
        shape(what, actual, expected.numRows, expected.numCols);
        compare(what, actual.data, expected.data, tol, i -> "[" + i / expected.numCols + "][" + i % expected.numCols + "]");
    }

    /** Fails unless {@code actual} has the shape of {@code expected} (n, m, T) and every entry agrees to {@code tol}. */
    public static void close(String what, Tensor3 actual, Tensor3 expected, double tol) {
        checkName(what);
        checkTolerance(tol);
        Shapes.notNull("expected", expected);
        shape(what, actual, expected.n(), expected.m(), expected.T());
        int m = expected.m();
        int T = expected.T();
        // C order (last index fastest), so the entry [i][j][t] reads as in NumPy.
        compare(what, actual.toCOrder(), expected.toCOrder(), tol,
                k -> "[" + k / (m * T) + "][" + (k / T) % m + "][" + k % T + "]");
    }

    /**
     * Fails unless {@code actual} holds every name of {@code expected} with a matrix that agrees to
     * {@code tol}, e.g. gradients as {@code get(...).asMap()}; names only in {@code actual} are ignored.
     */
    public static void close(String what, Map<String, DMatrixRMaj> actual, Map<String, DMatrixRMaj> expected,
            double tol) {
        checkName(what);
        checkTolerance(tol);
        if (expected == null) {
            throw new IllegalArgumentException("expected is null");
        }
        if (actual == null) {
            throw new AssertionError(what + " is null: expected " + expected.keySet());
        }
        for (Map.Entry<String, DMatrixRMaj> e : expected.entrySet()) {
            if (!actual.containsKey(e.getKey())) {
                throw new AssertionError(what + " has no " + e.getKey() + ": expected " + expected.keySet() + ", got "
                        + actual.keySet());
            }
            close(what + " " + e.getKey(), actual.get(e.getKey()), e.getValue(), tol);
        }
    }

    /** Fails unless {@code actual} is a (rows, cols) matrix. */
    public static void shape(String what, DMatrixRMaj actual, int rows, int cols) {
        checkName(what);
        String want = "(" + rows + "," + cols + ")";
        if (actual == null) {
            throw new AssertionError(what + " is null: expected a " + want + " matrix");
        }
        if (actual.numRows != rows || actual.numCols != cols) {
            throw new AssertionError(what + " has the wrong shape: expected " + want + ", got " + Shapes.of(actual));
        }
    }

    /** Fails unless {@code actual} is an (n, m, T) tensor. */
    public static void shape(String what, Tensor3 actual, int n, int m, int T) {
        checkName(what);
        String want = "(" + n + "," + m + "," + T + ")";
        if (actual == null) {
            throw new AssertionError(what + " is null: expected a " + want + " tensor");
        }
        if (actual.n() != n || actual.m() != m || actual.T() != T) {
            throw new AssertionError(what + " has the wrong shape: expected " + want + ", got " + Shapes.of(actual));
        }
    }

    /** Fails unless the discrete results are identical (sampled indices, argmax positions). */
    public static void equal(String what, int[] actual, int[] expected) {
        checkName(what);
        if (expected == null) {
            throw new IllegalArgumentException("expected is null");
        }
        if (actual == null) {
            throw new AssertionError(what + " is null: expected " + expected.length + " values");
        }
        int first = -1;
        for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
            if (actual[i] != expected[i]) {
                first = i;
                break;
            }
        }
        String difference = first < 0 ? ""
                : "at position " + first + ": expected " + expected[first] + ", got " + actual[first];
        if (actual.length != expected.length) {
            throw new AssertionError(what + " has the wrong length: expected " + expected.length + " values, got "
                    + actual.length + (first < 0 ? "" : "; the first difference is " + difference));
        }
        if (first >= 0) {
            throw new AssertionError(what + " is wrong " + difference);
        }
    }

    /** Fails unless the integers are equal (a count, an index, a length). */
    public static void equal(String what, long actual, long expected) {
        checkName(what);
        if (actual != expected) {
            throw new AssertionError(what + " is wrong: expected " + expected + ", got " + actual);
        }
    }

    /** Fails unless {@code actual} equals {@code expected} (a string, a list of names). */
    public static void equal(String what, Object actual, Object expected) {
        checkName(what);
        if (!Objects.equals(actual, expected)) {
            throw new AssertionError(what + " is wrong: expected " + quote(expected) + ", got " + quote(actual));
        }
    }

    /** Fails with "{@code what}: {@code explanation}" unless {@code condition} holds. */
    public static void that(String what, boolean condition, String explanation) {
        checkName(what);
        if (!condition) {
            throw new AssertionError(what + ": " + explanation);
        }
    }

    /**
     * Runs a gradient check and fails unless every variable passed, naming the ones that did not with
     * their relative errors. Build the check on the student's functions with
     * {@link GradientCheck#of}{@code (loss).wrt(name, value, gradient)}.
     */
    public static GradientCheck.Result gradient(String what, GradientCheck check) {
        checkName(what);
        if (check == null) {
            throw new IllegalArgumentException("check is null");
        }
        GradientCheck.Result r = check.run();
        if (!r.passed()) {
            List<String> failed = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            for (GradientCheck.Entry e : r.entries()) {
                if (e.passed()) {
                    passed.add(e.parameter());
                } else {
                    failed.add(e.parameter() + " (relative error " + num(e.relativeError()) + ")");
                }
            }
            throw new AssertionError(what + ": the gradient check failed for " + String.join(", ", failed)
                    + " (threshold " + num(r.threshold()) + ")"
                    + (passed.isEmpty() ? "" : "; passed: " + String.join(", ", passed)));
        }
        return r;
    }

    /**
     * Gradient-checks a student's RNN cell backward pass: with R (n_a, m) drawn from {@code seed} and
     * L = Σ aNext ⊙ R computed by the reference forward pass, {@code backward(R, cache)} must return
     * dxt, daPrev, dWax, dWaa, dba matching the numerical derivatives of L. The student's function
     * gets the reference cache, so a wrong forward pass does not fail this check; it works on copies,
     * so the caller's matrices are never touched.
     */
    public static GradientCheck.Result gradient(String what, RnnCellBackward backward, DMatrixRMaj xt,
            DMatrixRMaj aPrev, RnnParameters p, long seed) {
        checkName(what);
        if (backward == null) {
            throw new IllegalArgumentException("backward is null");
        }
        if (p == null) {
            throw new IllegalArgumentException("parameters is null");
        }
        DMatrixRMaj aNext = Rnn.rnnCellForward(xt, aPrev, p).aNext();
        DMatrixRMaj r = GradientCheck.gaussian(aNext.numRows, aNext.numCols, new SplittableRandom(seed));

        // The student's function gets its own copies: whatever it modifies, the loss below is unchanged.
        RnnCellGradients g = backward.apply(r.copy(), Rnn.rnnCellForward(xt.copy(), aPrev.copy(), p.copy()).cache());
        if (g == null) {
            throw new AssertionError(what + " returned null: expected the gradients dxt, daPrev, dWax, dWaa, dba");
        }
        shape(what + " dxt", g.dxt(), xt.numRows, xt.numCols);
        shape(what + " daPrev", g.daPrev(), aPrev.numRows, aPrev.numCols);
        shape(what + " dWax", g.dWax(), p.Wax().numRows, p.Wax().numCols);
        shape(what + " dWaa", g.dWaa(), p.Waa().numRows, p.Waa().numCols);
        shape(what + " dba", g.dba(), p.ba().numRows, p.ba().numCols);

        DMatrixRMaj x = xt.copy();
        DMatrixRMaj a = aPrev.copy();
        RnnParameters q = p.copy();
        return gradient(what, GradientCheck.of(() -> GradientCheck.weightedSum(Rnn.rnnCellForward(x, a, q).aNext(), r))
                .wrt("dxt", x, g.dxt())
                .wrt("daPrev", a, g.daPrev())
                .wrt("dWax", q.Wax(), g.dWax())
                .wrt("dWaa", q.Waa(), g.dWaa())
                .wrt("dba", q.ba(), g.dba()));
    }

    /**
     * Ends a test cell: prints "✔ {@code part}: all checks passed". A void call, so the cell has no
     * value, which nbgrader would otherwise read as partial credit if it were a number.
     */
    public static void passed(String part) {
        checkName(part);
        System.out.println("\u2714 " + part + ": all checks passed");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static void compare(String what, double[] actual, double[] expected, double tol, Compare.Position position) {
        Compare.values(what, actual, expected, tol, position);
    }

    private static boolean agrees(double actual, double expected, double tol) {
        return Compare.agrees(actual, expected, tol);
    }

    private static String num(double x) {
        return Compare.num(x);
    }

    private static String quote(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }

    private static void checkName(String what) {
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("a check needs a name saying which part and value it checks");
        }
    }

    private static void checkTolerance(double tol) {
        if (!(tol > 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tolerance must be positive and finite but was " + tol);
        }
    }
}
