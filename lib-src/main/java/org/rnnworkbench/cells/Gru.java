package org.rnnworkbench.cells;

import static org.rnnworkbench.cells.CellMath.leftCols;
import static org.rnnworkbench.cells.CellMath.minus;
import static org.rnnworkbench.cells.CellMath.mult;
import static org.rnnworkbench.cells.CellMath.multTransA;
import static org.rnnworkbench.cells.CellMath.multTransB;
import static org.rnnworkbench.cells.CellMath.oneMinus;
import static org.rnnworkbench.cells.CellMath.oneMinusSquare;
import static org.rnnworkbench.cells.CellMath.plus;
import static org.rnnworkbench.cells.CellMath.rightCols;
import static org.rnnworkbench.cells.CellMath.sigmoidPrime;
import static org.rnnworkbench.cells.CellMath.stack;
import static org.rnnworkbench.cells.CellMath.times;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.tensor.Ops;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The assignment's GRU cell (no gate biases), written plainly:
 * <pre>
 *   zt  = σ(Wz·[aPrev; xt])               update gate
 *   rt  = σ(Wr·[aPrev; xt])               reset gate
 *   hht = tanh(Wh·[rt ⊙ aPrev; xt])       candidate h̃
 *   aNext = (1 − zt) ⊙ aPrev + zt ⊙ hht
 *   yPred = Wy·aNext + by                 ({@link Output#LINEAR}, the assignment's)
 *   yPred = softmax(Wy·aNext + by)        ({@link Output#SOFTMAX}, like the RNN and LSTM cells)
 * </pre>
 * The backward passes, like {@link Rnn#rnnBackward}, take the gradient with respect to the hidden
 * states only, so they never depend on the output layer.
 */
public final class Gru {
    private Gru() {}

    /** How yPred is computed from Wy·aNext + by. */
    public enum Output {
        /** yPred = Wy·aNext + by, the assignment's GRU. */
        LINEAR,
        /** yPred = softmax(Wy·aNext + by), column by column. */
        SOFTMAX
    }

    /** The assignment's cell: aNext (n_a, m) and the linear yPred (n_y, m) = Wy·aNext + by. */
    public static GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p) {
        return gruCellForward(xt, aPrev, p, Output.LINEAR);
    }

    /** aNext (n_a, m) = (1 − zt) ⊙ aPrev + zt ⊙ hht and yPred (n_y, m), linear or softmax as {@code output} says. */
    public static GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p, Output output) {
        Checks.notNull("parameters", p);
        Checks.notNull("output", output);
        Shapes.notNull("xt", xt);
        Checks.inputRows("xt", xt.numRows, Shapes.of(xt), "Wz", p.Wz());
        Checks.hiddenRows("aPrev", aPrev, "Wz", p.Wz());
        Shapes.sameCols("aPrev", aPrev, "xt", xt);

        DMatrixRMaj concat = stack(aPrev, xt);
        DMatrixRMaj zt = Ops.sigmoid(mult(p.Wz(), concat), new DMatrixRMaj(1, 1));
        DMatrixRMaj rt = Ops.sigmoid(mult(p.Wr(), concat), new DMatrixRMaj(1, 1));
        DMatrixRMaj hht = Ops.tanh(mult(p.Wh(), stack(times(rt, aPrev), xt)), new DMatrixRMaj(1, 1));
        DMatrixRMaj aNext = plus(times(oneMinus(zt), aPrev), times(zt, hht));
        DMatrixRMaj yPred = CellMath.affine(p.Wy(), aNext, p.by());
        if (output == Output.SOFTMAX) {
            Ops.softmaxColumns(yPred, yPred);
        }
        return new GruCellResult(aNext, yPred, new GruCache(aNext, aPrev, xt, zt, rt, hht, p));
    }

    /** The assignment's GRU over x (n_x, m, T_x) from a0 (n_a, m), with the linear output. */
    public static GruForwardResult gruForward(Tensor3 x, DMatrixRMaj a0, GruParameters p) {
        return gruForward(x, a0, p, Output.LINEAR);
    }

    /** a (n_a, m, T_x) and yPred (n_y, m, T_x): the cell over x (n_x, m, T_x) from a0 (n_a, m). */
    public static GruForwardResult gruForward(Tensor3 x, DMatrixRMaj a0, GruParameters p, Output output) {
        Checks.notNull("parameters", p);
        Checks.notNull("output", output);
        Shapes.notNull("x", x);
        Checks.inputRows("x", x.n(), Shapes.of(x), "Wz", p.Wz());
        Checks.hiddenRows("a0", a0, "Wz", p.Wz());
        Shapes.sameCols("a0", a0, "x", x);

        int T = x.T();
        Tensor3 a = new Tensor3(p.nA(), x.m(), T);
        Tensor3 yPred = new Tensor3(p.nY(), x.m(), T);
        List<GruCache> caches = new ArrayList<>(T);
        DMatrixRMaj aNext = a0;
        for (int t = 0; t < T; t++) {
            GruCellResult step = gruCellForward(x.slice(t), aNext, p, output);
            aNext = step.aNext();
            a.slice(t).setTo(aNext);
            yPred.slice(t).setTo(step.yPred());
            caches.add(step.cache());
        }
        return new GruForwardResult(a, yPred, new GruCaches(caches, x));
    }

    /** Gradients of one step given daNext (n_a, m) = ∂L/∂aNext: dxt, daPrev, dWz, dWr, dWh. */
    public static GruCellGradients gruCellBackward(DMatrixRMaj daNext, GruCache cache) {
        Checks.notNull("cache", cache);
        Shapes.sameShape("daNext", daNext, "aNext", cache.aNext());

        GruParameters p = cache.parameters();
        int nA = p.nA();
        DMatrixRMaj aPrev = cache.aPrev();
        DMatrixRMaj zt = cache.zt();
        DMatrixRMaj rt = cache.rt();
        DMatrixRMaj hht = cache.hht();

        // Gradients of the pre-activations: aNext = (1 − zt) ⊙ aPrev + zt ⊙ hht.
        DMatrixRMaj dzt = times(daNext, minus(hht, aPrev), sigmoidPrime(zt));
        DMatrixRMaj dhht = times(daNext, zt, oneMinusSquare(hht));
        DMatrixRMaj dWh = multTransB(dhht, stack(times(rt, aPrev), cache.xt()));
        DMatrixRMaj dra = multTransA(leftCols(p.Wh(), nA), dhht); // reaches rt ⊙ aPrev
        DMatrixRMaj drt = times(dra, aPrev, sigmoidPrime(rt));

        DMatrixRMaj concat = stack(aPrev, cache.xt());
        DMatrixRMaj dWz = multTransB(dzt, concat);
        DMatrixRMaj dWr = multTransB(drt, concat);

        // aPrev is reached four ways: the carry (1 − zt), the reset product, and both gates.
        DMatrixRMaj daPrev = plus(plus(times(daNext, oneMinus(zt)), times(dra, rt)),
                plus(multTransA(leftCols(p.Wz(), nA), dzt), multTransA(leftCols(p.Wr(), nA), drt)));
        DMatrixRMaj dxt = plus(multTransA(rightCols(p.Wh(), nA), dhht),
                plus(multTransA(rightCols(p.Wz(), nA), dzt), multTransA(rightCols(p.Wr(), nA), drt)));
        return new GruCellGradients(dxt, daPrev, dWz, dWr, dWh);
    }

    /**
     * Backpropagation through time, given da (n_a, m, T) = ∂L/∂a⟨t⟩ from outside the recurrence.
     * T is taken from da, so a shorter da runs over the first T caches only (as in rnnBackward).
     */
    public static GruGradients gruBackward(Tensor3 da, GruCaches caches) {
        Checks.notNull("caches", caches);
        Checks.someSteps("caches", caches.size());
        GruCache first = caches.get(0);
        Checks.upstream(da, first.aNext(), caches.size());

        GruParameters p = first.parameters();
        int nA = p.nA();
        int k = p.Wz().numCols;
        int m = da.m();
        int T = da.T();
        Tensor3 dx = new Tensor3(p.nX(), m, T);
        DMatrixRMaj dWz = new DMatrixRMaj(nA, k);
        DMatrixRMaj dWr = new DMatrixRMaj(nA, k);
        DMatrixRMaj dWh = new DMatrixRMaj(nA, k);
        DMatrixRMaj daPrevt = new DMatrixRMaj(nA, m);
        for (int t = T - 1; t >= 0; t--) {
            GruCellGradients g = gruCellBackward(plus(da.slice(t), daPrevt), caches.get(t));
            dx.slice(t).setTo(g.dxt());
            CommonOps_DDRM.addEquals(dWz, g.dWz());
            CommonOps_DDRM.addEquals(dWr, g.dWr());
            CommonOps_DDRM.addEquals(dWh, g.dWh());
            daPrevt = g.daPrev();
        }
        return new GruGradients(dx, daPrevt, dWz, dWr, dWh);
    }
}
