package org.rnnworkbench.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.Gru;
import org.rnnworkbench.cells.GruCellGradients;
import org.rnnworkbench.cells.GruCellResult;
import org.rnnworkbench.cells.GruForwardResult;
import org.rnnworkbench.cells.GruGradients;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.Lstm;
import org.rnnworkbench.cells.LstmCellGradients;
import org.rnnworkbench.cells.LstmCellResult;
import org.rnnworkbench.cells.LstmForwardResult;
import org.rnnworkbench.cells.LstmGradients;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.Rnn;
import org.rnnworkbench.cells.RnnCellGradients;
import org.rnnworkbench.cells.RnnCellResult;
import org.rnnworkbench.cells.RnnForwardResult;
import org.rnnworkbench.cells.RnnGradients;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * A central-difference gradient checker (fourth order) that works on any scalar function.
 *
 * <p>Call order: {@link #of(DoubleSupplier)} with the loss, then {@link #wrt} once per variable
 * (the live matrix the loss reads, and the analytic gradient of the loss with respect to it), then
 * {@link #run()}. Each entry of each variable is moved by ±ε and ±2ε in place, the loss is
 * evaluated four times and the entry is restored; the numerical gradient ĝ is compared with the analytic g by the
 * relative error ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) (0 when both are 0). The builder is immutable.
 *
 * <p>A backward pass takes an upstream gradient rather than a loss; the ready-made checks
 * ({@link #rnnCellBackward}, {@link #rnnBackward}, {@link #lstmCellBackward}, {@link #lstmBackward},
 * {@link #gruCellBackward}, {@link #gruBackward}) turn it into one with L = Σ output ⊙ R for a fixed
 * R, whose gradient with respect to the output is R itself, and check every input and parameter the
 * backward pass returns a gradient for. They work on copies: the caller's matrices are never touched.
 */
public final class GradientCheck {

    /**
     * Step of the fourth-order central difference
     * ĝ = (8·(L(x+ε) − L(x−ε)) − (L(x+2ε) − L(x−2ε))) / 12ε, whose truncation error is O(ε⁴) and
     * rounding error about 1e-16·Σ|terms of L|/ε. The two-point formula (L(x+ε) − L(x−ε)) / 2ε
     * needs ε ≈ 1e-5 to keep its O(ε²) truncation small, which leaves ~1e-11 of rounding noise per
     * entry: enough to push the relative error of a small gradient (a saturated gate, a sum that
     * cancels) above 1e-7. With four points ε = 1e-3 keeps both errors near 1e-13, and every
     * backward pass of the library checks below 1e-7, small gradients included.
     */
    public static final double DEFAULT_EPSILON = 1e-3;

    /** A variable passes when its relative error is below this. */
    public static final double DEFAULT_THRESHOLD = 1e-7;

    /**
     * The result for one variable. {@code gradientNorm} is ‖g‖ of the analytic gradient: when it is
     * near the rounding noise of the numerical derivatives (about 1e-16·Σ|terms of L|/ε per entry), the
     * relative error measures that noise rather than the gradient.
     */
    public record Entry(String parameter, String shape, double relativeError, double maxAbsDiff, boolean passed,
            double gradientNorm) {}

    /** The results of one check, one entry per variable in the order given. */
    public record Result(List<Entry> entries, double epsilon, double threshold) {

        public Result {
            entries = List.copyOf(entries);
        }

        /** True when every variable passed. */
        public boolean passed() {
            return entries.stream().allMatch(Entry::passed);
        }

        /** The largest relative error (NaN if any is NaN). */
        public double maxRelativeError() {
            double max = 0;
            for (Entry e : entries) {
                if (Double.isNaN(e.relativeError())) {
                    return Double.NaN;
                }
                max = Math.max(max, e.relativeError());
            }
            return max;
        }

        /** The entry of the variable called {@code name}. */
        public Entry entry(String name) {
            for (Entry e : entries) {
                if (e.parameter().equals(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("no variable called '" + name + "' in this check; the names are "
                    + entries.stream().map(Entry::parameter).toList());
        }

        /** A Tablesaw table: parameter, shape, relative error, max abs diff, passed. */
        public tech.tablesaw.api.Table toTable() {
            return GradientTable.of(this);
        }

        /** The table as fixed-width text. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("%-10s %-12s %14s %14s  %s%n", "parameter", "shape",
                    "relative error", "max abs diff", "passed"));
            for (Entry e : entries) {
                s.append(String.format("%-10s %-12s %14.3e %14.3e  %s%n", e.parameter(), e.shape(), e.relativeError(),
                        e.maxAbsDiff(), e.passed()));
            }
            return s.toString();
        }
    }

    /** One variable: its live storage (one or more matrices) and the analytic gradient, flattened alike. */
    private record Variable(String name, String shape, List<DMatrixRMaj> parts, double[] analytic) {}

    private final DoubleSupplier loss;
    private final List<Variable> variables;
    private final double epsilon;
    private final double threshold;

    private GradientCheck(DoubleSupplier loss, List<Variable> variables, double epsilon, double threshold) {
        this.loss = loss;
        this.variables = List.copyOf(variables);
        this.epsilon = epsilon;
        this.threshold = threshold;
    }

    /** A check of {@code loss}, a function of matrices that {@link #wrt} will name. */
    public static GradientCheck of(DoubleSupplier loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss is null");
        }
        return new GradientCheck(loss, List.of(), DEFAULT_EPSILON, DEFAULT_THRESHOLD);
    }

    /** Adds a matrix the loss reads (perturbed in place, then restored) and its analytic gradient. */
    public GradientCheck wrt(String name, DMatrixRMaj value, DMatrixRMaj gradient) {
        checkName(name);
        Shapes.sameShape("gradient of " + name, gradient, name, value);
        double[] g = Arrays.copyOf(gradient.data, gradient.getNumElements());
        return with(new Variable(name, Shapes.of(value), List.of(value), g));
    }

    /** Adds a tensor the loss reads (its live slices are perturbed, then restored) and its analytic gradient. */
    public GradientCheck wrt(String name, Tensor3 value, Tensor3 gradient) {
        checkName(name);
        Shapes.notNull(name, value);
        Shapes.notNull("gradient of " + name, gradient);
        if (!Arrays.equals(value.shape(), gradient.shape())) {
            throw new IllegalArgumentException("gradient of " + name + " is " + Shapes.of(gradient) + " but " + name
                    + " is " + Shapes.of(value) + "; they must match");
        }
        List<DMatrixRMaj> parts = new ArrayList<>();
        double[] g = new double[value.n() * value.m() * value.T()];
        int k = 0;
        for (int t = 0; t < value.T(); t++) {
            parts.add(value.slice(t));
            DMatrixRMaj gt = gradient.slice(t);
            System.arraycopy(gt.data, 0, g, k, gt.getNumElements());
            k += gt.getNumElements();
        }
        return with(new Variable(name, Shapes.of(value), parts, g));
    }

    /** The same check with another central-difference step. */
    public GradientCheck epsilon(double epsilon) {
        return new GradientCheck(loss, variables, Shapes.positive("epsilon", epsilon), threshold);
    }

    /** The same check with another pass threshold on the relative error. */
    public GradientCheck threshold(double threshold) {
        return new GradientCheck(loss, variables, epsilon, Shapes.positive("threshold", threshold));
    }

    /** Runs the check: four loss evaluations per entry of every variable. */
    public Result run() {
        if (variables.isEmpty()) {
            throw new IllegalStateException("nothing to check: add variables with wrt(name, value, gradient)");
        }
        List<Entry> entries = new ArrayList<>();
        for (Variable v : variables) {
            double[] numeric = numericGradient(v);
            entries.add(compare(v.name(), v.shape(), v.analytic(), numeric, threshold));
        }
        return new Result(entries, epsilon, threshold);
    }

    private double[] numericGradient(Variable v) {
        double[] numeric = new double[v.analytic().length];
        int k = 0;
        for (DMatrixRMaj part : v.parts()) {
            int n = part.getNumElements();
            for (int i = 0; i < n; i++) {
                double old = part.data[i];
                try {
                    part.data[i] = old + epsilon;
                    double plus1 = loss.getAsDouble();
                    part.data[i] = old - epsilon;
                    double minus1 = loss.getAsDouble();
                    part.data[i] = old + 2 * epsilon;
                    double plus2 = loss.getAsDouble();
                    part.data[i] = old - 2 * epsilon;
                    double minus2 = loss.getAsDouble();
                    numeric[k++] = (8 * (plus1 - minus1) - (plus2 - minus2)) / (12 * epsilon);
                } finally {
                    part.data[i] = old;
                }
            }
        }
        return numeric;
    }

    /** Relative error ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) (0 when both vanish) and the largest |g − ĝ|. */
    public static Entry compare(String name, String shape, double[] analytic, double[] numeric, double threshold) {
        if (analytic == null || numeric == null) {
            throw new IllegalArgumentException("analytic and numeric must not be null");
        }
        if (analytic.length != numeric.length) {
            throw new IllegalArgumentException("analytic has " + analytic.length + " values but numeric has "
                    + numeric.length);
        }
        double diff2 = 0;
        double a2 = 0;
        double n2 = 0;
        double maxAbs = 0;
        for (int i = 0; i < analytic.length; i++) {
            double d = analytic[i] - numeric[i];
            diff2 += d * d;
            a2 += analytic[i] * analytic[i];
            n2 += numeric[i] * numeric[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
            if (Double.isNaN(d)) {
                maxAbs = Double.NaN;
            }
        }
        double denominator = Math.sqrt(a2) + Math.sqrt(n2);
        double rel = denominator == 0 && diff2 == 0 ? 0 : Math.sqrt(diff2) / denominator;
        return new Entry(name, shape, rel, maxAbs, rel < threshold, Math.sqrt(a2));
    }

    // ---- the loss L = Σ output ⊙ R --------------------------------------------------------------

    /** Σ out ⊙ r over all entries: a scalar loss whose gradient with respect to {@code out} is {@code r}. */
    public static double weightedSum(DMatrixRMaj out, DMatrixRMaj r) {
        Shapes.sameShape("r", r, "out", out);
        Sum s = new Sum();
        s.addProducts(out, r);
        return s.value();
    }

    /** Σ over the first r.T() steps of out ⊙ r (a shorter r weighs only the first steps). */
    public static double weightedSum(Tensor3 out, Tensor3 r) {
        Shapes.notNull("out", out);
        Shapes.notNull("r", r);
        if (out.n() != r.n() || out.m() != r.m() || r.T() > out.T()) {
            throw new IllegalArgumentException("r is " + Shapes.of(r) + " but out is " + Shapes.of(out)
                    + "; r must be (" + out.n() + "," + out.m() + ",T) with T <= " + out.T());
        }
        Sum s = new Sum();
        for (int t = 0; t < r.T(); t++) {
            s.addProducts(out.slice(t), r.slice(t));
        }
        return s.value();
    }

    /**
     * Compensated (Neumaier) summation. A perturbation changes few terms of the loss; summed exactly,
     * the unchanged terms cancel between L(θ + ε) and L(θ − ε) instead of adding rounding noise of
     * order |L|·1e-16/ε to every numerical derivative.
     */
    private static final class Sum {
        private double sum;
        private double compensation;

        void addProducts(DMatrixRMaj a, DMatrixRMaj b) {
            int n = a.getNumElements();
            for (int i = 0; i < n; i++) {
                add(a.data[i] * b.data[i]);
            }
        }

        void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                compensation += (sum - t) + v;
            } else {
                compensation += (v - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }

    /** A (rows, cols) matrix of standard normal values from {@code rng}. */
    public static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng is null");
        }
        DMatrixRMaj m = new DMatrixRMaj(Shapes.positive("rows", rows), Shapes.positive("cols", cols));
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    /** An (n, m, T) tensor of standard normal values from {@code rng}. */
    public static Tensor3 gaussian(int n, int m, int T, SplittableRandom rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng is null");
        }
        Tensor3 x = new Tensor3(n, m, T);
        for (int t = 0; t < T; t++) {
            DMatrixRMaj s = x.slice(t);
            for (int i = 0; i < s.getNumElements(); i++) {
                s.data[i] = rng.nextGaussian();
            }
        }
        return x;
    }

    // ---- ready-made checks of the backward passes ----------------------------------------------

    /** Checks {@link Rnn#rnnCellBackward} (dxt, daPrev, dWax, dWaa, dba) with an upstream R drawn from {@code seed}. */
    public static Result rnnCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters p, long seed) {
        DMatrixRMaj aNext = Rnn.rnnCellForward(xt, aPrev, p).aNext();
        return rnnCellBackward(xt, aPrev, p, gaussian(aNext.numRows, aNext.numCols, new SplittableRandom(seed)));
    }

    /** Checks {@link Rnn#rnnCellBackward} with L = Σ aNext ⊙ daNext. */
    public static Result rnnCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters p, DMatrixRMaj daNext) {
        RnnCellResult checked = Rnn.rnnCellForward(xt, aPrev, p);
        Shapes.sameShape("daNext", daNext, "aNext", checked.aNext());
        DMatrixRMaj x = xt.copy();
        DMatrixRMaj a = aPrev.copy();
        RnnParameters q = p.copy();
        DMatrixRMaj r = daNext.copy();
        RnnCellGradients g = Rnn.rnnCellBackward(r, Rnn.rnnCellForward(x, a, q).cache());
        return of(() -> weightedSum(Rnn.rnnCellForward(x, a, q).aNext(), r))
                .wrt("xt", x, g.dxt())
                .wrt("aPrev", a, g.daPrev())
                .wrt("Wax", q.Wax(), g.dWax())
                .wrt("Waa", q.Waa(), g.dWaa())
                .wrt("ba", q.ba(), g.dba())
                .run();
    }

    /** Checks {@link Rnn#rnnBackward} (dx, da0, dWax, dWaa, dba) with an upstream R drawn from {@code seed}. */
    public static Result rnnBackward(Tensor3 x, DMatrixRMaj a0, RnnParameters p, long seed) {
        Tensor3 a = Rnn.rnnForward(x, a0, p).a();
        return rnnBackward(x, a0, p, gaussian(a.n(), a.m(), a.T(), new SplittableRandom(seed)));
    }

    /** Checks {@link Rnn#rnnBackward} with L = Σ_t a⟨t⟩ ⊙ da⟨t⟩ (da may cover only the first steps). */
    public static Result rnnBackward(Tensor3 x, DMatrixRMaj a0, RnnParameters p, Tensor3 da) {
        RnnForwardResult checked = Rnn.rnnForward(x, a0, p);
        Rnn.rnnBackward(da, checked.caches());
        Tensor3 xc = x.copy();
        DMatrixRMaj a0c = a0.copy();
        RnnParameters q = p.copy();
        Tensor3 r = da.copy();
        RnnGradients g = Rnn.rnnBackward(r, Rnn.rnnForward(xc, a0c, q).caches());
        return of(() -> weightedSum(Rnn.rnnForward(xc, a0c, q).a(), r))
                .wrt("x", xc, padTime(g.dx(), xc.T()))
                .wrt("a0", a0c, g.da0())
                .wrt("Wax", q.Wax(), g.dWax())
                .wrt("Waa", q.Waa(), g.dWaa())
                .wrt("ba", q.ba(), g.dba())
                .run();
    }

    /** Checks {@link Lstm#lstmCellBackward} with upstream Ra, Rc drawn from {@code seed}. */
    public static Result lstmCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, DMatrixRMaj cPrev, LstmParameters p,
            long seed) {
        DMatrixRMaj aNext = Lstm.lstmCellForward(xt, aPrev, cPrev, p).aNext();
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj ra = gaussian(aNext.numRows, aNext.numCols, rng);
        DMatrixRMaj rc = gaussian(aNext.numRows, aNext.numCols, rng);
        return lstmCellBackward(xt, aPrev, cPrev, p, ra, rc);
    }

    /** Checks {@link Lstm#lstmCellBackward} with L = Σ aNext ⊙ daNext + Σ cNext ⊙ dcNext. */
    public static Result lstmCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, DMatrixRMaj cPrev, LstmParameters p,
            DMatrixRMaj daNext, DMatrixRMaj dcNext) {
        LstmCellResult checked = Lstm.lstmCellForward(xt, aPrev, cPrev, p);
        Shapes.sameShape("daNext", daNext, "aNext", checked.aNext());
        Shapes.sameShape("dcNext", dcNext, "cNext", checked.cNext());
        DMatrixRMaj x = xt.copy();
        DMatrixRMaj a = aPrev.copy();
        DMatrixRMaj c = cPrev.copy();
        LstmParameters q = p.copy();
        DMatrixRMaj ra = daNext.copy();
        DMatrixRMaj rc = dcNext.copy();
        LstmCellGradients g = Lstm.lstmCellBackward(ra, rc, Lstm.lstmCellForward(x, a, c, q).cache());
        return of(() -> {
            LstmCellResult f = Lstm.lstmCellForward(x, a, c, q);
            return weightedSum(f.aNext(), ra) + weightedSum(f.cNext(), rc);
        })
                .wrt("xt", x, g.dxt())
                .wrt("aPrev", a, g.daPrev())
                .wrt("cPrev", c, g.dcPrev())
                .wrt("Wf", q.Wf(), g.dWf())
                .wrt("Wi", q.Wi(), g.dWi())
                .wrt("Wc", q.Wc(), g.dWc())
                .wrt("Wo", q.Wo(), g.dWo())
                .wrt("bf", q.bf(), g.dbf())
                .wrt("bi", q.bi(), g.dbi())
                .wrt("bc", q.bc(), g.dbc())
                .wrt("bo", q.bo(), g.dbo())
                .run();
    }

    /** Checks {@link Lstm#lstmBackward} with an upstream R drawn from {@code seed}. */
    public static Result lstmBackward(Tensor3 x, DMatrixRMaj a0, LstmParameters p, long seed) {
        Tensor3 a = Lstm.lstmForward(x, a0, p).a();
        return lstmBackward(x, a0, p, gaussian(a.n(), a.m(), a.T(), new SplittableRandom(seed)));
    }

    /** Checks {@link Lstm#lstmBackward} with L = Σ_t a⟨t⟩ ⊙ da⟨t⟩ (da may cover only the first steps). */
    public static Result lstmBackward(Tensor3 x, DMatrixRMaj a0, LstmParameters p, Tensor3 da) {
        LstmForwardResult checked = Lstm.lstmForward(x, a0, p);
        Lstm.lstmBackward(da, checked.caches());
        Tensor3 xc = x.copy();
        DMatrixRMaj a0c = a0.copy();
        LstmParameters q = p.copy();
        Tensor3 r = da.copy();
        LstmGradients g = Lstm.lstmBackward(r, Lstm.lstmForward(xc, a0c, q).caches());
        return of(() -> weightedSum(Lstm.lstmForward(xc, a0c, q).a(), r))
                .wrt("x", xc, padTime(g.dx(), xc.T()))
                .wrt("a0", a0c, g.da0())
                .wrt("Wf", q.Wf(), g.dWf())
                .wrt("Wi", q.Wi(), g.dWi())
                .wrt("Wc", q.Wc(), g.dWc())
                .wrt("Wo", q.Wo(), g.dWo())
                .wrt("bf", q.bf(), g.dbf())
                .wrt("bi", q.bi(), g.dbi())
                .wrt("bc", q.bc(), g.dbc())
                .wrt("bo", q.bo(), g.dbo())
                .run();
    }

    /** Checks {@link Gru#gruCellBackward} (dxt, daPrev, dWz, dWr, dWh) with an upstream R drawn from {@code seed}. */
    public static Result gruCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p, long seed) {
        DMatrixRMaj aNext = Gru.gruCellForward(xt, aPrev, p).aNext();
        return gruCellBackward(xt, aPrev, p, gaussian(aNext.numRows, aNext.numCols, new SplittableRandom(seed)));
    }

    /** Checks {@link Gru#gruCellBackward} with L = Σ aNext ⊙ daNext. */
    public static Result gruCellBackward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p, DMatrixRMaj daNext) {
        GruCellResult checked = Gru.gruCellForward(xt, aPrev, p);
        Shapes.sameShape("daNext", daNext, "aNext", checked.aNext());
        DMatrixRMaj x = xt.copy();
        DMatrixRMaj a = aPrev.copy();
        GruParameters q = p.copy();
        DMatrixRMaj r = daNext.copy();
        GruCellGradients g = Gru.gruCellBackward(r, Gru.gruCellForward(x, a, q).cache());
        return of(() -> weightedSum(Gru.gruCellForward(x, a, q).aNext(), r))
                .wrt("xt", x, g.dxt())
                .wrt("aPrev", a, g.daPrev())
                .wrt("Wz", q.Wz(), g.dWz())
                .wrt("Wr", q.Wr(), g.dWr())
                .wrt("Wh", q.Wh(), g.dWh())
                .run();
    }

    /** Checks {@link Gru#gruBackward} (dx, da0, dWz, dWr, dWh) with an upstream R drawn from {@code seed}. */
    public static Result gruBackward(Tensor3 x, DMatrixRMaj a0, GruParameters p, long seed) {
        Tensor3 a = Gru.gruForward(x, a0, p).a();
        return gruBackward(x, a0, p, gaussian(a.n(), a.m(), a.T(), new SplittableRandom(seed)));
    }

    /** Checks {@link Gru#gruBackward} with L = Σ_t a⟨t⟩ ⊙ da⟨t⟩ (da may cover only the first steps). */
    public static Result gruBackward(Tensor3 x, DMatrixRMaj a0, GruParameters p, Tensor3 da) {
        GruForwardResult checked = Gru.gruForward(x, a0, p);
        Gru.gruBackward(da, checked.caches());
        Tensor3 xc = x.copy();
        DMatrixRMaj a0c = a0.copy();
        GruParameters q = p.copy();
        Tensor3 r = da.copy();
        GruGradients g = Gru.gruBackward(r, Gru.gruForward(xc, a0c, q).caches());
        return of(() -> weightedSum(Gru.gruForward(xc, a0c, q).a(), r))
                .wrt("x", xc, padTime(g.dx(), xc.T()))
                .wrt("a0", a0c, g.da0())
                .wrt("Wz", q.Wz(), g.dWz())
                .wrt("Wr", q.Wr(), g.dWr())
                .wrt("Wh", q.Wh(), g.dWh())
                .run();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private GradientCheck with(Variable v) {
        for (Variable w : variables) {
            if (w.name().equals(v.name())) {
                throw new IllegalArgumentException("variable '" + v.name() + "' is already in this check");
            }
        }
        List<Variable> vs = new ArrayList<>(variables);
        vs.add(v);
        return new GradientCheck(loss, vs, epsilon, threshold);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a variable needs a name");
        }
    }

    /**
     * dx over all T steps of x: a backward pass over the first steps only leaves the later ones out,
     * and the loss does not depend on them, so their gradient is zero.
     */
    private static Tensor3 padTime(Tensor3 dx, int T) {
        if (dx.T() == T) {
            return dx;
        }
        Tensor3 full = new Tensor3(dx.n(), dx.m(), T);
        for (int t = 0; t < dx.T(); t++) {
            full.slice(t).setTo(dx.slice(t));
        }
        return full;
    }
}
