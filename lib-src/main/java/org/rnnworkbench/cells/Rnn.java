package org.rnnworkbench.cells;

import static org.rnnworkbench.cells.CellMath.affine;
import static org.rnnworkbench.cells.CellMath.mult;
import static org.rnnworkbench.cells.CellMath.multTransA;
import static org.rnnworkbench.cells.CellMath.multTransB;
import static org.rnnworkbench.cells.CellMath.oneMinusSquare;
import static org.rnnworkbench.cells.CellMath.plus;
import static org.rnnworkbench.cells.CellMath.sumRows;
import static org.rnnworkbench.cells.CellMath.times;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.tensor.Ops;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The vanilla RNN of the assignment, written plainly (it allocates; the training loop has its own
 * fast version). Shapes: {@code xt (n_x, m)}, {@code aPrev (n_a, m)}, sequences {@code (n, m, T_x)}.
 * <pre>
 *   aNext = tanh(Waa·aPrev + Wax·xt + ba)
 *   yPred = softmax(Wya·aNext + by)
 * </pre>
 */
public final class Rnn {
    private Rnn() {}

    /** aNext (n_a, m) = tanh(Waa·aPrev + Wax·xt + ba), yPred (n_y, m) = softmax(Wya·aNext + by). */
    public static RnnCellResult rnnCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters p) {
        Checks.notNull("parameters", p);
        Shapes.multipliable("Wax", p.Wax(), "xt", xt);
        Shapes.multipliable("Waa", p.Waa(), "aPrev", aPrev);
        Shapes.sameCols("aPrev", aPrev, "xt", xt);

        DMatrixRMaj aNext = plus(mult(p.Waa(), aPrev), mult(p.Wax(), xt));
        Ops.addColumn(aNext, p.ba(), aNext);
        Ops.tanh(aNext, aNext);
        DMatrixRMaj yPred = affine(p.Wya(), aNext, p.by());
        Ops.softmaxColumns(yPred, yPred);
        return new RnnCellResult(aNext, yPred, new RnnCache(aNext, aPrev, xt, p));
    }

    /** a (n_a, m, T_x) and yPred (n_y, m, T_x): the cell applied to x[:, :, t] for t = 0, 1, ..., from a0 (n_a, m). */
    public static RnnForwardResult rnnForward(Tensor3 x, DMatrixRMaj a0, RnnParameters p) {
        Checks.notNull("parameters", p);
        Shapes.multipliable("Wax", p.Wax(), "x", x);
        Shapes.multipliable("Waa", p.Waa(), "a0", a0);
        Shapes.sameCols("a0", a0, "x", x);

        int T = x.T();
        Tensor3 a = new Tensor3(p.nA(), x.m(), T);
        Tensor3 yPred = new Tensor3(p.nY(), x.m(), T);
        List<RnnCache> caches = new ArrayList<>(T);
        DMatrixRMaj aNext = a0;
        for (int t = 0; t < T; t++) {
            RnnCellResult step = rnnCellForward(x.slice(t), aNext, p);
            aNext = step.aNext();
            a.slice(t).setTo(aNext);
            yPred.slice(t).setTo(step.yPred());
            caches.add(step.cache());
        }
        return new RnnForwardResult(a, yPred, new RnnCaches(caches, x));
    }

    /**
     * Gradients of one step, given daNext (n_a, m) = ∂L/∂aNext: with dtanh = (1 − aNext²) ⊙ daNext,
     * dxt = Waxᵀ·dtanh, daPrev = Waaᵀ·dtanh, dWax = dtanh·xtᵀ, dWaa = dtanh·aPrevᵀ, dba = Σ_columns dtanh.
     */
    public static RnnCellGradients rnnCellBackward(DMatrixRMaj daNext, RnnCache cache) {
        Checks.notNull("cache", cache);
        Shapes.sameShape("daNext", daNext, "aNext", cache.aNext());

        RnnParameters p = cache.parameters();
        DMatrixRMaj dtanh = times(oneMinusSquare(cache.aNext()), daNext);
        DMatrixRMaj dxt = multTransA(p.Wax(), dtanh);
        DMatrixRMaj dWax = multTransB(dtanh, cache.xt());
        DMatrixRMaj daPrev = multTransA(p.Waa(), dtanh);
        DMatrixRMaj dWaa = multTransB(dtanh, cache.aPrev());
        DMatrixRMaj dba = sumRows(dtanh);
        return new RnnCellGradients(dxt, daPrev, dWax, dWaa, dba);
    }

    /**
     * Backpropagation through time, given da (n_a, m, T) = ∂L/∂a⟨t⟩ from outside the recurrence.
     * As in the assignment, T is taken from da, so a shorter da runs over the first T caches only.
     * Returns dx (n_x, m, T), da0 (n_a, m) and the summed dWax, dWaa, dba.
     */
    public static RnnGradients rnnBackward(Tensor3 da, RnnCaches caches) {
        Checks.notNull("caches", caches);
        Checks.someSteps("caches", caches.size());
        RnnCache first = caches.get(0);
        Checks.upstream(da, first.aNext(), caches.size());

        RnnParameters p = first.parameters();
        int m = da.m();
        int T = da.T();
        Tensor3 dx = new Tensor3(p.nX(), m, T);
        DMatrixRMaj dWax = new DMatrixRMaj(p.nA(), p.nX());
        DMatrixRMaj dWaa = new DMatrixRMaj(p.nA(), p.nA());
        DMatrixRMaj dba = new DMatrixRMaj(p.nA(), 1);
        DMatrixRMaj daPrevt = new DMatrixRMaj(p.nA(), m);
        for (int t = T - 1; t >= 0; t--) {
            RnnCellGradients g = rnnCellBackward(plus(da.slice(t), daPrevt), caches.get(t));
            dx.slice(t).setTo(g.dxt());
            CommonOps_DDRM.addEquals(dWax, g.dWax());
            CommonOps_DDRM.addEquals(dWaa, g.dWaa());
            CommonOps_DDRM.addEquals(dba, g.dba());
            daPrevt = g.daPrev();
        }
        return new RnnGradients(dx, daPrevt, dWax, dWaa, dba);
    }
}
