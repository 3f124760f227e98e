package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnnworkbench.tensor.Tensor3;

/** The RNN functions against the NumPy reference, every stored case, relative tolerance 1e-10. */
class RnnGoldenTest {

    @TestFactory
    Stream<DynamicTest> rnnCellForward() {
        return Fixture.tests("rnn_cell_forward.json", f -> {
            RnnCellResult r = Rnn.rnnCellForward(f.m("xt"), f.m("a_prev"), f.rnn());
            f.expect("a_next", r.aNext());
            f.expect("yt_pred", r.yPred());
            assertEquals(List.of("a_next", "yt_pred"), f.outputs());
        });
    }

    @TestFactory
    Stream<DynamicTest> rnnForward() {
        return Fixture.tests("rnn_forward.json", f -> {
            Tensor3 x = f.t("x");
            RnnForwardResult r = Rnn.rnnForward(x, f.m("a0"), f.rnn());
            f.expect("a", r.a());
            f.expect("y_pred", r.yPred());
            // caches = (list of per-step caches, x), as in the assignment
            assertSame(x, r.caches().x());
            assertEquals(x.T(), r.caches().size());
        });
    }

    @TestFactory
    Stream<DynamicTest> rnnCellBackward() {
        return Fixture.tests("rnn_cell_backward.json", f -> {
            RnnCellResult fwd = Rnn.rnnCellForward(f.m("xt"), f.m("a_prev"), f.rnn());
            RnnCellGradients g = Rnn.rnnCellBackward(f.m("da_next"), fwd.cache());
            for (String name : RnnCellGradients.NAMES) {
                f.expect(name, g.get(name));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> rnnBackward() {
        return Fixture.tests("rnn_backward.json", f -> {
            RnnForwardResult fwd = Rnn.rnnForward(f.t("x"), f.m("a0"), f.rnn());
            RnnGradients g = Rnn.rnnBackward(f.t("da"), fwd.caches());
            f.expect("dx", g.dx());
            for (String name : List.of("da0", "dWax", "dWaa", "dba")) {
                f.expect(name, g.get(name));
            }
        });
    }
}
