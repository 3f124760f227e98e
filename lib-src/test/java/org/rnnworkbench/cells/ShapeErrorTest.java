package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.tensor.Tensor3;

/** Every public function checks shapes first and names the arguments and both shapes. */
class ShapeErrorTest {
    private final TestRandom r = new TestRandom(99);

    private static void fails(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    // ---- RNN -----------------------------------------------------------------------------------

    @Test
    void rnnCellForward() {
        RnnParameters p = r.rnn(4, 5, 2);
        fails("Wax is (5,4) but xt has 3 rows", () -> Rnn.rnnCellForward(r.matrix(3, 10), r.matrix(5, 10), p));
        fails("Waa is (5,5) but aPrev has 4 rows", () -> Rnn.rnnCellForward(r.matrix(4, 10), r.matrix(4, 10), p));
        RnnParameters p3 = r.rnn(3, 5, 2);
        fails("aPrev is (5,9) but xt is (3,10); they must have the same number of columns",
                () -> Rnn.rnnCellForward(r.matrix(3, 10), r.matrix(5, 9), p3));
        fails("xt is null", () -> Rnn.rnnCellForward(null, r.matrix(5, 10), p3));
        fails("parameters is null", () -> Rnn.rnnCellForward(r.matrix(3, 10), r.matrix(5, 10), null));
    }

    @Test
    void rnnForward() {
        RnnParameters p = r.rnn(3, 5, 2);
        fails("Wax is (5,3) but x is (4,10,4); x must have 3 rows",
                () -> Rnn.rnnForward(r.tensor(4, 10, 4), r.matrix(5, 10), p));
        fails("a0 is (5,9) but x is (3,10,4); they must have the same number of columns (examples m)",
                () -> Rnn.rnnForward(r.tensor(3, 10, 4), r.matrix(5, 9), p));
        fails("Waa is (5,5) but a0 has 6 rows", () -> Rnn.rnnForward(r.tensor(3, 10, 4), r.matrix(6, 10), p));
    }

    @Test
    void rnnBackward() {
        RnnParameters p = r.rnn(3, 5, 2);
        RnnCellResult cell = Rnn.rnnCellForward(r.matrix(3, 10), r.matrix(5, 10), p);
        fails("daNext is (5,9) but aNext is (5,10); they must match", () -> Rnn.rnnCellBackward(r.matrix(5, 9), cell.cache()));
        fails("cache is null", () -> Rnn.rnnCellBackward(r.matrix(5, 10), null));
        RnnCaches caches = Rnn.rnnForward(r.tensor(3, 10, 4), r.matrix(5, 10), p).caches();
        fails("da is (4,10,4) but the cached hidden states are (5,10); da must be (5,10,T_x)",
                () -> Rnn.rnnBackward(r.tensor(4, 10, 4), caches));
        fails("da is (5,10,5) but the caches hold 4 time steps; da may cover at most 4",
                () -> Rnn.rnnBackward(r.tensor(5, 10, 5), caches));
        fails("da is null", () -> Rnn.rnnBackward(null, caches));
        fails("caches hold no time steps",
                () -> Rnn.rnnBackward(r.tensor(5, 10, 1), new RnnCaches(java.util.List.of(), r.tensor(3, 10, 1))));
    }

    @Test
    void rnnParameters() {
        fails("Wax is (4,3) but Waa is (5,5); Wax must have n_a = 5 rows",
                () -> new RnnParameters(r.matrix(5, 5), r.matrix(4, 3), r.matrix(2, 5), r.matrix(5, 1), r.matrix(2, 1)));
    }

    // ---- LSTM ----------------------------------------------------------------------------------

    @Test
    void lstmCellForward() {
        LstmParameters p = r.lstm(3, 5, 2);
        fails("xt is (4,10) but Wf is (5,8); Wf acts on [aPrev; xt], so xt must have 8 - 5 = 3 rows",
                () -> Lstm.lstmCellForward(r.matrix(4, 10), r.matrix(5, 10), r.matrix(5, 10), p));
        fails("aPrev is (4,10) but Wf is (5,8); aPrev must have n_a = 5 rows",
                () -> Lstm.lstmCellForward(r.matrix(3, 10), r.matrix(4, 10), r.matrix(5, 10), p));
        fails("aPrev is (5,9) but xt is (3,10); they must have the same number of columns",
                () -> Lstm.lstmCellForward(r.matrix(3, 10), r.matrix(5, 9), r.matrix(5, 9), p));
        fails("cPrev is (5,9) but aPrev is (5,10); they must match",
                () -> Lstm.lstmCellForward(r.matrix(3, 10), r.matrix(5, 10), r.matrix(5, 9), p));
    }

    @Test
    void lstmForwardAndBackward() {
        LstmParameters p = r.lstm(3, 5, 2);
        fails("x is (2,10,7) but Wf is (5,8); Wf acts on [aPrev; x], so x must have 8 - 5 = 3 rows",
                () -> Lstm.lstmForward(r.tensor(2, 10, 7), r.matrix(5, 10), p));
        fails("a0 is (5,9) but x is (3,10,7); they must have the same number of columns (examples m)",
                () -> Lstm.lstmForward(r.tensor(3, 10, 7), r.matrix(5, 9), p));
        LstmCellResult cell = Lstm.lstmCellForward(r.matrix(3, 10), r.matrix(5, 10), r.matrix(5, 10), p);
        fails("dcNext is (5,1) but cNext is (5,10); they must match",
                () -> Lstm.lstmCellBackward(r.matrix(5, 10), r.matrix(5, 1), cell.cache()));
        LstmCaches caches = Lstm.lstmForward(r.tensor(3, 10, 7), r.matrix(5, 10), p).caches();
        fails("da is (5,10,8) but the caches hold 7 time steps; da may cover at most 7",
                () -> Lstm.lstmBackward(r.tensor(5, 10, 8), caches));
    }

    @Test
    void lstmParameters() {
        fails("bi is (4,1) but must be (5,1)", () -> new LstmParameters(r.matrix(5, 8), r.matrix(5, 1), r.matrix(5, 8),
                r.matrix(4, 1), r.matrix(5, 8), r.matrix(5, 1), r.matrix(5, 8), r.matrix(5, 1), r.matrix(2, 5),
                r.matrix(2, 1)));
        fails("Wo is (5,7) but Wf is (5,8); they must match", () -> new LstmParameters(r.matrix(5, 8), r.matrix(5, 1),
                r.matrix(5, 8), r.matrix(5, 1), r.matrix(5, 8), r.matrix(5, 1), r.matrix(5, 7), r.matrix(5, 1),
                r.matrix(2, 5), r.matrix(2, 1)));
        fails("Wf is (5,5) but must be (n_a, n_a + n_x) with n_x >= 1, i.e. have more columns than rows",
                () -> new LstmParameters(r.matrix(5, 5), r.matrix(5, 1), r.matrix(5, 5), r.matrix(5, 1),
                        r.matrix(5, 5), r.matrix(5, 1), r.matrix(5, 5), r.matrix(5, 1), r.matrix(2, 5), r.matrix(2, 1)));
        fails("no LSTM parameter called 'Wq'; the names are [Wf, bf, Wi, bi, Wc, bc, Wo, bo, Wy, by]",
                () -> LstmParameters.zeros(2, 1, 1).get("Wq"));
    }

    // ---- GRU -----------------------------------------------------------------------------------

    @Test
    void gruFunctions() {
        GruParameters p = r.gru(3, 5, 2);
        fails("xt is (2,10) but Wz is (5,8); Wz acts on [aPrev; xt], so xt must have 8 - 5 = 3 rows",
                () -> Gru.gruCellForward(r.matrix(2, 10), r.matrix(5, 10), p));
        fails("aPrev is (5,9) but xt is (3,10); they must have the same number of columns",
                () -> Gru.gruCellForward(r.matrix(3, 10), r.matrix(5, 9), p, Gru.Output.SOFTMAX));
        fails("output is null", () -> Gru.gruCellForward(r.matrix(3, 10), r.matrix(5, 10), p, null));
        fails("a0 is (6,10) but Wz is (5,8); a0 must have n_a = 5 rows",
                () -> Gru.gruForward(r.tensor(3, 10, 4), r.matrix(6, 10), p));
        GruCellResult cell = Gru.gruCellForward(r.matrix(3, 10), r.matrix(5, 10), p);
        fails("daNext is (10,5) but aNext is (5,10); they must match",
                () -> Gru.gruCellBackward(r.matrix(10, 5), cell.cache()));
        GruCaches caches = Gru.gruForward(r.tensor(3, 10, 4), r.matrix(5, 10), p).caches();
        fails("da is (5,9,4) but the cached hidden states are (5,10); da must be (5,10,T_x)",
                () -> Gru.gruBackward(r.tensor(5, 9, 4), caches));
        fails("Wy is (2,4) but Wz is (5,8); Wy must have n_a = 5 columns",
                () -> new GruParameters(r.matrix(5, 8), r.matrix(5, 8), r.matrix(5, 8), r.matrix(2, 4), r.matrix(2, 1)));
    }

    // ---- dictionary-style lookups -------------------------------------------------------------

    @Test
    void gradientLookups() {
        RnnParameters p = r.rnn(3, 5, 2);
        Tensor3 x = r.tensor(3, 10, 4);
        RnnGradients g = Rnn.rnnBackward(r.tensor(5, 10, 4), Rnn.rnnForward(x, r.matrix(5, 10), p).caches());
        assertEquals(g.dWaa(), g.get("dWaa"));
        assertEquals(g.da0(), g.get("da0"));
        fails("'dx' is an (n, m, T) tensor, not a matrix; use dx()", () -> g.get("dx"));
        fails("no RNN gradient called 'dWya'; the names are [dx, da0, dWax, dWaa, dba]", () -> g.get("dWya"));
        RnnCellGradients cg = Rnn.rnnCellBackward(r.matrix(5, 10),
                Rnn.rnnCellForward(r.matrix(3, 10), r.matrix(5, 10), p).cache());
        assertEquals(cg.daPrev(), cg.get("da_prev"));
        assertEquals(cg.daPrev(), cg.get("daPrev"));
        assertEquals(RnnCellGradients.NAMES, java.util.List.copyOf(cg.asMap().keySet()));
        DMatrixRMaj wz = GruParameters.zeros(2, 1, 1).get("Wz");
        assertEquals(2, wz.numRows);
        assertEquals(3, wz.numCols);
    }
}
