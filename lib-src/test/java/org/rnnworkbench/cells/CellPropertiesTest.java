package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.tensor.Tensor3;

/** Invariants of the forward and backward passes on random shapes. */
class CellPropertiesTest {

    private static void assertColumnsAreDistributions(Tensor3 y) {
        for (int t = 0; t < y.T(); t++) {
            for (int j = 0; j < y.m(); j++) {
                double s = 0;
                for (int i = 0; i < y.n(); i++) {
                    double p = y.get(i, j, t);
                    assertTrue(p > 0 && p < 1 || y.n() == 1, "probability " + p);
                    s += p;
                }
                assertEquals(1.0, s, 1e-12);
            }
        }
    }

    private static Tensor3 firstSteps(Tensor3 x, int steps) {
        DMatrixRMaj[] slices = new DMatrixRMaj[steps];
        for (int t = 0; t < steps; t++) {
            slices[t] = x.slice(t);
        }
        return Tensor3.stack(slices);
    }

    @Property(tries = 50)
    void predictionsAreDistributionsAndShapesFollowTheInputs(@ForAll @IntRange(min = 1, max = 4) int nX,
            @ForAll @IntRange(min = 1, max = 5) int nA, @ForAll @IntRange(min = 1, max = 4) int nY,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 5) int T, @ForAll long seed) {
        TestRandom r = new TestRandom(seed);
        Tensor3 x = r.tensor(nX, m, T);
        DMatrixRMaj a0 = r.matrix(nA, m);

        RnnForwardResult rnn = Rnn.rnnForward(x, a0, r.rnn(nX, nA, nY));
        assertArrayEquals(new int[] {nA, m, T}, rnn.a().shape());
        assertArrayEquals(new int[] {nY, m, T}, rnn.yPred().shape());
        assertColumnsAreDistributions(rnn.yPred());

        LstmForwardResult lstm = Lstm.lstmForward(x, a0, r.lstm(nX, nA, nY));
        assertArrayEquals(new int[] {nA, m, T}, lstm.c().shape());
        assertArrayEquals(new int[] {nY, m, T}, lstm.y().shape());
        assertColumnsAreDistributions(lstm.y());

        GruParameters gp = r.gru(nX, nA, nY);
        GruForwardResult soft = Gru.gruForward(x, a0, gp, Gru.Output.SOFTMAX);
        assertColumnsAreDistributions(soft.yPred());
        // the softmax output is the softmax of the linear one
        GruForwardResult linear = Gru.gruForward(x, a0, gp);
        assertArrayEquals(soft.a().toCOrder(), linear.a().toCOrder(), 0.0);
        for (int t = 0; t < T; t++) {
            DMatrixRMaj s = org.rnnworkbench.tensor.Ops.softmaxColumns(linear.yPred().slice(t), new DMatrixRMaj(1, 1));
            assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(s, soft.yPred().slice(t), 1e-15));
        }
    }

    @Property(tries = 50)
    void hiddenStatesStayInTheirRanges(@ForAll @IntRange(min = 1, max = 4) int nX,
            @ForAll @IntRange(min = 1, max = 5) int nA, @ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 5) int T, @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 2.0);
        Tensor3 x = r.tensor(nX, m, T);
        DMatrixRMaj a0 = new DMatrixRMaj(nA, m);
        CommonOps_DDRM.fill(a0, 0.5);
        // tanh keeps the RNN and LSTM states in (-1, 1); the GRU interpolates between states in [-1, 1]
        for (double v : Rnn.rnnForward(x, a0, r.rnn(nX, nA, 2)).a().toCOrder()) {
            assertTrue(Math.abs(v) <= 1.0, "rnn a " + v);
        }
        for (double v : Lstm.lstmForward(x, a0, r.lstm(nX, nA, 2)).a().toCOrder()) {
            assertTrue(Math.abs(v) <= 1.0, "lstm a " + v);
        }
        for (double v : Gru.gruForward(x, a0, r.gru(nX, nA, 2)).a().toCOrder()) {
            assertTrue(Math.abs(v) <= 1.0, "gru a " + v);
        }
    }

    /** A shorter da gives what a full-length backward pass over the first steps of x gives. */
    @Property(tries = 30)
    void shortUpstreamEqualsTruncatedSequence(@ForAll @IntRange(min = 2, max = 6) int T,
            @ForAll @IntRange(min = 1, max = 3) int m, @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.7);
        int steps = 1 + (int) Math.floorMod(seed, T - 1);
        Tensor3 x = r.tensor(2, m, T);
        DMatrixRMaj a0 = r.matrix(3, m);
        Tensor3 da = r.tensor(3, m, steps);
        Tensor3 xShort = firstSteps(x, steps);

        RnnParameters rp = r.rnn(2, 3, 2);
        RnnGradients rFull = Rnn.rnnBackward(da, Rnn.rnnForward(x, a0, rp).caches());
        RnnGradients rShort = Rnn.rnnBackward(da, Rnn.rnnForward(xShort, a0, rp).caches());
        assertArrayEquals(rShort.dx().toCOrder(), rFull.dx().toCOrder(), 0.0);
        assertArrayEquals(rShort.dWaa().data, rFull.dWaa().data, 0.0);
        assertArrayEquals(rShort.da0().data, rFull.da0().data, 0.0);

        LstmParameters lp = r.lstm(2, 3, 2);
        LstmGradients lFull = Lstm.lstmBackward(da, Lstm.lstmForward(x, a0, lp).caches());
        LstmGradients lShort = Lstm.lstmBackward(da, Lstm.lstmForward(xShort, a0, lp).caches());
        assertArrayEquals(lShort.dx().toCOrder(), lFull.dx().toCOrder(), 0.0);
        assertArrayEquals(lShort.dWf().data, lFull.dWf().data, 0.0);
        assertArrayEquals(lShort.da0().data, lFull.da0().data, 0.0);

        GruParameters gp = r.gru(2, 3, 2);
        GruGradients gFull = Gru.gruBackward(da, Gru.gruForward(x, a0, gp).caches());
        GruGradients gShort = Gru.gruBackward(da, Gru.gruForward(xShort, a0, gp).caches());
        assertArrayEquals(gShort.dx().toCOrder(), gFull.dx().toCOrder(), 0.0);
        assertArrayEquals(gShort.dWh().data, gFull.dWh().data, 0.0);
    }

    /** The sequence pass is the cell pass repeated: step t of a equals the cell applied to step t-1. */
    @Property(tries = 30)
    void sequenceIsTheCellRepeated(@ForAll @IntRange(min = 1, max = 4) int T, @ForAll @IntRange(min = 1, max = 3) int m,
            @ForAll long seed) {
        TestRandom r = new TestRandom(seed);
        Tensor3 x = r.tensor(3, m, T);
        DMatrixRMaj a0 = r.matrix(4, m);
        LstmParameters p = r.lstm(3, 4, 2);
        LstmForwardResult seq = Lstm.lstmForward(x, a0, p);
        DMatrixRMaj a = a0;
        DMatrixRMaj c = new DMatrixRMaj(4, m);
        for (int t = 0; t < T; t++) {
            LstmCellResult step = Lstm.lstmCellForward(x.slice(t), a, c, p);
            assertArrayEquals(step.aNext().data, seq.a().slice(t).data, 0.0);
            assertArrayEquals(step.cNext().data, seq.c().slice(t).data, 0.0);
            assertArrayEquals(step.yPred().data, seq.y().slice(t).data, 0.0);
            assertArrayEquals(step.cache().ft().data, seq.caches().get(t).ft().data, 0.0);
            a = step.aNext();
            c = step.cNext();
        }
    }
}
