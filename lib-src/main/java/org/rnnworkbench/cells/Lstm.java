package org.rnnworkbench.cells;

import static org.rnnworkbench.cells.CellMath.affine;
import static org.rnnworkbench.cells.CellMath.leftCols;
import static org.rnnworkbench.cells.CellMath.multTransA;
import static org.rnnworkbench.cells.CellMath.multTransB;
import static org.rnnworkbench.cells.CellMath.oneMinusSquare;
import static org.rnnworkbench.cells.CellMath.plus;
import static org.rnnworkbench.cells.CellMath.rightCols;
import static org.rnnworkbench.cells.CellMath.sigmoidPrime;
import static org.rnnworkbench.cells.CellMath.stack;
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
 * The LSTM of the assignment, written plainly. Every gate acts on {@code concat = [aPrev; xt]}:
 * <pre>
 *   ft  = σ(Wf·concat + bf)         forget gate
 *   it  = σ(Wi·concat + bi)         update gate
 *   cct = tanh(Wc·concat + bc)      candidate
 *   cNext = ft ⊙ cPrev + it ⊙ cct
 *   ot  = σ(Wo·concat + bo)         output gate
 *   aNext = ot ⊙ tanh(cNext)
 *   yPred = softmax(Wy·aNext + by)
 * </pre>
 */
public final class Lstm {
    private Lstm() {}

