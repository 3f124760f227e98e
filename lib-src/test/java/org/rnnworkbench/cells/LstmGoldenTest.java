package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnnworkbench.tensor.Tensor3;

/** The LSTM functions against the NumPy reference, every stored case, relative tolerance 1e-10. */
class LstmGoldenTest {

    @TestFactory
    Stream<DynamicTest> lstmCellForward() {
        return Fixture.tests("lstm_cell_forward.json", f -> {
            LstmCellResult r = Lstm.lstmCellForward(f.m("xt"), f.m("a_prev"), f.m("c_prev"), f.lstm());
            f.expect("a_next", r.aNext());
            f.expect("c_next", r.cNext());
            f.expect("yt_pred", r.yPred());
            LstmCache c = r.cache();
            f.expect("ft", c.ft());
            f.expect("it", c.it());
            f.expect("cct", c.cct());
            f.expect("ot", c.ot());
            assertSame(r.aNext(), c.aNext());
            assertSame(r.cNext(), c.cNext());
        });
    }

    @TestFactory
    Stream<DynamicTest> lstmForward() {
        return Fixture.tests("lstm_forward.json", f -> {
            Tensor3 x = f.t("x");
            LstmForwardResult r = Lstm.lstmForward(x, f.m("a0"), f.lstm());
            f.expect("a", r.a());
            f.expect("y", r.y());
            f.expect("c", r.c());
            assertSame(x, r.caches().x());
            assertEquals(x.T(), r.caches().size());
        });
    }

    @TestFactory
    Stream<DynamicTest> lstmCellBackward() {
        return Fixture.tests("lstm_cell_backward.json", f -> {
            LstmCellResult fwd = Lstm.lstmCellForward(f.m("xt"), f.m("a_prev"), f.m("c_prev"), f.lstm());
            LstmCellGradients g = Lstm.lstmCellBackward(f.m("da_next"), f.m("dc_next"), fwd.cache());
            for (String name : LstmCellGradients.NAMES) {
                f.expect(name, g.get(name));
            }
            assertEquals(LstmCellGradients.NAMES.size(), f.outputs().size());
        });
    }

    @TestFactory
    Stream<DynamicTest> lstmBackward() {
        return Fixture.tests("lstm_backward.json", f -> {
            LstmForwardResult fwd = Lstm.lstmForward(f.t("x"), f.m("a0"), f.lstm());
            Tensor3 da = f.t("da");
            LstmGradients g = Lstm.lstmBackward(da, fwd.caches());
            f.expect("dx", g.dx());
            assertEquals(da.T(), g.dx().T());
            for (String name : List.of("da0", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", "dbc", "dbo")) {
                f.expect(name, g.get(name));
            }
        });
    }
}