    /** aNext, cNext (n_a, m) and yPred (n_y, m) from xt (n_x, m), aPrev and cPrev (n_a, m). */
    public static LstmCellResult lstmCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, DMatrixRMaj cPrev,
            LstmParameters p) {
        Checks.notNull("parameters", p);
        Shapes.notNull("xt", xt);
        Checks.inputRows("xt", xt.numRows, Shapes.of(xt), "Wf", p.Wf());
        Checks.hiddenRows("aPrev", aPrev, "Wf", p.Wf());
        Shapes.sameCols("aPrev", aPrev, "xt", xt);
        Shapes.sameShape("cPrev", cPrev, "aPrev", aPrev);

        DMatrixRMaj concat = stack(aPrev, xt);
        DMatrixRMaj ft = Ops.sigmoid(affine(p.Wf(), concat, p.bf()), new DMatrixRMaj(1, 1));
        DMatrixRMaj it = Ops.sigmoid(affine(p.Wi(), concat, p.bi()), new DMatrixRMaj(1, 1));
        DMatrixRMaj cct = Ops.tanh(affine(p.Wc(), concat, p.bc()), new DMatrixRMaj(1, 1));
        DMatrixRMaj cNext = plus(times(ft, cPrev), times(it, cct));
        DMatrixRMaj ot = Ops.sigmoid(affine(p.Wo(), concat, p.bo()), new DMatrixRMaj(1, 1));
        DMatrixRMaj aNext = times(ot, Ops.tanh(cNext, new DMatrixRMaj(1, 1)));
        DMatrixRMaj yPred = Ops.softmaxColumns(affine(p.Wy(), aNext, p.by()), new DMatrixRMaj(1, 1));

        LstmCache cache = new LstmCache(aNext, cNext, aPrev, cPrev, ft, it, cct, ot, xt, p);
        return new LstmCellResult(aNext, cNext, yPred, cache);
    }

    /** a, c (n_a, m, T_x) and y (n_y, m, T_x): the cell over x (n_x, m, T_x) from a0 (n_a, m) and c0 = 0. */
    public static LstmForwardResult lstmForward(Tensor3 x, DMatrixRMaj a0, LstmParameters p) {
        Checks.notNull("parameters", p);
        Shapes.notNull("x", x);
        Checks.inputRows("x", x.n(), Shapes.of(x), "Wf", p.Wf());
        Checks.hiddenRows("a0", a0, "Wf", p.Wf());
        Shapes.sameCols("a0", a0, "x", x);

        int T = x.T();
        Tensor3 a = new Tensor3(p.nA(), x.m(), T);
        Tensor3 c = new Tensor3(p.nA(), x.m(), T);
        Tensor3 y = new Tensor3(p.nY(), x.m(), T);
        List<LstmCache> caches = new ArrayList<>(T);
        DMatrixRMaj aNext = a0;
        DMatrixRMaj cNext = new DMatrixRMaj(a0.numRows, a0.numCols);
        for (int t = 0; t < T; t++) {
            LstmCellResult step = lstmCellForward(x.slice(t), aNext, cNext, p);
            aNext = step.aNext();
            cNext = step.cNext();
            a.slice(t).setTo(aNext);
            c.slice(t).setTo(cNext);
            y.slice(t).setTo(step.yPred());
            caches.add(step.cache());
        }
        return new LstmForwardResult(a, y, c, new LstmCaches(caches, x));
    }

    /**
     * Gradients of one step, given daNext = ∂L/∂aNext and dcNext = ∂L/∂cNext (n_a, m). The gate
     * matrices act on [aPrev; xt], so daPrev uses their first n_a columns and dxt the rest.
     */
    public static LstmCellGradients lstmCellBackward(DMatrixRMaj daNext, DMatrixRMaj dcNext, LstmCache cache) {
        Checks.notNull("cache", cache);
        Shapes.sameShape("daNext", daNext, "aNext", cache.aNext());
        Shapes.sameShape("dcNext", dcNext, "cNext", cache.cNext());

        LstmParameters p = cache.parameters();
        int nA = p.nA();
        DMatrixRMaj ft = cache.ft();
        DMatrixRMaj it = cache.it();
        DMatrixRMaj cct = cache.cct();
        DMatrixRMaj ot = cache.ot();
        DMatrixRMaj tanhC = Ops.tanh(cache.cNext(), new DMatrixRMaj(1, 1));

        // cNext reaches the loss directly (dcNext) and through aNext = ot ⊙ tanh(cNext).
        DMatrixRMaj dc = plus(dcNext, times(ot, oneMinusSquare(tanhC), daNext));
        DMatrixRMaj dot = times(daNext, tanhC, sigmoidPrime(ot));
        DMatrixRMaj dcct = times(dc, it, oneMinusSquare(cct));
        DMatrixRMaj dit = times(dc, cct, sigmoidPrime(it));
        DMatrixRMaj dft = times(dc, cache.cPrev(), sigmoidPrime(ft));

        DMatrixRMaj concat = stack(cache.aPrev(), cache.xt());
        DMatrixRMaj dWf = multTransB(dft, concat);
        DMatrixRMaj dWi = multTransB(dit, concat);
        DMatrixRMaj dWc = multTransB(dcct, concat);
        DMatrixRMaj dWo = multTransB(dot, concat);

        DMatrixRMaj daPrev = plus(plus(multTransA(leftCols(p.Wf(), nA), dft), multTransA(leftCols(p.Wi(), nA), dit)),
                plus(multTransA(leftCols(p.Wc(), nA), dcct), multTransA(leftCols(p.Wo(), nA), dot)));
        DMatrixRMaj dcPrev = times(dc, ft);
        DMatrixRMaj dxt = plus(plus(multTransA(rightCols(p.Wf(), nA), dft), multTransA(rightCols(p.Wi(), nA), dit)),
                plus(multTransA(rightCols(p.Wc(), nA), dcct), multTransA(rightCols(p.Wo(), nA), dot)));

        return new LstmCellGradients(dxt, daPrev, dcPrev, dWf, dWi, dWc, dWo, sumRows(dft), sumRows(dit),
                sumRows(dcct), sumRows(dot));
    }

    /**
     * Backpropagation through time, given da (n_a, m, T) = ∂L/∂a⟨t⟩ from outside the recurrence;
     * each step receives da⟨t⟩ + daPrev and dcPrev from the step after it (both zero at the end).
     * As in the assignment, T is taken from da: a shorter da runs over the first T caches only.
     */
    public static LstmGradients lstmBackward(Tensor3 da, LstmCaches caches) {
        Checks.notNull("caches", caches);
        Checks.someSteps("caches", caches.size());
        LstmCache first = caches.get(0);
        Checks.upstream(da, first.aNext(), caches.size());

        LstmParameters p = first.parameters();
        int nA = p.nA();
        int k = p.Wf().numCols;
        int m = da.m();
        int T = da.T();
        Tensor3 dx = new Tensor3(p.nX(), m, T);
        DMatrixRMaj dWf = new DMatrixRMaj(nA, k);
        DMatrixRMaj dWi = new DMatrixRMaj(nA, k);
        DMatrixRMaj dWc = new DMatrixRMaj(nA, k);
        DMatrixRMaj dWo = new DMatrixRMaj(nA, k);
        DMatrixRMaj dbf = new DMatrixRMaj(nA, 1);
        DMatrixRMaj dbi = new DMatrixRMaj(nA, 1);
        DMatrixRMaj dbc = new DMatrixRMaj(nA, 1);
        DMatrixRMaj dbo = new DMatrixRMaj(nA, 1);
        DMatrixRMaj daPrevt = new DMatrixRMaj(nA, m);
        DMatrixRMaj dcPrevt = new DMatrixRMaj(nA, m);
        for (int t = T - 1; t >= 0; t--) {
            LstmCellGradients g = lstmCellBackward(plus(da.slice(t), daPrevt), dcPrevt, caches.get(t));
            dx.slice(t).setTo(g.dxt());
            CommonOps_DDRM.addEquals(dWf, g.dWf());
            CommonOps_DDRM.addEquals(dWi, g.dWi());
            CommonOps_DDRM.addEquals(dWc, g.dWc());
            CommonOps_DDRM.addEquals(dWo, g.dWo());
            CommonOps_DDRM.addEquals(dbf, g.dbf());
            CommonOps_DDRM.addEquals(dbi, g.dbi());
            CommonOps_DDRM.addEquals(dbc, g.dbc());
            CommonOps_DDRM.addEquals(dbo, g.dbo());
            daPrevt = g.daPrev();
            dcPrevt = g.dcPrev();
        }
        return new LstmGradients(dx, daPrevt, dWf, dWi, dWc, dWo, dbf, dbi, dbc, dbo);
    }
}
